package compensation

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// NoBand is the [Award.Band] of a loss of zero, which falls in no band.
const NoBand = -1

// Award is the outcome of banding a loss under a [Schedule]: what the
// batch programme pays, the band that decided it and whether the case goes
// to individual review. It refers to the band and cap it used, so it
// explains itself: [Award.Trace] lists the rules that fired, and the JSON
// form carries the thresholds and the trace.
//
// The zero Award is the outcome of no decision: it pays nothing and has no
// band.
type Award struct {
	// Loss is the assessed loss that was banded, exactly as given.
	Loss decimal.Decimal
	// Amount is what the batch pays, in whole won, after the cap.
	Amount decimal.Decimal
	// Band is the index of the band the loss fell in, or NoBand for a
	// loss of zero.
	Band int
	// Review refers the case to individual review [P-INTAKE-4].
	Review bool
	// Capped says the schedule's per-person cap lowered the band's amount.
	Capped bool

	ctx *bandContext // nil only in the zero Award
}

// bandContext is what an award refers to in its schedule: its band, the
// bound below it and the cap. Each schedule builds one per band, and one
// for a zero loss, when it is made; they are never modified.
type bandContext struct {
	band   Band
	over   decimal.Decimal
	cap    decimal.Decimal
	capped bool
	paid   decimal.Decimal // the band's amount, or the cap where that is lower
}

// contextsOf builds a schedule's band contexts: one per band, then the
// one of a zero loss.
func contextsOf(bands []Band, cap decimal.Decimal) []bandContext {
	out := make([]bandContext, len(bands)+1)
	for i, b := range bands {
		c := bandContext{band: b, cap: cap, capped: b.Amount.Cmp(cap) > 0, paid: decimal.Min(b.Amount, cap)}
		if i > 0 {
			c.over = bands[i-1].UpTo
		}
		out[i] = c
	}
	out[len(bands)] = bandContext{cap: cap}
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
// was built.
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
		return Award{Loss: loss, Band: NoBand, ctx: &p.ctx[len(p.bands)]}, nil
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
	return Award{Loss: loss, Amount: c.paid, Band: i, Review: c.band.Review, Capped: c.capped, ctx: c}, nil
}

// negativeLoss is Award's error for a loss below zero, kept out of line so
// that Award's own frame stays small.
func negativeLoss(loss decimal.Decimal) error {
	return fmt.Errorf("%w: %s won", ErrNegativeLoss, loss)
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

// Cap is the per-person cap of the schedule that made the award.
func (a Award) Cap() decimal.Decimal {
	if a.ctx == nil {
		return decimal.Decimal{}
	}
	return a.ctx.cap
}

// Rule is the policy tag of the band, e.g. "P-CASH-1"; empty for a loss
// of zero or a band that names none.
func (a Award) Rule() string {
	if a.ctx == nil {
		return ""
	}
	return a.ctx.band.Rule
}

// AwardTotal makes one award on the sum of a claimant's losses [P-CASH-1]:
// a claimant with several reports is paid once, never above the cap.
// It returns the errors of [Schedule.Award]; a negative loss among the
// reports is an error even where the sum is not negative.
func (s Schedule) AwardTotal(losses ...decimal.Decimal) (Award, error) {
	var total decimal.Decimal
	for i, l := range losses {
		if err := checkRange("loss", l); err != nil {
			return Award{}, fmt.Errorf("report %d: %w", i, err)
		}
		if l.Sign() < 0 {
			return Award{}, fmt.Errorf("loss %d: %w: %s won", i, ErrNegativeLoss, l)
		}
		total = total.Add(l)
	}
	return s.Award(total)
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
	Korean  = "ko"
	English = "en"
)

// langOf reads a language tag as "ko" or "en": "en" for any English tag,
// Korean otherwise.
func langOf(tag string) string {
	if len(tag) >= 2 && (tag[0]|0x20) == 'e' && (tag[1]|0x20) == 'n' && (len(tag) == 2 || tag[2] == '-' || tag[2] == '_') {
		return English
	}
	return Korean
}

// Trace lists the rules that decided the award, in the order they
// applied, in English.
func (a Award) Trace() []Step { return a.TraceIn(English) }

// TraceIn lists the rules that decided the award in the language lang:
// "ko" (Korean, with amounts as Koreans write them, "420,000원") or "en";
// any other tag gets Korean; "" lists codes only, with no Text, as a
// batch that writes codes wants. A step's code does not depend on lang.
func (a Award) TraceIn(lang string) []Step {
	steps := a.codes()
	if lang != "" {
		ko := langOf(lang) == Korean
		for i := range steps {
			steps[i].Text = a.sentence(steps[i].Code, ko)
		}
	}
	return steps
}

// codes is the award's trace with codes only: the rules that decided it,
// in the order they applied.
func (a Award) codes() []Step {
	if a.Band == NoBand {
		return []Step{{Rule: "P-CASH-1", Code: CodeNoLoss}}
	}
	rule := a.Rule()
	if rule == "" {
		rule = "band"
	}
	steps := []Step{{Rule: rule, Code: CodeBand}}
	if a.Capped {
		steps = append(steps, Step{Rule: "P-CASH-1", Code: CodeCap})
	}
	if a.Review {
		steps = append(steps, Step{Rule: "P-INTAKE-4", Code: CodeReview})
	}
	return steps
}

// sentence explains the award's step of the given code, in Korean or in
// English.
func (a Award) sentence(code string, ko bool) string {
	over, upTo, open := a.Bounds()
	switch code {
	case CodeNoLoss:
		if ko {
			return "매출 손실이 없어 지원금이 없습니다."
		}
		return "no sales loss: no support"
	case CodeCap:
		if ko {
			return fmt.Sprintf("1인당 한도 %s원을 적용하여 %s원을 지급합니다.", FormatWon(a.Cap()), FormatWon(a.Amount))
		}
		return fmt.Sprintf("per-person cap of %s won: %s won paid", FormatWon(a.Cap()), FormatWon(a.Amount))
	case CodeReview:
		if ko {
			return fmt.Sprintf("손실액이 %s원을 넘어 개별 심사 대상입니다.", FormatWon(over))
		}
		return fmt.Sprintf("loss over %s won: referred to individual review", FormatWon(over))
	}
	loss, amount := FormatWon(a.Loss), FormatWon(a.BandAmount())
	if ko {
		var where string
		switch {
		case open:
			where = fmt.Sprintf("%s원 초과", FormatWon(over))
		case over.IsZero():
			where = fmt.Sprintf("%s원 이하", FormatWon(upTo))
		default:
			where = fmt.Sprintf("%s원 초과 %s원 이하", FormatWon(over), FormatWon(upTo))
		}
		return fmt.Sprintf("손실액 %s원은 %s 구간에 해당하여 %s원을 지원합니다.", loss, where, amount)
	}
	var where string
	switch {
	case open:
		where = fmt.Sprintf("over %s won", FormatWon(over))
	case over.IsZero():
		where = fmt.Sprintf("up to and including %s won", FormatWon(upTo))
	default:
		where = fmt.Sprintf("over %s and up to and including %s won", FormatWon(over), FormatWon(upTo))
	}
	return fmt.Sprintf("loss of %s won is %s (band %d): %s won", loss, where, a.Band, amount)
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
// strings. Band is -1 and the band's fields are left out for a zero loss;
// upTo is left out for the open band.
func (a Award) MarshalJSON() ([]byte, error) {
	j := awardJSON{Loss: a.Loss, Amount: a.Amount, Band: a.Band, Cap: a.Cap(),
		Capped: a.Capped, Review: a.Review, Trace: a.Trace()}
	if a.Band != NoBand {
		over, upTo, open := a.Bounds()
		bandAmount := a.BandAmount()
		j.Over, j.BandAmount = &over, &bandAmount
		if !open {
			j.UpTo = &upTo
		}
	}
	return json.Marshal(j)
}
