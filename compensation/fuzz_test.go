package compensation

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzAward checks the invariants of banding on any pair of losses: no
// input panics, more loss never pays less unless it is referred to review
// (whose batch amount is an advance), no award exceeds the cap, and an
// award is whole won. It runs on the Kakao 1015 schedule and on one whose
// review band advances nothing.
func FuzzAward(f *testing.F) {
	for _, s := range []string{"0", "1", "299999", "300000", "300000.5", "500000", "500001", "-1", "1e20", "0.0000001"} {
		f.Add(s, "300000")
	}
	none, err := Kakao1015With(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		fuzzAwardPair(t, Kakao1015(), a, b)
		fuzzAwardPair(t, none, a, b)
	})
}

func fuzzAwardPair(t *testing.T, s Schedule, a, b string) {
	{
		x, errX := decimal.NewFromString(a)
		y, errY := decimal.NewFromString(b)
		if errX != nil || errY != nil {
			return
		}
		if !inDomain(x) || !inDomain(y) {
			// Refused without comparing: check that, then stop.
			if _, err := s.Award(x); !inDomain(x) && !errors.Is(err, ErrRange) {
				t.Fatalf("Award(exponent %d) error %v, want ErrRange", x.Exponent(), err)
			}
			return
		}
		if x.Cmp(y) > 0 {
			x, y = y, x
		}
		ax, errX := s.Award(x)
		ay, errY := s.Award(y)
		if (errX != nil) != (x.Sign() < 0) || (errY != nil) != (y.Sign() < 0) {
			t.Fatalf("Award(%s) error %v, Award(%s) error %v: errors only for negative losses", x, errX, y, errY)
		}
		if errX != nil || errY != nil {
			return
		}
		if ay.Amount.Cmp(ax.Amount) < 0 && !ay.Review {
			t.Errorf("[P-CASH-1] loss %s pays %s but the smaller loss %s pays %s", y, ay.Amount, x, ax.Amount)
		}
		for _, w := range []Award{ax, ay} {
			if w.Amount.Cmp(s.Cap()) > 0 {
				t.Errorf("[P-CASH-1] loss %s pays %s, above the cap %s", w.Loss, w.Amount, s.Cap())
			}
			if !isWholeWon(w.Amount) {
				t.Errorf("loss %s pays %s, not whole won", w.Loss, w.Amount)
			}
			if _, err := json.Marshal(w); err != nil {
				t.Errorf("marshal award: %v", err)
			}
		}
	}
}

// FuzzScheduleJSON checks that loading any JSON never panics, and that a
// schedule that loads marshals back to itself.
func FuzzScheduleJSON(f *testing.F) {
	good, _ := json.Marshal(Kakao1015())
	f.Add(string(good))
	f.Add(`{"cap":"1","bands":[{"open":true,"amount":"1"}]}`)
	f.Add(`{"cap":"1","bands":[{"upTo":"2","amount":"3"},{"open":true,"amount":"1"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		var s Schedule
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("marshal a loaded schedule: %v", err)
		}
		var back Schedule
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("reload %s: %v", out, err)
		}
		again, _ := json.Marshal(back)
		if string(again) != string(out) {
			t.Errorf("round trip changed the schedule:\n%s\n%s", out, again)
		}
	})
}

// FuzzAssess checks that no series of daily sales panics, and that a loss
// is never negative nor above the unadjusted shortfall.
func FuzzAssess(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6}, int64(100_000), uint8(5))
	f.Add([]byte{}, int64(0), uint8(0))
	m := Kakao1015Method()
	f.Fuzz(func(t *testing.T, dips []byte, base int64, margin uint8) {
		sales := autumn2022(base%1_000_000_000, nil)
		for i, b := range dips {
			if int(b) < len(sales) {
				sales[b].Sales = sales[b].Sales.Sub(decimal.NewFromInt(int64(i) * 1_000)).Div(decimal.NewFromInt(3))
			}
		}
		fac, err := NewFactors(decimal.New(int64(margin), -2), decimal.NewFromInt(1), decimal.NewFromInt(1))
		if err != nil {
			if margin <= 100 {
				t.Fatalf("margin %d%% refused: %v", margin, err)
			}
			return
		}
		a, err := m.Assess(sales, fac)
		if err != nil {
			return
		}
		if a.Loss.Sign() < 0 || a.Loss.Cmp(a.Shortfall) > 0 {
			t.Errorf("loss %s outside [0, shortfall %s]", a.Loss, a.Shortfall)
		}
		if _, err := json.Marshal(a); err != nil {
			t.Errorf("marshal assessment: %v", err)
		}
	})
}

func inDomain(d decimal.Decimal) bool { return checkRange("", d) == nil }

// plainBand is the reference banding Award's fast paths are held to: the
// first band whose bound the measure does not pass, by an exact decimal
// comparison, the open band past them all; NoBand for zero.
func plainBand(c Config, measure decimal.Decimal) int {
	if measure.IsZero() {
		return NoBand
	}
	for i, b := range c.Bands {
		if b.Open || measure.Cmp(b.UpTo) <= 0 {
			return i
		}
	}
	return NoBand
}

// FuzzAwardAgreesWithPlainBanding: for a measure of any coefficient and
// exponent in the domain, Award's bands prepared at 129 exponents, its
// int64 path and its decimal path, give the band and the amount a plain
// comparison of decimals gives: the band's amount, never above the cap.
// It runs on Kakao 1015 and on a schedule whose bounds need more than
// 18 digits at small exponents.
func FuzzAwardAgreesWithPlainBanding(f *testing.F) {
	f.Add(int64(300_000), int8(0), false)
	f.Add(int64(300_000_001), int8(-3), false)
	f.Add(int64(9_223_372_036_854_775_807), int8(-13), true)
	f.Add(int64(1), int8(64), true)
	wide, err := NewSchedule(Config{
		Bands: []Band{
			{UpTo: decimal.NewFromInt(1), Amount: decimal.NewFromInt(10)},
			{UpTo: decimal.RequireFromString("999999999999999999"), Amount: decimal.NewFromInt(20)},
			{Open: true, Amount: decimal.NewFromInt(40)},
		},
		Cap: decimal.NewFromInt(30), Currency: KRW, Measure: Kakao1015().Config().Measure, Rule: "TEST",
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, coefficient int64, exponent int8, useWide bool) {
		s := Kakao1015()
		if useWide {
			s = wide
		}
		measure := decimal.New(coefficient, int32(exponent))
		if measure.Sign() < 0 || !inDomain(measure) {
			return
		}
		a, err := s.Award(measure)
		if err != nil {
			t.Fatalf("Award(%s): %v", measure, err)
		}
		c := s.Config()
		want := plainBand(c, measure)
		wantAmount := decimal.Zero
		if want != NoBand {
			wantAmount = decimal.Min(c.Bands[want].Amount, c.Cap)
		}
		if a.BandIndex() != want || !a.Amount.Equal(wantAmount) {
			t.Errorf("Award(%s) = band %d, %s; want band %d, %s", measure, a.BandIndex(), a.Amount, want, wantAmount)
		}
	})
}
