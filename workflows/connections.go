package workflows

import (
	"encoding/json"

	"github.com/go-json-experiment/json/jsontext"
)

// ConnectionValue is the secret part of an upsert; Type repeats the connection's type.
// SECRET_TEXT uses SecretText; BASIC_AUTH Username and Password; CUSTOM_AUTH Props; NO_AUTH nothing.
type ConnectionValue struct {
	Type       ConnectionType `json:"type"`
	SecretText string         `json:"secret_text,omitempty"`
	Username   string         `json:"username,omitempty"`
	Password   string         `json:"password,omitempty"`
	Props      map[string]any `json:"props,omitempty"`
	Extra      Extra          `json:"-"`
}

// MarshalJSON encodes a ConnectionValue with the members kept in Extra (OAuth fields and the like).
func (v ConnectionValue) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a ConnectionValue to a stream, so that a document holding it is written once.
func (v ConnectionValue) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain ConnectionValue
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a ConnectionValue, keeping members it does not declare in Extra.
func (v *ConnectionValue) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a ConnectionValue from a stream, so that a document holding it is read once.
func (v *ConnectionValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain ConnectionValue
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// UpsertConnectionRequest is the body of UpsertConnection (upstream-api §6).
type UpsertConnectionRequest struct {
	ExternalID   string          `json:"externalId"`
	DisplayName  string          `json:"displayName"`
	PieceName    string          `json:"pieceName"`
	ProjectID    string          `json:"projectId"`
	Type         ConnectionType  `json:"type"`
	Value        ConnectionValue `json:"value"`
	Metadata     json.RawMessage `json:"metadata,omitempty"`
	PieceVersion string          `json:"pieceVersion,omitempty"`
}
