package sandbox

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// storedConnection keeps a connection's secret value beside it; only the
// connection part ever leaves the store.
type storedConnection struct {
	Connection workflows.AppConnection `json:"connection"`
	Value      json.RawMessage         `json:"value"`
}

var connectionTypes = []string{
	string(workflows.ConnSecretText), string(workflows.ConnBasicAuth), string(workflows.ConnCustomAuth), string(workflows.ConnNoAuth),
	string(workflows.ConnOAuth2), string(workflows.ConnCloudOAuth2), string(workflows.ConnPlatformOAuth2),
}

// checkConnectionValue validates value against the connection type (upstream-api §6).
func checkConnectionValue(connType string, value object) *apierr.Error {
	switch workflows.ConnectionType(connType) {
	case workflows.ConnOAuth2, workflows.ConnCloudOAuth2, workflows.ConnPlatformOAuth2:
		return apierr.New(http.StatusBadRequest, "INVALID_APP_CONNECTION",
			connType+" connections need an OAuth2 authorization with the app's provider, which the sandbox cannot perform; use SECRET_TEXT, BASIC_AUTH, CUSTOM_AUTH or NO_AUTH")
	}
	valueType, aerr := value.str("type", true)
	if aerr != nil {
		return aerr
	}
	if valueType != connType {
		return value.bad("type", "must equal the connection type "+connType)
	}
	switch workflows.ConnectionType(connType) {
	case workflows.ConnSecretText:
		_, aerr = value.str("secret_text", true)
	case workflows.ConnBasicAuth:
		if _, aerr = value.str("username", true); aerr == nil {
			_, aerr = value.str("password", true)
		}
	case workflows.ConnCustomAuth:
		_, aerr = value.obj("props", true)
	}
	return aerr
}

// checkConnectionPiece does what Activepieces does with the piece before it
// stores a connection: for every kind of value but NO_AUTH it looks the piece
// up (404 when the catalogue lacks it), and asks the piece to validate the
// value, which fails (400 INVALID_APP_CONNECTION) when the piece's auth is of
// another kind. A piece that declares no auth accepts any value.
func (e *Engine) checkConnectionPiece(pieceName string, connType workflows.ConnectionType) error {
	if connType == workflows.ConnNoAuth {
		return nil
	}
	piece, err := e.catalogue.Metadata(pieceName, "")
	if err != nil {
		return err
	}
	var auth struct {
		Type string `json:"type"`
	}
	if raw := piece.Extra["auth"]; raw == nil || json.Unmarshal(raw, &auth) != nil || auth.Type == "" {
		return nil
	}
	want := workflows.ConnectionType(auth.Type)
	if want == workflows.ConnOAuth2 && (connType == workflows.ConnCloudOAuth2 || connType == workflows.ConnPlatformOAuth2) {
		return nil
	}
	if connType != want {
		msg := fmt.Sprintf("piece %s authenticates with %s, not %s", pieceName, want, connType)
		return &apierr.Error{Status: http.StatusBadRequest, Code: "INVALID_APP_CONNECTION", Params: map[string]any{"error": msg, "message": msg}}
	}
	return nil
}

func (e *Engine) upsertConnection(w http.ResponseWriter, r *http.Request) error {
	var fields struct{ externalID, displayName, pieceName, projectID, connType, pieceVersion string }
	body, aerr := readObject(w, r,
		requiredStr("externalId", &fields.externalID), requiredStr("displayName", &fields.displayName),
		requiredStr("pieceName", &fields.pieceName), optionalStr("projectId", &fields.projectID),
		optionalStr("pieceVersion", &fields.pieceVersion))
	if aerr != nil {
		return aerr
	}
	if fields.connType, aerr = body.enum("type", true, connectionTypes...); aerr != nil {
		return aerr
	}
	value, aerr := body.obj("value", true)
	if aerr != nil {
		return aerr
	}
	if fields.projectID == "" && layoutOf(r) == layoutActivepieces {
		// Activepieces' body schema requires it; the gateway fills in its project.
		return body.bad("projectId", "is required: must be string")
	}
	if err := e.checkConnectionPiece(fields.pieceName, workflows.ConnectionType(fields.connType)); err != nil {
		return err
	}
	if aerr := checkConnectionValue(fields.connType, value); aerr != nil {
		return aerr
	}
	metadata := body.raw("metadata")
	if metadata != nil && !isJSONObject(metadata) {
		return body.bad("metadata", "must be object")
	}
	ctx := r.Context()
	var conn workflows.AppConnection
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		projectID, err := e.requireProject(ctx, tx, fields.projectID)
		if err != nil {
			return err
		}
		existing, err := store.ListDocs[storedConnection](ctx, tx, store.KindConnection, store.Scope{ProjectID: projectID})
		if err != nil {
			return err
		}
		ts := store.ISOTime(time.Now())
		conn = workflows.AppConnection{Base: workflows.Base{ID: store.NewID(), Created: ts}}
		for _, it := range existing {
			if it.Value.Connection.ExternalID == fields.externalID {
				conn.Base = it.Value.Connection.Base
			}
		}
		conn.Updated = ts
		conn.ExternalID, conn.DisplayName, conn.PieceName = fields.externalID, fields.displayName, fields.pieceName
		conn.Type = workflows.ConnectionType(fields.connType)
		conn.ProjectIDs = []string{projectID}
		conn.Scope, conn.Status = workflows.ScopeProject, workflows.ConnActive
		conn.Metadata, conn.PieceVersion = metadata, e.connectionPieceVersion(fields.pieceName, fields.pieceVersion)
		conn.Extra = workflows.Extra{"preSelectForNewProjects": json.RawMessage("false"), "usingSecretManager": json.RawMessage("false")}
		rawValue := body.raw("value")
		return store.PutDoc(ctx, tx, store.DocRef{Kind: store.KindConnection, ID: conn.ID, ProjectID: projectID, Created: conn.Created},
			storedConnection{Connection: conn, Value: rawValue})
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, conn)
	return nil
}

// unknownPieceVersion is the pieceVersion of a connection to a piece outside the
// sandbox's catalogue when the caller gave none: the sandbox cannot know it.
const unknownPieceVersion = "0.0.0"

// connectionPieceVersion is the given version, else the catalogue's latest version of the piece.
func (e *Engine) connectionPieceVersion(pieceName, given string) string {
	if given != "" {
		return given
	}
	if p, err := e.catalogue.Metadata(pieceName, ""); err == nil && p != nil && p.Version != "" {
		return p.Version
	}
	return unknownPieceVersion
}

func (e *Engine) listConnections(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	statuses, aerr := queryEnum(q, "status", string(workflows.ConnActive), string(workflows.ConnMissing), string(workflows.ConnError))
	if aerr != nil {
		return aerr
	}
	scopes, aerr := queryEnum(q, "scope", string(workflows.ScopeProject), string(workflows.ScopePlatform))
	if aerr != nil {
		return aerr
	}
	pieceName, displayName := q.Get("pieceName"), strings.ToLower(q.Get("displayName"))
	stored, err := store.ListDocs[storedConnection](r.Context(), e.store.DB, store.KindConnection, store.Scope{ProjectID: e.projectOf(q.Get("projectId"))})
	if err != nil {
		return err
	}
	conns := make([]store.Item[workflows.AppConnection], 0, len(stored))
	for _, it := range stored {
		c := it.Value.Connection
		switch {
		case pieceName != "" && c.PieceName != pieceName:
		case displayName != "" && !strings.Contains(strings.ToLower(c.DisplayName), displayName):
		case len(statuses) > 0 && !slices.Contains(statuses, string(c.Status)):
		case len(scopes) > 0 && !slices.Contains(scopes, string(c.Scope)):
		default:
			conns = append(conns, store.Item[workflows.AppConnection]{Seq: it.Seq, ID: it.ID, Created: it.Created, Value: c})
		}
	}
	writeJSON(w, http.StatusOK, seekPage(conns, page, byCreated[workflows.AppConnection](false)))
	return nil
}

func (e *Engine) getConnection(w http.ResponseWriter, r *http.Request) error {
	c, err := docByPathID[storedConnection](r, e.store.DB, store.KindConnection)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c.Connection)
	return nil
}

func (e *Engine) deleteConnection(w http.ResponseWriter, r *http.Request) error {
	return e.deleteByPathID(w, r, store.KindConnection)
}
