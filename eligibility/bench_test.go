package eligibility

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// benchShop is the benchmarks' claim: a tested small business with one
// report, decided after the windows closed.
func benchShop() (Policy, Claimant, []Report, time.Time) {
	p := Kakao1015()
	c := Claimant{ID: "shop", Kind: SmallBusiness, Attributes: []string{DomesticPhone, TalkChannel},
		Business: &Business{Sector: Retail, RegularWorkers: 3, PartTimeHours: []int{72}, AverageSales: decimal.NewFromInt(420_000_000)}}
	reports := []Report{{ID: "r", FiledAt: kstDay(2022, 10, 20), Operator: Kakao, MoneyLost: true, Loss: decimal.NewFromInt(420_000)}}
	at := kstDay(2023, 1, 30)
	return p, c, reports, at
}

// BenchmarkEntitlementsSmallBusiness decides every benefit for a tested
// small business with one report (target: under 1 microsecond).
func BenchmarkEntitlementsSmallBusiness(b *testing.B) {
	p, c, reports, at := benchShop()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Entitlements(c, reports, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEntitlementsIntoSmallBusiness is the same decision with its
// arrays in a Buffer used again, into a Decision held, as a simulator
// decides (target: no
// allocation).
func BenchmarkEntitlementsIntoSmallBusiness(b *testing.B) {
	p, c, reports, at := benchShop()
	var buf Buffer
	var d Decision
	b.ReportAllocs()
	for b.Loop() {
		if err := p.EntitlementsInto(&d, &buf, c, reports, at); err != nil {
			b.Fatal(err)
		}
	}
}
