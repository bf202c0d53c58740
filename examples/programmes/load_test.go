package programmes

import (
	"strings"
	"testing"

	"github.com/outagerelief/relief/examples/programme"
)

// TestABadFileNamesEveryFaultAtItsPath breaks a file in several places at
// once: each fault is reported, naming where it is in the file.
func TestABadFileNamesEveryFaultAtItsPath(t *testing.T) {
	kt, err := Files.ReadFile("ktahyeon2018.json")
	if err != nil {
		t.Fatal(err)
	}
	s := string(kt)
	for _, r := range [][2]string{
		{`"when": {"has": "in-area"}`, `"when": {"has": "in-the-area"}`},
		{`{"upTo": "4", "amount": "800000", "rule": "AH-5"}`, `{"upTo": "1", "amount": "800000", "rule": "AH-5"}`},
		{`"kinds": ["small-business"]},`, `"kinds": ["shop"]},`},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("%s is not in the file", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	_, err = programme.Load([]byte(s))
	if err == nil {
		t.Fatal("a broken file loaded")
	}
	for _, want := range []string{
		`eligibility.benefits[0].when: has: unknown claimant attribute: "in-the-area"`,
		`eligibility.windows[0].kinds[0]: unknown claimant kind: "shop"`,
		`cash[3].schedule: bands[1]`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	for _, tt := range []struct{ reason, file, want string }{
		{"a bill credit from a benefit not paid in cash is named", strings.Replace(string(kt), `"valueFrom": "cable-phone"`, `"valueFrom": "cable-fone"`, 1),
			`catalogue.items[2].valueFrom: "cable-fone" is not a cash benefit`},
		{"bad syntax names its line", "{\n\"name\": {\"en\": \"x\"},\n\"channel\": }", "line 3"},
		{"a field of the wrong type names its path", `{"name": {"en": "x"}, "channel": {"en": "y"}, "currency": {"code": "KRW", "minor": "0"}}`, "currency.minor: a JSON string where a whole number in range belongs"},
		{"a key twice is refused, not won by the last", `{"name": {"en": "x"}, "name": {"en": "y"}}`, `key "name" twice`},
		{"a key that matches only by case is refused", `{"Name": {"en": "x"}}`, `key "Name" matches the field "name" only by case`},
		{"a key twice deep in a band is refused at the band", strings.Replace(string(kt), `{"upTo": "4", "amount": "800000", "rule": "AH-5"}`, `{"upTo": "4", "amount": "800000", "amount": "1", "rule": "AH-5"}`, 1),
			`cash[3].schedule.bands[1]: key "amount" twice`},
		{"an unknown field is named", `{"name": {"en": "x"}, "colour": "red"}`, `unknown field "colour"`},
		{"an unknown field in a band is named at the band", strings.Replace(string(kt), `{"upTo": "4", "amount": "800000", "rule": "AH-5"}`, `{"upTo": "4", "amount": "800000", "rule": "AH-5", "colour": "red"}`, 1),
			`cash[3].schedule.bands[1]: unknown field "colour"`},
		{"an unknown field in a benefit is named at the benefit", strings.Replace(string(kt), `"when": {"has": "in-area"}`, `"when": {"has": "in-area"}, "colour": "red"`, 1),
			`eligibility.benefits[0]: unknown field "colour"`},
		{"a bad validity is named at the item", strings.Replace(string(kt), `"validity": "forever"`, `"validity": {"days": 1e12}`, 1),
			`catalogue.items[0].validity: invalid argument: validity of 1e12 days: not a whole number of days in range`},
		{"a bad instant is named at its field", strings.Replace(string(kt), `"opens": "2018-`, `"opens": "2018-13-`, 1),
			`.opens: parsing time`},
		{"a kind's key of the wrong type is named", strings.Replace(string(kt), `{"key": "subscriber"`, `{"key": 5`, 1),
			`eligibility.kinds[0].key: a JSON number where a string belongs`},
		{"an unknown zone is named", strings.Replace(string(kt), `"zone": "KST"`, `"zone": "Mars/Olympus"`, 1), "zone: unknown time zone Mars/Olympus"},
	} {
		_, err := programme.Load([]byte(tt.file))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.reason, err, tt.want)
		}
	}
}
