package programme_test

import (
	"testing"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/internal/golden"
	"github.com/shopspring/decimal"
)

// TestLetters renders the letter of each kind of outcome, in Korean and
// in English, against golden files (go test -update rewrites them).
func TestLetters(t *testing.T) {
	p, err := programme.Kakao1015With(programme.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2023, 6, 1, 0, 0, 0, 0, kst)
	filed := time.Date(2022, 10, 20, 12, 0, 0, 0, kst)
	report := func(operator string, loss int64, when time.Time) eligibility.Report {
		return eligibility.Report{ID: "r1", FiledAt: when, Operator: operator, MoneyLost: loss > 0, Loss: decimal.NewFromInt(loss)}
	}
	shopOf := func(id string, r eligibility.Report) programme.Claim {
		return programme.Claim{
			Claimant: eligibility.Claimant{ID: id, Kind: eligibility.SmallBusiness, Attributes: []string{eligibility.DomesticPhone},
				Business: &eligibility.Business{Sector: eligibility.FoodService, RegularWorkers: 2, AverageSales: decimal.NewFromInt(300_000_000)}},
			Reports: []eligibility.Report{r},
		}
	}
	company := programme.Claim{
		Claimant: eligibility.Claimant{ID: "corp-1", Kind: eligibility.Enterprise, Attributes: []string{eligibility.DomesticPhone}},
		Reports:  []eligibility.Report{report(eligibility.Kakao, 0, filed)},
	}
	company.Reports[0].MoneyLost = true
	january := time.Date(2023, 1, 10, 0, 0, 0, 0, kst)
	for _, tt := range []struct {
		name string
		c    programme.Claim
		at   time.Time // the decision's date; zero: 2023-06-01
	}{
		// In January the heart package can be claimed; the Drawer pass
		// while it lasts; the review's documents are still due.
		{"general-user-in-january", programme.Claim{Claimant: eligibility.Claimant{ID: "user-2", Kind: eligibility.GeneralUser, Attributes: []string{eligibility.DomesticPhone}}}, january},
		{"shop-review-in-january", shopOf("shop-900001", report(eligibility.Kakao, 900_001, filed)), january},
		// A company's review asks for no small-business certificate.
		{"company-review", company, january},
		{"general-user", programme.Claim{Claimant: eligibility.Claimant{ID: "user-1", Kind: eligibility.GeneralUser, Attributes: []string{eligibility.DomesticPhone}}}, time.Time{}},
		{"shop-band-0", shopOf("shop-120000", report(eligibility.Kakao, 120_000, filed)), time.Time{}},
		{"shop-band-1", shopOf("shop-420000", report(eligibility.Kakao, 420_000, filed)), time.Time{}},
		{"shop-review", shopOf("shop-900000", report(eligibility.Kakao, 900_000, filed)), time.Time{}},
		{"affiliate", shopOf("taxi-3", report(eligibility.KakaoMobility, 150_000, filed)), time.Time{}},
		{"outside-windows", shopOf("late-shop", report(eligibility.Kakao, 100_000, time.Date(2022, 11, 7, 9, 0, 0, 0, kst))), time.Time{}},
	} {
		when := at
		if !tt.at.IsZero() {
			when = tt.at
		}
		d, err := p.Decide(tt.c, when)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"ko", "en"} {
			golden.Check(t, "letter-"+tt.name+"."+lang+".md", p.Letter(d, lang))
		}
	}
}
