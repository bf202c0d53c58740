package claimsfile

import (
	"bufio"
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestLineTable(t *testing.T) {
	tab := newLineTable(10) // grows past its first size
	for i := range 5000 {
		v, seen := tab.slot(uint64(i) * 0x9E3779B97F4A7C15) // i = 0 is the hash 0
		if seen {
			t.Fatalf("hash %d seen before it was added", i)
		}
		*v = int32(i + 1)
	}
	for i := range 5000 {
		if v, seen := tab.slot(uint64(i) * 0x9E3779B97F4A7C15); !seen || *v != int32(i+1) {
			t.Fatalf("hash %d: %d, %v; want %d, seen", i, *v, seen, i+1)
		}
	}
	if tab.n != 5000 || len(tab.keys) < 5000*4/3 {
		t.Errorf("%d entries in %d slots, want 5000 at most three quarters full", tab.n, len(tab.keys))
	}
}

// firstPassByMaps is the first pass's reference: the rows in order, kept
// in maps by their IDs as written. A row whose report ID an earlier row
// (with a claimant) has is a repeat, not its claimant's; each claimant's
// first and last lines are those of its other rows.
func firstPassByMaps(rows [][3]string) (firsts, lasts []int, repeats map[int]int) {
	reportLine, first, last := map[string]int{}, map[string]int{}, map[string]int{}
	repeats = map[int]int{}
	for i, r := range rows {
		line, claimant, report := i+2, r[0], r[1] // line 1 is the header
		if claimant == "" || r[2] != "" {
			continue
		}
		if report != "" {
			if l, ok := reportLine[report]; ok {
				repeats[line] = l
				continue
			}
			reportLine[report] = line
		}
		if _, ok := first[claimant]; !ok {
			first[claimant] = line
		}
		last[claimant] = line
	}
	firsts, lasts = slices.Sorted(maps.Values(first)), slices.Sorted(maps.Values(last))
	return firsts, lasts, repeats
}

// FuzzFirstPassAgreesWithMaps: the first pass's buckets and open-addressing
// tables find the same first lines, last lines and repeated reports as
// plain maps, for rows of a few claimants and reports in any order, with
// bad lines among them.
func FuzzFirstPassAgreesWithMaps(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 0x11, 0x12, 0x21, 0x80, 0x01})
	f.Add([]byte("the quick brown fox jumps over the lazy dog"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows [][3]string // claimant, report, bad
		var file strings.Builder
		file.WriteString("claimant_id,kind,report_id\n")
		for _, b := range data {
			row := [3]string{fmt.Sprintf("c%d", b&7), "", ""}
			switch {
			case b>>3&3 > 0:
				row[1] = fmt.Sprintf("r%d", b>>3&3+b>>5<<2)
			case b == 0x80:
				row[0] = ""
			case b == 0x81:
				row[2] = "bad"
			}
			rows = append(rows, row)
			if row[2] != "" {
				file.WriteString("a row of one field\n")
				continue
			}
			fmt.Fprintf(&file, "%s,general,%s\n", row[0], row[1])
		}
		firsts, lasts, repeats, err := countPass(bufio.NewReader(strings.NewReader(file.String())), formatCSV, kakaoSchema(t), maphash.MakeSeed(), len(rows))
		if err != nil {
			t.Fatal(err)
		}
		wantFirsts, wantLasts, wantRepeats := firstPassByMaps(rows)
		if diff := cmp.Diff(wantFirsts, members(firsts), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("first lines (-maps +first pass):\n%s", diff)
		}
		if diff := cmp.Diff(wantLasts, members(lasts), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("last lines (-maps +first pass):\n%s", diff)
		}
		if diff := cmp.Diff(wantRepeats, repeats, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("repeated reports (-maps +first pass):\n%s", diff)
		}
	})
}
