package compensation

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/outagerelief/relief/internal/words"
	"github.com/shopspring/decimal"
)

// NoBand is the [Award.BandIndex] of an award that falls in no band: a
// loss of zero, or the zero Award.
const NoBand = -1

// Award is the outcome of banding a loss under a [Schedule]: what the
// batch programme pays, the band that decided it and whether the case goes
// to individual review. It refers to the band and cap it used, so it
// explains itself: [Award.Trace] lists the rules that fired, and the JSON
// form carries the thresholds and the trace.
//
// The zero Award is the outcome of no decision: it pays nothing, has no
// band ([NoBand]) and its trace is empty.
type Award struct {
	// Loss is the measure that was banded, exactly as given: the
	// assessed loss, or the base the schedule measures (days down).
	Loss decimal.Decimal
	// Amount is what the batch pays, in the currency, after the cap.
	Amount decimal.Decimal
	// Review refers the case to individual review.
	Review bool
	// Capped says the schedule's per-claimant cap lowered the band's
	// amount.
	Capped bool

	ctx *bandContext // nil only in the zero Award
	sh  *shared      // where the band or the cap is a share; nil otherwise
}

// shared is what an award of a share holds besides: kept apart so that
// an award of fixed amounts stays small.
type shared struct {
	base       decimal.Decimal // the base a share of which the band or the cap paid
	bandAmount decimal.Decimal // what the band paid before the cap
	exact      *big.Rat        // the band's share before rounding; nil for a fixed amount
}

// Base is the base a share of which the band or the cap paid; zero where
// neither is a share.
func (a Award) Base() decimal.Decimal {
	if a.sh == nil {
		return decimal.Decimal{}
	}
	return a.sh.base
}

// bandContext is what an award refers to in its schedule: its band, the
// bound below it and the cap. Each schedule builds one per band, and one
// for a zero loss, when it is made; they are never modified.
type bandContext struct {
	s      *schedule
	index  int // NoBand for a zero loss
	band   Band
	over   decimal.Decimal
	capped bool
	paid   decimal.Decimal // the band's amount, or the cap where that is lower
}

// contextsOf builds a schedule's band contexts: one per band, then the
// one of a zero loss.
func contextsOf(s *schedule) []bandContext {
	bands, cap := s.c.Bands, s.c.Cap
	out := make([]bandContext, len(bands)+1)
	for i, b := range bands {
		c := bandContext{s: s, index: i, band: b}
		if b.Share == nil && s.c.CapShare == nil {
			c.capped, c.paid = b.Amount.Cmp(cap) > 0, decimal.Min(b.Amount, cap)
		}
		if i > 0 {
			c.over = bands[i-1].UpTo
		}
		out[i] = c
	}
	out[len(bands)] = bandContext{s: s, index: NoBand}
	return out
}

// Bases are the bases a claimant carries, by key: its monthly fee, its
// average bill, the days its service was down. A share is of one of them;
// a schedule may measure one.
type Bases map[string]decimal.Decimal

// Award bands an assessed loss, in the currency, and returns what the
// batch pays: [Schedule.AwardWith] with no bases, for a schedule of fixed
// amounts on the loss. A loss of zero pays zero and falls in no band. A
// loss may carry fractions of the currency's minor unit: banding uses its
// exact value, so 300,000.5 is over 300,000.
//
// Award returns an error wrapping [ErrNegativeLoss] for a loss below zero,
// [ErrRange] for one outside the amount domain, [ErrNoBase] where a band
// or the cap is a share, and [ErrNoBands] for the zero Schedule. It does
// not allocate for any loss in the domain, whatever its exponent: the
// schedule prepared its bounds for each exponent when it was built (see
// the package documentation, "Performance").
func (s Schedule) Award(loss decimal.Decimal) (Award, error) { return s.AwardWith(loss, nil) }

// AwardWith bands the measure (the claimant's loss, or the base the
// schedule measures) and pays the band's amount, or its share of the base
// it names from bases, rounded as the schedule says, never above the cap
// (which may itself be a share of a base). A schedule that measures
// nothing pays its one band whatever the measure, zero included.
//
// It returns the errors of [Schedule.Award], and [ErrNoBase] for a share
// of a base that bases lacks or holds below zero, [ErrRange] for one
// outside the amount domain.
func (s Schedule) AwardWith(measure decimal.Decimal, bases Bases) (Award, error) {
	p := s.p
	if p == nil {
		return Award{}, ErrNoBands
	}
	// The domain check of checkRange, inline: this is the hot path.
	e := measure.Exponent()
	if e < -MaxExponent || e > MaxExponent {
		return Award{}, checkRange("measure", measure)
	}
	n := measure.NumDigits()
	if n > MaxDigits {
		return Award{}, checkRange("measure", measure)
	}
	var i int
	switch measure.Sign() {
	case -1:
		return Award{}, negativeLoss(measure)
	case 0:
		if !p.flat {
			return Award{Loss: measure, ctx: &p.ctx[len(p.c.Bands)]}, nil
		}
	default:
		if p.flat {
			break
		}
		sb := &p.scaled[e+MaxExponent]
		if n <= 18 && sb.ints != nil {
			// The fast path: a coefficient below 10^18 is exactly an int64.
			x := measure.CoefficientInt64()
			for i < len(sb.ints) && x > sb.ints[i] {
				i++
			}
		} else {
			// Same exponent on both sides: Cmp compares coefficients.
			for i < len(sb.decs) && measure.Cmp(sb.decs[i]) > 0 {
				i++
			}
		}
	}
	c := &p.ctx[i]
	if !p.shares {
		return Award{Loss: measure, Amount: c.paid, Review: c.band.Review, Capped: c.capped, ctx: c}, nil
	}
	return p.shareAward(measure, c, bases)
}

// shareAward is the award of band c where the band or the cap is a share.
func (p *schedule) shareAward(measure decimal.Decimal, c *bandContext, bases Bases) (Award, error) {
	sh := &shared{bandAmount: c.band.Amount}
	a := Award{Loss: measure, Review: c.band.Review, ctx: c, sh: sh}
	base := func(sh Share) (decimal.Decimal, error) {
		b, ok := bases[sh.Base]
		switch {
		case !ok:
			return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrNoBase, clip(sh.Base))
		case checkRange("base "+sh.Base, b) != nil:
			return decimal.Decimal{}, checkRange("base "+clip(sh.Base), b)
		case b.Sign() < 0:
			return decimal.Decimal{}, fmt.Errorf("%w: %s is %s, below zero", ErrNoBase, clip(sh.Base), b)
		}
		return b, nil
	}
	if share := c.band.Share; share != nil {
		b, err := base(*share)
		if err != nil {
			return Award{}, err
		}
		a.sh.base = b
		a.sh.exact, a.sh.bandAmount = p.c.Rounding.of(*share, b)
	}
	cap := p.c.Cap
	if p.noCap {
		cap = sh.bandAmount
	}
	if share := p.c.CapShare; share != nil {
		b, err := base(*share)
		if err != nil {
			return Award{}, err
		}
		if sh.exact == nil {
			sh.base = b
		}
		_, cap = p.c.Rounding.of(*share, b)
	}
	a.Capped = sh.bandAmount.Cmp(cap) > 0
	a.Amount = decimal.Min(sh.bandAmount, cap)
	return a, nil
}

// negativeLoss is Award's error for a loss below zero, kept out of line so
// that Award's own frame stays small.
func negativeLoss(loss decimal.Decimal) error {
	return fmt.Errorf("%w: %s won", ErrNegativeLoss, loss)
}

// BandIndex is the index of the band the loss fell in, from 0, or
// [NoBand] for a loss of zero and the zero Award.
func (a Award) BandIndex() int {
	if a.ctx == nil {
		return NoBand
	}
	return a.ctx.index
}

// Band returns the band the loss fell in; ok is false for a loss of zero
// and the zero Award.
func (a Award) Band() (b Band, ok bool) {
	if a.ctx == nil || a.ctx.index == NoBand {
		return Band{}, false
	}
	return a.ctx.band, true
}

// Bounds returns the band's limits: the loss is over over and up to and
// including upTo, or has no upper limit where open is true. For a loss of
// zero all three are zero values.
func (a Award) Bounds() (over, upTo decimal.Decimal, open bool) {
	if a.ctx == nil {
		return
	}
	return a.ctx.over, a.ctx.band.UpTo, a.ctx.band.Open
}

// BandAmount is what the band pays before the cap (its share of the
// base, rounded, for a band of a share); zero for a loss of zero.
func (a Award) BandAmount() decimal.Decimal {
	switch {
	case a.ctx == nil || a.ctx.index == NoBand:
		return decimal.Decimal{}
	case a.sh != nil:
		return a.sh.bandAmount
	}
	return a.ctx.band.Amount
}

// Cap is the per-claimant cap of the schedule that made the award (for a
// cap of a share, what it came to); zero for the zero Award.
func (a Award) Cap() decimal.Decimal {
	switch {
	case a.ctx == nil:
		return decimal.Decimal{}
	case a.ctx.s.c.CapShare != nil && a.ctx.index != NoBand:
		_, cap := a.ctx.s.c.Rounding.of(*a.ctx.s.c.CapShare, a.Base())
		return cap
	}
	return a.ctx.s.c.Cap
}

// Currency is the currency of the schedule that made the award.
func (a Award) Currency() Currency {
	if a.ctx == nil {
		return Currency{}
	}
	return a.ctx.s.c.Currency
}

// Rule is the policy tag of the band, e.g. "P-CASH-1"; the schedule's
// own tag for a loss of zero or a band that names none; empty for the
// zero Award.
func (a Award) Rule() string {
	switch {
	case a.ctx == nil:
		return ""
	case a.ctx.band.Rule != "":
		return a.ctx.band.Rule
	}
	return a.ctx.s.c.Rule
}

// Step is one rule that fired in a decision: its policy tag, a stable
// code for programs, and a sentence with the inputs and the thresholds it
// used, for people.
type Step struct {
	Rule string `json:"rule"`
	Code string `json:"code"`
	Text string `json:"text,omitempty"`
}

// The codes of the steps this package's traces give.
const (
	CodeNoLoss     = "no-loss" // no sales loss: no support
	CodeBand       = "band"    // the band the loss fell in and its amount
	CodeCap        = "per-person-cap"
	CodeReview     = "review"      // a loss in a band that refers to review
	CodeOutageWeek = "outage-week" // the outage week against the best baseline week
	CodeFactors    = "factors"     // the shortfall adjusted into a loss
)

// The languages a trace comes in.
const (
	Korean  = words.Korean
	English = words.English
)

// Trace lists the rules that decided the award, in the order they
// applied, in English.
func (a Award) Trace() []Step { return a.TraceIn(English) }

// TraceIn lists the rules that decided the award in the language lang, a
// BCP 47 tag: any English tag ("en", "en-US") gets English, any other
// Korean, with amounts as Koreans write them ("420,000원"); "" lists
// codes only, with no Text, as a batch that writes codes wants. A step's
// code does not depend on lang. The zero Award has no steps.
func (a Award) TraceIn(lang string) []Step {
	steps := a.codes()
	if lang != "" {
		for i := range steps {
			steps[i].Text = a.sentence(steps[i].Code, lang)
		}
	}
	return steps
}

// codes is the award's trace with codes only: the rules that decided it,
// in the order they applied.
func (a Award) codes() []Step {
	if a.ctx == nil {
		return nil
	}
	s := &a.ctx.s.c
	if a.ctx.index == NoBand {
		return []Step{{Rule: s.Rule, Code: CodeNoLoss}}
	}
	steps := []Step{{Rule: a.Rule(), Code: CodeBand}}
	if a.Capped {
		steps = append(steps, Step{Rule: s.Rule, Code: CodeCap})
	}
	if a.Review {
		steps = append(steps, Step{Rule: s.ReviewRule, Code: CodeReview})
	}
	return steps
}

// sentence explains the award's step of the given code in lang.
func (a Award) sentence(code string, lang string) string {
	p := a.ctx.s
	over, _, _ := a.Bounds()
	m := p.c.Measure.Name.In(lang)
	cur := p.c.Currency
	ko := !words.IsEnglish(lang)
	switch code {
	case CodeNoLoss:
		if ko {
			return fmt.Sprintf("%s이 없어 지원금이 없습니다.", m)
		}
		return fmt.Sprintf("no %s: no support", m)
	case CodeCap:
		if ko {
			return fmt.Sprintf("1인당 한도 %s을 적용하여 %s을 지급합니다.", cur.Format(a.Cap(), lang), cur.Format(a.Amount, lang))
		}
		return fmt.Sprintf("per-claimant cap of %s: %s paid", cur.Format(a.Cap(), lang), cur.Format(a.Amount, lang))
	case CodeReview:
		if ko {
			return fmt.Sprintf("%s이 %s을 넘어 개별 심사 대상입니다.", m, p.measure(over, lang))
		}
		return fmt.Sprintf("%s over %s: referred to individual review", m, p.measure(over, lang))
	}
	pays := cur.Format(a.BandAmount(), lang)
	if sh := a.ctx.band.Share; sh != nil {
		exact, ok := decimalOf(a.sh.exact, 8)
		approx := "="
		if !ok {
			approx = "≈"
		}
		switch {
		case ok && ko:
			pays = fmt.Sprintf("%s %s의 %s/%s인 %s", sh.baseName(lang), cur.Format(a.Base(), lang), sh.Times, sh.Per, pays)
		case ok:
			pays = fmt.Sprintf("%s/%s of the %s of %s: %s", sh.Times, sh.Per, sh.baseName(lang), cur.Format(a.Base(), lang), pays)
		case ko:
			pays = fmt.Sprintf("%s %s의 %s/%s %s %s을 %s 단위로 %s한 %s", sh.baseName(lang), cur.Format(a.Base(), lang), sh.Times, sh.Per, approx,
				words.Number(exact), cur.Format(p.c.Rounding.Step, lang), modeNames[p.c.Rounding.Mode].In(lang), pays)
		default:
			pays = fmt.Sprintf("%s/%s of the %s of %s %s %s, %s to %s: %s", sh.Times, sh.Per, sh.baseName(lang), cur.Format(a.Base(), lang), approx,
				words.Number(exact), modeNames[p.c.Rounding.Mode].In(lang), cur.Format(p.c.Rounding.Step, lang), pays)
		}
	}
	if p.flat {
		if ko {
			return fmt.Sprintf("%s을 지원합니다.", pays)
		}
		return "for every claimant: " + pays
	}
	where := p.bandRange(over, a.ctx.band, over.IsZero(), lang)
	if ko {
		return fmt.Sprintf("%s %s은 %s 구간에 해당하여 %s을 지원합니다%s.", m, p.measure(a.Loss, lang), where, pays, provisional(a.ctx.band, lang))
	}
	return fmt.Sprintf("%s of %s is %s: %s%s", m, p.measure(a.Loss, lang), where, pays, provisional(a.ctx.band, lang))
}

// awardJSON is the JSON form of an Award.
type awardJSON struct {
	Loss       decimal.Decimal  `json:"loss"`
	Amount     decimal.Decimal  `json:"amount"`
	Band       int              `json:"band"`
	Over       *decimal.Decimal `json:"over,omitempty"`
	UpTo       *decimal.Decimal `json:"upTo,omitempty"`
	BandAmount *decimal.Decimal `json:"bandAmount,omitempty"`
	Cap        decimal.Decimal  `json:"cap"`
	Capped     bool             `json:"capped"`
	Review     bool             `json:"review"`
	Trace      []Step           `json:"trace"`
}

// MarshalJSON encodes the award with its trace, amounts as decimal
// strings. Band is -1 and the band's fields are left out where there is
// no band; upTo is left out for the open band.
func (a Award) MarshalJSON() ([]byte, error) {
	j := awardJSON{Loss: a.Loss, Amount: a.Amount, Band: a.BandIndex(), Cap: a.Cap(),
		Capped: a.Capped, Review: a.Review, Trace: a.Trace()}
	if j.Trace == nil {
		j.Trace = []Step{}
	}
	if a.BandIndex() != NoBand {
		over, upTo, open := a.Bounds()
		bandAmount := a.BandAmount()
		j.Over, j.BandAmount = &over, &bandAmount
		if !open {
			j.UpTo = &upTo
		}
	}
	return json.Marshal(j)
}
