package programme_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

var kst = eligibility.KST()

func kakao(t testing.TB) programme.Programme {
	p, err := programme.Kakao1015(grants.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func shop(loss int64, operator string) programme.Claim {
	return programme.Claim{
		Claimant: eligibility.Claimant{ID: "shop", Kind: eligibility.SmallBusiness, DomesticPhone: true, TalkChannel: true,
			Business: &eligibility.Business{Sector: eligibility.Retail, RegularWorkers: 2, AverageSales: decimal.NewFromInt(400_000_000)}},
		Reports: []eligibility.Report{{ID: "r1", FiledAt: time.Date(2022, 10, 20, 12, 0, 0, 0, kst), Operator: operator,
			MoneyLost: true, Loss: decimal.NewFromInt(loss)}},
	}
}

func TestDecide(t *testing.T) {
	p := kakao(t)
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	type result struct {
		Paid   string
		Review bool
		Grants []string
	}
	heart := []string{grants.EmoticonForever, grants.EmoticonA90, grants.EmoticonB90, grants.Coupon2000, grants.Coupon3000, grants.DrawerPlus}
	all := append(append([]string{}, heart...), grants.Channel50000)
	tests := []struct {
		reason string
		c      programme.Claim
		want   result
	}{
		{"a shop with a 300,000 won loss is paid 30,000 won and gets every grant", shop(300_000, eligibility.Kakao), result{"30000", false, all}},
		{"a shop with a 500,001 won loss is paid 50,000 won and referred to review", shop(500_001, eligibility.Kakao), result{"50000", true, all}},
		{"a shop whose report is Kakao Pay's is paid nothing by Kakao", shop(500_001, eligibility.KakaoPay), result{"0", false, all}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			d, err := p.Decide(tt.c, at)
			if err != nil {
				t.Fatal(err)
			}
			got := result{d.Amount().String(), d.Review, d.Grants}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decision mismatch (-want +got):\n%s", diff)
			}
			for _, id := range d.Grants {
				if _, ok := p.Item(id); !ok {
					t.Errorf("granted item %s is not in the programme", id)
				}
			}
			data, err := json.Marshal(d.Record("en"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), `"P-AFF-1"`) && !strings.Contains(string(data), `"P-CASH-1"`) {
				t.Errorf("the trace names neither the routing nor the cash rule: %s", data)
			}
		})
	}
}

func TestNewRefusesAnItemForABenefitEligibilityDoesNotDecide(t *testing.T) {
	it, err := kakao(t).Catalogue().Item(grants.EmoticonForever)
	if err != nil {
		t.Fatal(err)
	}
	it.Benefit = "emoticons" // not eligibility's key
	cat, err := grants.NewCatalogue(it)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := programme.New(eligibility.Kakao1015(), kakao(t).Cash(), cat); err == nil {
		t.Error("an item for an unknown benefit was accepted")
	}
}

// TestEveryInKindBenefitHasItems checks the Kakao 1015 catalogue against
// eligibility's benefits: every benefit but cash and review has its items,
// found by key alone.
func TestEveryInKindBenefitHasItems(t *testing.T) {
	cat := kakao(t).Catalogue()
	for _, b := range eligibility.Benefits() {
		items := cat.ForBenefit(b.String())
		inKind := b != eligibility.CashSupport && b != eligibility.IndividualReview
		if inKind != (len(items) > 0) {
			t.Errorf("benefit %s has %d items; in kind: %v", b, len(items), inKind)
		}
	}
	n := 0
	for _, b := range eligibility.Benefits() {
		n += len(cat.ForBenefit(b.String()))
	}
	if n != len(cat.Items()) {
		t.Errorf("%d items are reached from benefits, %d are in the catalogue", n, len(cat.Items()))
	}
}

// TestReviewFollowsTheSchedule changes only the schedule's review band and
// sees the composed decision follow: the referral has one home.
func TestReviewFollowsTheSchedule(t *testing.T) {
	won := decimal.NewFromInt
	higher := compensation.MustNewSchedule(won(50_000),
		compensation.Band{UpTo: won(300_000), Amount: won(30_000)},
		compensation.Band{UpTo: won(1_000_000), Amount: won(50_000)},
		compensation.Band{Open: true, Amount: won(50_000), Review: true},
	)
	base := kakao(t)
	moved, err := programme.New(base.Eligibility(), higher, base.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	for _, tt := range []struct {
		reason string
		p      programme.Programme
		loss   int64
		review bool
	}{
		{"under Kakao 1015, a loss of 500,000 won is not reviewed", base, 500_000, false},
		{"under Kakao 1015, a loss of 500,001 won is reviewed", base, 500_001, true},
		{"with review above 1,000,000 won, a loss of 500,001 won is not", moved, 500_001, false},
		{"with review above 1,000,000 won, a loss of 1,000,000 won is not", moved, 1_000_000, false},
		{"with review above 1,000,000 won, a loss of 1,000,001 won is", moved, 1_000_001, true},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			d, err := tt.p.Decide(shop(tt.loss, eligibility.Kakao), at)
			if err != nil {
				t.Fatal(err)
			}
			if d.Review != tt.review {
				t.Errorf("[P-CASH-1, P-INTAKE-4] review %v, want %v", d.Review, tt.review)
			}
		})
	}
}

// A small business's decision with its combined trace.
func Example() {
	p, err := programme.Kakao1015(grants.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := p.Decide(shop(420_000, eligibility.Kakao), time.Date(2023, 4, 14, 0, 0, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("paid:", d.Amount(), "won; review:", d.Review, "; grants:", len(d.Grants))
	for _, s := range d.Trace() {
		fmt.Printf("[%s] %s\n", s.Rule, s.Text)
	}
	// Output:
	// paid: 50000 won; review: false ; grants: 7
	// [P-INTAKE-1] report r1: about the programme operator's own service
	// [P-INTAKE-3] report r1: filed inside an intake window
	// [P-EMO-3] emoticon-bundle granted: a Kakao account with a domestic phone number: open to every domestic user, no report needed
	// [P-EMO-3] makers-coupons granted: a Kakao account with a domestic phone number: open to every domestic user, no report needed
	// [P-COUPON-1] makers-coupons granted: two Kakao Makers coupons, for the same users as the emoticons
	// [P-EMO-3] drawer-pass granted: a Kakao account with a domestic phone number: open to every domestic user, no report needed
	// [P-DRAWER-1] drawer-pass granted: one-month Talk Drawer Plus pass, first come first served while the capped passes last
	// [P-SB-1] channel-cash granted: passed the small-business test
	// [P-CHANNEL-1] channel-cash granted: KakaoTalk Channel cash for every small business, damage report or not
	// [P-SB-1] cash-support granted: passed the small-business test
	// [P-CASH-1] cash-support granted: a counted report with a sales loss above zero
	// [P-CASH-1] individual-review not granted: a small business's referral to review follows the loss band of its cash award
	// [P-CASH-1] loss of 420,000 won is over 300,000 and up to and including 500,000 won (band 1): 50,000 won
}

// BenchmarkDecideSmallBusiness is a full small-business decision on an
// assessed loss: eligibility with the statutory test, the award and the
// grants (target: under 2 microseconds).
func BenchmarkDecideSmallBusiness(b *testing.B) {
	p, c := kakao(b), shop(420_000, eligibility.Kakao)
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Decide(c, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecideSmallBusinessWithTrace adds rendering the combined trace
// as text, which a batch run only does for the decisions it writes out.
func BenchmarkDecideSmallBusinessWithTrace(b *testing.B) {
	p, c := kakao(b), shop(420_000, eligibility.Kakao)
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	b.ReportAllocs()
	for b.Loop() {
		d, err := p.Decide(c, at)
		if err != nil {
			b.Fatal(err)
		}
		_ = d.Trace()
	}
}

func TestADecisionGrantsTheItemsOfItsBenefits(t *testing.T) {
	p := kakao(t)
	if got, want := p.ItemsFor(eligibility.EmoticonBundle), []string{grants.EmoticonForever, grants.EmoticonA90, grants.EmoticonB90}; !cmp.Equal(got, want) {
		t.Errorf("ItemsFor(emoticon-bundle) = %v, want %v", got, want)
	}
	for _, loss := range []int64{0, 420_000} {
		d, err := p.Decide(shop(loss, eligibility.Kakao), time.Date(2023, 4, 14, 0, 0, 0, 0, kst))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, b := range eligibility.Benefits() {
			if d.Eligibility.Granted(b) {
				want = append(want, p.ItemsFor(b)...)
			}
		}
		if diff := cmp.Diff(want, d.Grants); diff != "" {
			t.Errorf("loss %d: Grants are not the items of the granted benefits (-want +got):\n%s", loss, diff)
		}
	}
}
