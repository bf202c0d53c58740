package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// summary is what a run of the programme found.
type summary struct {
	name      string // the programme's
	currency  compensation.Currency
	zone      *time.Location
	source    string
	embedded  bool // the embedded intake, whose counts are the published ones
	at        time.Time
	claimants int
	reports   int
	bad       int
	tally     *eligibility.Tally
	tallyTags string                // the policy's tags for the tally: its operator's and its kind's
	benefits  []eligibility.Benefit // the policy's, in its order
	granted   []int                 // claimants granted, by benefit index
	cash      []cashRows            // each cash benefit's bands
	paid      int
	budget    decimal.Decimal
	reviews   struct{ byBand, byCondition int }
	items     []grants.Item
	issued    []int64
	itemsFor  [][]int // by benefit index: indices in items
	soldOut   int
}

// cashRows are one cash benefit's band table.
type cashRows struct {
	benefit  string
	name     string
	schedule compensation.Schedule
	bands    []bandRow
}

type bandRow struct {
	label     string
	claimants int
	each      decimal.Decimal
	total     decimal.Decimal
}

func newSummary(p programme.Plan, at time.Time) *summary {
	s := &summary{at: at, tally: p.Eligibility().NewTally(), items: p.Catalogue().Items(), benefits: p.Eligibility().Benefits(),
		name: p.Config().Name.In("en"), currency: p.Currency(), zone: p.Zone()}
	tags := p.Eligibility().Config().Tags
	s.tallyTags = tags.Operator
	if tags.Kind != "" && tags.Kind != tags.Operator {
		s.tallyTags += ", " + tags.Kind
	}
	s.issued = make([]int64, len(s.items))
	s.granted = make([]int, len(s.benefits))
	s.itemsFor = make([][]int, len(s.benefits))
	for i, b := range s.benefits {
		for _, it := range p.ItemsFor(b.Key) {
			s.itemsFor[i] = append(s.itemsFor[i], slices.IndexFunc(s.items, func(x grants.Item) bool { return x.ID == it.ID }))
		}
		sc, ok := p.Schedule(b.Key)
		if !ok {
			continue
		}
		name := b.Name.In("en")
		if name != "" && name[0] >= 'a' && name[0] <= 'z' {
			name = string(name[0]-'a'+'A') + name[1:]
		}
		rows := cashRows{benefit: b.Key, name: name, schedule: sc}
		bands := sc.Bands()
		rows.bands = make([]bandRow, len(bands))
		for i, band := range bands {
			rows.bands[i] = bandRow{label: bandLabel(sc, bands, i), each: band.Amount}
			if !sc.Cap().IsZero() {
				rows.bands[i].each = decimal.Min(band.Amount, sc.Cap())
			}
		}
		s.cash = append(s.cash, rows)
	}
	return s
}

// bandLabel is band i of s for the summary: "up to 300,000 won",
// "over 2 up to 4 days"; a band of a share says what it is a share of.
func bandLabel(s compensation.Schedule, bands []compensation.Band, i int) string {
	m := s.Measure()
	unit := " " + m.Unit.In("en")
	if m.Unit.IsZero() {
		unit = " " + strings.ToLower(s.Currency().Code)
		if s.Currency() == compensation.KRW {
			unit = " won"
		}
	}
	over := "0"
	if i > 0 {
		over = commas(bands[i-1].UpTo)
	}
	label := fmt.Sprintf("over %s up to %s%s", over, commas(bands[i].UpTo), unit)
	switch {
	case m.Of == "" && bands[i].Share != nil:
		return "a share of " + bands[i].Share.Base
	case m.Of == "":
		label = "every claimant"
	case bands[i].Open:
		label = fmt.Sprintf("over %s%s", over, unit)
	case i == 0:
		label = fmt.Sprintf("up to %s%s", commas(bands[i].UpTo), unit)
	}
	if bands[i].Share != nil {
		label += " (" + bands[i].Share.Times.String() + "/" + bands[i].Share.Per.String() + " of " + bands[i].Share.Base + ")"
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
	// Every table's first column is as wide as its longest label.
	label := column(s.labels())
	p("relief simulate: %s\n", s.name)
	p("input:      %s\n", s.source)
	p("claimants:  %s   reports: %s   bad rows: %s   decided as of %s %s\n",
		count(s.claimants), count(s.reports), count(s.bad), s.at.In(s.zone).Format(time.DateOnly), s.at.In(s.zone).Format("MST"))
	if s.bad > 0 {
		p("            %s input lines not read as rows: each bad row is its own line, listed on standard error\n", count(s.bad))
	}
	p("\n")

	p("Intake tally [%s]\n", s.tallyTags)
	if s.embedded {
		p("  %s %10s %8s  %s\n", label("reports"), "count", "share", "source")
	} else {
		p("  %s %10s %8s\n", label("reports"), "count", "share")
	}
	for _, r := range s.tally.Rows() {
		switch {
		case s.embedded && r.Routed:
			p("  %s %10s %8s  %s\n", label(r.Label), count(r.Share.N), r.Share, "synthetic")
		case s.embedded:
			p("  %s %10s %8s  %s\n", label(r.Label), count(r.Share.N), r.Share, "published")
		default:
			p("  %s %10s %8s\n", label(r.Label), count(r.Share.N), r.Share)
		}
	}
	p("  (shares of received for the operator and affiliates, of its cases below it;\n")
	p("   exact, rounded half up for display)\n")
	if s.embedded {
		p("  (the published counts: 87,195 of 105,116 is 83.0%%, announced as 83.1%%; only the\n")
		p("   affiliates' total was published, so their split is the generator's)\n")
	}
	p("\n")

	if s.embedded {
		p("Everything below is synthetic: the intake's claimants, their losses and so the\n")
		p("entitlements, the bands and the cash budget are the generator's, not real claims.\n\n")
	}
	p("Entitlements (claimants granted)\n")
	for i, b := range s.benefits {
		p("  %s %10s\n", label(b.Key), count(s.granted[i]))
	}
	p("\n")

	code := s.currency.Code
	for _, c := range s.cash {
		rule := c.schedule.Config().Rule
		p("%s bands [%s]\n", c.name, rule)
		p("  %s %10s %12s %16s\n", label("band"), "claimants", "each ("+code+")", "total ("+code+")")
		for _, b := range c.bands {
			each := s.currency.Digits(b.each)
			if b.each.IsZero() && len(c.bands) == 1 {
				each = "a share"
			}
			p("  %s %10s %12s %16s\n", label(b.label), count(b.claimants), each, s.currency.Digits(b.total))
		}
	}
	if len(s.cash) > 0 {
		p("  %s %10s %12s %16s\n", label("cash budget"), count(s.paid), "", s.currency.Digits(s.budget))
	}
	p("Review referrals: %s (by a cash band: %s; by eligibility's condition: %s)\n\n",
		count(s.reviews.byBand+s.reviews.byCondition), count(s.reviews.byBand), count(s.reviews.byCondition))

	p("Grants issued (to these claimants only, counted against their caps in claim order)\n")
	p("  %s %10s %12s\n", label("item"), "issued", "cap")
	for i, it := range s.items {
		capText := "none"
		if it.Cap > 0 {
			capText = commas(decimal.NewFromInt(it.Cap))
		}
		p("  %s %10s %12s\n", label(it.Name.In("en")), commas(decimal.NewFromInt(s.issued[i])), capText)
	}
	if s.soldOut > 0 {
		p("  claims refused, sold out: %s\n", count(s.soldOut))
	}
}

// labels are the summary's first-column labels.
func (s *summary) labels() []string {
	var out []string
	for _, r := range s.tally.Rows() {
		out = append(out, r.Label)
	}
	for _, b := range s.benefits {
		out = append(out, b.Key)
	}
	for _, c := range s.cash {
		for _, b := range c.bands {
			out = append(out, b.label)
		}
	}
	for _, it := range s.items {
		out = append(out, it.Name.In("en"))
	}
	return out
}

// column pads a table's first column to 34 characters, or to the longest
// of its labels.
func column(labels []string) func(string) string {
	w := 34
	for _, l := range labels {
		w = max(w, utf8.RuneCountInString(l))
	}
	return func(l string) string { return l + strings.Repeat(" ", max(0, w-utf8.RuneCountInString(l))) }
}
