package claimsfile

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// zipSignature begins every .xlsx file (a zip archive).
var zipSignature = []byte("PK\x03\x04")

// fromWorkbook reads the source as an Excel workbook and puts its first
// sheet into a temporary CSV file, which the source reads from then on: a
// sheet's row n is the file's line n, each cell as Excel shows it (a
// date cell as its number format writes it: give filed_at the format
// yyyy-mm-dd hh:mm, or type it as text), an empty row an empty line. A
// row with a line break in a cell, which no field may hold, becomes a
// line that is a bad row, so that the rows after it keep their numbers.
func (s *source) fromWorkbook(name string) error {
	book, err := excelize.OpenReader(s.fromStart())
	if err != nil {
		return fmt.Errorf("%w: %s: not a workbook Excel can open: %w", ErrFile, name, err)
	}
	defer book.Close()
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		return fmt.Errorf("%w: %s: the workbook has no sheet", ErrFile, name)
	}
	rows, err := book.Rows(sheets[0])
	if err != nil {
		return fmt.Errorf("%w: %s: sheet %q: %w", ErrFile, name, clip(sheets[0]), err)
	}
	defer rows.Close()
	tmp, err := os.CreateTemp("", "relief-claims-*.csv")
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrFile, name, err)
	}
	err = sheetToCSV(rows, tmp)
	var info os.FileInfo
	if err == nil {
		info, err = tmp.Stat()
	}
	if err != nil {
		closeTemp(tmp)
		return fmt.Errorf("%w: %s: sheet %q: %w", ErrFile, name, clip(sheets[0]), err)
	}
	s.format = formatCSV
	return s.readFrom(tmp, info.Size())
}

// sheetToCSV writes a sheet's rows to w as CSV, a row a line. Excel
// leaves out a row's empty cells at its end: a row shorter than the
// header is given them back.
func sheetToCSV(rows *excelize.Rows, w io.Writer) error {
	cw := csv.NewWriter(w)
	width := -1 // the header's, once read
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return err
		}
		switch {
		case width < 0 && len(cells) > 0:
			width = len(cells)
		case len(cells) > 0 && len(cells) < width:
			cells = append(cells, make([]string, width-len(cells))...)
		}
		broken := false
		for _, c := range cells {
			broken = broken || strings.ContainsAny(c, "\r\n")
		}
		if broken {
			// A lone quote: the reader's bad row for a field that does not
			// close on its line.
			cw.Flush()
			if _, err := io.WriteString(w, "\"\n"); err != nil {
				return err
			}
			continue
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return rows.Error()
}
