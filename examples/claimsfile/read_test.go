package claimsfile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/programme"
)

// readEach reads name under Kakao 1015's schema and lists, in the order
// Read hands them on, each bad row and each claim as describe writes it.
func readEach(t *testing.T, name string, o claimsfile.Options, describe func(programme.Claim) string) []string {
	t.Helper()
	sch, err := claimsfile.NewSchema(programme.Kakao1015())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var reports []eligibility.Report
	err = claimsfile.Read(name, sch, o, func(g claimsfile.Group) bool {
		if g.Bad != "" {
			got = append(got, fmt.Sprintf("line %d: %s", g.Line, g.Bad))
			return true
		}
		c, ok, bad := sch.Claim(g.Rows, &reports)
		for _, b := range bad {
			got = append(got, b.String())
		}
		if ok {
			got = append(got, describe(c))
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// readIDs lists each claim's claimant and report IDs, or each bad row.
func readIDs(t *testing.T, name string, o claimsfile.Options) []string {
	t.Helper()
	return readEach(t, name, o, func(c programme.Claim) string {
		ids := []string{c.Claimant.ID}
		for _, r := range c.Reports {
			ids = append(ids, r.ID)
		}
		return strings.Join(ids, " ")
	})
}

// sorted compares lists as sets: the ways of reading hand claims on in
// orders of their own.
var sorted = cmpopts.SortSlices(func(a, b string) bool { return a < b })

const someClaims = "claimant_id,kind,report_id,filed_at,operator\n" +
	"a,general,r1,2022-10-20 14:00,Kakao\n" +
	"b,general,r2,2022-10-20 14:00,Kakao\n" +
	"a,general,r3,2022-10-21 09:00,Kakao\n" +
	"c,general,r2,2022-10-21 09:00,Kakao\n" +
	"b,general,,,\n"

// Read opens a file once: a file put in its place between the two passes
// is not read; the second pass reads what the first counted.
func TestAFileIsOpenedOnce(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "claims.csv"), filepath.Join(dir, "other.csv")
	for name, data := range map[string]string{path: someClaims, other: "claimant_id,kind\nz,general\n"} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	replaced := false
	got := readIDs(t, path, claimsfile.Options{BetweenPasses: func() { replaced = os.Rename(other, path) == nil }})
	want := []string{"a r1 r3", `line 5: report_id "r2" repeats line 3`, "b r2"}
	if diff := cmp.Diff(want, got); diff != "" || !replaced {
		t.Errorf("replaced between the passes: %v; claims (-want +got):\n%s", replaced, diff)
	}
}

// A file read twice and a stream held to its end hand on the same claims
// and bad rows, each claim once it is whole: in a file, at its last row,
// in a stream, at the end.
func TestEveryWayOfReadingGivesTheSameClaims(t *testing.T) {
	path := filepath.Join(t.TempDir(), "claims.csv")
	if err := os.WriteFile(path, []byte(someClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []string{"a r1 r3", `line 5: report_id "r2" repeats line 3`, "b r2"}
	stream, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	for _, tt := range []struct {
		name string
		file string
		o    claimsfile.Options
	}{
		{"a file is read twice", path, claimsfile.Options{}},
		{"standard input is read once, its format sniffed", "-", claimsfile.Options{Stdin: stream}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(want, readIDs(t, tt.file, tt.o), sorted); diff != "" {
				t.Errorf("claims (-want +got):\n%s", diff)
			}
		})
	}
}

// Options outside their domain are refused before anything is read, the
// value named.
func TestBadOptionsAreNamed(t *testing.T) {
	for _, tt := range []struct {
		name string
		o    claimsfile.Options
		want string
	}{
		{"an unknown format", claimsfile.Options{Format: "xls"}, `format "xls": want csv, jsonl or xlsx`},
		{"an unknown encoding", claimsfile.Options{Encoding: "latin-1"}, `encoding "latin-1": want auto, utf-8, cp949, euc-kr, utf-16le or utf-16be`},
		{"standard input without a reader", claimsfile.Options{}, "claimsfile: the name - reads Options.Stdin, which is nil"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sch, _ := claimsfile.NewSchema(programme.Kakao1015())
			err := claimsfile.Read("-", sch, tt.o, func(claimsfile.Group) bool { return true })
			if got := fmt.Sprint(err); got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
		})
	}
}

// Reading a claims file and deciding each claim.
func ExampleRead() {
	dir, _ := os.MkdirTemp("", "claims")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "claims.csv")
	os.WriteFile(path, []byte(someClaims), 0o644)

	p := programme.Kakao1015()
	sch, err := claimsfile.NewSchema(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	var reports []eligibility.Report
	err = claimsfile.Read(path, sch, claimsfile.Options{}, func(g claimsfile.Group) bool {
		c, ok, bad := sch.Claim(g.Rows, &reports)
		for _, b := range bad {
			fmt.Println("bad:", b)
		}
		if g.Bad != "" {
			fmt.Printf("bad: line %d: %s\n", g.Line, g.Bad)
		}
		if ok {
			fmt.Printf("%s: %d reports\n", c.Claimant.ID, len(c.Reports))
		}
		return true
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// a: 2 reports
	// bad: line 5: report_id "r2" repeats line 3
	// b: 1 reports
}

// claimed_at is one instant a claimant: RFC 3339, or a local time in the
// programme's zone; empty is unknown; a row that says another time, or
// no time where the first said one, is a bad row, as a claimant's other
// fields are; a time outside the instant domain is a bad row too.
func TestClaimedAt(t *testing.T) {
	const head = "claimant_id,kind,report_id,filed_at,operator,claimed_at\n"
	tests := []struct {
		name, rows string
		want       []string
	}{
		{"an RFC 3339 instant", "a,general,r1,2022-10-20 14:00,Kakao,2023-01-05T09:00:00+09:00\n", []string{"a 2023-01-05T09:00:00+09:00"}},
		{"a local time in the programme's zone", "a,general,r1,2022-10-20 14:00,Kakao,2023-01-05 09:00\n", []string{"a 2023-01-05T09:00:00+09:00"}},
		{"none", "a,general,r1,2022-10-20 14:00,Kakao,\n", []string{"a none"}},
		{"the same on each row", "a,general,r1,2022-10-20 14:00,Kakao,2023-01-05 09:00\na,general,r2,2022-10-21 14:00,Kakao,2023-01-05 09:00\n", []string{"a 2023-01-05T09:00:00+09:00"}},
		{"another on a later row", "a,general,r1,2022-10-20 14:00,Kakao,2023-01-05 09:00\na,general,r2,2022-10-21 14:00,Kakao,2023-01-05 09:01\n",
			[]string{"line 3: claimant \"a\": fields differ from line 2", "a 2023-01-05T09:00:00+09:00"}},
		{"none on a later row", "a,general,r1,2022-10-20 14:00,Kakao,2023-01-05 09:00\na,general,r2,2022-10-21 14:00,Kakao,\n",
			[]string{"line 3: claimant \"a\": fields differ from line 2", "a 2023-01-05T09:00:00+09:00"}},
		{"not a time", "a,general,r1,2022-10-20 14:00,Kakao,soon\n", []string{`line 2: claimant "a": claimed_at: "soon" is not a time (RFC 3339, or "2006-01-02 15:04" in KST)`}},
		{"before the instant domain", "a,general,r1,2022-10-20 14:00,Kakao,1969-12-31T23:59:59+09:00\n", []string{`line 2: claimant "a": invalid argument: claimed_at: value out of range: 1969-12-31T23:59:59+09:00 outside [1970-01-01, 2200-01-01) KST`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "claims.csv")
			if err := os.WriteFile(path, []byte(head+tt.rows), 0o644); err != nil {
				t.Fatal(err)
			}
			got := readEach(t, path, claimsfile.Options{}, func(c programme.Claim) string {
				if c.ClaimedAt.IsZero() {
					return c.Claimant.ID + " none"
				}
				return c.Claimant.ID + " " + c.ClaimedAt.In(programme.Kakao1015().Zone()).Format(time.RFC3339)
			})
			if diff := cmp.Diff(tt.want, got, sorted); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The Writer writes a claim's claimed_at, and Read reads it back.
func TestClaimedAtRoundTrips(t *testing.T) {
	sch, err := claimsfile.NewSchema(programme.Kakao1015())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2023, 1, 5, 9, 30, 15, 0, programme.Kakao1015().Zone())
	var buf strings.Builder
	w := claimsfile.NewWriter(&buf, sch)
	for _, c := range []programme.Claim{
		{Claimant: eligibility.Claimant{ID: "a", Kind: eligibility.GeneralUser}, ClaimedAt: at,
			Reports: []eligibility.Report{{ID: "r1", FiledAt: at.AddDate(0, -2, 0), Operator: eligibility.Kakao}, {ID: "r2", FiledAt: at.AddDate(0, -2, 1), Operator: eligibility.Kakao}}},
		{Claimant: eligibility.Claimant{ID: "b", Kind: eligibility.GeneralUser}},
	} {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "claims.csv")
	if err := os.WriteFile(path, []byte(buf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	got := readEach(t, path, claimsfile.Options{}, func(c programme.Claim) string {
		return fmt.Sprintf("%s %d %t", c.Claimant.ID, len(c.Reports), c.ClaimedAt.Equal(at))
	})
	if diff := cmp.Diff([]string{"a 2 true", "b 0 false"}, got, sorted); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
