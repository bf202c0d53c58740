package words

import (
	"encoding/json"
	"errors"
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
			err := DecodeStrict([]byte(tt.in), &d)
			if err == nil {
				t.Fatal("decoded")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	var d doc
	if err := DecodeStrict([]byte(`{"leaves": [{"n": 1}], "picky": "ok", "shared": "s"}`), &d); err != nil || d.Leaves[0].N != 1 || d.Shared != "s" {
		t.Errorf("a good document: %+v, %v", d, err)
	}
	var se *json.SyntaxError
	if err := DecodeStrict([]byte(`{"name": }`), &d); !errors.As(err, &se) {
		t.Errorf("bad syntax: %v, want a *json.SyntaxError for its offset", err)
	}
}
