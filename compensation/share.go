package compensation

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/outagerelief/relief/strictjson"
	"github.com/shopspring/decimal"
)

// Share is an amount that is a share of a base the claimant carries (a
// monthly fee, an average bill): the base times Times, divided by Per,
// exactly, then rounded as the schedule's [Rounding] says. The fee for 15
// hours of a 720-hour month is {Base: "monthly-fee", Times: 15, Per: 720};
// three months' fee is {Base: "monthly-fee", Times: 3, Per: 1}.
type Share struct {
	// Base is the key of the base, as the claimant's bases name it.
	Base string `json:"base"`
	// Times and Per are positive, within the amount domain.
	Times decimal.Decimal `json:"times"`
	Per   decimal.Decimal `json:"per"`
	// Name names the base for the texts: {"월정액", "monthly fee"}; the
	// key where it is empty.
	Name Text `json:"name,omitzero"`
}

// check returns an error unless s is a share.
func (s Share) check(what string) error {
	if s.Base == "" {
		return fmt.Errorf("%s: %w: no base", what, ErrShare)
	}
	for _, v := range []struct {
		name string
		d    decimal.Decimal
	}{{"times", s.Times}, {"per", s.Per}} {
		if err := checkRange(what+" "+v.name, v.d); err != nil {
			return err
		}
		if v.d.Sign() <= 0 {
			return fmt.Errorf("%s: %w: %s %s is not above zero", what, ErrShare, v.name, v.d)
		}
	}
	return nil
}

// String writes the share: "15/720 of monthly-fee".
func (s Share) String() string { return s.Times.String() + "/" + s.Per.String() + " of " + s.Base }

// RoundingMode is how a share is rounded to the schedule's step.
type RoundingMode uint8

// The rounding modes. The zero RoundingMode is not valid.
const (
	RoundDown     RoundingMode = iota + 1 // towards zero: 1,041.67 to the won is 1,041
	RoundUp                               // away from zero: 1,041.01 is 1,042
	RoundHalfUp                           // to the nearest, a half away from zero
	RoundHalfEven                         // to the nearest, a half to the even step
)

var roundingNames = [...]string{RoundDown: "down", RoundUp: "up", RoundHalfUp: "half-up", RoundHalfEven: "half-even"}

// String returns the mode's name: "down", "up", "half-up", "half-even".
func (m RoundingMode) String() string {
	if m >= RoundDown && m <= RoundHalfEven {
		return roundingNames[m]
	}
	return fmt.Sprintf("RoundingMode(%d)", uint8(m))
}

// MarshalText encodes the mode by name.
func (m RoundingMode) MarshalText() ([]byte, error) {
	if m < RoundDown || m > RoundHalfEven {
		return nil, fmt.Errorf("%w: rounding mode %d", ErrRounding, uint8(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText decodes a mode by name.
func (m *RoundingMode) UnmarshalText(b []byte) error {
	for v := RoundDown; v <= RoundHalfEven; v++ {
		if roundingNames[v] == string(b) {
			*m = v
			return nil
		}
	}
	return fmt.Errorf("%w: mode %q (want down, up, half-up or half-even)", ErrRounding, clip(string(b)))
}

// Rounding is the named point where a share becomes an amount: to a
// multiple of Step (1 won, 10 won, 0.01 AUD), in Mode.
type Rounding struct {
	Step decimal.Decimal `json:"step"`
	Mode RoundingMode    `json:"mode"`
}

// IsZero reports whether r names no rounding.
func (r Rounding) IsZero() bool { return r.Step.IsZero() && r.Mode == 0 }

// check returns an error unless r is a rounding for currency c.
func (r Rounding) check(c Currency) error {
	if err := checkRange("rounding step", r.Step); err != nil {
		return err
	}
	switch {
	case r.Step.Sign() <= 0:
		return fmt.Errorf("%w: step %s is not above zero", ErrRounding, r.Step)
	case !c.Fits(r.Step):
		return fmt.Errorf("%w: step %s has more places than %s's %d minor units", ErrRounding, r.Step, c.Code, c.Minor)
	case r.Mode < RoundDown || r.Mode > RoundHalfEven:
		return fmt.Errorf("%w: mode %d", ErrRounding, uint8(r.Mode))
	}
	return nil
}

// of returns base times s.Times over s.Per, exactly, as a fraction, and
// rounded to r. The base is in the amount domain, so the product is too.
func (r Rounding) of(s Share, base decimal.Decimal) (exact *big.Rat, rounded decimal.Decimal) {
	rat := func(d decimal.Decimal) *big.Rat { return ratOf(d) }
	exact = new(big.Rat).Mul(rat(base), rat(s.Times))
	exact.Quo(exact, rat(s.Per))
	steps := new(big.Rat).Quo(exact, rat(r.Step)) // how many steps, a fraction
	n := roundRat(steps, r.Mode)
	return exact, decimal.NewFromBigInt(n, 0).Mul(r.Step)
}

// ratOf is d as an exact fraction.
func ratOf(d decimal.Decimal) *big.Rat {
	c := new(big.Rat).SetInt(d.Coefficient())
	e := d.Exponent()
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(e, -e))), nil)
	if e >= 0 {
		return c.Mul(c, new(big.Rat).SetInt(p))
	}
	return c.Quo(c, new(big.Rat).SetInt(p))
}

// roundRat rounds the fraction x to a whole number in mode m.
func roundRat(x *big.Rat, m RoundingMode) *big.Int {
	q, rem := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int)) // q truncated towards zero
	if rem.Sign() == 0 {
		return q
	}
	away := big.NewInt(int64(x.Sign())) // one step away from zero
	twice := new(big.Int).Abs(rem)
	twice.Lsh(twice, 1)
	half := twice.Cmp(x.Denom()) // the remainder against half a step
	switch {
	case m == RoundUp,
		m == RoundHalfUp && half >= 0,
		m == RoundHalfEven && (half > 0 || half == 0 && q.Bit(0) == 1):
		return q.Add(q, away)
	}
	return q
}

// decimalOf writes an exact fraction with at most places decimal
// places, for a trace ("1,041.666…" is shown as 1041.6666667 to 7
// places); exact says whether it needed no more.
func decimalOf(x *big.Rat, places int) (d decimal.Decimal, exact bool) {
	s := x.FloatString(places)
	d = decimal.RequireFromString(s)
	return d, ratOf(d).Cmp(x) == 0
}

// shareJSON keeps a Share's JSON strict.
type shareJSON Share

// UnmarshalJSON decodes a share; unknown fields are errors.
func (s *Share) UnmarshalJSON(b []byte) error {
	var j shareJSON
	if err := strictjson.Decode(b, &j); err != nil {
		return err
	}
	*s = Share(j)
	return nil
}

// MarshalJSON encodes the share.
func (s Share) MarshalJSON() ([]byte, error) { return json.Marshal(shareJSON(s)) }
