package words

import "github.com/outagerelief/relief/strictjson"

// PathError is a decoding error at a path within the value decoded
// (package strictjson's).
type PathError = strictjson.PathError

// DecodeStrict decodes one JSON value from data into v as
// [strictjson.Decode] does.
func DecodeStrict(data []byte, v any) error { return strictjson.Decode(data, v) }
