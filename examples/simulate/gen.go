package main

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// generate writes n rows of the claims-file schema (CSV), sorted by
// claimant, deterministically: for the Kakao 1015 programme (kakao true)
// with the published intake's mix, for any other with claims that fit
// its declarations (fitting).
func generate(n int, w io.Writer, p programme.Plan, sch *claimsfile.Schema, kakao bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := claimsfile.NewWriter(bw, sch)
	write := func(c programme.Claim) bool { return cw.Write(c) == nil }
	if kakao {
		intake.Generate(n, intake.Seed, write)
	} else {
		fitting(p, n, intake.Seed, write)
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
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
func fitting(p programme.Plan, n int, seed uint64, yield func(programme.Claim) bool) {
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

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
