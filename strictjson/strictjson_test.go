package strictjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type leaf struct {
	N int `json:"n"`
}

// picky refuses any value but "ok", naming a path of its own.
type picky struct{}

func (p *picky) UnmarshalJSON(b []byte) error {
	if string(b) == `"ok"` {
		return nil
	}
	return &PathError{Path: "inner[1]", Err: errors.New("not ok")}
}

type base struct {
	Shared string `json:"shared"`
}

type doc struct {
	base
	Name   string          `json:"name"`
	Leaves []leaf          `json:"leaves"`
	ByKey  map[string]leaf `json:"byKey"`
	At     *time.Time      `json:"at"`
	Picky  picky           `json:"picky"`
	Hidden string          `json:"-"`
}

func TestDecodeStrictNamesThePathOfAFault(t *testing.T) {
	for _, tt := range []struct{ reason, in, want string }{
		{"an unknown field at the top is the top's", `{"colour": 1}`, `unknown field "colour"`},
		{"an unknown field in a list item is the item's", `{"leaves": [{"n": 1}, {"n": 2, "colour": 1}]}`, `leaves[1]: unknown field "colour"`},
		{"a wrong type is named at its field", `{"leaves": [{"n": "1"}]}`, `leaves[0].n: a JSON string where a whole number in range belongs`},
		{"a number out of range is a whole number in range", `{"leaves": [{"n": 1e30}]}`, `leaves[0].n: a JSON number 1e30 where a whole number in range belongs`},
		{"a map's value is named by its key", `{"byKey": {"a": {"n": 1}, "b": {"x": 1}}}`, `byKey.b: unknown field "x"`},
		{"an embedded struct's field is at the top", `{"shared": 5}`, `shared: a JSON number where a string belongs`},
		{"a time that does not parse is named", `{"at": "2022-13-01T00:00:00Z"}`, `at: parsing time "2022-13-01T00:00:00Z": month out of range`},
		{"a decoder's own path is joined", `{"picky": "no"}`, `picky.inner[1]: not ok`},
		{"a field JSON skips is unknown", `{"Hidden": "x"}`, `unknown field "Hidden"`},
		{"a second value is an error", `{} {}`, `more than one JSON value`},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			var d doc
			err := Decode([]byte(tt.in), &d)
			if err == nil {
				t.Fatal("decoded")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	var d doc
	if err := Decode([]byte(`{"leaves": [{"n": 1}], "picky": "ok", "shared": "s"}`), &d); err != nil || d.Leaves[0].N != 1 || d.Shared != "s" {
		t.Errorf("a good document: %+v, %v", d, err)
	}
	var se *json.SyntaxError
	if err := Decode([]byte(`{"name": }`), &d); !errors.As(err, &se) {
		t.Errorf("bad syntax: %v, want a *json.SyntaxError for its offset", err)
	}
}

type claim struct {
	ID      string   `json:"id"`
	Reports []report `json:"reports"`
	Picky   *picky   `json:"picky"`
}

type report struct {
	ID   string      `json:"id"`
	Loss json.Number `json:"loss"`
}

func TestDecodeRefusesWhatEncodingJSONLetsThrough(t *testing.T) {
	tests := []struct {
		name, in, want string // want: the error, "" for none
	}{
		{"exact keys decode", `{"id": "alice", "reports": [{"id": "r1", "loss": 5}]}`, ""},
		{"a duplicate key is refused, not won by the last", `{"id": "alice", "id": "mallory"}`, `key "id" twice`},
		{"a key that matches only by case is refused", `{"id": "alice", "ID": "mallory"}`, `key "ID" matches the field "id" only by case: keys match exactly`},
		{"a case-only key deep down names its path", `{"reports": [{"id": "r1"}, {"Loss": 1}]}`, `reports[1]: key "Loss" matches the field "loss" only by case: keys match exactly`},
		{"a duplicate key inside a type with its own decoder is refused", `{"picky": {"a": 1, "a": 2}}`, `picky: key "a" twice`},
		{"a number of 99 characters is read", `{"reports": [{"loss": ` + strings.Repeat("9", 99) + `}]}`, ""},
		{"a number of 100 characters is read", `{"reports": [{"loss": ` + strings.Repeat("9", 100) + `}]}`, ""},
		{"a number of 101 characters is refused before it is parsed", `{"reports": [{"loss": ` + strings.Repeat("9", 101) + `}]}`, "reports[0].loss: a number of 101 characters, at most 100"},
		{"invalid UTF-8 is refused, not turned into U+FFFD", "{\"id\": \"inv\xffA\"}", "not valid UTF-8 at byte 11"},
		{"an unknown key still is unknown", `{"colour": 1}`, `unknown field "colour"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c claim
			err := Decode([]byte(tt.in), &c)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decode(%.80s) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// FuzzDecode: any bytes decode or are refused, without a panic, and what
// Decode accepts encoding/json decodes to the same value.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id": "a", "reports": [{"id": "r", "loss": 1.5}]}`))
	f.Add([]byte(`{"id": "a", "ID": "b"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var strict, lax claim
		if Decode(data, &strict) != nil {
			return
		}
		if err := json.Unmarshal(data, &lax); err != nil {
			t.Fatalf("Decode accepted %q, encoding/json refuses it: %v", data, err)
		}
		if diff := cmp.Diff(lax, strict, cmp.AllowUnexported(picky{})); diff != "" {
			t.Fatalf("Decode and encoding/json differ on %q (-lax +strict):\n%s", data, diff)
		}
	})
}

func TestDecodeRefusesUnknownFieldsTrailingValuesAndBadSyntax(t *testing.T) {
	var v struct{ A int }
	for in, ok := range map[string]bool{`{"A":1}`: true, `{"A":1,"B":2}`: false, `{"A":1} {}`: false, `[`: false} {
		if err := Decode([]byte(in), &v); (err == nil) != ok {
			t.Errorf("Decode(%s) = %v", in, err)
		}
	}
}
