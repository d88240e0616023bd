package workflows

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// v1Encoding writes what the models do not encode themselves as encoding/json
// does (sorted map keys, nil slices and maps as null, omitempty as v1 reads
// it), but without HTML escaping, so code such as "=>" stays readable for a
// caller whose own encoder does not escape (json.Marshal escapes it anyway).
var v1Encoding = jsonv2.JoinOptions(
	jsonv1.DefaultOptionsV1(),
	jsonv2.Deterministic(true),
	jsontext.EscapeForHTML(false),
	jsontext.EscapeForJS(false),
)

// marshalKeeping is the encoding/json entry point of every model: it encodes v
// in one streaming pass, so nested models are not encoded and then checked
// again at every level (which made encoding grow with the square of a flow's depth).
func marshalKeeping(v jsonv2.MarshalerTo) ([]byte, error) {
	return jsonv2.Marshal(v, v1Encoding)
}

// encodeKeeping writes v (a plain struct value) to enc: its fields as
// encoding/json would, then the members of extra that the fields did not write,
// in sorted order so output is stable.
func encodeKeeping(enc *jsontext.Encoder, v any, extra Extra) error {
	rv := reflect.ValueOf(v)
	fields := jsonFields(rv.Type())
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for _, f := range fields.list {
		if leftOut(rv, f) {
			continue
		}
		if err := enc.WriteValue(jsontext.Value(f.quoted)); err != nil {
			return err
		}
		if err := jsonv2.MarshalEncode(enc, rv.FieldByIndex(f.index).Interface()); err != nil {
			return err
		}
	}
	for _, k := range keptMembers(rv, fields, extra) {
		if err := enc.WriteToken(jsontext.String(k)); err != nil {
			return err
		}
		if err := enc.WriteValue(jsontext.Value(bytes.TrimSpace(extra[k]))); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

// keptMembers lists, sorted, the members of extra to write after rv's fields:
// unknown members, and known ones whose field was left out. A hand-made value
// that is not JSON is skipped: it would break the whole document.
func keptMembers(rv reflect.Value, fields *structFields, extra Extra) []string {
	keys := make([]string, 0, len(extra))
	for k, raw := range extra {
		if f, known := fields.byName[k]; known && !leftOut(rv, f) {
			continue
		}
		if raw := bytes.TrimSpace(raw); len(raw) == 0 || !json.Valid(raw) {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
