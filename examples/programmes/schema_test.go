package programmes

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestTheFilesFollowTheSchema validates every programme file (and the
// made-up one the tools' tests run) against
// programme.schema.json, and checks that the schema refuses what the
// loader refuses by shape.
func TestTheFilesFollowTheSchema(t *testing.T) {
	data, err := Files.ReadFile("programme.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("programme.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("programme.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kakao1015.json", "kt2021.json", "ktahyeon2018.json", "optus2023.json", "testdata/madeup-cad.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	kt, _ := Files.ReadFile("kt2021.json")
	for _, bad := range []struct{ reason, from, to string }{
		{"an unknown field", `"zone": "KST",`, `"zone": "KST", "colour": "red",`},
		{"a condition of two keys", `{"has": "business-line"}]}}`, `{"has": "business-line", "small": true}]}}`},
		{"an amount as a number", `"times": "15"`, `"times": 15`},
		{"an unknown rounding mode", `"mode": "down"`, `"mode": "sideways"`},
	} {
		changed := strings.Replace(string(kt), bad.from, bad.to, 1)
		if changed == string(kt) {
			t.Fatalf("%s: the change does not apply", bad.reason)
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(changed))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(v) == nil {
			t.Errorf("the schema takes %s", bad.reason)
		}
	}
}
