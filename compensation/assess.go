package compensation

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"github.com/outagerelief/relief/internal/domain"
	"github.com/outagerelief/relief/internal/words"
	"github.com/shopspring/decimal"
)

// kst is Korea Standard Time, UTC+9 with no daylight saving since 1988.
// A fixed zone, so the library needs no time-zone database.
var kst = domain.KST()

// KST returns Korea Standard Time, UTC+9 with no daylight saving since
// 1988, the zone of every date of the Kakao 1015 plan. It is a fixed
// zone, so neither this package nor its host needs a time-zone database.
func KST() *time.Location { return kst }

// week is the length of an outage week and of a baseline week.
const week = 7

// dayNumber is the KST calendar day of t, counted from 1970-01-01 KST.
func dayNumber(t time.Time) int64 {
	s := t.Unix() + 9*60*60
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}

// dayTime is the instant 00:00 KST of day number d.
func dayTime(d int64) time.Time {
	return time.Unix(d*86400-9*60*60, 0).In(kst)
}

// Method is how a sales loss is measured [P-CASH-3]: sales in the outage
// week against the best week of a baseline period, each week starting on
// the outage week's first weekday. Build one with [NewMethod] or
// [Kakao1015Method]. A Method is a value, safe for concurrent use.
//
// The zero Method is not valid: [Method.Assess] returns [ErrPeriod].
type Method struct {
	outage         int64 // first day of the outage week
	baseFrom, base int64 // baseline period, first and last day inclusive
	weeks          []int64
}

// NewMethod returns a method that compares the 7 days from outageStart
// with every complete 7-day week, starting on the same weekday, that lies
// within the baseline days from baselineFrom to baselineTo inclusive and
// does not overlap the outage week. Each argument stands for its calendar
// day in KST.
//
// NewMethod returns an error wrapping [ErrPeriod] if the baseline ends
// before it starts, holds no such week, or a day lies outside the years
// 1970 to 2199 (the domain of every date this package takes), or spans
// more than ten years.
func NewMethod(outageStart, baselineFrom, baselineTo time.Time) (Method, error) {
	for _, t := range []time.Time{outageStart, baselineFrom, baselineTo} {
		if y := t.In(kst).Year(); y < 1970 || y > 2199 {
			return Method{}, fmt.Errorf("%w: %s outside the years 1970 to 2199", ErrPeriod, t.In(kst).Format(time.RFC3339))
		}
	}
	if baselineTo.Sub(baselineFrom) > 10*366*24*time.Hour {
		return Method{}, fmt.Errorf("%w: a baseline from %s to %s is longer than ten years", ErrPeriod,
			baselineFrom.In(kst).Format(time.DateOnly), baselineTo.In(kst).Format(time.DateOnly))
	}
	m := Method{outage: dayNumber(outageStart), baseFrom: dayNumber(baselineFrom), base: dayNumber(baselineTo)}
	if m.base < m.baseFrom {
		return Method{}, fmt.Errorf("%w: baseline ends %s before it starts %s", ErrPeriod,
			dayTime(m.base).Format(time.DateOnly), dayTime(m.baseFrom).Format(time.DateOnly))
	}
	// The first day on or after baseFrom with the outage week's weekday.
	first := m.baseFrom + ((m.outage-m.baseFrom)%week+week)%week
	for w := first; w+week-1 <= m.base; w += week {
		if w+week-1 < m.outage || w > m.outage+week-1 {
			m.weeks = append(m.weeks, w)
		}
	}
	if len(m.weeks) == 0 {
		return Method{}, fmt.Errorf("%w: no complete week from %s to %s outside the outage week", ErrPeriod,
			dayTime(m.baseFrom).Format(time.DateOnly), dayTime(m.base).Format(time.DateOnly))
	}
	return m, nil
}

// Kakao1015Method returns the loss measurement of the Kakao 1015 plan.
func Kakao1015Method() Method {
	m, err := NewMethod(
		// [P-CASH-3] the outage week, Saturday 2022-10-15 to Friday 2022-10-21.
		time.Date(2022, 10, 15, 0, 0, 0, 0, kst),
		// [P-CASH-3] against the best Saturday-to-Friday week in September
		// and October 2022.
		time.Date(2022, 9, 1, 0, 0, 0, 0, kst),
		time.Date(2022, 10, 31, 0, 0, 0, 0, kst),
	)
	if err != nil {
		panic(err) // a literal: cannot happen
	}
	return m
}

// OutageWeek returns the first day of the outage week, 00:00 KST.
func (m Method) OutageWeek() time.Time { return dayTime(m.outage) }

// BaselineWeeks returns the first day, 00:00 KST, of each baseline week
// the outage week is compared with, earliest first.
func (m Method) BaselineWeeks() []time.Time {
	out := make([]time.Time, len(m.weeks))
	for i, w := range m.weeks {
		out[i] = dayTime(w)
	}
	return out
}

// DaySales is one day's sales, in won. Day stands for its calendar day in
// KST, whatever its zone and time of day.
type DaySales struct {
	Day   time.Time
	Sales decimal.Decimal
}

// Factors are an optional weighting of a sales shortfall into a loss: the
// operating margin, an alternative service, and Kakao's share of the
// service, each a fraction in [0, 1] that multiplies the shortfall. They
// are not the announcement's method: the announcement says these factors
// set the band amounts [P-CASH-2], not that each loss is discounted by
// them; a host that weights losses anyway chooses its own weights (C).
//
// The zero Factors, the default, is the identity: every factor is 1 and
// the loss is the whole shortfall. Build other values with [NewFactors].
type Factors struct {
	set                        bool
	margin, alternative, share decimal.Decimal
}

// NewFactors returns factors for an operating margin, the share of the
// loss that remains given an alternative service (1 where none existed),
// and Kakao's share of the service concerned. It returns an error wrapping
// [ErrFactor] if any is below 0 or above 1.
func NewFactors(margin, alternative, kakaoShare decimal.Decimal) (Factors, error) {
	one := decimal.NewFromInt(1)
	for _, f := range []struct {
		name string
		v    decimal.Decimal
	}{{"margin", margin}, {"alternative", alternative}, {"kakao share", kakaoShare}} {
		if err := checkRange(f.name, f.v); err != nil {
			return Factors{}, err
		}
		if f.v.Sign() < 0 || f.v.Cmp(one) > 0 {
			return Factors{}, fmt.Errorf("%s %s: %w", f.name, f.v, ErrFactor)
		}
	}
	return Factors{set: true, margin: margin, alternative: alternative, share: kakaoShare}, nil
}

func (f Factors) get(v decimal.Decimal) decimal.Decimal {
	if !f.set {
		return decimal.NewFromInt(1)
	}
	return v
}

// Margin is the operating margin: the share of lost sales that was lost
// profit.
func (f Factors) Margin() decimal.Decimal { return f.get(f.margin) }

// Alternative is the share of the loss that remains given an alternative
// service; 1 where there was none.
func (f Factors) Alternative() decimal.Decimal { return f.get(f.alternative) }

// KakaoShare is Kakao's share of the service concerned.
func (f Factors) KakaoShare() decimal.Decimal { return f.get(f.share) }

// Week is a 7-day week's total sales; From is its first day, 00:00 KST.
type Week struct {
	From  time.Time       `json:"from"`
	Sales decimal.Decimal `json:"sales"`
}

// Assessment is a measured sales loss with the figures it came from.
type Assessment struct {
	// Outage is the outage week's sales; Best the best baseline week's,
	// the earliest of equal weeks. Weeks is how many complete baseline
	// weeks were compared.
	Outage, Best Week
	Weeks        int
	// Shortfall is Best.Sales less Outage.Sales, never below zero.
	Shortfall decimal.Decimal
	// Factors are the adjustments applied to the shortfall.
	Factors Factors
	// Loss is Shortfall times each factor, exact (it may carry fractions
	// of a won); it is what [Schedule.Award] bands.
	Loss decimal.Decimal
}

// Assess measures a business's sales loss from its daily sales
// [P-CASH-3], weighted by f where the host passes factors (the zero
// Factors weights nothing; see [Factors] and [P-CASH-2]).
//
// Gaps follow one rule: every day of the outage week must be present,
// while a baseline week with a missing day is not a candidate (it cannot
// be the best week, since its total is unknown). Days outside the outage
// week and the baseline period are ignored.
//
// Assess returns an error if:
//   - a day's sales are negative ([ErrNegativeLoss]);
//   - a day appears twice, a day of the outage week is missing, or no
//     baseline week is complete ([ErrSales]);
//   - m is the zero Method ([ErrPeriod]).
func (m Method) Assess(sales []DaySales, f Factors) (Assessment, error) {
	if len(m.weeks) == 0 {
		return Assessment{}, fmt.Errorf("%w: zero Method", ErrPeriod)
	}
	lo, hi := min(m.baseFrom, m.outage), max(m.base, m.outage+week-1)
	var buf [64]daySlot // September and October fit without allocating
	var days []daySlot
	if n := int(hi - lo + 1); n <= len(buf) {
		days = buf[:n]
	} else {
		days = make([]daySlot, n)
	}
	allInt, err := fillDays(days, lo, sales)
	if err != nil {
		return Assessment{}, err
	}
	out, missing, ok := weekTotal(days[m.outage-lo:], allInt)
	if !ok {
		return Assessment{}, fmt.Errorf("%w: outage week day %s is missing", ErrSales, dayTime(m.outage+int64(missing)).Format(time.DateOnly))
	}
	best, bestFrom, weeks := m.bestWeek(days, lo, allInt)
	if weeks == 0 {
		return Assessment{}, fmt.Errorf("%w: no complete baseline week from %s to %s", ErrSales,
			dayTime(m.baseFrom).Format(time.DateOnly), dayTime(m.base).Format(time.DateOnly))
	}
	a := Assessment{
		Outage:  Week{From: dayTime(m.outage), Sales: out.decimal()},
		Best:    Week{From: dayTime(bestFrom), Sales: best.decimal()},
		Weeks:   weeks,
		Factors: f,
	}
	if best.cmp(out) > 0 {
		a.Shortfall = a.Best.Sales.Sub(a.Outage.Sales)
	}
	a.Loss = a.Shortfall
	if f.set {
		a.Loss = a.Loss.Mul(f.margin).Mul(f.alternative).Mul(f.share)
	}
	if err := checkRange("assessed loss", a.Loss); err != nil {
		// The exact product of in-domain sales and factors can carry more
		// digits than a loss may: refuse it rather than round it silently.
		return Assessment{}, err
	}
	return a, nil
}

// weekSum is a week's sales: an int64 where every day's sales fit one,
// else a decimal.
type weekSum struct {
	isInt bool
	n     int64
	d     decimal.Decimal
}

func (w weekSum) cmp(v weekSum) int {
	if w.isInt {
		return cmp.Compare(w.n, v.n)
	}
	return w.d.Cmp(v.d)
}

func (w weekSum) decimal() decimal.Decimal {
	if w.isInt {
		return decimal.NewFromInt(w.n)
	}
	return w.d
}

// weekTotal sums the first 7 days of days, as int64s where allInt. Where
// a day is missing it returns the day's offset and false.
func weekTotal(days []daySlot, allInt bool) (weekSum, int, bool) {
	sum := weekSum{isInt: allInt}
	for i := range week {
		switch slot := &days[i]; {
		case !slot.seen:
			return weekSum{}, i, false
		case allInt:
			sum.n += slot.n
		default:
			sum.d = sum.d.Add(slot.sales)
		}
	}
	return sum, 0, true
}

// fillDays puts each day's sales in its slot of days, which runs from day
// number lo; days outside it are checked and skipped. allInt says every
// slot's sales are whole won below 10^15, summed as int64 (which cannot
// overflow over a week) rather than as decimals.
func fillDays(days []daySlot, lo int64, sales []DaySales) (allInt bool, err error) {
	allInt = true
	hi := lo + int64(len(days)) - 1
	for _, s := range sales {
		d := dayNumber(s.Day)
		if err := checkRange("sales", s.Sales); err != nil {
			return false, fmt.Errorf("%s: %w", dayTime(d).Format(time.DateOnly), err)
		}
		if s.Sales.Sign() < 0 {
			return false, fmt.Errorf("sales on %s: %w: %s won", dayTime(d).Format(time.DateOnly), ErrNegativeLoss, s.Sales)
		}
		if d < lo || d > hi {
			continue
		}
		slot := &days[d-lo]
		if slot.seen {
			return false, fmt.Errorf("%w: %s appears twice", ErrSales, dayTime(d).Format(time.DateOnly))
		}
		slot.seen, slot.sales = true, s.Sales
		if allInt = allInt && s.Sales.Exponent() == 0 && s.Sales.NumDigits() <= 15; allInt {
			slot.n = s.Sales.CoefficientInt64()
		}
	}
	return allInt, nil
}

// bestWeek is the baseline week of the highest sales, the earliest of
// equal weeks, and how many complete baseline weeks there were.
func (m Method) bestWeek(days []daySlot, lo int64, allInt bool) (best weekSum, from int64, weeks int) {
	for _, w := range m.weeks {
		sum, _, ok := weekTotal(days[w-lo:], allInt)
		if !ok {
			continue
		}
		if weeks == 0 || sum.cmp(best) > 0 {
			best, from = sum, w
		}
		weeks++
	}
	return best, from, weeks
}

// daySlot is one day of a series being assessed.
type daySlot struct {
	sales decimal.Decimal
	n     int64 // sales as an int64, where every day's sales fit
	seen  bool
}

// Trace lists the rules that measured the loss, with their figures, in
// English.
func (a Assessment) Trace() []Step { return a.TraceIn(English) }

// TraceIn lists the rules that measured the loss in lang: "ko" (Korean)
// or "en", as a BCP 47 tag: any English tag gets English, any other
// Korean.
//
// The weighting's step is there only where the host passed factors.
func (a Assessment) TraceIn(lang string) []Step {
	if !words.IsEnglish(lang) {
		steps := []Step{
			{Rule: "P-CASH-3", Code: CodeOutageWeek, Text: fmt.Sprintf("장애 주간(%s부터) 매출 %s원, 기준 %d주 중 최고 주간(%s부터) 매출 %s원, 부족분 %s원 = 손실액",
				a.Outage.From.Format(time.DateOnly), FormatWon(a.Outage.Sales), a.Weeks,
				a.Best.From.Format(time.DateOnly), FormatWon(a.Best.Sales), FormatWon(a.Shortfall))},
		}
		if a.Factors.set {
			steps = append(steps, Step{Rule: "P-CASH-2", Code: CodeFactors, Text: fmt.Sprintf(
				"이 운영자가 선택한 가중치(발표된 산정 방식이 아님): 부족분 %s원 × 영업이익률 %s × 대체 서비스 %s × 카카오 비중 %s = 손실액 %s원",
				FormatWon(a.Shortfall), a.Factors.Margin(), a.Factors.Alternative(), a.Factors.KakaoShare(), FormatWon(a.Loss))})
		}
		return steps
	}
	steps := []Step{
		{Rule: "P-CASH-3", Code: CodeOutageWeek, Text: fmt.Sprintf("outage week from %s: %s won; best of %d baseline weeks, from %s: %s won; shortfall %s won, the loss",
			a.Outage.From.Format(time.DateOnly), FormatWon(a.Outage.Sales), a.Weeks,
			a.Best.From.Format(time.DateOnly), FormatWon(a.Best.Sales), FormatWon(a.Shortfall))},
	}
	if a.Factors.set {
		steps = append(steps, Step{Rule: "P-CASH-2", Code: CodeFactors, Text: fmt.Sprintf(
			"a weighting this host chose, not the announcement's method: shortfall %s won x margin %s x alternative %s x Kakao share %s = loss %s won",
			FormatWon(a.Shortfall), a.Factors.Margin(), a.Factors.Alternative(), a.Factors.KakaoShare(), FormatWon(a.Loss))})
	}
	return steps
}

// MarshalJSON encodes the assessment with its factors and trace, amounts
// as decimal strings.
func (a Assessment) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Outage      Week            `json:"outage"`
		Best        Week            `json:"best"`
		Weeks       int             `json:"weeks"`
		Shortfall   decimal.Decimal `json:"shortfall"`
		Margin      decimal.Decimal `json:"margin"`
		Alternative decimal.Decimal `json:"alternative"`
		KakaoShare  decimal.Decimal `json:"kakaoShare"`
		Loss        decimal.Decimal `json:"loss"`
		Trace       []Step          `json:"trace"`
	}{a.Outage, a.Best, a.Weeks, a.Shortfall, a.Factors.Margin(), a.Factors.Alternative(),
		a.Factors.KakaoShare(), a.Loss, a.Trace()})
}
