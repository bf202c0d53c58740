package compensation

import (
	"testing"

	"github.com/shopspring/decimal"
)

// The benchmarks below index their four losses with i&3, the same in the
// decimal benchmarks and the int64 floor, so the loops differ only in the
// banding.
var (
	benchLosses = [4]decimal.Decimal{
		decimal.NewFromInt(120_000), decimal.NewFromInt(300_000),
		decimal.NewFromInt(420_000), decimal.NewFromInt(900_000),
	}
	// benchLossesScale2 are losses with two places, as parsed from "312345.67".
	benchLossesScale2 = [4]decimal.Decimal{
		decimal.RequireFromString("120000.50"), decimal.RequireFromString("300000.00"),
		decimal.RequireFromString("312345.67"), decimal.RequireFromString("900000.01"),
	}
	sinkAmount decimal.Decimal
	sinkInt    int64
)

// BenchmarkAward bands a decimal loss of scale 0 (whole won, as
// decimal.NewFromInt makes it) and of scale 2 (as parsed from
// "312345.67"); neither may allocate, and both are read against
// BenchmarkAwardInt64 in the same run (target: within 10x).
func BenchmarkAward(b *testing.B) {
	for _, bb := range []struct {
		name   string
		losses [4]decimal.Decimal
	}{{"scale0", benchLosses}, {"scale2", benchLossesScale2}} {
		b.Run(bb.name, func(b *testing.B) {
			s, losses := Kakao1015(), bb.losses
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				a, err := s.Award(losses[i&3])
				if err != nil {
					b.Fatal(err)
				}
				sinkAmount = a.Amount
			}
		})
	}
}

// BenchmarkAwardInt64 is the same band lookup on int64, the floor that
// BenchmarkAward is read against in the same run (target: within 10x).
func BenchmarkAwardInt64(b *testing.B) {
	bounds := []int64{300_000, 500_000}
	amounts := []int64{30_000, 50_000, 50_000}
	losses := [4]int64{120_000, 300_000, 420_000, 900_000}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		loss := losses[i&3]
		j := 0
		for j < len(bounds) && loss > bounds[j] {
			j++
		}
		sinkInt = amounts[j]
	}
}

// BenchmarkAssess measures a loss over 61 days of sales.
func BenchmarkAssess(b *testing.B) {
	sales := autumn2022(100_000, nil)
	m := Kakao1015Method()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Assess(sales, Factors{}); err != nil {
			b.Fatal(err)
		}
	}
}
