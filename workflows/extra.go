package workflows

import (
	"encoding/json"

	"reflect"
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
	name      string
	quoted    string // name as a JSON string, written before the member's value
	index     []int
	omitEmpty bool
	omitZero  bool
}

// structFields are the members a struct type declares: in declaration order,
// which is the order encoding/json writes them in, and by name.
type structFields struct {
	list   []jsonField
	byName map[string]jsonField
}

var fieldCache sync.Map // reflect.Type → *structFields

// jsonFields lists the JSON members a struct type declares, following embedded structs.
func jsonFields(t reflect.Type) *structFields {
	if v, ok := fieldCache.Load(t); ok {
		return v.(*structFields)
	}
	fields := &structFields{byName: map[string]jsonField{}}
	collectFields(t, nil, fields)
	fieldCache.Store(t, fields)
	return fields
}

func collectFields(t reflect.Type, prefix []int, into *structFields) {
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
		quoted, _ := json.Marshal(name)
		field := jsonField{name: name, quoted: string(quoted), index: index, omitEmpty: hasOption(opts, "omitempty"), omitZero: hasOption(opts, "omitzero")}
		into.list = append(into.list, field)
		into.byName[name] = field
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
