package compensation

import (
	"fmt"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// Case is one claimant's assessed loss, for comparing schedules.
type Case struct {
	ID   string
	Loss decimal.Decimal
}

// Payout is the part of an award a policy change can alter: what it
// pays, in which band, and whether it goes to review.
type Payout struct {
	Amount string // whole won, as a decimal string
	Band   string // the band as the policy writes it
	Review bool
}

func payoutOf(a Award) Payout {
	o := Payout{Amount: a.Amount.String(), Band: "no loss", Review: a.Review}
	over, upTo, open := a.Bounds()
	switch {
	case a.BandIndex() == NoBand:
	case open:
		o.Band = fmt.Sprintf("over %s", FormatWon(over))
	default:
		o.Band = fmt.Sprintf("over %s up to %s", FormatWon(over), FormatWon(upTo))
	}
	return o
}

// Change is a case whose outcome differs between two schedules.
type Change struct {
	ID            string
	Before, After Award
	// Diff is the difference of the two outcomes as go-cmp renders it,
	// (-before +after).
	Diff string
}

// Comparison is what a change of schedule does to a set of cases.
type Comparison struct {
	// Cases is how many cases were compared; Changed lists those whose
	// outcome differs, in the order given.
	Cases   int
	Changed []Change
	// TotalBefore and TotalAfter are the sums paid; Cost is After less
	// Before (negative where the change saves money).
	TotalBefore, TotalAfter, Cost decimal.Decimal
	// ReviewsBefore and ReviewsAfter count the referrals to review.
	ReviewsBefore, ReviewsAfter int
}

// Compare awards every case under both schedules and reports the cases
// whose outcome changed and what the change costs. It returns the first
// error of [Schedule.Award], naming the case.
func Compare(before, after Schedule, cases []Case) (Comparison, error) {
	c := Comparison{Cases: len(cases)}
	for _, k := range cases {
		b, err := before.Award(k.Loss)
		if err != nil {
			return Comparison{}, fmt.Errorf("case %q before: %w", k.ID, err)
		}
		a, err := after.Award(k.Loss)
		if err != nil {
			return Comparison{}, fmt.Errorf("case %q after: %w", k.ID, err)
		}
		c.TotalBefore = c.TotalBefore.Add(b.Amount)
		c.TotalAfter = c.TotalAfter.Add(a.Amount)
		if b.Review {
			c.ReviewsBefore++
		}
		if a.Review {
			c.ReviewsAfter++
		}
		if ob, oa := payoutOf(b), payoutOf(a); ob != oa {
			c.Changed = append(c.Changed, Change{ID: k.ID, Before: b, After: a, Diff: cmp.Diff(ob, oa)})
		}
	}
	c.Cost = c.TotalAfter.Sub(c.TotalBefore)
	return c, nil
}
