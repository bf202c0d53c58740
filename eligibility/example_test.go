package eligibility_test

import (
	"fmt"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/shopspring/decimal"
)

var kst = eligibility.KST()

func print(d eligibility.Decision) {
	for _, e := range d.Entitlements {
		fmt.Printf("%-17s %-5v %s\n", e.Benefit, e.Granted, e.Reasons[len(e.Reasons)-1].Text())
	}
}

// A retail shop of three workers and a part-timer, with a Talk Channel,
// that reported a 420,000 won loss during the reporting window.
func ExamplePolicy_Entitlements_retailShop() {
	shop := eligibility.Claimant{
		ID: "shop-17", Kind: eligibility.SmallBusiness, Attributes: []string{eligibility.TalkChannel, eligibility.DomesticPhone},
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
	// makers-coupons    true  two Kakao Makers coupons, for the same users as the emoticons
	// drawer-pass       true  one-month Talk Drawer Plus pass, first come first served while the capped passes last
	// channel-cash      true  KakaoTalk Channel cash for every small business, damage report or not
	// cash-support      true  a counted report with a sales loss above zero
	// individual-review false the claimant is a small business
}

// A small steel mill (KSIC C24, basic metals): nine workers are fewer
// than ten, and the revenue ceiling depends on the date of the decision,
// 120억 won before 2025-09-01 and 140억 won from that day.
func ExamplePolicy_SmallBusiness_manufacturer() {
	p := eligibility.Kakao1015()
	mill := eligibility.Business{
		Sector: eligibility.MustParseSector("C24"), RegularWorkers: 9,
		AverageSales: decimal.NewFromInt(13_000_000_000), // 130억 won
	}
	for _, at := range []time.Time{
		time.Date(2023, 1, 30, 0, 0, 0, 0, kst),
		time.Date(2025, 9, 1, 0, 0, 0, 0, kst),
	} {
		v, err := p.SmallBusiness(mill, at)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: small %v (line %d, ceiling %s won)\n", at.Format(time.DateOnly), v.Small, v.Line, v.Ceiling)
		for _, c := range v.Criteria() {
			fmt.Printf("  [%s] %v\n", c.Rule, c.Met)
		}
	}
	// Output:
	// 2023-01-30: small false (line 9, ceiling 12000000000 won)
	//   [P-SB-1] true
	//   [P-SB-3] false
	// 2025-09-01: small true (line 2, ceiling 14000000000 won)
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
	for _, r := range []struct {
		kind eligibility.Kind
		r    eligibility.Report
	}{
		{eligibility.GeneralUser, eligibility.Report{Operator: eligibility.Kakao}},
		{eligibility.GeneralUser, eligibility.Report{Operator: eligibility.Kakao, Paid: true}},
		{eligibility.SmallBusiness, eligibility.Report{Operator: eligibility.Kakao, MoneyLost: true}},
		{eligibility.SmallBusiness, eligibility.Report{Operator: eligibility.KakaoPay}},
	} {
		if err := t.Add(r.kind, r.r); err != nil {
			fmt.Println(err)
		}
	}
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

// Routing names operators exactly: an affiliate goes to its own support,
// and a name that is neither Kakao nor a listed affiliate is an error,
// never Kakao's case.
func ExamplePolicy_Route() {
	p := eligibility.Kakao1015()
	for _, operator := range []string{"Kakao", "Kakao Pay", "kakao mobility", "Kakao Bank"} {
		to, affiliate, err := p.Route(operator)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s -> %s (affiliate %v)\n", operator, to, affiliate)
	}
	// Output:
	// Kakao -> Kakao (affiliate false)
	// Kakao Pay -> Kakao Pay (affiliate true)
	// unknown operator: "kakao mobility" (names match exactly: did you mean "Kakao Mobility"?)
	// unknown operator: "Kakao Bank" is neither Kakao nor a listed affiliate (Kakao Games, Kakao Mobility, Kakao Entertainment, Kakao Pay)
}

// KSIC codes come from a business registration: a section letter, a
// division, or a finer code. A code too broad to name one line of the
// revenue table is an error; one the table does not cover is a verdict.
func ExampleParseSector() {
	for _, s := range []string{"I", "c10711", "G10", "retail"} {
		code, err := eligibility.ParseSector(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: section %s\n", code, code.Section())
	}
	// Output:
	// I: section I
	// C10711: section C
	// not a KSIC code: "G10": division 10 is not in section G (45 to 47)
	// not a KSIC code: "retail": only digits may follow the section letter
}

// A changed policy is a new value: here a programme that (unlike Kakao's)
// gives Channel cash only to businesses that already have a Talk Channel,
// and treats Kakao Bank as an affiliate with its own support.
func ExampleNewPolicy() {
	c := eligibility.Kakao1015Config(eligibility.Options{RequireChannel: true, ReviewEnterprises: true})
	c.Affiliates = append(c.Affiliates, eligibility.Operator{Key: "Kakao Bank", Name: eligibility.Text{Ko: "카카오뱅크", En: "Kakao Bank"}})
	p, err := eligibility.NewPolicy(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	shop := eligibility.Claimant{ID: "shop", Kind: eligibility.SmallBusiness}
	report := eligibility.Report{ID: "r", FiledAt: time.Date(2022, 10, 20, 0, 0, 0, 0, kst), Operator: "Kakao Bank"}
	at := time.Date(2023, 2, 1, 0, 0, 0, 0, kst)
	for _, policy := range []struct {
		name string
		p    eligibility.Policy
	}{{"Kakao 1015", eligibility.Kakao1015()}, {"changed", p}} {
		d, err := policy.p.Entitlements(shop, []eligibility.Report{report}, at)
		if err != nil {
			fmt.Printf("%s: %v\n", policy.name, err)
			continue
		}
		fmt.Printf("%s: channel cash %v, report routed to %s\n", policy.name, d.Granted(eligibility.ChannelCash), d.Reports[0].RoutedTo)
	}
	// Output:
	// Kakao 1015: report "r": unknown operator: "Kakao Bank" is neither Kakao nor a listed affiliate (Kakao Games, Kakao Mobility, Kakao Entertainment, Kakao Pay)
	// changed: channel cash false, report routed to Kakao Bank
}

// An intake window is half-open in KST: a report at its closing instant
// is outside.
func ExampleNewWindow() {
	w, err := eligibility.NewWindow("reporting", "P-INTAKE-3",
		time.Date(2022, 10, 19, 0, 0, 0, 0, kst), time.Date(2022, 11, 7, 0, 0, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(w)
	fmt.Println(w.Contains(time.Date(2022, 11, 6, 23, 59, 59, 0, kst)), w.Contains(time.Date(2022, 11, 7, 0, 0, 0, 0, kst)))
	_, err = eligibility.NewWindow("backwards", "", time.Date(2022, 11, 7, 0, 0, 0, 0, kst), time.Date(2022, 10, 19, 0, 0, 0, 0, kst))
	fmt.Println(err)
	// Output:
	// reporting [2022-10-19 00:00, 2022-11-07 00:00) KST
	// true false
	// window closes before it opens: backwards closes 2022-10-19T00:00:00+09:00, opens 2022-11-07T00:00:00+09:00
}

// A benefit is a declared value: here a programme adds a loyalty pass for
// small businesses with a Talk Channel that reported a loss, and the
// policy describes who gets it from its condition.
func ExampleBenefit() {
	c := eligibility.Kakao1015Config(eligibility.DefaultOptions())
	c.Benefits = append(c.Benefits, eligibility.Benefit{
		Key: "loyalty-pass", Name: eligibility.Text{Ko: "단골 이용권", En: "a loyalty pass"}, Rule: "X-1",
		When: eligibility.All(eligibility.IsSmall(), eligibility.Has(eligibility.TalkChannel), eligibility.CountedLoss()),
	})
	p, err := eligibility.NewPolicy(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Who("loyalty-pass", "en"))
	fmt.Println(p.Who("loyalty-pass", "ko"))
	shop := eligibility.Claimant{ID: "shop", Kind: eligibility.SmallBusiness}
	report := eligibility.Report{ID: "r", FiledAt: time.Date(2022, 10, 20, 0, 0, 0, 0, kst), Operator: eligibility.Kakao, Loss: decimal.NewFromInt(1000)}
	d, err := p.Entitlements(shop, []eligibility.Report{report}, time.Date(2023, 2, 1, 0, 0, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	e := d.Entitlements[len(d.Entitlements)-1]
	fmt.Println(e.Benefit, e.Granted, e.Reasons[0].Code())
	// Output:
	// a small business with a KakaoTalk Channel with a sales loss in a counted damage report
	// 소상공인, 카카오톡 채널 보유, 인정된 피해 신고의 매출 손실
	// loyalty-pass false channel-missing
}

// A host deciding many claimants one after another uses one Decision and
// one Buffer for its arrays: each decision is read before the next is
// made.
func ExamplePolicy_EntitlementsInto() {
	p := eligibility.Kakao1015()
	at := time.Date(2023, 1, 30, 0, 0, 0, 0, kst)
	var buf eligibility.Buffer
	var d eligibility.Decision
	for _, id := range []string{"user-1", "user-2"} {
		c := eligibility.Claimant{ID: id, Kind: eligibility.GeneralUser, Attributes: []string{eligibility.DomesticPhone}}
		reports := []eligibility.Report{{ID: id + "-r", FiledAt: time.Date(2022, 10, 20, 9, 0, 0, 0, kst), Operator: eligibility.Kakao}}
		if err := p.EntitlementsInto(&d, &buf, c, reports, at); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d.ClaimantID, d.Granted(eligibility.EmoticonBundle), d.Granted(eligibility.CashSupport))
	}
	// Output:
	// user-1 true false
	// user-2 true false
}
