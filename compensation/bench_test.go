package compensation

import (
	"testing"

	"github.com/shopspring/decimal"
)

var (
	benchLosses = []decimal.Decimal{
		decimal.NewFromInt(120_000), decimal.NewFromInt(300_000),
		decimal.NewFromInt(420_000), decimal.NewFromInt(900_000),
	}
	sinkAmount decimal.Decimal
	sinkInt    int64
)

// BenchmarkAward bands a whole-won decimal loss; it must not allocate.
func BenchmarkAward(b *testing.B) {
	s := Kakao1015()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a, err := s.Award(benchLosses[i%len(benchLosses)])
		if err != nil {
			b.Fatal(err)
		}
		sinkAmount = a.Amount
	}
}

// BenchmarkAwardInt64 is the same band lookup on int64, the floor that
// BenchmarkAward is read against in the same run (target: within 10x).
func BenchmarkAwardInt64(b *testing.B) {
	bounds := []int64{300_000, 500_000}
	amounts := []int64{30_000, 50_000, 50_000}
	losses := []int64{120_000, 300_000, 420_000, 900_000}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		loss := losses[i%len(losses)]
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
