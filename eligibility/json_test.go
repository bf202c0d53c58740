package eligibility

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestThePolicyRoundTripsThroughJSON writes Kakao 1015's policy as JSON
// and loads it back through NewPolicy: the same declaration.
func TestThePolicyRoundTripsThroughJSON(t *testing.T) {
	p := Kakao1015()
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"test":"statutory"`) || !strings.Contains(string(data), `"zone":"KST"`) {
		t.Errorf("the JSON does not write the statutory test or the zone by name: %.300s", data)
	}
	var back Policy
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(back)
	if err != nil || string(again) != string(data) {
		t.Errorf("a policy loaded from its JSON writes other JSON, %v", err)
	}
	if !reflect.DeepEqual(back.Describe("ko"), p.Describe("ko")) {
		t.Error("the loaded policy describes itself otherwise")
	}
}

// TestAPolicyFileNamesEveryProblem loads a declaration with several
// faults: every one is reported, at its path.
func TestAPolicyFileNamesEveryProblem(t *testing.T) {
	c := Kakao1015Config(DefaultOptions())
	c.Kinds[1].Key = "Shop"
	c.Benefits[0].When = Has("postpaid")
	c.Benefits[4].When = All(IsSmall(), KindIs("robot"))
	c.Windows[1].Rule = ""
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var p Policy
	err = json.Unmarshal(data, &p)
	for _, want := range []string{`kinds[1].key: "Shop"`, `benefits[0].when: has: unknown claimant attribute: "postpaid"`,
		`benefits[4].when: all[1]: kind: unknown claimant kind: "robot"`, `windows[1].rule`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	if !errors.Is(err, ErrConfig) || !errors.Is(err, ErrUnknownAttribute) {
		t.Errorf("not matched by ErrConfig and ErrUnknownAttribute: %v", err)
	}
	for _, bad := range []string{`{"operator":{"key":"X","name":{"en":"X"}},"unknown":1}`, `{"zone":"Mars/Olympus"}`, `{"test":"federal"}`} {
		if json.Unmarshal([]byte(bad), &p) == nil {
			t.Errorf("%s loaded", bad)
		}
	}
}
