package secondplatform

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/internal/golden"
	"github.com/shopspring/decimal"
)

// The platform is invented: Haneul Talk, a messenger whose outage of
// 2024-03-02 its operator Haneul compensates. Its rules are tagged HT-n.
var kst = eligibility.KST()

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, kst) }

// haneul declares the programme: values only.
func haneul(t testing.TB) programme.Plan {
	t.Helper()
	policy, err := eligibility.NewPolicy(eligibility.Config{
		Operator: eligibility.Operator{Key: "Haneul", Name: eligibility.Text{Ko: "하늘", En: "Haneul"}},
		Kinds: []eligibility.ClaimantKind{
			{Key: "member", Name: eligibility.Text{Ko: "회원", En: "a member"}},
			{Key: "shop", Name: eligibility.Text{Ko: "소상공인 회원", En: "a small business member"}, Small: true},
		},
		Attributes: []eligibility.Attribute{
			{Key: "verified", Rule: "HT-2", Name: eligibility.Text{Ko: "본인 인증을 마친 회원", En: "a verified member"},
				Held:    eligibility.Note{Code: "verified", Text: eligibility.Text{Ko: "본인 인증을 마친 회원입니다.", En: "a verified member"}},
				Missing: eligibility.Note{Code: "not-verified", Text: eligibility.Text{Ko: "본인 인증을 마치지 않았습니다.", En: "not a verified member"}}},
			{Key: "biz-channel", Rule: "HT-3", Name: eligibility.Text{Ko: "하늘톡 비즈 채널 보유", En: "a Haneul Talk business channel"},
				Held:    eligibility.Note{Code: "biz-channel", Text: eligibility.Text{Ko: "하늘톡 비즈 채널이 있습니다.", En: "has a Haneul Talk business channel"}},
				Missing: eligibility.Note{Code: "no-biz-channel", Text: eligibility.Text{Ko: "하늘톡 비즈 채널이 없습니다.", En: "no Haneul Talk business channel"}}},
		},
		Benefits: []eligibility.Benefit{
			{Key: "premium-pass", Name: eligibility.Text{Ko: "하늘톡 프리미엄 30일 이용권", En: "a 30-day Haneul Talk Premium pass"}, Rule: "HT-2",
				When: eligibility.Has("verified")},
			// Channel cash only with a business channel: RequireChannel, on.
			{Key: "biz-cash", Name: eligibility.Text{Ko: "비즈 채널 광고 캐시", En: "business channel ad credit"}, Rule: "HT-3",
				When: eligibility.All(eligibility.IsSmall(), eligibility.Has("biz-channel")),
				Grounds: eligibility.Note{Code: "biz-cash", Text: eligibility.Text{
					Ko: "비즈 채널이 있는 소상공인 회원에게 광고 캐시를 드립니다.", En: "ad credit for small business members with a business channel"}}},
			{Key: "cash", Name: eligibility.Text{Ko: "피해 지원금", En: "outage support"}, Rule: "HT-1",
				When: eligibility.All(eligibility.IsSmall(), eligibility.CountedLoss())},
			{Key: "review", Name: eligibility.Text{Ko: "개별 검토", En: "individual review"}, Rule: "HT-1", When: eligibility.Never()},
		},
		Windows: []eligibility.Window{
			mustWindow(t, "reports", eligibility.Text{Ko: "피해 접수", En: "outage reports"}, "HT-4", day(2024, 3, 4), day(2024, 3, 25)),
			mustWindow(t, "applications", eligibility.Text{Ko: "소상공인 지원 신청", En: "small-business applications"}, "HT-5", day(2024, 3, 25), day(2024, 5, 1), "shop"),
		},
		Losses: eligibility.LossLargest,
		Test:   eligibility.StatutoryTest(),
		// HT-1: size as of the application, or the day the reports opened.
		SizeAt: eligibility.SizeAt{Application: true, At: day(2024, 3, 4), Rule: "HT-1"},
		Tags:   eligibility.Tags{Operator: "HT-4", Intake: "HT-4", Kind: "HT-1", SmallBusiness: "HT-1", Sales: "HT-1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	won := decimal.NewFromInt
	cash, err := compensation.NewSchedule(compensation.Config{
		Bands: []compensation.Band{
			{UpTo: won(200_000), Amount: won(20_000), Rule: "HT-1"},
			{UpTo: won(400_000), Amount: won(40_000), Rule: "HT-1"},
			{UpTo: won(1_000_000), Amount: won(60_000), Rule: "HT-1"},
			{Open: true, Amount: won(60_000), Review: true, Rule: "HT-1"},
		},
		Cap:      won(60_000),
		Currency: compensation.KRW,
		Measure:  compensation.Measure{Of: compensation.MeasureLoss, Name: compensation.Text{Ko: "매출 손실액", En: "sales loss"}},
		Rule:     "HT-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	open, err := grants.NewClaimWindow("support", "HT-2", day(2024, 3, 11).Add(10*time.Hour), day(2024, 4, 1))
	if err != nil {
		t.Fatal(err)
	}
	days30, err := grants.Days(30)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := grants.NewCatalogue(grants.Config{Currency: grants.KRW, Items: []grants.Item{
		{ID: "haneul/premium-30d", Name: grants.Text{Ko: "하늘톡 프리미엄 30일 이용권", En: "Haneul Talk Premium, 30 days"}, Kind: grants.Pass,
			Rule: "HT-2", Benefit: "premium-pass", Validity: days30, Window: open},
		{ID: "haneul/biz-cash-30000", Name: grants.Text{Ko: "비즈 채널 광고 캐시 30,000원", En: "business channel ad credit 30,000 won"}, Kind: grants.Credit,
			Rule: "HT-3", Benefit: "biz-cash", Window: open, Value: won(30_000)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := programme.New(programme.Config{
		Name:        programme.Text{Ko: "하늘톡 3·2 장애 보상", En: "Haneul Talk outage compensation"},
		Channel:     programme.Text{Ko: "하늘톡 앱의 보상 메뉴", En: "the Haneul Talk app's compensation menu"},
		Documents:   programme.Text{Ko: "사업자등록증, 매출 감소 자료", En: "a business registration and records of the sales lost"},
		Contact:     programme.Text{Ko: "하늘톡 고객센터 1588-0000", En: "the Haneul Talk help desk, 1588-0000"},
		Eligibility: policy,
		Cash:        []programme.Cash{{Benefit: "cash", Schedule: cash}},
		Review:      "review",
		Catalogue:   cat,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustWindow(t testing.TB, name string, title eligibility.Text, rule string, opens, closes time.Time, kinds ...eligibility.Kind) eligibility.Window {
	w, err := eligibility.NewWindow(name, rule, opens, closes, kinds...)
	if err != nil {
		t.Fatal(err)
	}
	w.Title = title
	return w
}

func shop(id string, loss int64, channel bool) programme.Claim {
	attrs := []string{"verified"}
	if channel {
		attrs = append(attrs, "biz-channel")
	}
	return programme.Claim{
		Claimant: eligibility.Claimant{ID: id, Kind: "shop", Attributes: attrs,
			Business: &eligibility.Business{Sector: eligibility.FoodService, RegularWorkers: 3, AverageSales: decimal.NewFromInt(600_000_000)}},
		Reports: []eligibility.Report{{ID: id + "-r", FiledAt: day(2024, 3, 5), Operator: "Haneul", MoneyLost: true, Loss: decimal.NewFromInt(loss)}},
	}
}

// kakaoWords are what a text that says nothing of Kakao never holds.
var kakaoWords = []string{"카카오", "Kakao", "톡서랍", "Talk Drawer", "메이커스", "Makers", "P-"}

func sayNothingOfKakao(t *testing.T, name, text string) {
	t.Helper()
	for _, w := range kakaoWords {
		if strings.Contains(text, w) {
			t.Errorf("%s says %q:\n%s", name, w, text)
		}
	}
}

func TestTheNoticeIsTheProgrammesOwn(t *testing.T) {
	p := haneul(t)
	for _, lang := range []string{"ko", "en"} {
		n := p.Notice(lang)
		golden.Check(t, "notice."+lang+".md", n)
		sayNothingOfKakao(t, "the notice in "+lang, n)
	}
	ko := p.Notice("ko")
	for _, want := range []string{
		"하늘톡 3·2 장애 보상", "하늘톡 앱의 보상 메뉴",
		"매출 손실액 200,000원 이하: 20,000원", "매출 손실액 200,000원 초과 400,000원 이하: 40,000원",
		"매출 손실액 400,000원 초과 1,000,000원 이하: 60,000원", "매출 손실액 1,000,000원 초과: 60,000원",
		// RequireChannel on: the notice says so, from the condition.
		"비즈 채널 광고 캐시: 소상공인 회원, 하늘톡 비즈 채널 보유",
		// The pass is uncapped: no first-come rule.
		"하늘톡 프리미엄 30일 이용권: 받은 날부터 30일 사용. 받는 기간: 2024년 3월 11일 10:00부터 2024년 3월 31일까지.",
	} {
		if !strings.Contains(ko, want) {
			t.Errorf("the Korean notice does not say %q", want)
		}
	}
	if strings.Contains(ko, "선착순") || strings.Contains(ko, "쿠폰") {
		t.Error("the notice speaks of a first-come cap or of coupons, which this programme has neither of")
	}
}

func TestTheLettersAreTheProgrammesOwn(t *testing.T) {
	p := haneul(t)
	at := day(2024, 5, 1)
	for _, tt := range []struct {
		name string
		c    programme.Claim
		want []string // the benefits granted
	}{
		{"shop-with-channel", shop("bakery-7", 250_000, true), []string{"premium-pass", "biz-cash", "cash"}},
		{"shop-without-channel-to-review", shop("cafe-2", 1_500_000, false), []string{"premium-pass", "cash", "review"}},
	} {
		d, err := p.Decide(tt.c, at)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		d.EachGranted(func(_ int, b string) { got = append(got, b) })
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: benefits granted (-want +got):\n%s", tt.name, diff)
		}
		for _, lang := range []string{"ko", "en"} {
			l := p.Letter(d, lang)
			golden.Check(t, "letter-"+tt.name+"."+lang+".md", l)
			sayNothingOfKakao(t, tt.name+" in "+lang, l)
		}
		for _, s := range d.TraceIn("en") {
			if strings.HasPrefix(s.Rule, "P-") {
				t.Errorf("%s: a step cites Kakao's tag %s: %+v", tt.name, s.Rule, s)
			}
		}
	}
}

// TestABandDecidesTheCash holds the programme's own bands on both sides of
// each bound.
func TestABandDecidesTheCash(t *testing.T) {
	p := haneul(t)
	for _, tt := range []struct {
		loss   int64
		paid   string
		review bool
	}{
		{199_999, "20000", false}, {200_000, "20000", false}, {200_001, "40000", false},
		{400_000, "40000", false}, {400_001, "60000", false}, {1_000_000, "60000", false}, {1_000_001, "60000", true},
	} {
		d, err := p.Decide(shop("s", tt.loss, true), day(2024, 5, 1))
		if err != nil {
			t.Fatal(err)
		}
		if d.Amount().String() != tt.paid || d.Review != tt.review {
			t.Errorf("a loss of %d won: paid %s, review %v; want %s, %v", tt.loss, d.Amount(), d.Review, tt.paid, tt.review)
		}
	}
}
