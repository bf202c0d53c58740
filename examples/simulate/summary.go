package main

import (
	"fmt"
	"io"
	"slices"
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
	embedded  bool // the embedded intake, whose counts are the published ones
	at        time.Time
	claimants int
	reports   int
	bad       int
	tally     *eligibility.Tally
	granted   [eligibility.IndividualReview + 1]int // claimants granted, by Benefit
	bands     []bandRow
	paid      int
	budget    decimal.Decimal
	reviews   struct{ small, enterprise int }
	items     []grants.Item
	issued    []int64
	itemsFor  [eligibility.IndividualReview + 1][]int // by Benefit: indices in items
	soldOut   int
}

type bandRow struct {
	label     string
	claimants int
	each      decimal.Decimal
	total     decimal.Decimal
}

func newSummary(p programme.Programme, at time.Time) *summary {
	s := &summary{at: at, tally: p.Eligibility().NewTally(), items: p.Catalogue().Items()}
	s.issued = make([]int64, len(s.items))
	for _, b := range eligibility.Benefits() {
		for _, id := range p.ItemsFor(b) {
			s.itemsFor[b] = append(s.itemsFor[b], slices.IndexFunc(s.items, func(it grants.Item) bool { return it.ID == id }))
		}
	}
	bands := p.Cash().Bands()
	s.bands = make([]bandRow, len(bands))
	for i, b := range bands {
		s.bands[i] = bandRow{label: bandLabel(bands, i), each: decimal.Min(b.Amount, p.Cash().Cap())}
	}
	return s
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
		count(s.claimants), count(s.reports), count(s.bad), s.at.In(kst).Format(time.DateOnly))

	p("Intake tally [P-INTAKE-1, P-INTAKE-2]\n")
	p("  %-34s %10s %8s\n", "reports", "count", "share")
	for _, r := range s.tally.Rows() {
		p("  %-34s %10s %8s\n", r.Label, count(r.Share.N), r.Share)
	}
	p("  (shares of received for the operator and affiliates, of %s cases below it;\n", eligibility.Kakao)
	p("   exact, rounded half up for display)\n")
	if s.embedded {
		p("  (the published counts: 87,195 of 105,116 is 83.0%%, announced as 83.1%%)\n")
	}
	p("\n")

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

	p("Grants issued (to these claimants only, counted against their caps in claim order;\n")
	p("the heart package went to every domestic user)\n")
	p("  %-34s %10s %12s\n", "item", "issued", "cap")
	for i, it := range s.items {
		capText := "none"
		if it.Cap > 0 {
			capText = commas(decimal.NewFromInt(it.Cap))
		}
		p("  %-34s %10s %12s\n", it.Name, commas(decimal.NewFromInt(s.issued[i])), capText)
	}
	if s.soldOut > 0 {
		p("  claims refused, sold out: %s\n", count(s.soldOut))
	}
}
