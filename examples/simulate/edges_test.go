package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/unicode"
)

// tally reads the summary's claimants, reports and bad rows.
func tally(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`claimants:\s+(\S+)\s+reports:\s+(\S+)\s+bad rows:\s+(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no tally in the summary:\n%s", out)
	}
	return fmt.Sprintf("%s claimants, %s reports, %s bad rows", m[1], m[2], m[3])
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// koreanRows are 20 claimants with Korean names, each a report, as a
// Korean office writes them, with CRLF line ends.
func koreanRows(sep string) string {
	var b strings.Builder
	b.WriteString(strings.ReplaceAll("claimant_id,kind,report_id,filed_at,operator\r\n", ",", sep))
	for i, name := range []string{"김철수", "이영희", "박민수", "최지우", "정하늘", "강다은", "조은비", "윤서준", "장예린", "임도윤",
		"한지민", "오세훈", "서지호", "신유나", "권태양", "황보름", "안소희", "송민호", "전하람", "홍길동"} {
		fmt.Fprintf(&b, strings.ReplaceAll("%s,general,보고-%d,2022-10-20 12:00,Kakao\r\n", ",", sep), name, i)
	}
	return b.String()
}

// Files as Korean Excel saves them are decoded, said on stderr, and read
// as their UTF-8 twin is; -encoding utf-8 refuses them, naming the
// encoding and the fix.
func TestKoreanExcelFiles(t *testing.T) {
	utf8File := writeFile(t, "claims.csv", []byte(koreanRows(",")))
	_, want, _ := runSimulate(t, "-in", utf8File, "-lang", "en", "-json", "-out", filepath.Join(t.TempDir(), "want.jsonl"))
	cp949, err := korean.EUCKR.NewEncoder().String(koreanRows(","))
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(koreanRows("\t"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, file, data, says string
	}{
		{"CSV (쉼표로 분리), in CP949", "claims.csv", cp949, "read as CP949"},
		{"Unicode text, in UTF-16 with a byte-order mark, tab-separated", "claims.csv", utf16, "read as UTF-16 little-endian"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, []byte(tt.data))
			code, out, errOut := runSimulate(t, "-in", path, "-strict")
			if code != 0 || !strings.Contains(errOut, tt.says) {
				t.Errorf("exit %d, stderr %q; want 0 and %q", code, errOut, tt.says)
			}
			if diff := cmp.Diff(tally(t, want), tally(t, out)); diff != "" {
				t.Errorf("the tally (-UTF-8 twin +got):\n%s", diff)
			}
			// From standard input too.
			code, out, errOut = runWithInput(t, tt.data, "-in", "-", "-strict")
			if code != 0 || tally(t, out) != "20 claimants, 20 reports, 0 bad rows" || !strings.Contains(errOut, tt.says) {
				t.Errorf("from standard input: exit %d, %s, stderr %q", code, tally(t, out), errOut)
			}
			code, _, errOut = runSimulate(t, "-in", path, "-encoding", "utf-8")
			if code != 2 || !strings.Contains(errOut, "is not UTF-8: it reads as") || !strings.Contains(errOut, "-encoding") {
				t.Errorf("-encoding utf-8: exit %d, stderr %q; want 2, naming the encoding and the fix", code, errOut)
			}
		})
	}
	if code, _, errOut := runSimulate(t, "-in", utf8File, "-encoding", "latin-1"); code != 2 || !strings.Contains(errOut, "-encoding") {
		t.Errorf("-encoding latin-1: exit %d, stderr %q; want a usage error", code, errOut)
	}
}

// One bad row takes only itself: an unterminated quote, a line over the
// limit, a line that is not UTF-8 and the identities that are not
// canonical are each a bad row at its line, and every other row is read.
func TestABadRowTakesOnlyItself(t *testing.T) {
	var b strings.Builder
	b.WriteString("claimant_id,kind,report_id,filed_at,operator\n")
	row := func(id string, i int) { fmt.Fprintf(&b, "%s,general,r%d,2022-10-20 12:00,Kakao\n", id, i) }
	row("c0", 0)
	b.WriteString("\"oops,general,r-oops,2022-10-20 12:00,Kakao\n") // line 3
	for i := 1; i <= 100_000; i++ {
		row(fmt.Sprint("c", i), i)
	}
	bad := []string{
		"c-long" + strings.Repeat("x", 2<<20), // 2 MiB
		"inv\xffA", "김철수 ", "김철\u200b수", "\ufeffbom", "nbsp\u00a0", "a\x00b",
		"\u1100\u1175\u11b7\u110e\u1165\u11af\u1109\u116e", // 김철수 in NFD
	}
	for i, id := range bad {
		row(id, 200_000+i)
	}
	row("김철수", 300_000) // the NFC name itself is good
	path := writeFile(t, "claims.csv", []byte(b.String()))
	for _, args := range [][]string{{"-in", path}, {"-in", "-"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdin := ""
			if args[1] == "-" {
				stdin = b.String()
			}
			code, out, errOut := runWithInput(t, stdin, args...)
			want := fmt.Sprintf("%s claimants, %s reports, %d bad rows", count(100_002), count(100_002), 1+len(bad))
			if diff := cmp.Diff(want, tally(t, out)); code != 0 || diff != "" {
				t.Errorf("exit %d (-want +got):\n%s\nstderr:\n%.2000s", code, diff, errOut)
			}
			for _, says := range []string{"line 3: extraneous or missing \"", "longer than 1048576 bytes", "not valid UTF-8",
				"leading or trailing space", "invisible format character U+200B", "U+FEFF", "space other than U+0020", "control character U+0000", "decomposed Hangul"} {
				if !strings.Contains(errOut, says) {
					t.Errorf("stderr does not say %q", says)
				}
			}
			if !strings.Contains(out, "input lines not read as rows") {
				t.Error("the summary does not say how many input lines were not read as rows")
			}
		})
	}
}

// The tool's edges are usage errors at start, or stop with a hint.
func TestToolEdges(t *testing.T) {
	unsorted := "claimant_id,kind\n"
	for i := 2000; i > 0; i-- {
		unsorted += fmt.Sprintf("c%04d,general\n", i)
	}
	unsortedFile := writeFile(t, "unsorted.csv", []byte(unsorted))
	jsonl := writeFile(t, "claims.jsonl", []byte(`{"claimant_id": "alice", "claimant_id": "mallory", "kind": "general"}
{"Claimant_ID": "bob", "kind": "general"}
{"claimant_id": "carol", "kind": "general", "average_sales": `+strings.Repeat("9", 200_000)+`}
{"claimant_id": "dave", "kind": "general"}
`))
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"-at before 1970 is a usage error", []string{"-at", "1969-12-31"}, 2, "-at 1969-12-31: want a date from 1970-01-01 to 2199-12-31"},
		{"-at in 2200 is a usage error", []string{"-at", "2200-01-01"}, 2, "want a date from 1970-01-01 to 2199-12-31"},
		{"-gen 0 is a usage error", []string{"-gen", "0"}, 2, "-gen 0: want from 1 to 100,000,000 rows"},
		{"-gen with -in is a usage error", []string{"-gen", "5", "-in", unsortedFile}, 2, "-gen writes claims and stops"},
		{"-grouped on unsorted rows stops with a hint", []string{"-grouped", "-in", unsortedFile}, 2, "the rows are not sorted by claimant_id; sort them"},
		{"a JSON Lines key twice, a key in another case and an overlong number are bad rows", []string{"-in", jsonl}, 0, `key "claimant_id" twice`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runSimulate(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
			if strings.HasSuffix(tt.args[len(tt.args)-1], ".jsonl") {
				if got := tally(t, out); got != "1 claimants, 0 reports, 3 bad rows" {
					t.Errorf("tally %s, want only dave read", got)
				}
				for _, says := range []string{`unknown field "Claimant_ID"`, "a number of 200000 characters, at most 100"} {
					if !strings.Contains(errOut, says) {
						t.Errorf("stderr does not say %q:\n%s", says, errOut)
					}
				}
			}
		})
	}
}

// simulate -json | head -1 ends as the README says: when the reader
// closes the pipe the command stops at once, silently, killed by SIGPIPE
// as other Unix tools are.
func TestAClosedPipeEndsTheRunSilently(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "simulate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, `{"claimant":`) {
		t.Fatalf("the first line %q, %v", line, err)
	}
	out.Close() // as head does after its line
	err = cmd.Wait()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGPIPE || stderr.Len() != 0 {
		t.Errorf("after the pipe closed: %v, stderr %q; want killed by SIGPIPE, silently", err, stderr.String())
	}
}

// The command's main sets the collector for a batch job, but not a
// setting the environment gives; run leaves both alone.
func TestTheCollectorIsTunedOnlyWhereTheEnvironmentIsSilent(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tt := range []struct {
		name       string
		env        map[string]string
		grouped    bool
		wantGC     int
		wantLimit  int64
		startGC    int
		startLimit int64
	}{
		{"neither set: GOGC 400 and 200 MiB", nil, false, 400, 200 << 20, 100, math.MaxInt64},
		{"neither set, -grouped: 80 MiB", nil, true, 400, 80 << 20, 100, math.MaxInt64},
		{"GOGC set: left as it is", map[string]string{"GOGC": "50"}, false, 50, 200 << 20, 50, math.MaxInt64},
		{"GOMEMLIMIT set: left as it is", map[string]string{"GOMEMLIMIT": "1GiB"}, false, 400, 1 << 30, 100, 1 << 30},
	} {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetGCPercent(tt.startGC)
			debug.SetMemoryLimit(tt.startLimit)
			tuneCollector(tt.grouped, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			got := [2]int64{int64(debug.SetGCPercent(tt.startGC)), debug.SetMemoryLimit(-1)}
			if diff := cmp.Diff([2]int64{int64(tt.wantGC), tt.wantLimit}, got); diff != "" {
				t.Errorf("GOGC and the memory limit (-want +got):\n%s", diff)
			}
		})
	}
	debug.SetGCPercent(77)
	debug.SetMemoryLimit(123 << 20)
	if code := run([]string{"-in", filepath.Join("testdata", "claims.csv")}, nil, io.Discard, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if gc, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); gc != 77 || limit != 123<<20 {
		t.Errorf("after run: GOGC %d, limit %d; want 77 and %d, as they were", gc, limit, 123<<20)
	}
}
