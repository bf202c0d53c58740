package eligibility_test

import (
	"fmt"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/shopspring/decimal"
)

var kst = time.FixedZone("KST", 9*60*60)

func print(d eligibility.Decision) {
	for _, e := range d.Entitlements {
		fmt.Printf("%-17s %-5v %s\n", e.Benefit, e.Granted, e.Reasons[len(e.Reasons)-1].Text())
	}
}

// A retail shop of three workers and a part-timer, with a Talk Channel,
// that reported a 420,000 won loss during the reporting window.
func ExamplePolicy_Entitlements_retailShop() {
	shop := eligibility.Claimant{
		ID: "shop-17", Kind: eligibility.SmallBusiness, TalkChannel: true, DomesticPhone: true,
		Business: &eligibility.Business{
			Sector: eligibility.Retail, RegularWorkers: 3, PartTimeHours: []int{72},
			AverageSales: decimal.NewFromInt(420_000_000),
		},
	}
	report := eligibility.Report{
		ID: "r-1", FiledAt: time.Date(2022, 10, 20, 14, 0, 0, 0, kst), Operator: eligibility.Kakao,
		Service: "KakaoTalk orders", MoneyLost: true, Loss: decimal.NewFromInt(420_000),
	}
	d, err := eligibility.Kakao1015().Entitlements(shop, []eligibility.Report{report}, time.Date(2023, 1, 30, 0, 0, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("workers counted:", d.SmallBusiness.Workers, "of fewer than", d.SmallBusiness.Limit)
	print(d)
	// Output:
	// workers counted: 3.5 of fewer than 5
	// emoticon-bundle   true  a Kakao account with a domestic phone number: open to every domestic user, no report needed
	// makers-coupons    true  two Kakao Makers coupons, 2,000 and 3,000 won, for the same users as the emoticons
	// drawer-pass       true  one-month Talk Drawer Plus pass, first come first served while the 3,000,000 passes last
	// channel-cash      true  a small business with a KakaoTalk Channel, damage report or not
	// cash-support      true  a counted report with a sales loss above zero
	// individual-review false no loss above the batch bands and no direct damage to a mid-sized or large company
}

// A small manufacturer: nine workers are fewer than ten, and the revenue
// ceiling depends on the date of the decision.
func ExamplePolicy_SmallBusiness_manufacturer() {
	p := eligibility.Kakao1015()
	factory := eligibility.Business{
		Sector: eligibility.Manufacturing, RegularWorkers: 9,
		AverageSales: decimal.NewFromInt(13_000_000_000), // 130억 won
	}
	for _, at := range []time.Time{
		time.Date(2023, 1, 30, 0, 0, 0, 0, kst),
		time.Date(2025, 9, 1, 0, 0, 0, 0, kst),
	} {
		v, err := p.SmallBusiness(factory, at)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: small %v\n", at.Format(time.DateOnly), v.Small)
		for _, c := range v.Criteria() {
			fmt.Printf("  [%s] %v\n", c.Rule, c.Met)
		}
	}
	// Output:
	// 2023-01-30: small false
	//   [P-SB-1] true
	//   [P-SB-3] false
	// 2025-09-01: small true
	//   [P-SB-1] true
	//   [P-SB-3] true
}

// A taxi driver's report about Kakao Mobility goes to Kakao Mobility's own
// support, not Kakao's cash.
func ExamplePolicy_Route_affiliate() {
	p := eligibility.Kakao1015()
	driver := eligibility.Claimant{ID: "taxi-3", Kind: eligibility.SmallBusiness}
	r := eligibility.Report{ID: "r-9", FiledAt: time.Date(2022, 10, 21, 9, 0, 0, 0, kst),
		Operator: eligibility.KakaoMobility, Service: "Kakao T", MoneyLost: true, Loss: decimal.NewFromInt(150_000)}
	d, err := p.Entitlements(driver, []eligibility.Report{r}, time.Date(2023, 1, 30, 0, 0, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("routed to:", d.Reports[0].RoutedTo, "affiliate:", d.Reports[0].Affiliate)
	fmt.Println("cash support:", d.Granted(eligibility.CashSupport))
	// Output:
	// routed to: Kakao Mobility affiliate: true
	// cash support: false
}

// A tally of a handful of reports, in the council's shape.
func ExampleTally() {
	t := eligibility.Kakao1015().NewTally()
	t.Add(eligibility.GeneralUser, eligibility.Report{Operator: eligibility.Kakao})
	t.Add(eligibility.GeneralUser, eligibility.Report{Operator: eligibility.Kakao, Paid: true})
	t.Add(eligibility.SmallBusiness, eligibility.Report{Operator: eligibility.Kakao, MoneyLost: true})
	t.Add(eligibility.SmallBusiness, eligibility.Report{Operator: eligibility.KakaoPay})
	fmt.Print(t)
	// Output:
	// received                               4  100.0%
	// Kakao cases                            3   75.0%
	//   by general                           2   66.7%
	//   by small-business                    1   33.3%
	//   by enterprise                        0    0.0%
	//   paid services                        1   33.3%
	//   free services, money lost            1   33.3%
	//   no money lost                        1   33.3%
	// routed to Kakao Pay                    1   25.0%
}
