package compensation

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/outagerelief/relief/internal/words"
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
	// Review refers a case in this band to individual review besides
	// paying Amount in the batch.
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

// Config is a cash schedule as a programme declares it: its bands, its
// per-claimant cap, the words for what it bands, and the tags of its
// rules. [NewSchedule] validates it; [Kakao1015Config] is the Kakao 1015
// programme's.
type Config struct {
	// Bands are the schedule's bands, lowest first; the last is open.
	Bands []Band `json:"bands"`
	// Cap is the most any claimant is paid, in whole won, above zero.
	Cap decimal.Decimal `json:"cap"`
	// Measure names what the schedule bands, for the texts: {"손실액",
	// "loss"} for a sales loss.
	Measure Text `json:"measure"`
	// Rule is the tag of the schedule's own rules (a measure of zero pays
	// nothing; the cap), e.g. "P-CASH-1".
	Rule string `json:"rule"`
	// ReviewRule is the tag of the referral to review of a band with
	// Review, e.g. "P-INTAKE-4"; Rule where it is empty.
	ReviewRule string `json:"reviewRule,omitempty"`
}

// Schedule is a validated, immutable band schedule with a per-claimant
// cap. Build one with [NewSchedule] or [Kakao1015]; a Schedule is a value
// and is safe for concurrent use.
//
// The zero Schedule has no bands: [Schedule.Award] returns [ErrNoBands].
type Schedule struct {
	p *schedule // nil in the zero Schedule; never modified once built
}

type schedule struct {
	c   Config        // a private copy; never modified
	ctx []bandContext // see contextsOf
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

// NewSchedule validates c and returns a schedule holding a copy of it:
// no award under it pays more than c.Cap, whatever the band says. The
// first band starts above zero; each band covers the losses above the
// previous band's bound up to its own; no gap is possible.
//
// NewSchedule returns an error, a [*BandError] where one band is at fault,
// if:
//   - there are no bands ([ErrNoBands]);
//   - the cap is zero ([ErrNoCap]);
//   - the cap, an amount or a bound is not whole won ([ErrFractionalWon]);
//   - the cap or an amount is negative ([ErrNegativeAmount]);
//   - a bound is not above the previous one, or the first is not above
//     zero ([ErrBoundOrder]);
//   - an amount is less than the previous band's ([ErrAmountOrder]),
//     unless the band refers to review: its batch amount is an advance on
//     what the review decides, and may be less, zero included;
//   - an open band is not last, or names a bound ([ErrOpenBand]);
//   - the last band is not open ([ErrNoOpenBand]);
//   - an amount is outside the amount domain ([ErrRange]);
//   - the schedule has no Rule or no Measure ([ErrIncomplete]).
func NewSchedule(c Config) (Schedule, error) {
	if len(c.Bands) == 0 {
		return Schedule{}, ErrNoBands
	}
	if c.Rule == "" || c.Measure.IsZero() {
		return Schedule{}, fmt.Errorf("%w: rule %q, measure %q", ErrIncomplete, c.Rule, c.Measure.In(English))
	}
	if err := checkRange("cap", c.Cap); err != nil {
		return Schedule{}, err
	}
	switch {
	case !isWholeWon(c.Cap):
		return Schedule{}, fmt.Errorf("cap %s won: %w", c.Cap, ErrFractionalWon)
	case c.Cap.Sign() < 0:
		return Schedule{}, fmt.Errorf("cap %s won: %w", c.Cap, ErrNegativeAmount)
	case c.Cap.IsZero():
		return Schedule{}, ErrNoCap
	}
	own := c
	own.Bands = make([]Band, len(c.Bands))
	bounds := make([]decimal.Decimal, 0, len(c.Bands)-1)
	prevBound, prevAmount := decimal.Decimal{}, decimal.Decimal{}
	for i, b := range c.Bands {
		if err := checkBand(i, b, len(c.Bands), prevBound, prevAmount); err != nil {
			return Schedule{}, &BandError{Index: i, Band: b, Err: err}
		}
		// Bounds are kept at exponent 0 so that comparing them with a
		// whole-won loss never rescales (and so never allocates).
		if !b.Open {
			b.UpTo = decimal.NewFromBigInt(b.UpTo.BigInt(), 0)
			prevBound = b.UpTo
			bounds = append(bounds, b.UpTo)
		}
		prevAmount = b.Amount
		own.Bands[i] = b
	}
	if own.ReviewRule == "" {
		own.ReviewRule = own.Rule
	}
	p := &schedule{c: own, scaled: scaleBounds(bounds)}
	p.ctx = contextsOf(p)
	return Schedule{p}, nil
}

// checkBand checks band i of n, given the bound and amount of the band
// below it.
func checkBand(i int, b Band, n int, prevBound, prevAmount decimal.Decimal) error {
	if err := checkRange("amount", b.Amount); err != nil {
		return err
	}
	if err := checkRange("bound", b.UpTo); err != nil {
		return err
	}
	switch {
	case !isWholeWon(b.Amount):
		return fmt.Errorf("amount %s: %w", b.Amount, ErrFractionalWon)
	case b.Amount.Sign() < 0:
		return fmt.Errorf("amount %s: %w", b.Amount, ErrNegativeAmount)
	case i > 0 && !b.Review && b.Amount.Cmp(prevAmount) < 0:
		return fmt.Errorf("%w: %s after %s", ErrAmountOrder, FormatWon(b.Amount), FormatWon(prevAmount))
	case b.Open && i != n-1:
		return fmt.Errorf("%w: only the last band may be open", ErrOpenBand)
	case b.Open && !b.UpTo.IsZero():
		return fmt.Errorf("%w: an open band has no bound, got %s", ErrOpenBand, b.UpTo)
	case !b.Open && i == n-1:
		return ErrNoOpenBand
	case !b.Open && !isWholeWon(b.UpTo):
		return fmt.Errorf("bound %s: %w", b.UpTo, ErrFractionalWon)
	case !b.Open && b.UpTo.Cmp(prevBound) <= 0:
		return fmt.Errorf("%w: %s is not above %s", ErrBoundOrder, FormatWon(b.UpTo), FormatWon(prevBound))
	}
	return nil
}

// MustNewSchedule is like [NewSchedule] but panics on error. It is for
// tables and tests whose schedule is a literal.
func MustNewSchedule(c Config) Schedule {
	s, err := NewSchedule(c)
	if err != nil {
		panic(err)
	}
	return s
}

// Options are the parameters of the Kakao 1015 schedule that rest on an
// inference (confidence C). The zero Options pays nothing in the batch
// above 500,000 won; [DefaultOptions] is the reading used here.
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

// Kakao1015Config returns the cash schedule of the Kakao 1015 plan as a
// Config, with the options o.
func Kakao1015Config(o Options) Config {
	return Config{
		Bands: []Band{
			// [P-CASH-1] (A) loss up to and including 300,000 won: 30,000 won.
			{UpTo: decimal.NewFromInt(300_000), Amount: decimal.NewFromInt(30_000), Rule: "P-CASH-1"},
			// [P-CASH-1] (A) over 300,000 and up to and including 500,000 won: 50,000 won.
			{UpTo: decimal.NewFromInt(500_000), Amount: decimal.NewFromInt(50_000), Rule: "P-CASH-1"},
			// [P-CASH-1] (A) over 500,000 won: the council may consider more after
			// review and proof [P-INTAKE-4]; (C) the batch advance is o's.
			{Open: true, Amount: o.ReviewAdvance, Review: true, Rule: "P-CASH-1"},
		},
		// [P-CASH-1] (A) at most 50,000 won a person in the batch programme.
		Cap: decimal.NewFromInt(50_000),
		// [P-CASH-1, P-CASH-3] the banded figure is the business's sales loss.
		Measure:    Text{Ko: "손실액", En: "loss"},
		Rule:       "P-CASH-1",
		ReviewRule: "P-INTAKE-4",
	}
}

// Kakao1015With returns the cash-support schedule of the Kakao 1015 plan
// with the given options. It returns the errors of [NewSchedule] for an
// advance that is negative, not whole won or outside the amount domain.
func Kakao1015With(o Options) (Schedule, error) { return NewSchedule(Kakao1015Config(o)) }

// Kakao1015 returns the cash-support schedule of the Kakao 1015 plan with
// [DefaultOptions].
func Kakao1015() Schedule {
	s, err := Kakao1015With(DefaultOptions())
	if err != nil {
		panic(err) // literals: cannot happen
	}
	return s
}

// Config returns a copy of the schedule's declaration; the zero Config
// for the zero Schedule.
func (s Schedule) Config() Config {
	if s.p == nil {
		return Config{}
	}
	c := s.p.c
	c.Bands = s.Bands()
	return c
}

// Bands returns a copy of the schedule's bands, lowest first.
func (s Schedule) Bands() []Band {
	if s.p == nil {
		return nil
	}
	return append([]Band(nil), s.p.c.Bands...)
}

// Cap returns the per-claimant cap.
func (s Schedule) Cap() decimal.Decimal {
	if s.p == nil {
		return decimal.Decimal{}
	}
	return s.p.c.Cap
}

// IsValid reports whether s was built by [NewSchedule]; the zero Schedule
// is not valid.
func (s Schedule) IsValid() bool { return s.p != nil }

// Describe writes the schedule for people in lang ("ko" or "en", as a
// BCP 47 tag): a line for each band with what it pays, the referral to
// review where a band makes one, and the cap. A notice lists them.
func (s Schedule) Describe(lang string) []string {
	if s.p == nil {
		return nil
	}
	c := &s.p.c
	ko := !words.IsEnglish(lang)
	m := c.Measure.In(lang)
	var out []string
	var over decimal.Decimal
	for i, b := range c.Bands {
		amount := words.Won(b.Amount, lang)
		switch {
		case ko:
			out = append(out, fmt.Sprintf("%s %s: %s", m, bandRange(over, b, i == 0, lang), amount))
		default:
			out = append(out, fmt.Sprintf("a %s %s: %s", m, bandRange(over, b, i == 0, lang), amount))
		}
		if b.Review {
			if ko {
				out = append(out, fmt.Sprintf("%s이 %s을 넘으면 피해 증빙을 받아 개별 심사를 거쳐 추가 지원을 검토합니다.", m, words.Won(over, lang)))
			} else {
				out = append(out, fmt.Sprintf("a %s over %s goes to individual review, with proof of the damage, for further support.", m, words.Won(over, lang)))
			}
		}
		over = b.UpTo
	}
	if ko {
		out = append(out, fmt.Sprintf("1인당 최대 %s을 지원합니다.", words.Won(c.Cap, lang)))
	} else {
		out = append(out, fmt.Sprintf("at most %s a claimant.", words.Won(c.Cap, lang)))
	}
	return out
}

// bandRange writes the range of a band above over: "300,000원 초과
// 500,000원 이하", "over 300,000 and up to and including 500,000 won".
func bandRange(over decimal.Decimal, b Band, first bool, lang string) string {
	if words.IsEnglish(lang) {
		switch {
		case b.Open:
			return "over " + words.Won(over, lang)
		case first:
			return "up to and including " + words.Won(b.UpTo, lang)
		}
		return "over " + FormatWon(over) + " and up to and including " + words.Won(b.UpTo, lang)
	}
	switch {
	case b.Open:
		return words.Won(over, lang) + " 초과"
	case first:
		return words.Won(b.UpTo, lang) + " 이하"
	}
	return words.Won(over, lang) + " 초과 " + words.Won(b.UpTo, lang) + " 이하"
}

// MarshalJSON encodes the schedule as its [Config], amounts as decimal
// strings.
func (s Schedule) MarshalJSON() ([]byte, error) { return json.Marshal(s.Config()) }

// UnmarshalJSON decodes a schedule written by [Schedule.MarshalJSON] and
// validates it as [NewSchedule] does; unknown fields, a missing cap and
// an invalid schedule are errors and leave s unchanged.
func (s *Schedule) UnmarshalJSON(data []byte) error {
	var j struct {
		Config
		Cap *decimal.Decimal `json:"cap"`
	}
	if err := words.DecodeStrict(data, &j); err != nil {
		return fmt.Errorf("decoding schedule: %w", err)
	}
	if j.Cap == nil {
		return fmt.Errorf("decoding schedule: %w: no \"cap\"", ErrNoCap)
	}
	j.Config.Cap = *j.Cap
	v, err := NewSchedule(j.Config)
	if err != nil {
		return fmt.Errorf("decoding schedule: %w", err)
	}
	*s = v
	return nil
}
