package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// summary is what a run of the programme found.
type summary struct {
	source    string
	at        time.Time
	claimants int
	reports   int
	bad       []badRow
	tally     *eligibility.Tally
	granted   map[eligibility.Benefit]int
	bands     []bandRow
	paid      int
	budget    decimal.Decimal
	reviews   struct{ small, enterprise int }
	items     []grants.Item
	issued    map[string]int64
	soldOut   int
}

type bandRow struct {
	label     string
	claimants int
	each      decimal.Decimal
	total     decimal.Decimal
}

// simulate decides every claim on the date at, issues the grants through
// a fresh memory ledger, and sums it all up. A claim the programme refuses
// as bad input (an unknown sector, say) is counted as a bad row at the
// claimant's first line and left out. With decisions non-nil, it also
// writes one JSON line per claimant to it.
func simulate(p programme.Programme, in input, at time.Time, decisions io.Writer) (*summary, error) {
	s := &summary{at: at, bad: in.bad, tally: p.Eligibility().NewTally(),
		granted: map[eligibility.Benefit]int{}, issued: map[string]int64{}, items: p.Catalogue().Items()}
	bands := p.Cash().Bands()
	s.bands = make([]bandRow, len(bands))
	for i, b := range bands {
		s.bands[i] = bandRow{label: bandLabel(bands, i), each: decimal.Min(b.Amount, p.Cash().Cap())}
	}
	ledger := grants.NewMemoryLedger()
	ctx := context.Background()
	var enc *json.Encoder
	if decisions != nil {
		enc = json.NewEncoder(decisions)
	}
	for i, c := range in.claims {
		d, err := p.Decide(c, at)
		if err != nil {
			line := 0
			if i < len(in.lines) {
				line = in.lines[i]
			}
			s.bad = append(s.bad, badRow{line, err.Error()})
			continue
		}
		s.claimants++
		s.reports += len(c.Reports)
		for _, r := range c.Reports {
			if err := s.tally.Add(c.Claimant.Kind, r); err != nil {
				return nil, err // Decide has checked every report already
			}
		}
		for _, b := range eligibility.Benefits() {
			if d.Granted(b) {
				s.granted[b]++
			}
		}
		if d.Paid {
			row := &s.bands[d.Award.Band]
			row.claimants++
			row.total = row.total.Add(d.Award.Amount)
			s.paid++
			s.budget = s.budget.Add(d.Award.Amount)
		}
		switch {
		case !d.Review:
		case c.Claimant.Kind == eligibility.Enterprise:
			s.reviews.enterprise++
		default:
			s.reviews.small++
		}
		for _, id := range d.Grants {
			it, _ := p.Item(id)
			_, err := it.Claim(ctx, ledger, c.Claimant.ID, claimTime(it.Window, i))
			switch {
			case errors.Is(err, grants.ErrSoldOut):
				s.soldOut++
			case err != nil:
				return nil, err
			}
		}
		if enc != nil {
			if err := enc.Encode(d.Record()); err != nil {
				return nil, err
			}
		}
	}
	for _, it := range s.items {
		n, err := ledger.Issued(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		s.issued[it.ID] = n
	}
	return s, nil
}

// claimTime spreads the claimants' claims over an item's claim window,
// one a second from its opening, in the claimants' order.
func claimTime(w grants.ClaimWindow, i int) time.Time {
	span := time.Duration(i) * time.Second
	if !w.Closes.IsZero() {
		span %= w.Closes.Sub(w.Opens)
	}
	return w.Opens.Add(span)
}

func bandLabel(bands []compensation.Band, i int) string {
	over := "0"
	if i > 0 {
		over = commas(bands[i-1].UpTo)
	}
	label := fmt.Sprintf("over %s up to %s won", over, commas(bands[i].UpTo))
	switch {
	case bands[i].Open:
		label = fmt.Sprintf("over %s won", over)
	case i == 0:
		label = fmt.Sprintf("up to %s won", commas(bands[i].UpTo))
	}
	if bands[i].Review {
		label += " (review)"
	}
	return label
}

// commas writes an amount with a comma between groups of three digits.
func commas(d decimal.Decimal) string { return compensation.FormatWon(d) }

func count(n int) string { return commas(decimal.NewFromInt(int64(n))) }

// write prints the summary as tables.
func (s *summary) write(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("relief simulate: the Kakao 1015 programme\n")
	p("input:      %s\n", s.source)
	p("claimants:  %s   reports: %s   bad rows: %s   decided as of %s KST\n\n",
		count(s.claimants), count(s.reports), count(len(s.bad)), s.at.In(kst).Format(time.DateOnly))

	p("Intake tally [P-INTAKE-1, P-INTAKE-2]\n")
	p("  %-34s %10s %8s\n", "reports", "count", "share")
	for _, r := range s.tally.Rows() {
		p("  %-34s %10s %8s\n", r.Label, count(r.Share.N), r.Share)
	}
	p("  (shares of received for the operator and affiliates, of %s cases below it;\n", eligibility.Kakao)
	p("   exact, rounded half up for display: 87,195 of 105,116 is 83.0%%, announced as 83.1%%)\n\n")

	p("Entitlements (claimants granted)\n")
	for _, b := range eligibility.Benefits() {
		p("  %-34s %10s\n", b, count(s.granted[b]))
	}
	p("\n")

	p("Cash support bands [P-CASH-1]\n")
	p("  %-34s %10s %12s %16s\n", "band", "claimants", "each (won)", "total (won)")
	for _, b := range s.bands {
		p("  %-34s %10s %12s %16s\n", b.label, count(b.claimants), commas(b.each), commas(b.total))
	}
	p("  %-34s %10s %12s %16s\n", "cash budget", count(s.paid), "", commas(s.budget))
	p("Review referrals [P-INTAKE-4]: %s (small businesses over 500,000 won: %s; mid/large companies: %s)\n\n",
		count(s.reviews.small+s.reviews.enterprise), count(s.reviews.small), count(s.reviews.enterprise))

	p("Grants issued (to these claimants only; the heart package went to every domestic user)\n")
	p("  %-34s %10s %12s\n", "item", "issued", "cap")
	for _, it := range s.items {
		capText := "none"
		if it.Cap > 0 {
			capText = commas(decimal.NewFromInt(it.Cap))
		}
		p("  %-34s %10s %12s\n", it.Name, commas(decimal.NewFromInt(s.issued[it.ID])), capText)
	}
	if s.soldOut > 0 {
		p("  claims refused, sold out: %s\n", count(s.soldOut))
	}
}
