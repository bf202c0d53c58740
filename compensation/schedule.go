package compensation

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// Band is one band of a [Schedule]: losses above the previous band's bound
// and up to and including UpTo pay Amount. The last band of a schedule is
// Open: it has no upper bound.
//
// The zero Band is not valid on its own.
type Band struct {
	// UpTo is the band's inclusive upper bound in whole won. It must be
	// zero for an Open band.
	UpTo decimal.Decimal `json:"upTo,omitzero"`
	// Open marks the top band, which has no upper bound.
	Open bool `json:"open,omitempty"`
	// Amount is the support the band pays, in whole won.
	Amount decimal.Decimal `json:"amount"`
	// Review refers a case in this band to individual review
	// [P-INTAKE-4] besides paying Amount in the batch.
	Review bool `json:"review,omitempty"`
	// Rule is the policy paragraph the band implements, e.g. "P-CASH-1".
	Rule string `json:"rule,omitempty"`
}

// String describes the band as the policy does: "up to 300,000 won: 30,000 won".
func (b Band) String() string {
	bound := "up to " + FormatWon(b.UpTo) + " won"
	if b.Open {
		bound = "open"
	}
	s := bound + ": " + FormatWon(b.Amount) + " won"
	if b.Review {
		s += ", review"
	}
	return s
}

// Schedule is a validated, immutable band schedule with a per-person cap.
// Build one with [NewSchedule] or [Kakao1015]; a Schedule is a value and
// is safe for concurrent use.
//
// The zero Schedule has no bands: [Schedule.Award] returns [ErrNoBands].
type Schedule struct {
	p *schedule // nil in the zero Schedule; never modified once built
}

type schedule struct {
	bands []Band
	cap   decimal.Decimal
	ctx   []bandContext // see contextsOf
	// scaled holds the bounds (UpTo of every band but the open one)
	// prepared for a loss of each exponent in [-MaxExponent, MaxExponent],
	// at index exponent+MaxExponent: see scaleBounds.
	scaled []scaledBounds
}

// scaledBounds are a schedule's bounds prepared for losses of one decimal
// exponent e, so that banding such a loss compares coefficients only,
// with no rescaling and so no allocation. For e <= 0 a bound b is
// b*10^-e exactly; for e > 0 it is floor(b/10^e), since a loss c*10^e
// with a whole coefficient c is above b exactly when c is above that.
type scaledBounds struct {
	decs []decimal.Decimal // at exponent e
	ints []int64           // the coefficients of decs, or nil if one does not fit an int64
}

// scaleBounds prepares bounds (whole won, exponent 0) for every exponent
// of the amount domain.
func scaleBounds(bounds []decimal.Decimal) []scaledBounds {
	out := make([]scaledBounds, 2*MaxExponent+1)
	for i := range out {
		e := int32(i - MaxExponent)
		sb := scaledBounds{decs: make([]decimal.Decimal, len(bounds)), ints: make([]int64, len(bounds))}
		for j, b := range bounds {
			c := b.BigInt()
			if e <= 0 {
				c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-e)), nil))
			} else {
				c.Quo(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
			}
			sb.decs[j] = decimal.NewFromBigInt(c, e)
			if sb.ints != nil && c.IsInt64() {
				sb.ints[j] = c.Int64()
			} else {
				sb.ints = nil
			}
		}
		out[i] = sb
	}
	return out
}

// NewSchedule returns a schedule of the given bands, lowest first, and a
// per-person cap: no award under the schedule pays more than cap, whatever
// the band says. The first band starts above zero; each band covers the
// losses above the previous band's bound up to its own; no gap is possible.
//
// NewSchedule returns an error, a [*BandError] where one band is at fault,
// if:
//   - there are no bands ([ErrNoBands]);
//   - the cap, an amount or a bound is not whole won ([ErrFractionalWon]);
//   - the cap or an amount is negative ([ErrNegativeAmount]);
//   - a bound is not above the previous one, or the first is not above
//     zero ([ErrBoundOrder]);
//   - an amount is less than the previous band's ([ErrAmountOrder]),
//     unless the band refers to review: its batch amount is an advance on
//     what the review decides, and may be less, zero included;
//   - an open band is not last, or names a bound ([ErrOpenBand]);
//   - the last band is not open ([ErrNoOpenBand]).
func NewSchedule(cap decimal.Decimal, bands ...Band) (Schedule, error) {
	if len(bands) == 0 {
		return Schedule{}, ErrNoBands
	}
	if err := checkRange("cap", cap); err != nil {
		return Schedule{}, err
	}
	if !isWholeWon(cap) {
		return Schedule{}, fmt.Errorf("cap %s won: %w", cap, ErrFractionalWon)
	}
	if cap.Sign() < 0 {
		return Schedule{}, fmt.Errorf("cap %s won: %w", cap, ErrNegativeAmount)
	}
	own := make([]Band, len(bands))
	bounds := make([]decimal.Decimal, 0, len(bands)-1)
	prevBound, prevAmount := decimal.Decimal{}, decimal.Decimal{}
	for i, b := range bands {
		bad := func(err error) (Schedule, error) {
			return Schedule{}, &BandError{Index: i, Band: b, Err: err}
		}
		if err := checkRange("amount", b.Amount); err != nil {
			return bad(err)
		}
		if err := checkRange("bound", b.UpTo); err != nil {
			return bad(err)
		}
		switch {
		case !isWholeWon(b.Amount):
			return bad(fmt.Errorf("amount %s: %w", b.Amount, ErrFractionalWon))
		case b.Amount.Sign() < 0:
			return bad(fmt.Errorf("amount %s: %w", b.Amount, ErrNegativeAmount))
		case i > 0 && !b.Review && b.Amount.Cmp(prevAmount) < 0:
			return bad(fmt.Errorf("%w: %s after %s", ErrAmountOrder, FormatWon(b.Amount), FormatWon(prevAmount)))
		case b.Open && i != len(bands)-1:
			return bad(fmt.Errorf("%w: only the last band may be open", ErrOpenBand))
		case b.Open && !b.UpTo.IsZero():
			return bad(fmt.Errorf("%w: an open band has no bound, got %s", ErrOpenBand, b.UpTo))
		case !b.Open && i == len(bands)-1:
			return bad(ErrNoOpenBand)
		case !b.Open && !isWholeWon(b.UpTo):
			return bad(fmt.Errorf("bound %s: %w", b.UpTo, ErrFractionalWon))
		case !b.Open && b.UpTo.Cmp(prevBound) <= 0:
			return bad(fmt.Errorf("%w: %s is not above %s", ErrBoundOrder, FormatWon(b.UpTo), FormatWon(prevBound)))
		}
		// Bounds are kept at exponent 0 so that comparing them with a
		// whole-won loss never rescales (and so never allocates).
		if !b.Open {
			b.UpTo = decimal.NewFromBigInt(b.UpTo.BigInt(), 0)
			prevBound = b.UpTo
			bounds = append(bounds, b.UpTo)
		}
		prevAmount = b.Amount
		own[i] = b
	}
	return Schedule{&schedule{bands: own, cap: cap, ctx: contextsOf(own, cap), scaled: scaleBounds(bounds)}}, nil
}

// MustNewSchedule is like [NewSchedule] but panics on error. It is for
// tables and tests whose schedule is a literal.
func MustNewSchedule(cap decimal.Decimal, bands ...Band) Schedule {
	s, err := NewSchedule(cap, bands...)
	if err != nil {
		panic(err)
	}
	return s
}

// Options are the parameters of the Kakao 1015 schedule that rest on an
// inference (confidence C).
type Options struct {
	// ReviewAdvance is what a loss over 500,000 won is paid in the batch
	// while its case waits for individual review [P-CASH-1]. That it was
	// paid 50,000 won is an inference (C); zero pays nothing until the
	// review.
	ReviewAdvance decimal.Decimal
}

// DefaultOptions returns the options as the plan is read here: a loss over
// 500,000 won is paid 50,000 won in the batch while it waits for review.
func DefaultOptions() Options {
	// [P-CASH-1] (C) an inference: 50,000 won in the batch above 500,000 won.
	return Options{ReviewAdvance: decimal.NewFromInt(50_000)}
}

// Kakao1015With returns the cash-support schedule of the Kakao 1015 plan
// with the given options. It returns the errors of [NewSchedule] for an
// advance that is negative, not whole won or outside the amount domain.
func Kakao1015With(o Options) (Schedule, error) {
	return NewSchedule(
		// [P-CASH-1] (A) at most 50,000 won a person in the batch programme.
		decimal.NewFromInt(50_000),
		// [P-CASH-1] (A) loss up to and including 300,000 won: 30,000 won.
		Band{UpTo: decimal.NewFromInt(300_000), Amount: decimal.NewFromInt(30_000), Rule: "P-CASH-1"},
		// [P-CASH-1] (A) over 300,000 and up to and including 500,000 won: 50,000 won.
		Band{UpTo: decimal.NewFromInt(500_000), Amount: decimal.NewFromInt(50_000), Rule: "P-CASH-1"},
		// [P-CASH-1] (A) over 500,000 won: the council may consider more after
		// review and proof [P-INTAKE-4]; (C) the batch advance is o's.
		Band{Open: true, Amount: o.ReviewAdvance, Review: true, Rule: "P-CASH-1"},
	)
}

// Kakao1015 returns the cash-support schedule of the Kakao 1015 plan with
// [DefaultOptions].
func Kakao1015() Schedule {
	s, err := Kakao1015With(DefaultOptions())
	if err != nil {
		panic(err) // literals: cannot happen
	}
	return s
}

// Bands returns a copy of the schedule's bands, lowest first.
func (s Schedule) Bands() []Band {
	if s.p == nil {
		return nil
	}
	return append([]Band(nil), s.p.bands...)
}

// Cap returns the per-person cap.
func (s Schedule) Cap() decimal.Decimal {
	if s.p == nil {
		return decimal.Decimal{}
	}
	return s.p.cap
}

// IsValid reports whether s was built by [NewSchedule]; the zero Schedule
// is not valid.
func (s Schedule) IsValid() bool { return s.p != nil }

// schedule is the JSON form of a Schedule.
type scheduleJSON struct {
	Cap   decimal.Decimal `json:"cap"`
	Bands []Band          `json:"bands"`
}

// MarshalJSON encodes the schedule as {"cap": "50000", "bands": [...]},
// amounts as decimal strings.
func (s Schedule) MarshalJSON() ([]byte, error) {
	return json.Marshal(scheduleJSON{Cap: s.Cap(), Bands: s.Bands()})
}

// UnmarshalJSON decodes a schedule written by [Schedule.MarshalJSON] and
// validates it as [NewSchedule] does; an invalid schedule is an error and
// leaves s unchanged.
func (s *Schedule) UnmarshalJSON(data []byte) error {
	var j scheduleJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return fmt.Errorf("decoding schedule: %w", err)
	}
	v, err := NewSchedule(j.Cap, j.Bands...)
	if err != nil {
		return fmt.Errorf("decoding schedule: %w", err)
	}
	*s = v
	return nil
}
