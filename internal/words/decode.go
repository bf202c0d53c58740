package words

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// PathError is a decoding error at a path within the value decoded:
// "benefits[2].when", "items[0].validity".
type PathError struct {
	Path string // dotted, with list indices: "bands[1].share"
	Err  error
}

// Error is the path and the fault: `benefits[0]: unknown field "colour"`.
func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the fault.
func (e *PathError) Unwrap() error { return e.Err }

// DecodeStrict decodes one JSON value from data into v: unknown fields
// and anything after the value are errors. An error other than bad
// syntax is a [*PathError] naming the deepest value that does not
// decode (a field of the wrong type, an unknown field, a value its own
// decoder refuses), its fault in a reader's words, never a Go type.
func DecodeStrict(data []byte, v any) error {
	err := decodeOne(data, v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return err
	}
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return err
	}
	path, fault := locate(data, t.Elem(), "")
	if fault == nil {
		path, fault = "", err
	}
	if path == "" {
		var pe *PathError
		if errors.As(fault, &pe) {
			return pe
		}
		return readable(fault)
	}
	return &PathError{Path: path, Err: readable(fault)}
}

// decodeOne is DecodeStrict without the search for a path.
func decodeOne(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// locate finds the deepest value of data, read as a t at path, that does
// not decode, and its fault; a nil fault where data decodes. It looks
// inside objects, lists and maps, and stops at a type with its own
// decoder, whose fault may name a path of its own.
func locate(data []byte, t reflect.Type, path string) (string, error) {
	err := decodeOne(data, reflect.New(t).Interface())
	if err == nil {
		return "", nil
	}
	if reflect.PointerTo(t).Implements(unmarshaler) {
		var pe *PathError
		if errors.As(err, &pe) {
			return joinPath(path, pe.Path), pe.Err
		}
		return path, err
	}
	switch t.Kind() {
	case reflect.Pointer:
		return locate(data, t.Elem(), path)
	case reflect.Slice, reflect.Array:
		var list []json.RawMessage
		if json.Unmarshal(data, &list) == nil {
			for i, item := range list {
				if p, e := locate(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); e != nil {
					return p, e
				}
			}
		}
	case reflect.Map:
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) == nil {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if p, e := locate(m[k], t.Elem(), joinPath(path, k)); e != nil {
					return p, e
				}
			}
		}
	case reflect.Struct:
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) == nil {
			fields := jsonFields(t)
			for _, k := range slices.Sorted(maps.Keys(m)) {
				f, ok := fields[k]
				if !ok {
					continue // unknown: the fault is the object's
				}
				if p, e := locate(m[k], f, joinPath(path, k)); e != nil {
					return p, e
				}
			}
		}
	}
	return path, err
}

// jsonFields are the types of t's fields by the names encoding/json
// decodes them from (an embedded struct's promoted ones included).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct) {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		if _, ok := out[name]; !ok || len(f.Index) == 1 {
			out[name] = f.Type
		}
	}
	return out
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || strings.HasPrefix(b, "["):
		return a + b
	}
	return a + "." + b
}

// readable is a decoding fault in a file's reader's words: "a JSON
// number where a string belongs" for a type mismatch, without
// encoding/json's prefix.
func readable(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("a JSON %s where %s belongs", te.Value, kindName(te.Type))
	}
	if msg, ok := strings.CutPrefix(err.Error(), "json: "); ok {
		return errors.New(msg)
	}
	return err
}

// kindName names a Go type the way a JSON file's reader would.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number in range"
	}
	return "a number"
}
