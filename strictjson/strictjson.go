// Package strictjson decodes JSON the way a caller's file or request is
// to be read when its writer may be careless or hostile: one value, and
// every key exactly one of the fields. encoding/json alone matches keys
// case-insensitively and lets the last of two duplicate keys win, so
// {"id":"alice","ID":"mallory"} decodes as mallory; it turns invalid
// UTF-8 into U+FFFD, and it parses a number of a million digits before
// anything can refuse it. [Decode] refuses all of these, each as a
// [*PathError] that names where ("reports[0].loss"), in a reader's
// words, never a Go type. Every JSON form of the relief packages, and
// the examples' requests and files, are read through it.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/outagerelief/relief/internal/domain"
)

// PathError is a decoding error at a path within the value decoded:
// "benefits[2].when", "items[0].validity".
type PathError struct {
	Path string // dotted, with list indices: "bands[1].share"
	Err  error
}

// Error is the path and the fault: `benefits[0]: unknown field "colour"`.
// A fault of the whole value has no path.
func (e *PathError) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Unwrap returns the fault.
func (e *PathError) Unwrap() error { return e.Err }

// MaxNumber bounds a JSON number's length in characters: no figure of
// relief needs more (30 significant digits, an exponent within ±64), and
// one of a million digits costs seconds to parse.
const MaxNumber = 100

// Decode decodes one JSON value from data into v. It is an error, before
// anything is decoded, for data not to be valid UTF-8, for an object to
// hold a key twice or a key that matches one of its fields only by case
// (keys match exactly), or for a number to be longer than [MaxNumber]
// characters; then unknown fields and anything after the value are
// errors. An error other than bad syntax is a [*PathError] naming the
// deepest value at fault (a field of the wrong type, an unknown field, a
// value its own decoder refuses), its fault in a reader's words, never
// a Go type. A type with its own UnmarshalJSON is checked for duplicate
// keys and long numbers; its keys' case is its decoder's to check.
func Decode(data []byte, v any) error {
	if !utf8.Valid(data) {
		return &PathError{Err: fmt.Errorf("not valid UTF-8 at byte %d", invalidAt(data))}
	}
	var t reflect.Type
	if rt := reflect.TypeOf(v); rt != nil && rt.Kind() == reflect.Pointer {
		t = rt.Elem()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := checkKeys(dec, t, ""); err != nil {
		var pe *PathError
		if errors.As(err, &pe) {
			return pe
		}
		// Bad syntax: decoding says where.
	}
	err := decodeOne(data, v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return err
	}
	if t == nil {
		return err
	}
	path, fault := locate(data, t, "")
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
	if _, err := dec.Token(); err != io.EOF {
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

// invalidAt is the offset of the first byte of data that is not UTF-8.
func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// checkKeys reads the next value of dec as a t at path (t nil where the
// type is unknown) and checks its keys and numbers: see [Decode].
func checkKeys(dec *json.Decoder, t reflect.Type, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && reflect.PointerTo(t).Implements(unmarshaler) {
		t = nil // its own decoder's: only duplicates and numbers are checked
	}
	switch tok {
	case json.Delim('['):
		err = checkList(dec, t, path)
	case json.Delim('{'):
		err = checkObject(dec, t, path)
	default:
		if n, ok := tok.(json.Number); ok && len(n) > MaxNumber {
			return &PathError{Path: path, Err: fmt.Errorf("a number of %d characters, at most %d", len(n), MaxNumber)}
		}
		return nil
	}
	if err != nil {
		return err
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// checkList checks a list's items, read as t's elements (where t is a
// list), up to its closing delimiter.
func checkList(dec *json.Decoder, t reflect.Type, path string) error {
	var elem reflect.Type
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		elem = t.Elem()
	}
	for i := 0; dec.More(); i++ {
		if err := checkKeys(dec, elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkObject checks an object's keys, each once, and each exactly one of
// t's fields where t is a struct, and their values, up to its closing
// delimiter.
func checkObject(dec *json.Decoder, t reflect.Type, path string) error {
	var fields map[string]reflect.Type
	var elem reflect.Type
	switch {
	case t == nil:
	case t.Kind() == reflect.Struct:
		fields = jsonFields(t)
	case t.Kind() == reflect.Map:
		elem = t.Elem()
	}
	seen := map[string]bool{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := kt.(string)
		if seen[key] {
			return &PathError{Path: path, Err: fmt.Errorf("key %q twice", domain.Clip(key))}
		}
		seen[key] = true
		sub := elem
		if fields != nil {
			if err := exactField(fields, key); err != nil {
				return &PathError{Path: path, Err: err}
			}
			sub = fields[key]
		}
		if err := checkKeys(dec, sub, joinPath(path, key)); err != nil {
			return err
		}
	}
	return nil
}

// exactField returns an error where key is none of fields but matches one
// of them by case (encoding/json would decode it into that field); an
// unknown key is decoding's to refuse.
func exactField(fields map[string]reflect.Type, key string) error {
	if _, ok := fields[key]; ok {
		return nil
	}
	for name := range fields {
		if strings.EqualFold(name, key) {
			return fmt.Errorf("key %q matches the field %q only by case: keys match exactly", domain.Clip(key), name)
		}
	}
	return nil
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
