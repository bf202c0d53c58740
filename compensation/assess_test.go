package compensation

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, kst) }

// autumn2022 is a business's daily sales over September and October 2022:
// base won every day, with the days in bump adding their amount.
func autumn2022(base int64, bump map[time.Time]int64) []DaySales {
	var out []DaySales
	for d := day(2022, 9, 1); d.Before(day(2022, 11, 1)); d = d.AddDate(0, 0, 1) {
		out = append(out, DaySales{Day: d, Sales: decimal.NewFromInt(base + bump[d])})
	}
	return out
}

func TestKakao1015MethodWeeks(t *testing.T) {
	// [P-CASH-3] Saturday-to-Friday weeks within September and October
	// 2022, the outage week excluded.
	var got []string
	for _, w := range Kakao1015Method().BaselineWeeks() {
		got = append(got, w.Format(time.DateOnly)+" "+w.Weekday().String())
	}
	want := []string{
		"2022-09-03 Saturday", "2022-09-10 Saturday", "2022-09-17 Saturday", "2022-09-24 Saturday",
		"2022-10-01 Saturday", "2022-10-08 Saturday", "2022-10-22 Saturday",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("baseline weeks mismatch (-want +got):\n%s", diff)
	}
	if w := Kakao1015Method().OutageWeek(); !w.Equal(day(2022, 10, 15)) || w.Weekday() != time.Saturday {
		t.Errorf("outage week starts %v, want Saturday 2022-10-15", w)
	}
}

func TestAssess(t *testing.T) {
	m := Kakao1015Method()
	half, _ := NewFactors(won("0.5"), won("1"), won("1"))
	quarter, _ := NewFactors(won("0.5"), won("0.5"), won("1"))
	tests := []struct {
		reason    string
		sales     []DaySales
		f         Factors
		best      time.Time
		shortfall string
		loss      string
	}{
		{"a flat business whose outage week sold 70,000 less lost 70,000 won",
			autumn2022(100_000, map[time.Time]int64{day(2022, 10, 17): -70_000}), Factors{}, day(2022, 9, 3), "70000", "70000"},
		{"the best baseline week is the benchmark, not the average",
			autumn2022(100_000, map[time.Time]int64{day(2022, 9, 20): 50_000}), Factors{}, day(2022, 9, 17), "50000", "50000"},
		{"a busier outage week is no loss, never a negative one",
			autumn2022(100_000, map[time.Time]int64{day(2022, 10, 16): 10_000}), Factors{}, day(2022, 9, 3), "0", "0"},
		{"a peak in the outage week does not make it a baseline week",
			autumn2022(100_000, map[time.Time]int64{day(2022, 10, 21): 1_000_000}), Factors{}, day(2022, 9, 3), "0", "0"},
		{"a peak on Sept 2, before the first Saturday, is outside every week",
			autumn2022(100_000, map[time.Time]int64{day(2022, 9, 2): 1_000_000}), Factors{}, day(2022, 9, 3), "0", "0"},
		{"a peak on Oct 29, in a week that ends in November, is outside every week",
			autumn2022(100_000, map[time.Time]int64{day(2022, 10, 29): 1_000_000}), Factors{}, day(2022, 9, 3), "0", "0"},
		{"the week after the outage is a baseline week",
			autumn2022(100_000, map[time.Time]int64{day(2022, 10, 28): 1_000}), Factors{}, day(2022, 10, 22), "1000", "1000"},
		{"a host's weighting by a margin of one half halves the loss (an option, off by default) [P-CASH-2]",
			autumn2022(100_000, map[time.Time]int64{day(2022, 10, 17): -70_001}), half, day(2022, 9, 3), "70001", "35000.5"},
		{"a host's margin and alternative multiply [P-CASH-2]",
			autumn2022(100_000, map[time.Time]int64{day(2022, 10, 17): -80_000}), quarter, day(2022, 9, 3), "80000", "20000"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			a, err := m.Assess(tt.sales, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Best.From.Equal(tt.best) || !a.Shortfall.Equal(won(tt.shortfall)) || !a.Loss.Equal(won(tt.loss)) || a.Weeks != 7 {
				t.Errorf("[P-CASH-3] best week %s, %d weeks, shortfall %s, loss %s; want best %s, 7 weeks, shortfall %s, loss %s",
					a.Best.From.Format(time.DateOnly), a.Weeks, a.Shortfall, a.Loss, tt.best.Format(time.DateOnly), tt.shortfall, tt.loss)
			}
		})
	}
}

func TestAssessDayIsKSTCalendarDay(t *testing.T) {
	// Each day given as an instant in UTC, 06:00 KST of that day.
	sales := autumn2022(100_000, nil)
	for i := range sales {
		sales[i].Day = sales[i].Day.UTC().Add(6 * time.Hour) // still the same KST day
	}
	a, err := Kakao1015Method().Assess(sales, Factors{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Outage.Sales.Equal(won("700000")) {
		t.Errorf("outage week sales %s, want 700000", a.Outage.Sales)
	}
}

func TestAssessGaps(t *testing.T) {
	drop := func(days ...time.Time) []DaySales {
		var out []DaySales
	next:
		for _, s := range autumn2022(100_000, nil) {
			for _, d := range days {
				if s.Day.Equal(d) {
					continue next
				}
			}
			out = append(out, s)
		}
		return out
	}
	t.Run("a missing outage day is an error naming the day", func(t *testing.T) {
		_, err := Kakao1015Method().Assess(drop(day(2022, 10, 21)), Factors{})
		if !errors.Is(err, ErrSales) || !strings.Contains(err.Error(), "2022-10-21") {
			t.Errorf("error = %v, want ErrSales naming 2022-10-21", err)
		}
	})
	t.Run("a baseline week with a missing day is not a candidate", func(t *testing.T) {
		sales := drop(day(2022, 9, 5))
		for i := range sales {
			if sales[i].Day.Equal(day(2022, 9, 6)) {
				sales[i].Sales = won("900000")
			}
		}
		a, err := Kakao1015Method().Assess(sales, Factors{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Weeks != 6 || !a.Shortfall.IsZero() {
			t.Errorf("weeks %d shortfall %s; want 6 weeks and no shortfall", a.Weeks, a.Shortfall)
		}
	})
	t.Run("no complete baseline week is an error", func(t *testing.T) {
		if _, err := Kakao1015Method().Assess(drop(Kakao1015Method().BaselineWeeks()...), Factors{}); !errors.Is(err, ErrSales) {
			t.Errorf("error = %v, want ErrSales", err)
		}
	})
	t.Run("a repeated day is an error naming the day", func(t *testing.T) {
		sales := append(autumn2022(100_000, nil), DaySales{Day: day(2022, 9, 9).Add(3 * time.Hour), Sales: won("1")})
		if _, err := Kakao1015Method().Assess(sales, Factors{}); !errors.Is(err, ErrSales) || !strings.Contains(err.Error(), "2022-09-09") {
			t.Errorf("error = %v, want ErrSales naming 2022-09-09", err)
		}
	})
	t.Run("negative sales are an error", func(t *testing.T) {
		sales := autumn2022(100_000, map[time.Time]int64{day(2022, 9, 12): -100_001})
		if _, err := Kakao1015Method().Assess(sales, Factors{}); !errors.Is(err, ErrNegativeLoss) {
			t.Errorf("error = %v, want ErrNegativeLoss", err)
		}
	})
	t.Run("days outside the periods are ignored", func(t *testing.T) {
		sales := append(autumn2022(100_000, nil), DaySales{Day: day(2023, 1, 1), Sales: won("1")}, DaySales{Day: day(2023, 1, 1), Sales: won("1")})
		if _, err := Kakao1015Method().Assess(sales, Factors{}); err != nil {
			t.Errorf("error = %v, want none", err)
		}
	})
	t.Run("the zero Method is an error", func(t *testing.T) {
		if _, err := (Method{}).Assess(autumn2022(1, nil), Factors{}); !errors.Is(err, ErrPeriod) {
			t.Errorf("error = %v, want ErrPeriod", err)
		}
	})
}

func TestNewFactorsRange(t *testing.T) {
	for _, tt := range []struct {
		reason string
		v      string
		ok     bool
	}{
		{"a factor just below 0 is refused", "-0.0001", false},
		{"a factor of 0 is allowed", "0", true},
		{"a factor of 1 is allowed", "1", true},
		{"a factor just above 1 is refused", "1.0001", false},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			for i := 0; i < 3; i++ {
				args := []decimal.Decimal{won("1"), won("1"), won("1")}
				args[i] = won(tt.v)
				_, err := NewFactors(args[0], args[1], args[2])
				if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrFactor)) {
					t.Errorf("[P-CASH-2] factor %d = %s: error %v, want ok=%v", i, tt.v, err, tt.ok)
				}
			}
		})
	}
	var zero Factors
	if !zero.Margin().Equal(won("1")) || !zero.Alternative().Equal(won("1")) || !zero.KakaoShare().Equal(won("1")) {
		t.Error("the zero Factors is not the identity")
	}
}

func TestNewMethodRefuses(t *testing.T) {
	if _, err := NewMethod(day(2022, 10, 15), day(2022, 10, 31), day(2022, 9, 1)); !errors.Is(err, ErrPeriod) {
		t.Errorf("a baseline that ends before it starts: error = %v, want ErrPeriod", err)
	}
	if _, err := NewMethod(day(2022, 10, 15), day(2022, 10, 9), day(2022, 10, 27)); !errors.Is(err, ErrPeriod) {
		t.Errorf("a baseline with no whole week outside the outage: error = %v, want ErrPeriod", err)
	}
	if _, err := NewMethod(day(2022, 10, 15), day(2022, 10, 8), day(2022, 10, 14)); err != nil {
		t.Errorf("a baseline of exactly one week: error = %v, want none", err)
	}
}

func TestAssessRefusesALossBeyondTheDomain(t *testing.T) {
	// 27 digits of margin times a 5-digit shortfall: more than MaxDigits.
	fine, err := NewFactors(won("0.123456789012345678901234567"), won("1"), won("1"))
	if err != nil {
		t.Fatal(err)
	}
	sales := autumn2022(100_000, map[time.Time]int64{day(2022, 10, 17): -70_000})
	if _, err := Kakao1015Method().Assess(sales, fine); !errors.Is(err, ErrRange) {
		t.Errorf("a 32-digit assessed loss: error = %v, want ErrRange", err)
	}
	coarse, _ := NewFactors(won("0.1234"), won("1"), won("1"))
	if a, err := Kakao1015Method().Assess(sales, coarse); err != nil || !a.Loss.Equal(won("8638")) {
		t.Errorf("70,000 x 0.1234 = %s, %v; want 8638", a.Loss, err)
	}
}

func TestNewMethodRefusesDatesOutsideTheDomain(t *testing.T) {
	for _, tt := range []struct {
		reason             string
		outage, from, till time.Time
	}{
		{"an outage in the year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, kst), day(2022, 9, 1), day(2022, 10, 31)},
		{"a baseline from 1969", day(2022, 10, 15), day(1969, 12, 1), day(2022, 10, 31)},
		{"a baseline of eleven years", day(2022, 10, 15), day(2011, 9, 1), day(2022, 10, 31)},
	} {
		if _, err := NewMethod(tt.outage, tt.from, tt.till); !errors.Is(err, ErrPeriod) {
			t.Errorf("%s: error = %v, want ErrPeriod", tt.reason, err)
		}
	}
}

// TestTheDefaultWeightsNothing holds the loss to the shortfall unless a
// host passes factors, and says of factors that they are the host's
// choice, not the announcement's method [P-CASH-2].
func TestTheDefaultWeightsNothing(t *testing.T) {
	sales := autumn2022(100_000, map[time.Time]int64{day(2022, 10, 17): -80_000})
	a, err := Kakao1015Method().Assess(sales, Factors{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Loss.Equal(a.Shortfall) || len(a.Trace()) != 1 {
		t.Errorf("default: loss %s of a shortfall %s, trace %v; want the shortfall and no weighting step", a.Loss, a.Shortfall, a.Trace())
	}
	f, _ := NewFactors(decimal.RequireFromString("0.5"), decimal.NewFromInt(1), decimal.NewFromInt(1))
	a, err = Kakao1015Method().Assess(sales, f)
	if err != nil {
		t.Fatal(err)
	}
	steps := a.TraceIn("ko")
	if len(steps) != 2 || !strings.Contains(steps[1].Text, "발표된 산정 방식이 아님") || !strings.Contains(a.Trace()[1].Text, "not the announcement's method") {
		t.Errorf("a weighting's step does not say it is the host's: %v", steps)
	}
}
