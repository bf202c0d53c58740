package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// generate writes n rows of the claims-file schema (CSV), sorted by
// claimant, deterministically: for the Kakao 1015 programme (kakao true)
// with the published intake's mix, for any other with claims that fit
// its declarations (fitting).
func generate(n int, w io.Writer, p programme.Programme, sch *schema, kakao bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	header := sch.header()
	if err := cw.Write(header); err != nil {
		return err
	}
	col := map[int]int{} // field -> column
	for f, name := range sch.names {
		if name != "" {
			col[f] = len(col)
		}
	}
	rec := make([]string, len(header))
	var werr error
	write := func(c programme.Claim) bool {
		if len(c.Reports) == 0 {
			claimRow(c, nil, rec, sch, col, p.Zone())
			werr = cw.Write(rec)
			return werr == nil
		}
		for i := range c.Reports {
			claimRow(c, &c.Reports[i], rec, sch, col, p.Zone())
			if werr = cw.Write(rec); werr != nil {
				return false
			}
		}
		return true
	}
	if kakao {
		intake.Generate(n, intake.Seed, write)
	} else {
		fitting(p, n, intake.Seed, write)
	}
	if werr != nil {
		return werr
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// claimRow writes one report of a claim (r nil: the claimant alone) as a
// row of the claims file, col giving each field's column: its instants in
// zone, its figures with every place they were drawn with ("65.10").
func claimRow(c programme.Claim, r *eligibility.Report, rec []string, sch *schema, col map[int]int, zone *time.Location) {
	cl := c.Claimant
	for i := range rec {
		rec[i] = ""
	}
	set := func(f int, s string) { rec[col[f]] = s }
	set(fClaimant, cl.ID)
	set(fKind, string(cl.Kind))
	for i, f := range sch.attrs {
		set(f, strconv.FormatBool(cl.Has(sch.attrKeys[i])))
	}
	for i, f := range sch.bases {
		if v, ok := cl.Bases[sch.baseKeys[i]]; ok {
			set(f, places(v))
		}
	}
	if r != nil {
		set(fReport, r.ID)
		set(fFiled, r.FiledAt.In(zone).Format(time.RFC3339))
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

// fitting generates about n reports (or claimants, where the programme
// takes no reports) of claimants that fit p's declarations, in order of
// their IDs, deterministically for a seed: a kind drawn from the declared
// ones; each attribute held at even odds; each base drawn (money from 10
// to 100,000 of a currency without minor units, to 200 of one with them;
// a count from 0 to 10); a small business's
// profile for a kind declared Small; and, where a window admits the kind,
// one report or two filed in it about the operator, a loss drawn for
// about half. It stops early when yield returns false.
func fitting(p programme.Programme, n int, seed uint64, yield func(programme.Claim) bool) {
	rng := rand.New(rand.NewPCG(seed, 2021))
	pol := p.Eligibility()
	kinds, attrs, bases := pol.Kinds(), pol.Attributes(), pol.Bases()
	windows := pol.Config().Windows
	operator, _ := pol.Operators()
	cur := p.Currency()
	money := func(lo, hi int64) decimal.Decimal {
		units := lo + rng.Int64N(hi-lo+1)
		minor := rng.Int64N(pow10(cur.Minor))
		return decimal.New(units*pow10(cur.Minor)+minor, -int32(cur.Minor))
	}
	// A fee from 10 to 100,000 and a loss from 1 to 1,000,000 of a
	// currency without minor units (won, yen); of one with them (dollars,
	// euros), up to 200 and 2,000.
	feeTop, lossTop := int64(100_000), int64(1_000_000)
	if cur.Minor > 0 {
		feeTop, lossTop = 200, 2_000
	}
	rows := 0
	for c := 1; rows < n; c++ {
		k := kinds[rng.IntN(len(kinds))]
		cl := eligibility.Claimant{ID: "c" + strconv.Itoa(100000000 + c)[1:], Kind: k.Key}
		for _, a := range attrs {
			if rng.IntN(2) == 0 {
				cl.Attributes = append(cl.Attributes, a.Key)
			}
		}
		for _, b := range bases {
			if cl.Bases == nil {
				cl.Bases = map[string]decimal.Decimal{}
			}
			if b.Unit.IsZero() {
				cl.Bases[b.Key] = money(10, feeTop)
			} else {
				cl.Bases[b.Key] = decimal.NewFromInt(rng.Int64N(11))
			}
		}
		if k.Small {
			cl.Business = &eligibility.Business{Sector: eligibility.FoodService, RegularWorkers: rng.IntN(6),
				AverageSales: decimal.NewFromInt(int64(30+rng.IntN(1200)) * 1_000_000)}
		}
		claim := programme.Claim{Claimant: cl}
		var open []eligibility.Window
		for _, w := range windows {
			if w.Admits(k.Key) && !w.ExistingOnly {
				open = append(open, w)
			}
		}
		if len(open) > 0 {
			for i := range 1 + rng.IntN(2) {
				w := open[rng.IntN(len(open))]
				r := eligibility.Report{ID: cl.ID + "-" + strconv.Itoa(i+1), Operator: operator.Key,
					FiledAt: w.Opens.Add(time.Duration(rng.Int64N(int64(w.Closes.Sub(w.Opens)))))}
				if rng.IntN(2) == 0 {
					r.MoneyLost, r.Loss = true, money(1, lossTop)
				}
				claim.Reports = append(claim.Reports, r)
				rows++
			}
		} else {
			rows++
		}
		if !yield(claim) {
			return
		}
	}
}

// places writes d with as many decimal places as its exponent has.
func places(d decimal.Decimal) string { return d.StringFixed(max(0, -d.Exponent())) }

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
