package workflows

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// Extra holds the JSON members of an object that its Go type cannot reproduce,
// so that nothing the server sends is lost when a value is decoded and sent back:
// members the type does not declare, and declared members whose Go field would be
// left out when encoding (a null, "", false or 0 the server sent explicitly).
// A declared member in Extra is written only while its field is still left out,
// so setting the field always wins.
type Extra map[string]json.RawMessage

// jsonField is one member a struct type declares.
type jsonField struct {
	index     []int
	omitEmpty bool
	omitZero  bool
}

var fieldCache sync.Map // reflect.Type → map[string]jsonField

// jsonFields lists the JSON members a struct type declares, following embedded structs.
func jsonFields(t reflect.Type) map[string]jsonField {
	if v, ok := fieldCache.Load(t); ok {
		return v.(map[string]jsonField)
	}
	fields := map[string]jsonField{}
	collectFields(t, nil, fields)
	fieldCache.Store(t, fields)
	return fields
}

func collectFields(t reflect.Type, prefix []int, into map[string]jsonField) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		index := append(append([]int(nil), prefix...), i)
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			collectFields(f.Type, index, into)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		into[name] = jsonField{index: index, omitEmpty: hasOption(opts, "omitempty"), omitZero: hasOption(opts, "omitzero")}
	}
}

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

// leftOut reports whether encoding/json would skip field f of struct value v.
func leftOut(v reflect.Value, f jsonField) bool {
	if !f.omitEmpty && !f.omitZero {
		return false
	}
	fv := v.FieldByIndex(f.index)
	if f.omitZero && fv.IsZero() {
		return true
	}
	if !f.omitEmpty {
		return false
	}
	switch fv.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return fv.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return fv.IsZero()
	}
	return false
}

// decodeKeeping decodes data into v (a pointer to a plain struct type without
// custom methods) and stores in *extra what v's fields cannot give back.
func decodeKeeping(data []byte, v any, extra *Extra) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	rv := reflect.ValueOf(v).Elem()
	fields := jsonFields(rv.Type())
	*extra = nil
	for k, raw := range all {
		if f, known := fields[k]; known && !leftOut(rv, f) {
			continue
		}
		if *extra == nil {
			*extra = Extra{}
		}
		(*extra)[k] = raw
	}
	return nil
}

// encodeKeeping encodes v (a plain struct value) and appends the members of extra
// that v did not write, in sorted order so output is stable.
func encodeKeeping(v any, extra Extra) ([]byte, error) {
	// Without HTML escaping, so code such as "=>" stays readable for a caller
	// whose own encoder does not escape (json.Marshal escapes it anyway).
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	data := bytes.TrimSuffix(out.Bytes(), []byte("\n"))
	if len(extra) == 0 {
		return data, nil
	}
	rv := reflect.ValueOf(v)
	fields := jsonFields(rv.Type())
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if f, known := fields[k]; known && !leftOut(rv, f) {
			continue
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return data, nil
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.Write(data[:len(data)-1]) // drop the closing brace
	first := len(data) == 2
	for _, k := range keys {
		raw := bytes.TrimSpace(extra[k])
		if len(raw) == 0 || !json.Valid(raw) {
			continue // a hand-made Extra value that is not JSON would break the whole document
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(k)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(raw)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
