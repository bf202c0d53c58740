package eligibility

import (
	"cmp"
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// Share is a count out of a total. Its exact value is N/Of; it is rounded
// only for display, half up, by [Share.String].
type Share struct {
	N, Of int
}

// Percent returns the share in percent rounded half up to places decimal
// places. DivRound divides exactly before it rounds, so there is no float
// and no dependence on decimal.DivisionPrecision. A share of nothing is 0.
func (s Share) Percent(places int32) decimal.Decimal {
	if s.Of == 0 {
		return decimal.Decimal{}
	}
	return decimal.NewFromInt(100*int64(s.N)).DivRound(decimal.NewFromInt(int64(s.Of)), places)
}

// String writes the share as a percentage with one decimal place, half
// up: 87,195 of 105,116 is "83.0%".
func (s Share) String() string { return s.Percent(1).StringFixed(1) + "%" }

// Tally counts damage reports in the shape the council published
// [P-INTAKE-1, P-INTAKE-2]: all received, by operator, the programme
// operator's own cases, and among those, by claimant kind, about paid
// services, about free services with money lost, and with no money lost.
// Build one with [Policy.NewTally] and feed it with [Tally.Add]. A Tally
// is not safe for concurrent use. The zero Tally has no policy to route
// by: its Add returns [ErrConfig].
type Tally struct {
	policy Policy
	// Received counts every report; ByOperator by the operator it was
	// routed to.
	Received   int
	ByOperator map[string]int
	// Cases counts the programme operator's own cases; the counts below
	// are of those.
	Cases         int
	ByKind        map[Kind]int
	Paid          int
	FreeMoneyLost int
	NoMoneyLost   int
}

// NewTally returns an empty tally that routes reports by p.
func (p Policy) NewTally() *Tally {
	return &Tally{policy: p, ByOperator: map[string]int{}, ByKind: map[Kind]int{}}
}

// Add counts one report filed by a claimant of kind k. A report about a
// paid service counts as paid whatever MoneyLost says. It returns the
// error of [Policy.Route] for an unknown operator, and [ErrUnknownKind]
// for an invalid kind, and then counts nothing.
func (t *Tally) Add(k Kind, r Report) error {
	to, affiliate, err := t.policy.Route(r.Operator)
	if err != nil {
		return fmt.Errorf("report %q: %w", clip(r.ID), err)
	}
	if t.policy.p == nil {
		return fmt.Errorf("%w: zero Tally", ErrConfig)
	}
	if _, ok := t.policy.Kind(k); !ok {
		return fmt.Errorf("report %q: %w: %q", clip(r.ID), ErrUnknownKind, clip(string(k)))
	}
	if t.ByOperator == nil {
		t.ByOperator, t.ByKind = map[string]int{}, map[Kind]int{}
	}
	t.Received++
	t.ByOperator[to]++
	if affiliate {
		return nil
	}
	t.Cases++
	t.ByKind[k]++
	switch {
	case r.Paid:
		t.Paid++
	case r.MoneyLost:
		t.FreeMoneyLost++
	default:
		t.NoMoneyLost++
	}
	return nil
}

// Row is one line of a tally table.
type Row struct {
	// Label is the row's label in English ("received", "  by general");
	// Text has it in Korean and English, with the policy's own names of
	// its operator, kinds and affiliates.
	Label string
	Share Share
	// Routed marks a row of the reports routed to one affiliate.
	Routed bool
	Text   Text
}

// Rows lays the tally out as the council did: the operator's cases out of
// all received, then each figure out of those cases, then the reports
// routed to each affiliate out of all received.
func (t *Tally) Rows() []Row {
	op, affiliates := t.policy.Operators()
	own := op.Key
	row := func(en, ko string, sh Share) Row { return Row{Label: en, Share: sh, Text: Text{Ko: ko, En: en}} }
	rows := []Row{
		row("received", "접수", Share{t.Received, t.Received}),
		row(own+" cases", op.Name.In(Korean)+" 자체 건", Share{t.Cases, t.Received}),
	}
	for _, k := range t.policy.Kinds() {
		rows = append(rows, row("  by "+string(k.Key), "  "+k.Name.In(Korean), Share{t.ByKind[k.Key], t.Cases}))
	}
	rows = append(rows,
		row("  paid services", "  유료 서비스", Share{t.Paid, t.Cases}),
		row("  free services, money lost", "  무료 서비스, 금전 피해", Share{t.FreeMoneyLost, t.Cases}),
		row("  no money lost", "  금전 피해 없음", Share{t.NoMoneyLost, t.Cases}),
	)
	names := map[string]string{}
	for _, a := range affiliates {
		names[a.Key] = a.Name.In(Korean)
	}
	var ops []string
	for op := range t.ByOperator {
		if op != own {
			ops = append(ops, op)
		}
	}
	sort.Strings(ops)
	for _, op := range ops {
		r := row("routed to "+op, cmp.Or(names[op], op)+" 이관", Share{t.ByOperator[op], t.Received})
		r.Routed = true
		rows = append(rows, r)
	}
	return rows
}

// String renders the tally as a table: label, count, share.
func (t *Tally) String() string {
	var out []byte
	for _, r := range t.Rows() {
		out = fmt.Appendf(out, "%-30s %9d %7s\n", r.Label, r.Share.N, r.Share)
	}
	return string(out)
}
