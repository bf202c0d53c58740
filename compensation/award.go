package compensation

import (
	"encoding/json"
	"fmt"

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
	// Loss is the assessed loss that was banded, exactly as given.
	Loss decimal.Decimal
	// Amount is what the batch pays, in whole won, after the cap.
	Amount decimal.Decimal
	// Review refers the case to individual review.
	Review bool
	// Capped says the schedule's per-claimant cap lowered the band's
	// amount.
	Capped bool

	ctx *bandContext // nil only in the zero Award
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
		c := bandContext{s: s, index: i, band: b, capped: b.Amount.Cmp(cap) > 0, paid: decimal.Min(b.Amount, cap)}
		if i > 0 {
			c.over = bands[i-1].UpTo
		}
		out[i] = c
	}
	out[len(bands)] = bandContext{s: s, index: NoBand}
	return out
}

// Award bands an assessed loss, in won, and returns what the batch pays.
// A loss of zero pays zero and falls in no band. A loss may carry fractions
// of a won: banding uses its exact value, so 300,000.5 is over 300,000.
//
// Award returns an error wrapping [ErrNegativeLoss] for a loss below zero,
// [ErrRange] for one outside the amount domain, and [ErrNoBands] for the
// zero Schedule. It does not allocate for any loss in the domain, whatever
// its exponent: the schedule prepared its bounds for each exponent when it
// was built (see the package documentation, "Performance").
func (s Schedule) Award(loss decimal.Decimal) (Award, error) {
	p := s.p
	if p == nil {
		return Award{}, ErrNoBands
	}
	// The domain check of checkRange, inline: this is the hot path.
	e := loss.Exponent()
	if e < -MaxExponent || e > MaxExponent {
		return Award{}, checkRange("loss", loss)
	}
	n := loss.NumDigits()
	if n > MaxDigits {
		return Award{}, checkRange("loss", loss)
	}
	switch loss.Sign() {
	case -1:
		return Award{}, negativeLoss(loss)
	case 0:
		return Award{Loss: loss, ctx: &p.ctx[len(p.c.Bands)]}, nil
	}
	sb := &p.scaled[e+MaxExponent]
	i := 0
	if n <= 18 && sb.ints != nil {
		// The fast path: a coefficient below 10^18 is exactly an int64.
		x := loss.CoefficientInt64()
		for i < len(sb.ints) && x > sb.ints[i] {
			i++
		}
	} else {
		// Same exponent on both sides: Cmp compares coefficients.
		for i < len(sb.decs) && loss.Cmp(sb.decs[i]) > 0 {
			i++
		}
	}
	c := &p.ctx[i]
	return Award{Loss: loss, Amount: c.paid, Review: c.band.Review, Capped: c.capped, ctx: c}, nil
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

// BandAmount is what the band pays before the cap; zero for a loss of zero.
func (a Award) BandAmount() decimal.Decimal {
	if a.ctx == nil {
		return decimal.Decimal{}
	}
	return a.ctx.band.Amount
}

// Cap is the per-claimant cap of the schedule that made the award; zero
// for the zero Award.
func (a Award) Cap() decimal.Decimal {
	if a.ctx == nil {
		return decimal.Decimal{}
	}
	return a.ctx.s.c.Cap
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
	over, _, _ := a.Bounds()
	m := a.ctx.s.c.Measure.In(lang)
	ko := !words.IsEnglish(lang)
	switch code {
	case CodeNoLoss:
		if ko {
			return fmt.Sprintf("%s이 없어 지원금이 없습니다.", m)
		}
		return fmt.Sprintf("no %s: no support", m)
	case CodeCap:
		if ko {
			return fmt.Sprintf("1인당 한도 %s을 적용하여 %s을 지급합니다.", words.Won(a.Cap(), lang), words.Won(a.Amount, lang))
		}
		return fmt.Sprintf("per-claimant cap of %s: %s paid", words.Won(a.Cap(), lang), words.Won(a.Amount, lang))
	case CodeReview:
		if ko {
			return fmt.Sprintf("%s이 %s을 넘어 개별 심사 대상입니다.", m, words.Won(over, lang))
		}
		return fmt.Sprintf("%s over %s: referred to individual review", m, words.Won(over, lang))
	}
	where := bandRange(over, a.ctx.band, over.IsZero(), lang)
	if ko {
		return fmt.Sprintf("%s %s은 %s 구간에 해당하여 %s을 지원합니다.", m, words.Won(a.Loss, lang), where, words.Won(a.BandAmount(), lang))
	}
	return fmt.Sprintf("%s of %s is %s: %s", m, words.Won(a.Loss, lang), where, words.Won(a.BandAmount(), lang))
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
