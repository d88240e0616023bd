package workflows

import (
	"bytes"
	"encoding/json"
	"reflect"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// v1Semantics makes the streaming decoder treat what the models do not decode
// themselves (maps, slices, any, plain structs) as encoding/json does:
// case-insensitive names, duplicate names allowed, invalid UTF-8 replaced. Not
// the whole of jsonv1.DefaultOptionsV1: its legacy error reporting validates
// each value in full before decoding it, which is the quadratic cost again.
var v1Semantics = jsonv2.JoinOptions(
	jsonv2.MatchCaseInsensitiveNames(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

// Unmarshal decodes data into v as encoding/json would, in one streaming pass:
// the models decode themselves without reading any member twice, and members
// that v does not declare are skipped without being decoded. Clients of the
// engine decode every answer with it.
func Unmarshal(data []byte, v any) error {
	return jsonv2.Unmarshal(data, v, v1Semantics)
}

// unmarshalKeeping is the encoding/json entry point of every model: it decodes
// data in one streaming pass, so nested models do not decode their subtrees
// again (which made decoding grow with the square of a flow's depth).
func unmarshalKeeping(data []byte, v jsonv2.UnmarshalerFrom) error {
	return jsonv2.Unmarshal(data, v, v1Semantics)
}

// decodeKeeping decodes the next value of dec into v (a pointer to a plain struct
// type without JSON methods) and stores in *extra what v's fields cannot give
// back. It reads each member once: objects and arrays stream straight into
// their fields, and only scalars and unknown members are read as raw values.
func decodeKeeping(dec *jsontext.Decoder, v any, extra *Extra) error {
	rv := reflect.ValueOf(v).Elem()
	switch kind := dec.PeekKind(); kind {
	case 'n':
		_, err := dec.ReadToken() // null leaves the value as it is, as encoding/json does
		return err
	case '{':
	default:
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		return &json.UnmarshalTypeError{Value: kindName(kind), Type: rv.Type(), Offset: dec.InputOffset() - int64(len(raw))}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	fields := jsonFields(rv.Type())
	*extra = nil
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String() // read now: the token is void after the next read
		kept, err := decodeMember(dec, rv, fields, name)
		if err != nil {
			return err
		}
		if kept != nil {
			if *extra == nil {
				*extra = Extra{}
			}
			(*extra)[name] = kept
		}
	}
	_, err := dec.ReadToken()
	return err
}

// decodeMember decodes the member called name into its field of rv, and returns
// the raw member when the field cannot give it back: unknown members, and
// members the field would leave out when encoded.
func decodeMember(dec *jsontext.Decoder, rv reflect.Value, fields *structFields, name string) (json.RawMessage, error) {
	f, known := fields.byName[name]
	kind := dec.PeekKind()
	if known && (kind == '{' || kind == '[') && rv.Type().FieldByIndex(f.index).Type.Kind() != reflect.Struct {
		if err := jsonv2.UnmarshalDecode(dec, rv.FieldByIndex(f.index).Addr().Interface()); err != nil {
			return nil, err
		}
		if leftOut(rv, f) { // an empty object or array, which omitempty would drop
			return emptyOf(kind), nil
		}
		return nil, nil
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return nil, err
	}
	kept := json.RawMessage(bytes.Clone(raw))
	if !known {
		return kept, nil
	}
	fv := rv.FieldByIndex(f.index)
	if kind == 'n' {
		setNull(fv)
	} else if err := jsonv2.Unmarshal(raw, fv.Addr().Interface(), v1Semantics); err != nil {
		return nil, err
	}
	if leftOut(rv, f) {
		return kept, nil
	}
	return nil, nil
}

// setNull does what encoding/json does with a null: pointers, maps, slices and
// interfaces become nil, and anything else is left as it is.
func setNull(fv reflect.Value) {
	switch fv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		fv.SetZero()
	}
}

func emptyOf(kind jsontext.Kind) json.RawMessage {
	if kind == '[' {
		return json.RawMessage("[]")
	}
	return json.RawMessage("{}")
}

func kindName(kind jsontext.Kind) string {
	switch kind {
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "bool"
	case '[':
		return "array"
	}
	return kind.String()
}
