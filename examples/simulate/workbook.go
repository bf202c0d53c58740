package main

import (
	"fmt"
	"math"
	"time"

	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// maxSheetRows is how many rows an Excel sheet holds: past it, the
// decisions go on in a sheet of their own ("Decisions 2", ...).
const maxSheetRows = excelize.TotalRows

// workbook is -xlsx: the run as an Excel workbook, a sheet "Summary" (the
// summary's tables, figures as numbers) and a sheet "Decisions" (one row
// a claimant decided, in the order decided), written as they come.
type workbook struct {
	path     string // where save writes it
	perSheet int    // rows a sheet of decisions holds, its header's included: maxSheetRows
	f        *excelize.File
	sw       *excelize.StreamWriter
	sheets   int // the decisions' sheets so far
	row      int // the last row written in the current one
	benefits []string
	header   []any
	err      error
}

// newWorkbook begins the workbook of a run of p, to be saved at path.
func newWorkbook(p programme.Plan, path string) (*workbook, error) {
	w := &workbook{path: path, perSheet: maxSheetRows, f: excelize.NewFile()}
	if err := w.f.SetSheetName(w.f.GetSheetName(0), "Summary"); err != nil {
		return nil, err
	}
	w.header = []any{"claimant_id", "kind", "small", "loss"}
	for _, b := range p.Eligibility().Benefits() {
		w.benefits = append(w.benefits, b.Key)
		w.header = append(w.header, b.Key)
	}
	w.header = append(w.header, "amount", "review", "items")
	return w, w.nextSheet()
}

// nextSheet begins the next sheet of decisions, with its header.
func (w *workbook) nextSheet() error {
	if w.sw != nil {
		if err := w.sw.Flush(); err != nil {
			return err
		}
	}
	w.sheets++
	name := "Decisions"
	if w.sheets > 1 {
		name = fmt.Sprintf("Decisions %d", w.sheets)
	}
	if _, err := w.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	w.sw, w.row = sw, 1
	return sw.SetRow("A1", w.header)
}

// add writes one claimant's decision; the first error is kept.
func (w *workbook) add(c programme.Claim, d programme.Decision) {
	if w.err != nil {
		return
	}
	if w.row == w.perSheet {
		if w.err = w.nextSheet(); w.err != nil {
			return
		}
	}
	row := []any{c.Claimant.ID, string(c.Claimant.Kind), d.Eligibility.Small, number(d.Eligibility.Loss)}
	for _, b := range w.benefits {
		row = append(row, d.Granted(b))
	}
	row = append(row, number(d.Amount()), d.Review, len(d.Items()))
	w.row++
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	w.err = w.sw.SetRow(cell, row)
}

// save writes the summary's sheet, and the workbook to its path.
func (w *workbook) save(s *summary) error {
	if w.err != nil {
		return w.err
	}
	if err := w.sw.Flush(); err != nil {
		return err
	}
	for i, row := range s.table() {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := w.f.SetSheetRow("Summary", cell, &row); err != nil {
			return err
		}
	}
	w.f.SetActiveSheet(0)
	if err := w.f.SaveAs(w.path); err != nil {
		return err
	}
	return w.f.Close()
}

// number is an amount as a cell: a number where a float64 holds it
// exactly (every whole amount below 2^53), else its digits as text, so
// that no cell rounds money.
func number(d decimal.Decimal) any {
	if f, exact := d.Float64(); exact && math.Abs(f) < 1<<53 {
		return f
	}
	return d.String()
}

// table is the summary as rows of cells, for the workbook: the same
// figures as the text summary, numbers as numbers.
func (s *summary) table() [][]any {
	t := s.phrase
	rows := [][]any{
		{t("programme", "프로그램"), s.title}, {t("input", "입력"), s.sourceText()},
		{t("claimants", "신청인"), s.claimants}, {t("reports", "신고"), s.reports}, {t("bad rows", "잘못된 행"), s.bad},
		{t("decided as of", "판단 기준일"), s.at.In(s.zone).Format(time.DateOnly)},
		{}, {t("Intake tally", "접수 현황"), t("count", "건수"), t("share", "비율")},
	}
	for _, r := range s.tally.Rows() {
		share := 0.0
		if r.Share.Of > 0 {
			share = float64(r.Share.N) / float64(r.Share.Of)
		}
		rows = append(rows, []any{r.Text.In(s.lang), r.Share.N, share})
	}
	rows = append(rows, []any{}, []any{t("Entitlements", "지원 대상"), t("claimants granted", "받는 신청인")})
	for i, b := range s.benefits {
		rows = append(rows, []any{s.benefitLabel(b), s.granted[i]})
	}
	for _, c := range s.cash {
		rows = append(rows, []any{}, []any{c.name + t(" bands", " 구간"), t("claimants", "신청인"),
			t("each", "1인당") + " (" + s.currency.Code + ")", t("total", "합계") + " (" + s.currency.Code + ")"})
		for _, b := range c.bands {
			rows = append(rows, []any{b.label, b.claimants, number(b.each), number(b.total)})
		}
	}
	if len(s.cash) > 0 {
		rows = append(rows, []any{t("cash budget", "현금 예산"), s.paid, nil, number(s.budget)})
	}
	rows = append(rows, []any{}, []any{t("Review referrals", "개별 심사 대상"), s.reviews.byBand + s.reviews.byCondition},
		[]any{t("  by a cash band", "  현금 구간에 따라"), s.reviews.byBand}, []any{t("  by eligibility's condition", "  지원 조건에 따라"), s.reviews.byCondition},
		[]any{}, []any{t("Grants issued", "지급한 물품"), t("issued", "지급"), t("cap", "한도")})
	for i, it := range s.items {
		var cap any = t("none", "없음")
		if it.Cap > 0 {
			cap = it.Cap
		}
		rows = append(rows, []any{it.Name.In(s.lang), s.issued[i], cap})
	}
	return rows
}
