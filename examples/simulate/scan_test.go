package main

import (
	"bufio"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/programme"
)

// scanned is what a scan handed on: each row or bad row, then its error.
func scanned(t *testing.T, scan func(r *bufio.Reader, each func(int, *values, string) bool) error, input string, size int) []string {
	t.Helper()
	var out []string
	err := scan(bufio.NewReaderSize(strings.NewReader(input), size), func(line int, v *values, bad string) bool {
		if v == nil {
			out = append(out, fmt.Sprintf("%d bad: %s", line, bad))
		} else {
			out = append(out, fmt.Sprintf("%d %q", line, v[:]))
		}
		return true
	})
	return append(out, fmt.Sprintf("error: %v", err))
}

// viaCSVOnly reads the whole stream with encoding/csv.
func viaCSVOnly(r *bufio.Reader, each func(int, *values, string) bool) error {
	s := csvScan{each: each, sch: testSchema}
	return s.viaCSV(r, 0)
}

func scanAll(r *bufio.Reader, each func(int, *values, string) bool) error {
	return scanCSV(r, testSchema, nil, each)
}

func scanIDs(r *bufio.Reader, each func(int, *values, string) bool) error {
	return scanCSV(r, testSchema, []int{fClaimant, fReport}, each)
}

// testSchema is Kakao 1015's.
var testSchema = func() *schema {
	s, err := newSchema(programme.Kakao1015())
	if err != nil {
		panic(err)
	}
	return s
}()

// idsOf is a scan whose rows keep their claimant and report IDs only.
func idsOf(scan func(*bufio.Reader, func(int, *values, string) bool) error) func(*bufio.Reader, func(int, *values, string) bool) error {
	return func(r *bufio.Reader, each func(int, *values, string) bool) error {
		return scan(r, func(line int, v *values, bad string) bool {
			if v != nil {
				v = &values{fClaimant: v[fClaimant], fReport: v[fReport]}
			}
			return each(line, v, bad)
		})
	}
}

const scanHeader = "claimant_id,kind,report_id,filed_at,operator\n"

func TestScanCSVReadsLinesAsEncodingCSVDoes(t *testing.T) {
	for _, tt := range []struct{ name, input string }{
		{"plain rows", scanHeader + "c1,general,r1,2022-10-20T12:00:00+09:00,Kakao\nc2,general,r2,2022-10-20T12:00:00+09:00,Kakao\n"},
		{"CRLF line ends and no final newline", "claimant_id,kind,report_id,filed_at,operator\r\nc1,general,r1,t,Kakao\r\nc2, general ,r2,t,Kakao"},
		{"empty lines and a lone CR at the end", scanHeader + "\n\r\nc1,general,r1,t,Kakao\n\n\r"},
		{"a row with too few fields, then good ones", scanHeader + "c1,general\nc2,general,r2,t,Kakao\n"},
		{"a quoted field hands over to encoding/csv", scanHeader + "c1,general,r1,t,Kakao\n\"c,2\",general,r2,t,\"Ka\nkao\"\nc3,general,r3,t,Kakao\n"},
		{"a bare quote is a bad row, with its line", scanHeader + "c1,general,r1,t,Kakao\nc\"2,general,r2,t,Kakao\nc3,general,r3,t,Kakao\n"},
		{"a quoted header", "\"claimant_id\",kind,report_id,filed_at,operator\nc1,general,r1,t,Kakao\n"},
		{"an unknown column", "claimant_id,kind,report_id,filed_at,operator,colour\n"},
		{"nothing", ""},
		{"a header only", scanHeader},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := scanned(t, viaCSVOnly, tt.input, 16)
			if diff := cmp.Diff(want, scanned(t, scanAll, tt.input, 4096)); diff != "" {
				t.Errorf("scanCSV (-encoding/csv +got):\n%s", diff)
			}
			// A buffer shorter than a line hands over mid-stream.
			if diff := cmp.Diff(want, scanned(t, scanAll, tt.input, 16)); diff != "" {
				t.Errorf("scanCSV with a 16-byte buffer (-encoding/csv +got):\n%s", diff)
			}
		})
	}
}

// FuzzScanCSV holds the line splitter to encoding/csv on any input after
// a header: quotes, CR, LF, commas and spaces anywhere.
func FuzzScanCSV(f *testing.F) {
	f.Add("c1,general,r1,t,Kakao\n\"c2\",general,r2,t,Kakao\r\n\r\nc3,,,,\n")
	f.Add("a,b\"c,d\r\r\n,,,,\n\"\"\"x\",a,b,c,d")
	f.Fuzz(func(t *testing.T, rows string) {
		input := scanHeader + rows
		want := scanned(t, viaCSVOnly, input, 16)
		if diff := cmp.Diff(want, scanned(t, scanAll, input, 4096)); diff != "" {
			t.Errorf("scanCSV (-encoding/csv +got):\n%s", diff)
		}
		// Asked for the claimant and report IDs only: the same rows, good
		// or bad, with those two values.
		wantIDs := scanned(t, idsOf(viaCSVOnly), input, 16)
		if diff := cmp.Diff(wantIDs, scanned(t, idsOf(scanIDs), input, 4096)); diff != "" {
			t.Errorf("scanCSV of two fields (-encoding/csv +got):\n%s", diff)
		}
	})
}
