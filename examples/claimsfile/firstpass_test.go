package claimsfile

import (
	"bufio"
	"bytes"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
)

// members lists the lines in s.
func members(s lineSet) []int {
	var out []int
	for line := range len(s) * 64 {
		if s.has(line) {
			out = append(out, line)
		}
	}
	return out
}

func TestFirstPassInHalvesCountsAsOneStream(t *testing.T) {
	var gen bytes.Buffer
	w := NewWriter(&gen, kakaoSchema(t))
	intake.Generate(12000, intake.Seed, func(c programme.Claim) bool { return w.Write(c) == nil })
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(gen.String(), "\n")
	header, rows := lines[0], lines[1:len(lines)-1]
	crlf := make([]string, len(rows))
	for i, r := range rows {
		crlf[i] = r
		if i%7 == 0 {
			crlf[i] = strings.TrimSuffix(r, "\n") + "\r\n"
		}
	}
	// The first row's claimant again at the end with a report of its own,
	// the second row again at the end (its report ID repeats), a row of
	// two fields, and blank lines in both halves.
	first := strings.SplitN(rows[0], ",", 4)
	more := strings.Join([]string{first[0], first[1], "r-late", first[3]}, ",")
	mixed := header + strings.Join(crlf[:100], "") + "\n" + strings.Join(crlf[100:], "") + "\r\n" + more + rows[1] + "c1,general\n"
	for _, tt := range []struct {
		reason string
		file   string
		halves bool
	}{
		{"rows of one claimant on both sides of the middle, a report ID repeated across it, a short row, blank lines and CRLF", mixed, true},
		{"a byte-order mark before the header", "\xEF\xBB\xBF" + mixed, true},
		{"the last line without its line end", strings.TrimSuffix(mixed, "\n"), true},
		{"a quoted field in the second half is read in halves too: it is closed on its line", mixed + `"c9",general,r9,2022-10-20T12:00:00+09:00,Kakao` + "\n" + `"c10,general,r10,2022-10-20T12:00:00+09:00,Kakao` + "\n", true},
		{"a file under a megabyte is read in one stream", header + strings.Join(rows[:100], ""), false},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "claims.csv")
			if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			file, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer file.Close()
			seed := maphash.MakeSeed()
			firsts, lasts, repeats, halves, err := countHalves(file, int64(len(tt.file)), formatCSV, kakaoSchema(t), seed, 0)
			if err != nil || halves != tt.halves {
				t.Fatalf("read in halves: %v, %v; want %v", halves, err, tt.halves)
			}
			if !halves {
				return
			}
			wantFirsts, wantLasts, wantRepeats, err := countPass(bufio.NewReader(io.NewSectionReader(file, 0, 1<<40)), formatCSV, kakaoSchema(t), seed, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(wantRepeats) == 0 || cmp.Equal(members(wantFirsts), members(wantLasts)) {
				t.Fatalf("the file has %d repeated reports and no claimant of several rows: it tests nothing", len(wantRepeats))
			}
			if diff := cmp.Diff(members(wantFirsts), members(firsts)); diff != "" {
				t.Errorf("first lines (-one stream +halves):\n%s", diff)
			}
			if diff := cmp.Diff(members(wantLasts), members(lasts)); diff != "" {
				t.Errorf("last lines (-one stream +halves):\n%s", diff)
			}
			if diff := cmp.Diff(wantRepeats, repeats); diff != "" {
				t.Errorf("repeated reports (-one stream +halves):\n%s", diff)
			}
		})
	}
}

// kakaoSchema is the claims file's schema for Kakao 1015.
func kakaoSchema(t testing.TB) *Schema {
	t.Helper()
	s, err := NewSchema(programme.Kakao1015())
	if err != nil {
		t.Fatal(err)
	}
	return s
}
