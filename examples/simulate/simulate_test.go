package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// took is the timing line, the one part of the output that varies.
var took = regexp.MustCompile(`(?m)^took [0-9.]+s\n`)

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func runSimulate(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, took.ReplaceAllString(out.String(), ""), took.ReplaceAllString(errOut.String(), "")
}

func TestEmbeddedIntakeSummary(t *testing.T) {
	code, out, errOut := runSimulate(t)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "synthetic") {
		t.Error("the summary does not say the data are synthetic")
	}
	golden(t, "embedded.golden", out)
}

func TestClaimsFiles(t *testing.T) {
	for _, tt := range []struct {
		reason, file, golden string
	}{
		{"a CSV file covering every band bound, an affiliate, a duplicate claimant and each bad row", "claims.csv", "claims.csv"},
		{"a JSON Lines file with numbers, arrays, an unknown field and a line that is not JSON", "claims.jsonl", "claims.jsonl"},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			code, out, errOut := runSimulate(t, "-in", path)
			if code != 0 {
				t.Errorf("exit %d, want 0: bad rows do not stop the good ones", code)
			}
			golden(t, tt.golden+".golden", out)
			golden(t, tt.golden+".stderr.golden", errOut)
			if code, _, errOut := runSimulate(t, "-strict", "-in", path); code != 1 || !strings.Contains(errOut, "(-strict)") {
				t.Errorf("-strict: exit %d, want 1", code)
			}
		})
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	noHeader := filepath.Join(dir, "header.csv")
	os.WriteFile(noHeader, []byte("claimant_id,kind\nx,general\n"), 0o644)
	unknownCol := filepath.Join(dir, "col.csv")
	os.WriteFile(unknownCol, []byte("claimant_id,kind,report_id,filed_at,operator,colour\n"), 0o644)
	for _, tt := range []struct {
		reason string
		args   []string
		want   string
	}{
		{"a missing file is one line and status 2", []string{"-in", filepath.Join(dir, "none.csv")}, "no such file"},
		{"an unknown extension is one line and status 2", []string{"-in", "main.go"}, "want a .csv, .jsonl or .ndjson file"},
		{"a CSV without a required column is one line and status 2", []string{"-in", noHeader}, `no "report_id" column`},
		{"a CSV with an unknown column is one line and status 2", []string{"-in", unknownCol}, `unknown column "colour"`},
		{"a bad -at date is one line and status 2", []string{"-at", "yesterday"}, "want a date"},
		{"a stray argument is one line and status 2", []string{"claims.csv"}, "use -in FILE"},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			code, out, errOut := runSimulate(t, tt.args...)
			if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want status 2 and one line with %q", code, out, errOut, tt.want)
			}
		})
	}
}

func TestJSONDecisions(t *testing.T) {
	out := filepath.Join(t.TempDir(), "decisions.jsonl")
	code, _, _ := runSimulate(t, "-in", filepath.Join("testdata", "claims.csv"), "-json", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byID := map[string]map[string]any{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		byID[rec["claimant"].(string)] = rec
	}
	if len(byID) != 20 {
		t.Errorf("%d decisions, want one per good claimant (20)", len(byID))
	}
	if a := byID["association"]; a["small"] != false || a["award"] != nil {
		t.Errorf("[P-SB-3] KSIC S94, outside table 3, was paid or found small: %v", a)
	}
	if e := byID["extension"]; e["award"] == nil {
		t.Errorf("[P-CASH-4] a new applicant on 2023-05-31, the second extension's last day, was not paid: %v", e)
	}
	if c := byID["s-one"]; c["entitlements"].(map[string]any)["channel-cash"] != true {
		t.Errorf("[P-CHANNEL-1] a small business without a Talk Channel got no Channel cash: %v", c)
	}
	top := byID["s-500001"]
	award, _ := top["award"].(map[string]any)
	if top["review"] != true || award["amount"] != "50000" || !strings.Contains(asJSON(top["trace"]), "P-INTAKE-4") {
		t.Errorf("s-500001: %v; want 50000 won, review, and a P-INTAKE-4 step", top)
	}
	if byID["taxi"]["award"] != nil {
		t.Errorf("a report routed to Kakao Mobility was paid: %v", byID["taxi"])
	}
}

func asJSON(v any) string { b, _ := json.Marshal(v); return string(b) }
