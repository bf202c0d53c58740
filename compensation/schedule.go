package compensation

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/outagerelief/relief/internal/domain"
	"github.com/outagerelief/relief/internal/words"
	"github.com/outagerelief/relief/strictjson"
	"github.com/shopspring/decimal"
)

// Band is one band of a [Schedule]: a measure above the previous band's
// bound and up to and including UpTo pays Amount, or Share of a base the
// claimant carries. The last band of a schedule is Open: it has no upper
// bound.
//
// The zero Band is not valid on its own.
type Band struct {
	// UpTo is the band's inclusive upper bound, a whole number of the
	// measure's unit (won, days). It must be zero for an Open band.
	UpTo decimal.Decimal `json:"upTo,omitzero"`
	// Open marks the top band, which has no upper bound.
	Open bool `json:"open,omitempty"`
	// Amount is what the band pays, in the currency, within its minor
	// units; zero where the band pays a Share.
	Amount decimal.Decimal `json:"amount,omitzero"`
	// Share, where set, is what the band pays instead of an Amount: a
	// share of a base the claimant carries, rounded as the schedule says.
	Share *Share `json:"share,omitempty"`
	// Review refers a case in this band to individual review besides
	// paying Amount in the batch.
	Review bool `json:"review,omitempty"`
	// Provisional marks an amount that rests on an inference rather than a
	// published figure (confidence C): the texts say it is provisional.
	Provisional bool `json:"provisional,omitempty"`
	// Rule is the policy paragraph the band implements, e.g. "P-CASH-1".
	Rule string `json:"rule,omitempty"`
}

// String describes the band: "up to 300,000: 30,000".
func (b Band) String() string {
	bound := "up to " + FormatWon(b.UpTo)
	if b.Open {
		bound = "open"
	}
	pays := FormatWon(b.Amount)
	if b.Share != nil {
		pays = b.Share.String()
	}
	s := bound + ": " + pays
	if b.Review {
		s += ", review"
	}
	return s
}

// Measure is what a schedule bands, for its texts and its input: the
// claimant's loss, a base the claimant carries (the days its service was
// down), or nothing, for a schedule that pays every claimant its one band.
type Measure struct {
	// Of is "loss" for the claimant's loss (in the currency), the key of
	// a base the claimant carries ("days-down"), or "" for a schedule of
	// one open band that pays whatever the measure.
	Of string `json:"of"`
	// Name names the measure: {"손실액", "loss"}, {"장애 일수", "days
	// down"}.
	Name Text `json:"name"`
	// Unit is the unit of a measure that is not money: {"일", "days"};
	// empty for money, in the schedule's currency.
	Unit Text `json:"unit,omitzero"`
}

// MeasureLoss is the [Measure.Of] of the claimant's loss.
const MeasureLoss = "loss"

// Config is a cash schedule as a programme declares it: its bands, its
// per-claimant cap, its currency, what it bands, how a share is rounded,
// and the tags of its rules. [NewSchedule] validates it;
// [Kakao1015Config] is the Kakao 1015 programme's.
type Config struct {
	// Bands are the schedule's bands, lowest first; the last is open.
	Bands []Band `json:"bands"`
	// Cap is the most any claimant is paid, in the currency, above zero;
	// or CapShare is, a share of a base. Exactly one of them is set, but
	// for a schedule that measures nothing and pays a share: its one band
	// is what it pays, and it needs no cap.
	Cap      decimal.Decimal `json:"cap,omitzero"`
	CapShare *Share          `json:"capShare,omitempty"`
	// Currency is the money the schedule pays in: [KRW], {"AUD", 2}.
	Currency Currency `json:"currency,omitzero"`
	// Measure is what the schedule bands.
	Measure Measure `json:"measure"`
	// Rounding is how a share becomes an amount; needed where a band or
	// the cap is a share.
	Rounding Rounding `json:"rounding,omitzero"`
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
	c      Config        // a private copy; never modified
	ctx    []bandContext // see contextsOf
	flat   bool          // Measure.Of is "": one open band, whatever the measure
	noCap  bool          // flat, a share, and no cap: the band is the cap
	shares bool          // a band or the cap is a share
	// scaled holds the bounds (UpTo of every band but the open one)
	// prepared for a measure of each exponent in [-MaxExponent,
	// MaxExponent], at index exponent+MaxExponent: see scaleBounds.
	scaled []scaledBounds
}

// scaledBounds are a schedule's bounds prepared for measures of one
// decimal exponent e, so that banding such a measure compares
// coefficients only, with no rescaling and so no allocation. For e <= 0 a
// bound b is b*10^-e exactly; for e > 0 it is floor(b/10^e), since a
// measure c*10^e with a whole coefficient c is above b exactly when c is
// above that.
type scaledBounds struct {
	decs []decimal.Decimal // at exponent e
	ints []int64           // the coefficients of decs, or nil if one does not fit an int64
}

// scaleBounds prepares bounds (whole numbers, exponent 0) for every
// exponent of the amount domain.
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
// no award under it pays more than its cap, whatever the band says. The
// first band starts above zero; each band covers the measures above the
// previous band's bound up to its own; no gap is possible.
//
// NewSchedule returns an error, a [*BandError] where one band is at fault
// (every band's fault, joined), if:
//   - there are no bands ([ErrNoBands]);
//   - the schedule has no Rule, no Measure name or no currency, or its
//     currency is out of shape ([ErrIncomplete]);
//   - the cap is zero and there is no CapShare, or both are set
//     ([ErrNoCap]);
//   - the cap or an amount has more places than the currency's minor
//     units, or a bound is not whole ([ErrMinorUnits]);
//   - the cap or an amount is negative ([ErrNegativeAmount]);
//   - a bound is not above the previous one, or the first is not above
//     zero ([ErrBoundOrder]);
//   - an amount is less than the previous band's ([ErrAmountOrder]),
//     unless the band refers to review: its batch amount is an advance on
//     what the review decides, and may be less, zero included (a share
//     is not compared);
//   - an open band is not last, or names a bound ([ErrOpenBand]);
//   - the last band is not open ([ErrNoOpenBand]), or a schedule that
//     measures nothing has more than its one open band ([ErrOpenBand]);
//   - a band pays both an amount and a share, or a share is out of shape
//     ([ErrShare]);
//   - a band or the cap is a share and the rounding is missing or out of
//     shape ([ErrRounding]);
//   - a figure is outside the amount domain ([ErrRange]).
func NewSchedule(c Config) (Schedule, error) {
	if len(c.Bands) == 0 {
		return Schedule{}, ErrNoBands
	}
	if err := checkHead(c); err != nil {
		return Schedule{}, err
	}
	own := c
	own.Bands = make([]Band, len(c.Bands))
	bounds := make([]decimal.Decimal, 0, len(c.Bands)-1)
	prevBound, prevAmount := decimal.Decimal{}, decimal.Decimal{}
	shares := c.CapShare != nil
	var errs []error
	for i, b := range c.Bands {
		if err := checkBand(i, b, c, prevBound, prevAmount); err != nil {
			errs = append(errs, &BandError{Index: i, Band: b, Err: err})
			continue
		}
		// Bounds are kept at exponent 0 so that comparing them with a
		// whole measure never rescales (and so never allocates).
		if !b.Open {
			b.UpTo = decimal.NewFromBigInt(b.UpTo.BigInt(), 0)
			prevBound = b.UpTo
			bounds = append(bounds, b.UpTo)
		}
		if b.Share != nil {
			sh := *b.Share
			b.Share = &sh
			shares = true
		} else {
			prevAmount = b.Amount
		}
		own.Bands[i] = b
	}
	if len(errs) > 0 {
		return Schedule{}, errors.Join(errs...)
	}
	if c.CapShare != nil {
		sh := *c.CapShare
		own.CapShare = &sh
	}
	if shares {
		if c.Rounding.IsZero() {
			return Schedule{}, fmt.Errorf("%w: a share is paid, and the schedule names no rounding", ErrRounding)
		}
	}
	if !c.Rounding.IsZero() {
		if err := c.Rounding.check(c.Currency); err != nil {
			return Schedule{}, err
		}
	}
	if own.ReviewRule == "" {
		own.ReviewRule = own.Rule
	}
	p := &schedule{c: own, scaled: scaleBounds(bounds), flat: c.Measure.Of == "", shares: shares,
		noCap: flatShare(c) && c.Cap.IsZero() && c.CapShare == nil}
	p.ctx = contextsOf(p)
	return Schedule{p}, nil
}

// checkHead checks a schedule's fields other than its bands.
func checkHead(c Config) error {
	var missing []string
	for _, f := range []struct {
		name  string
		empty bool
	}{{"rule", c.Rule == ""}, {"measure.name", c.Measure.Name.IsZero()}, {"currency", c.Currency.IsZero()}} {
		if f.empty {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: no %s", ErrIncomplete, strings.Join(missing, ", no "))
	}
	if err := c.Currency.Check(); err != nil {
		return fmt.Errorf("%w: %v", ErrIncomplete, err)
	}
	if c.Measure.Of == "" && (len(c.Bands) != 1 || !c.Bands[0].Open) {
		return fmt.Errorf("%w: a schedule that measures nothing has one open band, not %d bands", ErrOpenBand, len(c.Bands))
	}
	if c.CapShare != nil {
		if !c.Cap.IsZero() {
			return fmt.Errorf("%w: both a cap and a cap share", ErrNoCap)
		}
		return c.CapShare.check("cap share")
	}
	if flatShare(c) && c.Cap.IsZero() {
		return nil // its one band is what it pays
	}
	if err := checkRange("cap", c.Cap); err != nil {
		return err
	}
	if err := checkMoney("cap", c.Cap, c.Currency); err != nil {
		return err
	}
	if c.Cap.IsZero() {
		return ErrNoCap
	}
	return nil
}

// checkMoney checks an amount of the schedule's currency: no finer than
// its minor units ([ErrMinorUnits]), not below zero ([ErrNegativeAmount]).
func checkMoney(what string, d decimal.Decimal, cur Currency) error {
	switch {
	case !cur.Fits(d):
		return fmt.Errorf("%s %s: %w: %s has %d minor units", what, d, ErrMinorUnits, cur.Code, cur.Minor)
	case d.Sign() < 0:
		return fmt.Errorf("%s %s: %w", what, d, ErrNegativeAmount)
	}
	return nil
}

// flatShare reports whether c measures nothing and pays a share.
func flatShare(c Config) bool {
	return c.Measure.Of == "" && len(c.Bands) == 1 && c.Bands[0].Share != nil
}

// checkBand checks band i of c, given the bound and the fixed amount of
// the bands below it.
func checkBand(i int, b Band, c Config, prevBound, prevAmount decimal.Decimal) error {
	n := len(c.Bands)
	if err := checkRange("amount", b.Amount); err != nil {
		return err
	}
	if err := checkRange("bound", b.UpTo); err != nil {
		return err
	}
	if b.Share != nil {
		if !b.Amount.IsZero() {
			return fmt.Errorf("%w: the band pays an amount of %s and a share", ErrShare, b.Amount)
		}
		if err := b.Share.check("share"); err != nil {
			return err
		}
	}
	if err := checkMoney("amount", b.Amount, c.Currency); err != nil {
		return err
	}
	if i > 0 && b.Share == nil && !b.Review && b.Amount.Cmp(prevAmount) < 0 {
		return fmt.Errorf("%w: %s after %s", ErrAmountOrder, FormatWon(b.Amount), FormatWon(prevAmount))
	}
	return checkBound(i, n, b, prevBound)
}

// checkBound checks band i of n's bound: only the last is open, and has
// none; the others' are whole and ascending.
func checkBound(i, n int, b Band, prevBound decimal.Decimal) error {
	switch {
	case b.Open && i != n-1:
		return fmt.Errorf("%w: only the last band may be open", ErrOpenBand)
	case b.Open && !b.UpTo.IsZero():
		return fmt.Errorf("%w: an open band has no bound, got %s", ErrOpenBand, b.UpTo)
	case !b.Open && i == n-1:
		return ErrNoOpenBand
	case !b.Open && !b.UpTo.IsInteger():
		return fmt.Errorf("bound %s: %w: a bound is a whole number of the measure's unit", b.UpTo, ErrMinorUnits)
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
			// review and proof [P-INTAKE-4]; (C) the batch advance is o's, and the
			// texts say it is provisional.
			{Open: true, Amount: o.ReviewAdvance, Review: true, Provisional: true, Rule: "P-CASH-1"},
		},
		// [P-CASH-1] (A) at most 50,000 won a person in the batch programme.
		Cap:      decimal.NewFromInt(50_000),
		Currency: KRW,
		// [P-CASH-1, P-CASH-3] the banded figure is the business's sales loss.
		Measure:    Measure{Of: MeasureLoss, Name: Text{Ko: "손실액", En: "loss"}},
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
	if c.CapShare != nil {
		sh := *c.CapShare
		c.CapShare = &sh
	}
	return c
}

// Bands returns a copy of the schedule's bands, lowest first.
func (s Schedule) Bands() []Band {
	if s.p == nil {
		return nil
	}
	out := append([]Band(nil), s.p.c.Bands...)
	for i := range out {
		if sh := out[i].Share; sh != nil {
			cp := *sh
			out[i].Share = &cp
		}
	}
	return out
}

// Cap returns the per-claimant cap; zero where the cap is a share
// ([Config].CapShare).
func (s Schedule) Cap() decimal.Decimal {
	if s.p == nil {
		return decimal.Decimal{}
	}
	return s.p.c.Cap
}

// Currency returns the schedule's currency.
func (s Schedule) Currency() Currency {
	if s.p == nil {
		return Currency{}
	}
	return s.p.c.Currency
}

// Measure returns what the schedule bands.
func (s Schedule) Measure() Measure {
	if s.p == nil {
		return Measure{}
	}
	return s.p.c.Measure
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
	p, c := s.p, &s.p.c
	ko := !words.IsEnglish(lang)
	m := c.Measure.Name.In(lang)
	var out []string
	var over decimal.Decimal
	for i, b := range c.Bands {
		pays := p.pays(b, lang) + provisional(b, lang)
		switch {
		case p.flat:
			out = append(out, pays)
		case ko:
			out = append(out, fmt.Sprintf("%s %s: %s", m, p.bandRange(over, b, i == 0, lang), pays))
		default:
			out = append(out, fmt.Sprintf("a %s %s: %s", m, p.bandRange(over, b, i == 0, lang), pays))
		}
		if b.Review {
			if ko {
				out = append(out, fmt.Sprintf("%s이 %s을 넘으면 피해 증빙을 받아 개별 심사를 거쳐 추가 지원을 검토합니다.", m, p.measure(over, lang)))
			} else {
				out = append(out, fmt.Sprintf("a %s over %s goes to individual review, with proof of the damage, for further support.", m, p.measure(over, lang)))
			}
		}
		over = b.UpTo
	}
	switch {
	case p.noCap:
	case c.CapShare != nil && ko:
		out = append(out, fmt.Sprintf("1인당 최대 %s을 지원합니다.", p.shareText(*c.CapShare, lang)))
	case c.CapShare != nil:
		out = append(out, fmt.Sprintf("at most %s a claimant.", p.shareText(*c.CapShare, lang)))
	case ko:
		out = append(out, fmt.Sprintf("1인당 최대 %s을 지원합니다.", c.Currency.Format(c.Cap, lang)))
	default:
		out = append(out, fmt.Sprintf("at most %s a claimant.", c.Currency.Format(c.Cap, lang)))
	}
	return out
}

// provisional is what a band adds to its amount where the amount is an
// inference: " (잠정: ...)".
func provisional(b Band, lang string) string {
	switch {
	case !b.Provisional:
		return ""
	case words.IsEnglish(lang):
		return " (provisional: an inference, not a published figure)"
	}
	return "(잠정: 발표된 금액이 아니라 추정한 금액입니다)"
}

// pays says what a band pays: "30,000원", or its share.
func (p *schedule) pays(b Band, lang string) string {
	if b.Share != nil {
		return p.shareText(*b.Share, lang)
	}
	return p.c.Currency.Format(b.Amount, lang)
}

// modeNames are the rounding modes for people.
var modeNames = [...]Text{
	RoundDown: {Ko: "내림", En: "rounded down"}, RoundUp: {Ko: "올림", En: "rounded up"},
	RoundHalfUp: {Ko: "반올림", En: "rounded half up"}, RoundHalfEven: {Ko: "짝수 반올림", En: "rounded half to even"},
}

// shareText writes a share: "월정액의 15/720(10원 단위 내림)", "15/720 of
// the monthly fee, rounded down to 10 won".
func (p *schedule) shareText(sh Share, lang string) string {
	base := sh.baseName(lang)
	r := p.c.Rounding
	one := decimal.NewFromInt(1)
	step := p.c.Currency.Format(r.Step, lang)
	rounded := fmt.Sprintf("%s to %s", modeNames[r.Mode].In(lang), step)
	if !words.IsEnglish(lang) {
		rounded = fmt.Sprintf("%s 단위 %s", step, modeNames[r.Mode].In(lang))
	}
	switch ratio := sh.Times.String() + "/" + sh.Per.String(); {
	case sh.Times.Equal(one) && sh.Per.Equal(one) && words.IsEnglish(lang):
		return "the whole " + base
	case sh.Times.Equal(one) && sh.Per.Equal(one):
		return base + " 전액"
	case sh.Per.Equal(one) && words.IsEnglish(lang):
		return fmt.Sprintf("%s times the %s", sh.Times, base)
	case sh.Per.Equal(one):
		return fmt.Sprintf("%s의 %s배", base, sh.Times)
	case words.IsEnglish(lang):
		return fmt.Sprintf("%s of the %s, %s", ratio, base, rounded)
	default:
		return fmt.Sprintf("%s의 %s(%s)", base, ratio, rounded)
	}
}

// baseName is the share's base as people read it.
func (s Share) baseName(lang string) string {
	if n := s.Name.In(lang); n != "" {
		return n
	}
	return s.Base
}

// measure writes a measure's value: money in the currency, else a number
// and the unit ("2일", "2 days").
func (p *schedule) measure(d decimal.Decimal, lang string) string {
	if p.c.Measure.Unit.IsZero() {
		return p.c.Currency.Format(d, lang)
	}
	if words.IsEnglish(lang) {
		return words.Number(d) + " " + p.c.Measure.Unit.In(lang)
	}
	return words.Number(d) + p.c.Measure.Unit.In(lang)
}

// bandRange writes the range of a band above over: "300,000원 초과
// 500,000원 이하", "over 300,000 and up to and including 500,000 won".
func (p *schedule) bandRange(over decimal.Decimal, b Band, first bool, lang string) string {
	if words.IsEnglish(lang) {
		switch {
		case b.Open:
			return "over " + p.measure(over, lang)
		case first:
			return "up to and including " + p.measure(b.UpTo, lang)
		}
		if p.c.Measure.Unit.IsZero() && p.c.Currency == KRW {
			return "over " + FormatWon(over) + " and up to and including " + p.measure(b.UpTo, lang)
		}
		return "over " + p.measure(over, lang) + " and up to and including " + p.measure(b.UpTo, lang)
	}
	switch {
	case b.Open:
		return p.measure(over, lang) + " 초과"
	case first:
		return p.measure(b.UpTo, lang) + " 이하"
	}
	return p.measure(over, lang) + " 초과 " + p.measure(b.UpTo, lang) + " 이하"
}

// MarshalJSON encodes the schedule as its [Config], amounts as decimal
// strings.
func (s Schedule) MarshalJSON() ([]byte, error) { return json.Marshal(s.Config()) }

// UnmarshalJSON decodes a schedule written by [Schedule.MarshalJSON] and
// validates it as [NewSchedule] does; unknown fields and an invalid
// schedule are errors and leave s unchanged.
func (s *Schedule) UnmarshalJSON(data []byte) error {
	var c Config
	if err := strictjson.Decode(data, &c); err != nil {
		return fmt.Errorf("decoding schedule: %w", err)
	}
	v, err := NewSchedule(c)
	if err != nil {
		return fmt.Errorf("decoding schedule: %w", err)
	}
	*s = v
	return nil
}

// configJSON is a Config without its methods.
type configJSON Config

// UnmarshalJSON decodes a declaration strictly: unknown fields are
// errors, each naming its path ("bands[1]: unknown field ..."). It does
// not validate the declaration: [NewSchedule] does.
func (c *Config) UnmarshalJSON(data []byte) error {
	var j configJSON
	if err := strictjson.Decode(data, &j); err != nil {
		return err
	}
	*c = Config(j)
	return nil
}

// clip shortens a value quoted in an error to 64 bytes.
func clip(s string) string { return domain.Clip(s) }
