package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/xuri/excelize/v2"
)

// -xlsx writes the summary's figures and one row a claimant: the budget
// and the claimants in the Summary sheet are the text summary's, and
// each claimant's amount in the Decisions sheet is its -json record's.
func TestTheWorkbookHoldsTheSummaryAndEveryDecision(t *testing.T) {
	dir := t.TempDir()
	book, decisions := filepath.Join(dir, "run.xlsx"), filepath.Join(dir, "run.jsonl")
	code, out, errOut := runSimulate(t, "-in", filepath.Join("testdata", "claims.csv"), "-lang", "en", "-xlsx", book, "-json", "-out", decisions)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Summary", "Decisions"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	summary, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for _, row := range summary {
		switch {
		case len(row) >= 4 && row[0] == "cash budget":
			cells["budget"] = row[3]
		case len(row) >= 2 && row[0] == "claimants":
			cells["claimants"] = row[1]
		}
	}
	text := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		fields := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "  cash budget"):
			text["budget"] = strings.ReplaceAll(fields[len(fields)-1], ",", "")
		case strings.HasPrefix(line, "claimants:"):
			text["claimants"] = strings.ReplaceAll(fields[1], ",", "")
		}
	}
	if diff := cmp.Diff(text, cells); diff != "" || len(text) != 2 {
		t.Errorf("the Summary sheet against the text summary (-text +sheet):\n%s", diff)
	}
	rows, err := f.GetRows("Decisions")
	if err != nil {
		t.Fatal(err)
	}
	header, amountCol := rows[0], -1
	for i, h := range header {
		if h == "amount" {
			amountCol = i
		}
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r[amountCol]
	}
	want := map[string]string{}
	file, err := os.Open(decisions)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			Claimant string
			Awards   []struct{ Amount string }
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, a := range rec.Awards {
			n, _ := strconv.Atoi(a.Amount)
			total += n
		}
		want[rec.Claimant] = strconv.Itoa(total)
	}
	if diff := cmp.Diff(want, got); diff != "" || len(want) < 10 {
		t.Errorf("each claimant's amount, -json against the Decisions sheet (-json +sheet):\n%s", diff)
	}
}

// -xlsx must name a .xlsx file, and takes no -gen.
func TestTheWorkbookFlag(t *testing.T) {
	for _, args := range [][]string{{"-xlsx", "run.csv"}, {"-gen", "10", "-xlsx", "run.xlsx"}} {
		if code, _, errOut := runSimulate(t, args...); code != 2 || !strings.Contains(errOut, "-xlsx") {
			t.Errorf("%v: exit %d, %q; want status 2 naming -xlsx", args, code, errOut)
		}
	}
}

// A sheet of decisions holds as many rows as Excel allows, its header's
// included; the next decision begins a sheet of its own, with the
// header. Shown at a small limit: a run one under, at and one over it.
func TestDecisionsGoOnInANewSheetPastTheRowLimit(t *testing.T) {
	p := programme.Kakao1015()
	claim := programme.Claim{Claimant: eligibility.Claimant{ID: "u", Kind: eligibility.GeneralUser}}
	d, err := p.Decide(claim, time.Date(2023, 6, 1, 0, 0, 0, 0, p.Zone()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		decisions int
		want      map[string]int // rows a sheet, its header's included
	}{
		{"one under the limit fills one sheet but a row", 3, map[string]int{"Decisions": 4}},
		{"at the limit fills one sheet", 4, map[string]int{"Decisions": 5}},
		{"one over the limit begins a second sheet", 5, map[string]int{"Decisions": 5, "Decisions 2": 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run.xlsx")
			w, err := newWorkbook(p, path)
			if err != nil {
				t.Fatal(err)
			}
			w.perSheet = 5
			for range tt.decisions {
				w.add(claim, d)
			}
			if err := w.save(newSummary(p, time.Now(), "en")); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got := map[string]int{}
			for _, sheet := range f.GetSheetList()[1:] {
				rows, _ := f.GetRows(sheet)
				got[sheet] = len(rows)
				if len(rows) == 0 || rows[0][0] != "claimant_id" {
					t.Errorf("%s has no header", sheet)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows by sheet (-want +got):\n%s", diff)
			}
		})
	}
}
