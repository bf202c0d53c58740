package claimsfile

import (
	"bufio"
	stdcmp "cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/programme"
)

// scanned is what a scan handed on: each row or bad row, then its error.
func scanned(t *testing.T, scan func(r *bufio.Reader, each func(int, *values, string) bool) error, input string, size int) []string {
	t.Helper()
	var out []string
	err := scan(bufio.NewReaderSize(strings.NewReader(input), size), func(line int, v *values, bad string) bool {
		if v == nil {
			// The reason as far as its detail: encoding/csv says less.
			reason, _, _ := strings.Cut(bad, ": ")
			out = append(out, fmt.Sprintf("%d bad: %s", line, reason))
		} else {
			out = append(out, fmt.Sprintf("%d %q", line, v[:]))
		}
		return true
	})
	msg := fmt.Sprint(err)
	if err != nil { // the reason as far as its detail, as for bad rows
		msg, _, _ = strings.Cut(strings.TrimPrefix(msg, ErrFile.Error()+": "), ": ")
	}
	return append(out, "error: "+msg)
}

// viaCSVOnly is the reference reading: each line on its own, split by
// encoding/csv (a quoted field that runs past its line is a bad row).
func viaCSVOnly(r *bufio.Reader, each func(int, *values, string) bool) error {
	s := csvScan{each: each, sch: testSchema}
	all, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	// Lines end at \n, a \r before it dropped, and so is a \r at the end
	// of the stream.
	lines := strings.Split(string(all), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	for i, line := range lines {
		if line == "" {
			continue
		}
		if bad := map[bool]string{!utf8.ValidString(line): notUTF8, len(line) > maxLine: "longer than"}[true]; bad != "" {
			if s.cols == nil {
				return fmt.Errorf("%w: reading the CSV header: %s", ErrFile, bad)
			}
			if !each(i+1, nil, bad) {
				return nil
			}
			continue
		}
		cr := csv.NewReader(strings.NewReader(line + "\r\n\"")) // \r\n: a \r the line ends with stays its own
		cr.FieldsPerRecord = -1
		if s.cols == nil && strings.Contains(line, "\t") && !strings.Contains(line, ",") {
			s.sep = '\t'
		}
		cr.Comma = rune(stdcmp.Or(s.sep, ','))
		rec, err := cr.Read()
		if err == nil && slices.ContainsFunc(rec, func(f string) bool { return strings.Contains(f, "\n") }) {
			err = &csv.ParseError{Err: csv.ErrQuote}
		}
		var pe *csv.ParseError
		switch {
		case err != nil && s.cols == nil:
			return fmt.Errorf("%w: reading the CSV header: %w", ErrFile, err)
		case errors.As(err, &pe):
			if !each(i+1, nil, pe.Err.Error()) {
				return nil
			}
			continue
		case err != nil:
			return err
		}
		if more, err := s.record(i+1, rec, len(rec)); !more || err != nil {
			return err
		}
	}
	return nil
}

func scanAll(r *bufio.Reader, each func(int, *values, string) bool) error {
	return scanCSV(r, testSchema, nil, each)
}

func scanIDs(r *bufio.Reader, each func(int, *values, string) bool) error {
	return scanCSV(r, testSchema, []int{fClaimant, fReport}, each)
}

// testSchema is Kakao 1015's.
var testSchema = func() *Schema {
	s, err := NewSchema(programme.Kakao1015())
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
		{"a quoted field closed on its line", scanHeader + "c1,general,r1,t,Kakao\n\"c,2\",general,\"r\"\"2\",t,Kakao\nc3,general,r3,t,Kakao\n"},
		{"a quoted field that runs past its line is a bad row, and the next line a row", scanHeader + "c1,general,r1,t,Kakao\n\"c,2\",general,r2,t,\"Ka\nkao\"\nc3,general,r3,t,Kakao\n"},
		{"an unterminated quote takes its own line only", scanHeader + "c1,general,r1,t,Kakao\n\"oops,general,r2,t,Kakao\nc3,general,r3,t,Kakao\nc4,general,r4,t,Kakao\n"},
		{"a tab-separated file, as Excel's Unicode text saves", "claimant_id\tkind\treport_id\tfiled_at\toperator\r\nc1\tgeneral\tr1\tt\tKakao\r\n\"c\t2\"\tgeneral\tr2\tt\tKakao\r\n"},
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

// A line of exactly maxLine bytes is read, with either line end; one
// byte more is too long; the line after each is read as it stands.
func TestTheLineLimit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		length  int
		end     string
		tooLong bool
	}{
		{"a line a byte under the limit is read", maxLine - 1, "\n", false},
		{"a line at the limit is read", maxLine, "\n", false},
		{"a line at the limit, ended by CRLF, is read", maxLine, "\r\n", false},
		{"a line at the limit at the end of the stream is read", maxLine, "", false},
		{"a line a byte over the limit is too long", maxLine + 1, "\n", true},
		{"a line a byte over the limit, ended by CRLF, is too long", maxLine + 1, "\r\n", true},
		{"a line of 3 MiB is too long", 3 << 20, "\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			input := strings.Repeat("x", tt.length) + tt.end + "next\n"
			if tt.end == "" {
				input = strings.Repeat("x", tt.length)
			}
			lr := lineReader{r: bufio.NewReaderSize(strings.NewReader(input), 1<<16)}
			b, tooLong, ok, err := lr.next()
			if err != nil || !ok || tooLong != tt.tooLong || !tooLong && len(b) != tt.length {
				t.Fatalf("next() = %d bytes, too long %v, ok %v, %v; want too long %v", len(b), tooLong, ok, err, tt.tooLong)
			}
			if tt.end == "" {
				return
			}
			b, _, ok, err = lr.next()
			if string(b) != "next" || !ok || err != nil {
				t.Errorf("the line after: %q, %v, %v; want \"next\"", b, ok, err)
			}
		})
	}
}

// plainSeps finds each separator in a word of eight bytes and in the
// bytes after the last whole word, at a word's first and last byte, and
// refuses a line with a quote or a byte from 0x80 wherever it is.
func TestPlainSepsFindsEverySeparator(t *testing.T) {
	type result struct {
		Seps []int
		OK   bool
	}
	for _, tt := range []struct {
		name, line string
		sep        byte
		want       result
	}{
		{"an empty line has none", "", ',', result{nil, true}},
		{"a line under a word is read byte by byte", ",a,b,c", ',', result{[]int{0, 2, 4}, true}},
		{"separators at a word's first and last byte", ",234567,", ',', result{[]int{0, 7}, true}},
		{"a separator just after the first word", "01234567,9", ',', result{[]int{8}, true}},
		{"separators in two words and the tail", "0,2345678,012345,78,", ',', result{[]int{1, 9, 16, 19}, true}},
		{"every byte a separator", ",,,,,,,,,", ',', result{[]int{0, 1, 2, 3, 4, 5, 6, 7, 8}, true}},
		{"tabs where the file's separator is a tab", "a\tb,c\td,e\tfgh", '\t', result{[]int{1, 5, 9}, true}},
		{"a quote in a word", "01\"34567,9", ',', result{nil, false}},
		{"a quote in the tail", "01234567,\"", ',', result{nil, false}},
		{"a byte from 0x80 in a word", "0123\xc3\xa97,9", ',', result{nil, false}},
		{"a byte from 0x80 in the tail", "01234567,\xc3\xa9", ',', result{nil, false}},
		{"DEL is ASCII", "0123456\x7f,", ',', result{[]int{8}, true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seps, ok := plainSeps([]byte(tt.line), tt.sep, nil)
			got := result{seps, ok}
			if !ok {
				got.Seps = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("plainSeps(%q) (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

// A value is trimmed as strings.TrimSpace trims it, Unicode's spaces
// included; an identity is taken as written.
func TestTrimmedDropsTheSpacesTrimSpaceDrops(t *testing.T) {
	for _, tt := range []struct {
		name, s, want string
	}{
		{"an empty value is empty", "", ""},
		{"a value without spaces is itself", "Kakao Map", "Kakao Map"},
		{"ASCII spaces at the ends are dropped", " \t42\r ", "42"},
		{"a no-break space at the end is dropped", "42\u00a0", "42"},
		{"an ideographic space at the start is dropped", "\u300042", "42"},
		{"a Korean value is itself", "카카오", "카카오"},
		{"a control byte that is not a space stays", "\x0142", "\x0142"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, trimmed(fLoss, tt.s)); diff != "" {
				t.Errorf("trimmed(%q) (-want +got):\n%s", tt.s, diff)
			}
		})
	}
	if got := trimmed(fClaimant, " c1 "); got != " c1 " {
		t.Errorf("a claimant ID was trimmed to %q; want it as written", got)
	}
}

func FuzzTrimmed(f *testing.F) {
	for _, s := range []string{"", " a ", "\u00a0x", "x\u2003", "\xff ", "가"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trimmed(fLoss, s), strings.TrimSpace(s); got != want {
			t.Errorf("trimmed(%q) = %q; strings.TrimSpace gives %q", s, got, want)
		}
	})
}
