package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/internal/golden"
)

// took is the timing line, the one part of the output that varies.
var took = regexp.MustCompile(`(?m)^took [0-9.]+s\n`)

func runSimulate(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runWithInput(t, "", args...)
}

// runProgramme runs the programme file over the claims (CSV), -strict.
func runProgramme(t *testing.T, file, claims string) (code int, stdout, stderr string) {
	t.Helper()
	in := filepath.Join(t.TempDir(), "claims.csv")
	if err := os.WriteFile(in, []byte(claims), 0o644); err != nil {
		t.Fatal(err)
	}
	return runSimulate(t, "-programme", file, "-in", in, "-strict")
}

// runWithInput runs the command with stdin as its standard input. The
// summary is in English unless the test names a -lang: its tables are
// what most tests read (TestTheSummaryInKorean reads the default); -json
// runs keep their own default, codes only.
func runWithInput(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if !slices.Contains(args, "-lang") && !slices.Contains(args, "-json") {
		args = append([]string{"-lang", "en"}, args...)
	}
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
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
	golden.Check(t, "embedded.golden", out)
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
			golden.Check(t, tt.golden+".golden", out)
			golden.Check(t, tt.golden+".stderr.golden", errOut)
			if code, _, errOut := runSimulate(t, "-strict", "-in", path); code != 1 || !strings.Contains(errOut, "(-strict)") {
				t.Errorf("-strict: exit %d, want 1", code)
			}
		})
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	noHeader := filepath.Join(dir, "header.csv")
	os.WriteFile(noHeader, []byte("claimant_id,report_id\nx,r1\n"), 0o644)
	unknownCol := filepath.Join(dir, "col.csv")
	os.WriteFile(unknownCol, []byte("claimant_id,kind,report_id,filed_at,operator,colour\n"), 0o644)
	for _, tt := range []struct {
		reason string
		args   []string
		want   string
	}{
		{"a missing file is one line and status 2", []string{"-in", filepath.Join(dir, "none.csv")}, "no such file"},
		{"an unknown extension is one line and status 2", []string{"-in", "main.go"}, "want a .csv, .jsonl, .ndjson or .xlsx file"},
		{"a CSV without a required column is one line and status 2", []string{"-in", noHeader}, `no "kind" column`},
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
	code, _, _ := runSimulate(t, "-in", filepath.Join("testdata", "claims.csv"), "-json", "-trace", "-out", out)
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
	if a := byID["association"]; a["small"] != false || a["awards"] != nil {
		t.Errorf("[P-SB-3] KSIC S94, outside table 3, was paid or found small: %v", a)
	}
	if e := byID["extension"]; e["awards"] == nil {
		t.Errorf("[P-CASH-4] a new applicant on 2023-05-31, the second extension's last day, was not paid: %v", e)
	}
	if c := byID["s-one"]; c["entitlements"].(map[string]any)["channel-cash"] != true {
		t.Errorf("[P-CHANNEL-1] a small business without a Talk Channel got no Channel cash: %v", c)
	}
	top := byID["s-500001"]
	awards, _ := top["awards"].([]any)
	award := map[string]any{}
	if len(awards) == 1 {
		award, _ = awards[0].(map[string]any)
	}
	if top["review"] != true || award["amount"] != "50000" || !strings.Contains(asJSON(top["trace"]), "P-INTAKE-4") {
		t.Errorf("s-500001: %v; want 50000 won, review, and a P-INTAKE-4 step", top)
	}
	if twice := byID["s-twice"]; asJSON(twice["loss"]) != `"200000"` {
		t.Errorf("[P-CASH-1] two reports of a 200,000-won loss make a loss of %v, want 200000 once", twice["loss"])
	}
	if byID["taxi"]["awards"] != nil {
		t.Errorf("a report routed to Kakao Mobility was paid: %v", byID["taxi"])
	}
}

func asJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestStandardInputSniffsTheFormatAndSkipsABOM(t *testing.T) {
	csvData, err := os.ReadFile(filepath.Join("testdata", "claims.csv"))
	if err != nil {
		t.Fatal(err)
	}
	jsonData, err := os.ReadFile(filepath.Join("testdata", "claims.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	_, fromFile, _ := runSimulate(t, "-in", filepath.Join("testdata", "claims.csv"))
	_, fromJSONFile, _ := runSimulate(t, "-in", filepath.Join("testdata", "claims.jsonl"))
	for _, tt := range []struct {
		reason, stdin, want string
	}{
		{"CSV on standard input", string(csvData), fromFile},
		{"CSV with a byte-order mark", "\ufeff" + string(csvData), fromFile},
		{"JSON Lines on standard input", string(jsonData), fromJSONFile},
		{"JSON Lines with a byte-order mark", "\ufeff" + string(jsonData), fromJSONFile},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			code, out, _ := runWithInput(t, tt.stdin, "-in", "-")
			out = strings.Replace(out, "input:      -", "input:      "+filepath.Join("testdata", "claims."+map[bool]string{true: "jsonl", false: "csv"}[strings.Contains(tt.reason, "JSON")]), 1)
			if code != 0 || out != tt.want {
				t.Errorf("exit %d; summary differs from the file's:\n%s", code, cmp.Diff(tt.want, out))
			}
		})
	}
}

func TestAwkwardInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	header := "claimant_id,kind,report_id,filed_at,operator,loss\n"
	for _, tt := range []struct {
		reason    string
		path      string
		claimants string
		bad       string
		stderr    string
	}{
		{"an empty CSV file has no claims", write("empty.csv", ""), "0", "0", ""},
		{"an empty JSON Lines file has no claims", write("empty.jsonl", ""), "0", "0", ""},
		{"a bad quote in the first field is a bad row, not a crash", write("quote.csv", header+"\"a\"b,general,r1,2022-10-20 10:00,Kakao,\nok,general,r2,2022-10-20 10:00,Kakao,\n"), "1", "1", "line 2:"},
		{"a bad quote in a later field is a bad row", write("quote2.csv", header+"a,general,r1,2022-10-20 10:00,\"Ka\"kao,\nok,general,r2,2022-10-20 10:00,Kakao,\n"), "1", "1", "line 2:"},
		{"JSON numbers: 1e6 won and an array of hours", write("numbers.jsonl",
			`{"claimant_id":"s","kind":"small-business","sector":"G47","regular_workers":2,"part_time_hours":[60,70.0],"average_sales":3e8,"report_id":"r","filed_at":"2022-10-20 10:00","operator":"Kakao","money_lost":true,"loss":1e6}`+"\n"), "1", "0", ""},
		{"a JSON number of a billion digits is a bad row, quickly", write("huge.jsonl",
			`{"claimant_id":"s","kind":"general","report_id":"r","filed_at":"2022-10-20 10:00","operator":"Kakao","loss":1e999999999}`+"\n"), "0", "1", `loss: "1e999999999"`},
		{"a JSON number of 31 digits is a bad row", write("digits.jsonl",
			`{"claimant_id":"s","kind":"general","report_id":"r","filed_at":"2022-10-20 10:00","operator":"Kakao","loss":1234567890123456789012345678901}`+"\n"), "0", "1", "out of range"},
		{"hours in a JSON string array are a bad row", write("hours.jsonl",
			`{"claimant_id":"s","kind":"small-business","sector":"G47","part_time_hours":["60"],"average_sales":1,"report_id":"r","filed_at":"2022-10-20 10:00","operator":"Kakao"}`+"\n"), "0", "1", "array of numbers"},
		{"a JSON line longer than 1 MiB is a bad row", write("long.jsonl", `{"claimant_id":"`+strings.Repeat("x", 1<<20)+`"}`+"\n"), "0", "1", "longer than"},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			code, out, errOut := runSimulate(t, "-in", tt.path)
			want := "claimants:  " + tt.claimants + " "
			if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "bad rows: "+tt.bad+" ") || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stdout %.300q, stderr %.300q; want %q, %s bad, %q", code, out, errOut, want, tt.bad, tt.stderr)
			}
		})
	}
}

func TestManyBadRowsAreCappedOnTheTerminalAndListedInFull(t *testing.T) {
	var b strings.Builder
	b.WriteString("claimant_id,kind,report_id,filed_at,operator\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "c%d,robot,r%d,2022-10-20 10:00,Kakao\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	all := filepath.Join(t.TempDir(), "errors.txt")
	code, _, errOut := runSimulate(t, "-in", path, "-errors", all)
	listed, err := os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || strings.Count(errOut, "robot") != 100 || !strings.Contains(errOut, "900 more bad rows not shown") {
		t.Errorf("exit %d; stderr has %d bad rows, want 100 and a count of the rest", code, strings.Count(errOut, "robot"))
	}
	if n := strings.Count(string(listed), "\n"); n != 1000 {
		t.Errorf("-errors lists %d rows, want all 1000", n)
	}
}

func TestOutputFailuresAreReported(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	for _, tt := range []struct {
		reason string
		args   []string
	}{
		{"decisions to a full disk", []string{"-json", "-out", "/dev/full"}},
		{"bad rows to a full disk", []string{"-in", filepath.Join("testdata", "claims.csv"), "-errors", "/dev/full"}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			code, _, errOut := runSimulate(t, tt.args...)
			if code != 2 || strings.Count(errOut, "\n") < 1 || !strings.Contains(errOut, "no space") {
				t.Errorf("exit %d, stderr %q; want status 2 and the error", code, errOut)
			}
		})
	}
	if code, _, errOut := runSimulate(t, "-out", filepath.Join(t.TempDir(), "x.jsonl")); code != 2 || !strings.Contains(errOut, "give -json too") {
		t.Errorf("-out without -json: exit %d, %q; want a usage error", code, errOut)
	}
}

func TestGroupedInput(t *testing.T) {
	var gen bytes.Buffer
	if code := run([]string{"-gen", "5000"}, nil, &gen, io.Discard); code != 0 {
		t.Fatalf("-gen exit %d", code)
	}
	path := filepath.Join(t.TempDir(), "gen.csv")
	if err := os.WriteFile(path, gen.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, twoPass, _ := runSimulate(t, "-in", path)
	code, grouped, errOut := runSimulate(t, "-in", path, "-grouped")
	if code != 0 || grouped != twoPass || !strings.Contains(grouped, "reports: 5,000 ") || !strings.Contains(grouped, "bad rows: 0 ") {
		t.Errorf("exit %d, stderr %q; -grouped and two passes differ or rows were lost:\n%s", code, errOut, cmp.Diff(twoPass, grouped))
	}
	code, fromStdin, _ := runWithInput(t, gen.String(), "-in", "-", "-grouped")
	if code != 0 || strings.Replace(fromStdin, "input:      -", "input:      "+path, 1) != grouped {
		t.Errorf("-gen piped into -in - -grouped differs from the file")
	}
	lines := strings.SplitAfter(gen.String(), "\n")
	lines[10], lines[2000] = lines[2000], lines[10] // out of order
	code, _, errOut = runWithInput(t, strings.Join(lines, ""), "-in", "-", "-grouped")
	if code != 2 || !strings.Contains(errOut, "on line 12 comes after") || !strings.Contains(errOut, "leave -grouped out") {
		t.Errorf("unsorted input under -grouped: exit %d, stderr %.300q; want exit 2, the rows named and a hint", code, errOut)
	}
}

func TestTheAnnouncementNoteBelongsToTheEmbeddedIntake(t *testing.T) {
	_, embedded, _ := runSimulate(t)
	_, file, _ := runSimulate(t, "-in", filepath.Join("testdata", "claims.csv"))
	if !strings.Contains(embedded, "announced as 83.1%") || strings.Contains(file, "83.1%") {
		t.Error("the note about the announced 83.1% is not on the embedded intake alone")
	}
	// The embedded intake says which figures are published and which the
	// generator made; a claims file's summary says neither.
	for _, want := range []string{"Kakao cases                            87,195    83.0%  published",
		"routed to Kakao Mobility", "synthetic\n", "Everything below is synthetic"} {
		if !strings.Contains(embedded, want) {
			t.Errorf("the embedded summary does not say %q", want)
		}
	}
	for _, word := range []string{"published\n", "synthetic"} {
		if strings.Contains(file, word) {
			t.Errorf("a claims file's summary says %q", word)
		}
	}
}

// -json writes the compact record; -trace the full one, its steps with
// codes and, with -lang, sentences; -letter adds the letter to either.
func TestJSONCarriesCodesAndTextOnRequest(t *testing.T) {
	dir := t.TempDir()
	compact, plain, korean := filepath.Join(dir, "compact.jsonl"), filepath.Join(dir, "plain.jsonl"), filepath.Join(dir, "ko.jsonl")
	in := filepath.Join("testdata", "claims.csv")
	if code, _, errOut := runSimulate(t, "-in", in, "-json", "-out", compact, "-lang", "ko"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if c, _ := os.ReadFile(compact); !strings.Contains(string(c), `"granted":["emoticon-bundle"`) || strings.Contains(string(c), `"trace"`) {
		t.Errorf("-json without -trace wrote no compact record:\n%.300s", c)
	}
	if code, _, errOut := runSimulate(t, "-in", in, "-json", "-trace", "-out", plain); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := runSimulate(t, "-in", in, "-json", "-trace", "-out", korean, "-lang", "ko", "-letter"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	p, _ := os.ReadFile(plain)
	k, _ := os.ReadFile(korean)
	if !strings.Contains(string(p), `"code":"domestic-phone"`) || strings.Contains(string(p), `"text"`) {
		t.Error("without -lang a decision carries codes and no text")
	}
	if !strings.Contains(string(k), "국내 휴대전화 번호") || !strings.Contains(string(k), `"letter":"s-500001 님께`) {
		t.Error("-lang ko -letter gives Korean sentences and the letter")
	}
	if code, _, errOut := runSimulate(t, "-letter"); code != 2 || !strings.Contains(errOut, "give -json too") {
		t.Errorf("-letter without -json: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runSimulate(t, "-trace"); code != 2 || !strings.Contains(errOut, "give -json too") {
		t.Errorf("-trace without -json: exit %d, %q", code, errOut)
	}
}

// The summary is in Korean by default, as the notice is, with the cash
// budget also as Korean readers write a large sum; -lang en gives the
// same figures in English. Either is golden.
func TestTheSummaryInKorean(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(nil, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	korean := took.ReplaceAllString(out.String(), "")
	golden.Check(t, "embedded.ko.golden", korean)
	for _, want := range []string{"접수 현황", "현금 예산", "191,360,000  (1억 9,136만 원)", "톡서랍 플러스 1개월 이용권"} {
		if !strings.Contains(korean, want) {
			t.Errorf("the Korean summary lacks %q", want)
		}
	}
	en, err := os.ReadFile(filepath.Join("testdata", "embedded.golden")) // the English summary, TestEmbeddedIntakeSummary's
	if err != nil {
		t.Fatal(err)
	}
	english := string(en)
	for _, figure := range []string{"98,597", "105,116", "87,195", "96,572", "21,148", "4,740", "1,281", "191,360,000", "3,000,000"} {
		if strings.Count(english, figure) != strings.Count(korean, figure) || !strings.Contains(korean, figure) {
			t.Errorf("%s: %d times in English, %d in Korean; want the same figures in both", figure, strings.Count(english, figure), strings.Count(korean, figure))
		}
	}
}

func TestGroupedFindsARepeatedReportInALongClaimant(t *testing.T) {
	var b strings.Builder
	b.WriteString("claimant_id,kind,report_id,filed_at,operator\n")
	for i := range 40 {
		fmt.Fprintf(&b, "a,general,r%d,2022-10-20 10:00,Kakao\n", i)
	}
	b.WriteString("a,general,r5,2022-10-20 10:00,Kakao\n") // line 42 repeats line 7
	b.WriteString("b,general,r40,2022-10-20 10:00,Kakao\n")
	code, out, errOut := runWithInput(t, b.String(), "-in", "-", "-grouped")
	if code != 0 || !strings.Contains(errOut, `line 42: report_id "r5" repeats line 7`) || !strings.Contains(out, "reports: 41 ") {
		t.Errorf("exit %d, stderr %q; want line 42 refused as a repeat of line 7, 41 reports", code, errOut)
	}
}

// A claimant whose report ID repeats is decided where its last good row
// is, in input order, not held to the end of the file.
func TestARepeatedReportDoesNotHoldItsClaimantBack(t *testing.T) {
	claims := "claimant_id,kind,report_id,filed_at,operator\n" +
		"a,general,r1,2022-10-20 10:00,Kakao\n" +
		"a,general,r1,2022-10-20 11:00,Kakao\n" + // line 3 repeats line 2
		"b,general,r2,2022-10-20 10:00,Kakao\n"
	path := filepath.Join(t.TempDir(), "claims.csv")
	if err := os.WriteFile(path, []byte(claims), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runSimulate(t, "-in", path, "-json")
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var d struct{ Claimant string }
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		order = append(order, d.Claimant)
	}
	if code != 0 || !strings.Contains(errOut, `line 3: report_id "r1" repeats line 2`) || fmt.Sprint(order) != "[a b]" {
		t.Errorf("exit %d, stderr %q, decisions %v; want line 3 refused and a decided before b", code, errOut, order)
	}
}

func TestANamedPipeIsReadOnce(t *testing.T) {
	var gen bytes.Buffer
	if code := run([]string{"-gen", "3000"}, nil, &gen, io.Discard); code != 0 {
		t.Fatalf("-gen exit %d", code)
	}
	path := filepath.Join(t.TempDir(), "claims.csv")
	if err := os.WriteFile(path, gen.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, want, _ := runSimulate(t, "-in", path)
	fifo := filepath.Join(t.TempDir(), "claims")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		w.Write(gen.Bytes())
		w.Close()
	}()
	var code int
	var got, errOut string
	done := make(chan struct{})
	go func() { code, got, errOut = runSimulate(t, "-format", "csv", "-in", fifo); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("still waiting on the pipe after 30 s: it was opened a second time")
	}
	got = strings.Replace(got, fifo, path, 1)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a named pipe and the file it carries differ (-file +pipe):\n%s", diff)
	}
}

// TestAProgrammeFile runs another programme from its file: claims that
// -gen writes for it, read back with its columns, and a bad file named
// fault by fault with status 2.
func TestAProgrammeFile(t *testing.T) {
	file := filepath.Join("..", "programmes", "ktahyeon2018.json")
	code, claims, errOut := runSimulate(t, "-programme", file, "-gen", "400")
	if code != 0 {
		t.Fatalf("-gen: exit %d, %s", code, errOut)
	}
	header, _, _ := strings.Cut(claims, "\n")
	for _, col := range []string{"in_area", "damaged_cable_internet", "average_bill", "days_down"} {
		if !strings.Contains(header, col) {
			t.Errorf("the header %q has no column %s", header, col)
		}
	}
	if strings.Contains(header, "domestic_phone") {
		t.Errorf("the header %q has Kakao's columns", header)
	}
	code, out, errOut := runProgramme(t, file, claims)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"relief simulate: KT Ahyeon telecom-building fire: compensation", "decided as of 2019-05-06 KST",
		"Intake tally [AH-1, AH-4]", "Support for small businesses bands [AH-5]", "over 2 up to 4 days", "credit on the January 2019 bill"} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "P-") || strings.Contains(out, "Kakao") {
		t.Errorf("the summary of another programme cites Kakao 1015:\n%s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"name": {"en": "x"}, "channel": {"en": "y"}, "currency": {"code": "XX", "minor": 0}, "zone": "KST", "eligibility": {"operator": {"key": "", "name": {}}, "kinds": [], "benefits": [], "losses": "largest", "tags": {"operator": "X", "intake": "X", "kind": "X"}}}`), 0o644)
	code, _, errOut = runProgramme(t, bad, claims)
	if code != 2 {
		t.Errorf("a bad programme file: exit %d, want 2", code)
	}
	for _, want := range []string{"currency:", "eligibility.operator.key", "eligibility.kinds"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the errors do not name %q:\n%s", want, errOut)
		}
	}
	if code, _, errOut := runSimulate(t, "-programme", file); code != 2 || !strings.Contains(errOut, "-in") {
		t.Errorf("-programme without -in: exit %d, %s", code, errOut)
	}
}

// TestComparingTwoProgrammes raises the lowest band and drops the
// coupons' benefit and its items: every claimant of the lowest band gets
// 10,000 won more, every domestic user loses the coupons, and the cost is
// exactly the difference [P-CASH-1, P-COUPON-1].
func TestComparingTwoProgrammes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "programmes", "kakao1015.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `"amount": "30000",`, `"amount": "40000",`, 1)
	if s == string(data) {
		t.Fatal("the lowest band was not found in the file")
	}
	after := filepath.Join(t.TempDir(), "after.json")
	if err := os.WriteFile(after, withoutBenefit(t, []byte(s), "makers-coupons"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runSimulate(t, "-in", filepath.Join("testdata", "claims.csv"), "-programme", after,
		"-compare", filepath.Join("..", "programmes", "kakao1015.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"claimants compared 20, outcome changed 19",
		"cash before: 460,000 KRW to 12 claimants; after: 530,000 KRW to 12; the change costs 70,000 KRW",
		"s-299999: cash-support 30,000 won -> 40,000 won",
		"s-300000: cash-support 30,000 won -> 40,000 won; -makers-coupons; -item kakao1015/makers-coupon-",
		"makers-coupons                             18          -",
		"kakao1015/makers-coupon-2000               18          -            -",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not say %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "s-300001: -makers-coupons; -item kakao1015/makers-coupon-2000; -item kakao1015/makers-coupon-3000\n") {
		t.Errorf("a claimant above the lowest band changed more than the coupons:\n%s", out)
	}
}

// TestALongLabelWidensItsColumn runs KT 2021, whose small-business
// credit's name is longer than the default column: every row of the
// grants table ends its count where the header ends "issued".
func TestALongLabelWidensItsColumn(t *testing.T) {
	claims := "claimant_id,kind,business_line,opened_after,iptv,monthly_fee\n" +
		"c1,line,true,false,false,50000\nc2,line,false,false,false,30000\n"
	code, out, errOut := runProgramme(t, filepath.Join("..", "programmes", "kt2021.json"), claims)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	_, grantsTable, _ := strings.Cut(out, "Grants issued")
	lines := strings.Split(grantsTable, "\n")[1:4]
	end := strings.Index(lines[0], "issued") + len("issued")
	for _, l := range lines[1:] {
		if len(l) < end || l[end-1] < '0' || l[end-1] > '9' || (len(l) > end && l[end] != ' ') {
			t.Errorf("the row %q does not end its count at column %d, under %q", l, end, lines[0])
		}
	}
}

// withoutBenefit is a programme file with the benefit and its items
// dropped.
func withoutBenefit(t *testing.T, file []byte, key string) []byte {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(file, &p); err != nil {
		t.Fatal(err)
	}
	drop := func(list any, field string) []any {
		var keep []any
		for _, x := range list.([]any) {
			if x.(map[string]any)[field] != key {
				keep = append(keep, x)
			}
		}
		return keep
	}
	el := p["eligibility"].(map[string]any)
	el["benefits"] = drop(el["benefits"], "key")
	cat := p["catalogue"].(map[string]any)
	cat["items"] = drop(cat["items"], "benefit")
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAProgrammeWithCents generates claims for a made-up programme in
// Canadian dollars: every fee is a dollar figure, at most 200.99 with two
// places, and the summary's totals are written with both places.
func TestAProgrammeWithCents(t *testing.T) {
	file := filepath.Join("..", "programmes", "testdata", "madeup-cad.json")
	code, claims, errOut := runSimulate(t, "-programme", file, "-gen", "300")
	if code != 0 {
		t.Fatalf("-gen: exit %d, %s", code, errOut)
	}
	fee := regexp.MustCompile(`^[0-9]{1,3}\.[0-9]{2}$`)
	for _, line := range strings.Split(strings.TrimSpace(claims), "\n")[1:] {
		f := line[strings.LastIndex(line, ",")+1:]
		if v, err := strconv.ParseFloat(f, 64); !fee.MatchString(f) || err != nil || v < 10 || v > 200.99 {
			t.Fatalf("the row %q has a fee %q, not dollars and cents from 10 to 200.99", line, f)
		}
	}
	code, out, errOut := runProgramme(t, file, claims)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	budget := regexp.MustCompile(`(?m)^  cash budget +300 +[0-9,]+\.[0-9]{2}$`)
	if !budget.MatchString(out) {
		t.Errorf("the summary has no cash budget in dollars and cents for 300 claimants:\n%s", out)
	}
}

// TestABusinessProfileAsTheStatuteWordsIt reads the profile columns of
// testdata/profiles.csv: month-end counts averaged exactly (4.5 is small,
// 5 is not) [P-SB-2], the main line of business from sales by sector
// [P-SB-5], the grace of a business that grew and its end [P-SB-4]; and
// refuses a row that gives both one count and month-end counts, two
// sectors that tie, or a profile without a main line of business.
func TestABusinessProfileAsTheStatuteWordsIt(t *testing.T) {
	out := filepath.Join(t.TempDir(), "decisions.jsonl")
	code, _, errOut := runSimulate(t, "-in", filepath.Join("testdata", "profiles.csv"), "-json", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	small := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		small[rec["claimant"].(string)] = rec["small"] == true
	}
	want := map[string]bool{"avg45": true, "avg5": false, "bysales": true, "grace": true, "graceend": false}
	if diff := cmp.Diff(want, small); diff != "" {
		t.Errorf("small by claimant (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"line 7: claimant \"bad1\": regular workers", "line 8: claimant \"bad2\": no single main line of business",
		"line 9: regular_workers without a sector or sales_by_sector"} {
		if !strings.Contains(errOut, bad) {
			t.Errorf("stderr does not say %q:\n%s", bad, errOut)
		}
	}
}

// TestABadReportTakesOnlyItsRow gives a small business two reports, the
// second about an operator the programme does not know: that row is bad,
// at its own line, and the claimant is decided on the first, its loss
// paid; the same in grouped reading.
func TestABadReportTakesOnlyItsRow(t *testing.T) {
	claims := "claimant_id,kind,report_id,filed_at,operator,sector,regular_workers,average_sales,money_lost,loss\n" +
		"shop,small-business,r1,2022-10-20 10:00,Kakao,I56,2,300000000,true,200000\n" +
		"shop,small-business,r2,2022-10-21 10:00,Kakao Bank,I56,2,300000000,true,400000\n"
	in := filepath.Join(t.TempDir(), "claims.csv")
	if err := os.WriteFile(in, []byte(claims), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, grouped := range []bool{false, true} {
		args := []string{"-in", in, "-json"}
		if grouped {
			args = append(args, "-grouped")
		}
		code, out, errOut := runSimulate(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(errOut, `line 3: claimant "shop": report "r2": unknown operator`) || strings.Contains(errOut, "line 2:") {
			t.Errorf("grouped %v: the bad row is not line 3 alone:\n%s", grouped, errOut)
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &rec); err != nil {
			t.Fatalf("grouped %v: %v\n%s", grouped, err, out)
		}
		if awards := asJSON(rec["awards"]); !strings.Contains(awards, `"amount":"30000"`) {
			t.Errorf("grouped %v: the claimant is not paid on its good row: %s", grouped, asJSON(rec))
		}
	}
}
