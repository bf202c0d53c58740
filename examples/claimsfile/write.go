package claimsfile

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// A Writer writes claims as a CSV claims file that Read reads back as
// the same claims: a header, then a row a report (or one row for a
// claimant with no report), the claimant's fields repeated on each.
type Writer struct {
	sch *Schema
	cw  *csv.Writer
	col map[int]int // field -> column
	rec []string
	err error
}

// NewWriter returns a Writer of sch's claims file to w; the header is
// written with the first claim, or by Flush where there is none.
func NewWriter(w io.Writer, sch *Schema) *Writer {
	cw := &Writer{sch: sch, cw: csv.NewWriter(w), col: map[int]int{}}
	for f, name := range sch.names {
		if name != "" {
			cw.col[f] = len(cw.col)
		}
	}
	return cw
}

// Write writes one claim's rows: its instants in the schema's zone (RFC
// 3339), its figures with every place they hold ("65.10"). Once a write
// fails, every later one returns the same error.
func (w *Writer) Write(c programme.Claim) error {
	if w.rec == nil {
		w.rec = make([]string, len(w.col))
		w.put(w.sch.Header())
	}
	claimed := ""
	if !c.ClaimedAt.IsZero() {
		claimed = c.ClaimedAt.In(w.sch.zone).Format(time.RFC3339)
	}
	if len(c.Reports) == 0 {
		w.row(c.Claimant, nil)
		w.rec[w.col[fClaimed]] = claimed
		w.put(w.rec)
	}
	for i := range c.Reports {
		w.row(c.Claimant, &c.Reports[i])
		w.rec[w.col[fClaimed]] = claimed
		w.put(w.rec)
	}
	return w.err
}

// Flush writes what is buffered to the underlying writer, and returns the
// first error of any write.
func (w *Writer) Flush() error {
	if w.rec == nil {
		w.rec = make([]string, len(w.col))
		w.put(w.sch.Header())
	}
	w.cw.Flush()
	if w.err == nil {
		w.err = w.cw.Error()
	}
	return w.err
}

func (w *Writer) put(rec []string) {
	if w.err == nil {
		w.err = w.cw.Write(rec)
	}
}

// row fills w.rec with one report of a claim (r nil: the claimant alone).
func (w *Writer) row(cl eligibility.Claimant, r *eligibility.Report) {
	clear(w.rec)
	set := func(f int, s string) { w.rec[w.col[f]] = s }
	set(fClaimant, cl.ID)
	set(fKind, string(cl.Kind))
	for i, f := range w.sch.attrs {
		set(f, strconv.FormatBool(cl.Has(w.sch.attrKeys[i])))
	}
	for i, f := range w.sch.bases {
		if v, ok := cl.Bases[w.sch.baseKeys[i]]; ok {
			set(f, places(v))
		}
	}
	if r != nil {
		set(fReport, r.ID)
		set(fFiled, r.FiledAt.In(w.sch.zone).Format(time.RFC3339))
		set(fOperator, r.Operator)
		set(fService, r.Service)
		set(fPaid, strconv.FormatBool(r.Paid))
		set(fMoneyLost, strconv.FormatBool(r.MoneyLost))
		if !r.Loss.IsZero() {
			set(fLoss, places(r.Loss))
		}
	}
	if b := cl.Business; b != nil {
		set(fSector, string(b.Sector))
		set(fWorkers, strconv.Itoa(b.RegularWorkers))
		set(fSales, b.AverageSales.String())
		if b.Executives > 0 {
			set(fExecutives, strconv.Itoa(b.Executives))
		}
		if b.DayWorkers > 0 {
			set(fDayWorkers, strconv.Itoa(b.DayWorkers))
		}
		hours := make([]string, len(b.PartTimeHours))
		for i, h := range b.PartTimeHours {
			hours[i] = strconv.Itoa(h)
		}
		set(fPartTime, strings.Join(hours, ";"))
	}
}

// places writes d with as many decimal places as its exponent has.
func places(d decimal.Decimal) string { return d.StringFixed(max(0, -d.Exponent())) }
