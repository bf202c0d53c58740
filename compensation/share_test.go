package compensation

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var aud = Currency{Code: "AUD", Minor: 2}

// flat returns a schedule that pays every claimant a share of its base,
// rounded as r says, capped at cap (zero: a share of 100 times the base).
func flat(t *testing.T, c Currency, times, per string, r Rounding) Schedule {
	t.Helper()
	s, err := NewSchedule(Config{
		Bands:    []Band{{Open: true, Share: &Share{Base: "monthly-fee", Times: d(times), Per: d(per)}}},
		CapShare: &Share{Base: "monthly-fee", Times: d("100"), Per: d("1")},
		Currency: c, Measure: Measure{Name: Text{Ko: "요금", En: "fee"}}, Rounding: r, Rule: "T-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestASharePaysTheRoundedFraction checks a share of a base at each
// rounding mode, on both sides of the half, and the exact fraction the
// trace gives [KT21-6]: a 50,000-won plan gets 50,000 x 15/720 =
// 1,041.67 before the rounding the schedule names.
func TestASharePaysTheRoundedFraction(t *testing.T) {
	won := func(m RoundingMode, step string) Rounding { return Rounding{Step: d(step), Mode: m} }
	for _, tt := range []struct {
		reason     string
		c          Currency
		r          Rounding
		times, per string
		base, want string
	}{
		{"15 hours of a 50,000-won month, down to the won", KRW, won(RoundDown, "1"), "15", "720", "50000", "1041"},
		{"the same, up to the won", KRW, won(RoundUp, "1"), "15", "720", "50000", "1042"},
		{"the same, half up to the won", KRW, won(RoundHalfUp, "1"), "15", "720", "50000", "1042"},
		{"the same, down to 10 won", KRW, won(RoundDown, "10"), "15", "720", "50000", "1040"},
		{"the same, to the cent in AUD", aud, won(RoundHalfUp, "0.01"), "15", "720", "50", "1.04"},
		{"a share that is exact is not rounded", KRW, won(RoundUp, "1"), "10", "30", "30000", "10000"},
		{"half up takes an exact half away from zero", KRW, won(RoundHalfUp, "1"), "1", "2", "3", "2"},
		{"half even takes an exact half to the even step", KRW, won(RoundHalfEven, "1"), "1", "2", "3", "2"},
		{"half even takes 2.5 down to 2", KRW, won(RoundHalfEven, "1"), "1", "2", "5", "2"},
		{"half up takes just below a half down", KRW, won(RoundHalfUp, "1"), "1", "1000", "499", "0"},
		{"half up takes just above a half up", KRW, won(RoundHalfUp, "1"), "1", "1000", "501", "1"},
		{"three months' fee", KRW, won(RoundDown, "1"), "3", "1", "33333", "99999"},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			a, err := flat(t, tt.c, tt.times, tt.per, tt.r).AwardWith(decimal.Zero, Bases{"monthly-fee": d(tt.base)})
			if err != nil {
				t.Fatal(err)
			}
			if !a.Amount.Equal(d(tt.want)) || !a.Base().Equal(d(tt.base)) {
				t.Errorf("paid %s of a base %s, want %s", a.Amount, a.Base(), tt.want)
			}
		})
	}
}

func TestShareTraces(t *testing.T) {
	s := flat(t, KRW, "15", "720", Rounding{Step: d("10"), Mode: RoundDown})
	a, err := s.AwardWith(decimal.Zero, Bases{"monthly-fee": d("50000")})
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{{Rule: "T-1", Code: CodeBand, Text: "for every claimant: 15/720 of the monthly-fee of 50,000 won ≈ 1,041.66666667, rounded down to 10 won: 1,040 won"}}
	if diff := cmp.Diff(want, a.TraceIn("en")); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}
	if ko := a.TraceIn("ko")[0].Text; !strings.Contains(ko, "50,000원의 15/720") || !strings.Contains(ko, "1,040원") {
		t.Errorf("Korean trace %q", ko)
	}
	if got := s.Describe("ko"); !strings.Contains(got[0], "monthly-fee의 15/720(10원 단위 내림)") {
		t.Errorf("Describe %q", got)
	}
}

// TestBandsOnDaysDown bands a measure that is not money [AH-5]: 1 to 2
// days down 400,000 won, 3 to 4 800,000, 5 to 6 1,000,000, 7 or more
// 1,200,000; none for no day.
func TestBandsOnDaysDown(t *testing.T) {
	won := decimal.NewFromInt
	s := MustNewSchedule(Config{
		Bands: []Band{
			{UpTo: won(2), Amount: won(400_000)}, {UpTo: won(4), Amount: won(800_000)},
			{UpTo: won(6), Amount: won(1_000_000)}, {Open: true, Amount: won(1_200_000)},
		},
		Cap: won(1_200_000), Currency: KRW, Rule: "AH-5",
		Measure: Measure{Of: "days-down", Name: Text{Ko: "장애 일수", En: "days down"}, Unit: Text{Ko: "일", En: "days"}},
	})
	for _, tt := range []struct{ days, paid string }{
		{"0", "0"}, {"1", "400000"}, {"2", "400000"}, {"3", "800000"}, {"4", "800000"}, {"5", "1000000"},
		{"6", "1000000"}, {"7", "1200000"}, {"30", "1200000"},
	} {
		a, err := s.Award(d(tt.days))
		if err != nil || !a.Amount.Equal(d(tt.paid)) {
			t.Errorf("[AH-5] %s days down: %s, %v; want %s", tt.days, a.Amount, err, tt.paid)
		}
	}
	a, _ := s.Award(d("3"))
	if got := a.TraceIn("en")[0].Text; got != "days down of 3 days is over 2 days and up to and including 4 days: 800,000 won" {
		t.Errorf("trace %q", got)
	}
	if got := a.TraceIn("ko")[0].Text; got != "장애 일수 3일은 2일 초과 4일 이하 구간에 해당하여 800,000원을 지원합니다." {
		t.Errorf("Korean trace %q", got)
	}
}

func TestACapOfAShare(t *testing.T) {
	won := decimal.NewFromInt
	s := MustNewSchedule(Config{
		Bands:    []Band{{UpTo: won(100), Amount: won(10)}, {Open: true, Amount: won(500)}},
		CapShare: &Share{Base: "fee", Times: won(1), Per: won(2)},
		Currency: KRW, Rounding: Rounding{Step: won(1), Mode: RoundDown}, Rule: "T", Measure: Measure{Of: MeasureLoss, Name: Text{En: "loss"}},
	})
	for _, tt := range []struct {
		loss, fee, paid string
		capped          bool
	}{{"50", "100", "10", false}, {"200", "999", "499", true}, {"200", "1000", "500", false}, {"200", "1002", "500", false}} {
		a, err := s.AwardWith(d(tt.loss), Bases{"fee": d(tt.fee)})
		if err != nil || !a.Amount.Equal(d(tt.paid)) || a.Capped != tt.capped {
			t.Errorf("loss %s, fee %s: %s capped %v, %v; want %s, %v", tt.loss, tt.fee, a.Amount, a.Capped, err, tt.paid, tt.capped)
		}
	}
}

func TestSharesAndCurrenciesRefused(t *testing.T) {
	won := decimal.NewFromInt
	good := func() Config {
		return Config{
			Bands: []Band{{Open: true, Share: &Share{Base: "fee", Times: won(1), Per: won(2)}}},
			Cap:   won(100), Currency: aud, Rounding: Rounding{Step: d("0.01"), Mode: RoundHalfUp},
			Rule: "T", Measure: Measure{Name: Text{En: "fee"}},
		}
	}
	if _, err := NewSchedule(good()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		reason string
		change func(*Config)
		want   error
	}{
		{"a share with no rounding", func(c *Config) { c.Rounding = Rounding{} }, ErrRounding},
		{"a step finer than the currency", func(c *Config) { c.Rounding.Step = d("0.001") }, ErrRounding},
		{"a step of zero", func(c *Config) { c.Rounding.Step = d("0") }, ErrRounding},
		{"an unknown mode", func(c *Config) { c.Rounding.Mode = 9 }, ErrRounding},
		{"a share with no base", func(c *Config) { c.Bands[0].Share.Base = "" }, ErrShare},
		{"a share per zero", func(c *Config) { c.Bands[0].Share.Per = won(0) }, ErrShare},
		{"a share and an amount", func(c *Config) { c.Bands[0].Amount = won(1) }, ErrShare},
		{"a cap with more places than cents", func(c *Config) { c.Cap = d("1.005") }, ErrMinorUnits},
		{"a cap and a cap share", func(c *Config) { c.CapShare = &Share{Base: "fee", Times: won(1), Per: won(1)} }, ErrNoCap},
		{"no currency", func(c *Config) { c.Currency = Currency{} }, ErrIncomplete},
		{"a currency code in lower case", func(c *Config) { c.Currency.Code = "aud" }, ErrIncomplete},
		{"a schedule measuring nothing with two bands", func(c *Config) {
			c.Bands = append([]Band{{UpTo: won(1), Amount: won(1)}}, c.Bands...)
		}, ErrOpenBand},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			c := good()
			sh := *c.Bands[0].Share
			c.Bands[0].Share = &sh
			tt.change(&c)
			if _, err := NewSchedule(c); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
	c := good()
	c.Rule, c.Measure = "", Measure{}
	if _, err := NewSchedule(c); err == nil || !strings.Contains(err.Error(), "no rule, no measure.name") {
		t.Errorf("a schedule with no rule and no measure name: %v; want both named", err)
	}
	s := MustNewSchedule(good())
	for _, bases := range []Bases{nil, {"other": won(1)}, {"fee": won(-1)}} {
		if _, err := s.AwardWith(won(1), bases); !errors.Is(err, ErrNoBase) {
			t.Errorf("bases %v: %v, want ErrNoBase", bases, err)
		}
	}
	if _, err := s.AwardWith(won(1), Bases{"fee": decimal.New(1, 99)}); !errors.Is(err, ErrRange) {
		t.Errorf("a base out of range: %v", err)
	}
	a, err := s.AwardWith(won(1), Bases{"fee": d("3.33")})
	if err != nil || !a.Amount.Equal(d("1.67")) || a.Currency() != aud {
		t.Errorf("half of A$3.33: %s, %v", a.Amount, err)
	}
	if got := a.TraceIn("en")[0].Text; !strings.Contains(got, "A$1.67") {
		t.Errorf("trace %q", got)
	}
}

// FuzzRoundRat holds the rounding of a fraction to big.Rat's own
// comparisons: the result is within one step, on the side the mode says.
func FuzzRoundRat(f *testing.F) {
	f.Add(int64(7), int64(2), uint8(3))
	f.Add(int64(-7), int64(2), uint8(4))
	f.Fuzz(func(t *testing.T, num, den int64, mode uint8) {
		if den == 0 {
			return
		}
		m := RoundingMode(mode%4 + 1)
		x := ratOf(decimal.NewFromInt(num))
		x.Quo(x, ratOf(decimal.NewFromInt(den)))
		n := roundRat(x, m)
		got := ratOf(decimal.NewFromBigInt(n, 0))
		diff := new(big.Rat).Sub(got, x)
		if diff.Abs(diff).Cmp(ratOf(decimal.NewFromInt(1))) >= 0 {
			t.Fatalf("round(%d/%d, %s) = %s: a step or more away", num, den, m, n)
		}
		if m == RoundDown && got.Abs(got).Cmp(new(big.Rat).Abs(x)) > 0 {
			t.Fatalf("round down(%d/%d) = %s is further from zero", num, den, n)
		}
	})
}
