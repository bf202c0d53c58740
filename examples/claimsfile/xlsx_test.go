package claimsfile_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/xuri/excelize/v2"
)

// workbookOf writes the rows of a CSV file into the first sheet of a new
// workbook, each cell as text, as an analyst's export would hold them,
// and returns it with the CSV file of the same cells: a row shorter than
// the header given its empty cells, as a sheet holds them.
func workbookOf(t *testing.T, csvPath string) (book, sameCSV string) {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wb := excelize.NewFile()
	defer wb.Close()
	sheet := wb.GetSheetName(0)
	for i, rec := range records {
		for j, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := wb.SetCellStr(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "claims.xlsx")
	if err := wb.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	for i := range records {
		if n := len(records[0]) - len(records[i]); n > 0 {
			records[i] = append(records[i], make([]string, n)...)
		}
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.WriteAll(records)
	same := filepath.Join(dir, "same.csv")
	if err := os.WriteFile(same, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, same
}

// decisionsOf reads name and decides each claim under Kakao 1015: each
// decision's JSON record, or each bad row, in the order read.
func decisionsOf(t *testing.T, name string) []string {
	t.Helper()
	p := programme.Kakao1015()
	at := time.Date(2023, 6, 1, 0, 0, 0, 0, p.Zone())
	return readEach(t, name, claimsfile.Options{}, func(c programme.Claim) string {
		d, err := p.Decide(c, at)
		if err != nil {
			return err.Error()
		}
		rec, _ := json.Marshal(d.Record("en"))
		return string(rec)
	})
}

// A workbook of the same cells as a CSV file gives the same decisions,
// in the same order, and the same bad rows at the same line numbers.
func TestAWorkbookDecidesAsTheSameRowsInCSV(t *testing.T) {
	book, src := workbookOf(t, filepath.Join("..", "simulate", "testdata", "claims.csv"))
	want := decisionsOf(t, src)
	if diff := cmp.Diff(want, decisionsOf(t, book)); diff != "" {
		t.Errorf("the workbook's decisions (-CSV +workbook):\n%s", diff)
	}
}

// A workbook of the same rows as a CSV file gives the same claims and
// bad rows, at the same line numbers, read from a file or from standard
// input (where its zip signature tells it).
func TestAWorkbookReadsAsItsRowsInCSV(t *testing.T) {
	book, src := workbookOf(t, filepath.Join("..", "simulate", "testdata", "claims.csv"))
	want := readIDs(t, src, claimsfile.Options{})
	if len(want) < 10 {
		t.Fatalf("%d claims and bad rows in the CSV: the test tests little", len(want))
	}
	if diff := cmp.Diff(want, readIDs(t, book, claimsfile.Options{})); diff != "" {
		t.Errorf("the workbook (-CSV +workbook):\n%s", diff)
	}
	stdin, err := os.Open(book)
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if diff := cmp.Diff(want, readIDs(t, "-", claimsfile.Options{Stdin: stdin}), sorted); diff != "" {
		t.Errorf("the workbook on standard input (-CSV +workbook):\n%s", diff)
	}
}

// A file named .xlsx that is not a workbook is refused, naming it.
func TestANonWorkbookIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "claims.xlsx")
	if err := os.WriteFile(path, []byte("claimant_id,kind\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sch, _ := claimsfile.NewSchema(programme.Kakao1015())
	err := claimsfile.Read(path, sch, claimsfile.Options{}, func(claimsfile.Group) bool { return true })
	if err == nil {
		t.Fatal("no error")
	}
}
