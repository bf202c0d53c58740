package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func check(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestEveryProgrammeFileChecks(t *testing.T) {
	for file, wants := range map[string][]string{
		"kt2021.json": {"KT network outage of 25 October 2021: compensation loads: KRW",
			"line, every attribute", "line, no attribute                       granted outage-credit; cash outage-credit 1,041 won; items kt2021/outage-credit"},
		"ktahyeon2018.json": {"small-business, days down 2 ", "business-support 400,000 won", "small-business, days down 3 ", "business-support 800,000 won"},
		"optus2023.json":    {"loads: AUD", "consumer, every attribute", "extra-data, weekend-data"},
		"kakao1015.json":    {"small-business, loss 300000 ", "cash-support 30,000 won", "small-business, loss 300001 ", "cash-support 50,000 won"},
	} {
		code, out, errOut := check(t, filepath.Join("..", "programmes", file))
		if code != 0 {
			t.Errorf("%s: exit %d, %s", file, code, errOut)
			continue
		}
		for _, want := range wants {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the check does not say %q:\n%s", file, want, out)
			}
		}
	}
}

func TestABadFileIsEveryFaultAndStatus2(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"name": {"en": "x"}, "channel": {"en": "y"}, "currency": {"code": "KRW", "minor": 0}, "zone": "KST",
		"eligibility": {"operator": {"key": "X", "name": {"en": "X"}}, "kinds": [{"key": "a", "name": {"en": "a"}}],
		"benefits": [{"key": "b", "name": {"en": "b"}, "rule": "R", "when": {"has": "nothing"}}, {"key": "c", "name": {"en": "c"}, "rule": "R", "when": {"kind": ["z"]}}],
		"losses": "largest", "tags": {"operator": "X", "intake": "X", "kind": "X"}}}`), 0o644)
	code, _, errOut := check(t, bad)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{`eligibility.benefits[0].when: has: unknown claimant attribute: "nothing"`, `eligibility.benefits[1].when: kind: unknown claimant kind: "z"`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the errors do not say %q:\n%s", want, errOut)
		}
	}
	if code, _, _ := check(t); code != 2 {
		t.Errorf("no file: exit %d", code)
	}
}

// TestAProgrammeInDollarsWithNoAttributes checks a made-up programme
// with cents and no attribute (programmes/testdata/madeup-cad.json): one sample claimant a kind, a fee of 50
// dollars (5/30 of it, rounded half up to the cent, is C$8.33), counts
// in the singular.
func TestAProgrammeInDollarsWithNoAttributes(t *testing.T) {
	file := filepath.Join("..", "programmes", "testdata", "madeup-cad.json")
	code, out, errOut := check(t, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"1 benefit, 1 cash, 1 item\n", "  customer                                 granted credit; cash credit C$8.33; items x/credit\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the check does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "every attribute") {
		t.Errorf("a programme with no attribute has a sample with every attribute:\n%s", out)
	}
}
