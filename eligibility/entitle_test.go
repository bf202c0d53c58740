package eligibility

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestIntakeWindows(t *testing.T) {
	p := Kakao1015()
	tests := []struct {
		reason string
		kind   Kind
		filed  time.Time
		window string
	}{
		{"a report one nanosecond before the reporting window opens does not count", GeneralUser, kstDay(2022, 10, 19).Add(-time.Nanosecond), ""},
		{"a report at the opening instant 2022-10-19 00:00 KST counts", GeneralUser, kstDay(2022, 10, 19), "reporting"},
		{"a report at the last instant of 2022-11-06 KST counts", GeneralUser, kstDay(2022, 11, 7).Add(-time.Nanosecond), "reporting"},
		{"a report at 2022-11-07 00:00 KST is after the close", GeneralUser, kstDay(2022, 11, 7), ""},
		{"a report at 2022-11-06 15:00 UTC is 2022-11-07 00:00 KST, after the close", GeneralUser, time.Date(2022, 11, 6, 15, 0, 0, 0, time.UTC), ""},
		{"a report at 2022-11-06 14:59:59 UTC is still inside", GeneralUser, time.Date(2022, 11, 6, 14, 59, 59, 0, time.UTC), "reporting"},
		{"a small business in the second intake's first instant counts", SmallBusiness, kstDay(2023, 2, 13), "second-intake"},
		{"a small business just before the second intake does not count", SmallBusiness, kstDay(2023, 2, 13).Add(-time.Nanosecond), ""},
		{"a small business at the last instant of 2023-02-27 counts", SmallBusiness, kstDay(2023, 2, 28).Add(-time.Nanosecond), "second-intake"},
		{"a small business at 2023-02-28 00:00 KST is after the second intake", SmallBusiness, kstDay(2023, 2, 28), ""},
		{"a general user cannot use the small-business second intake", GeneralUser, kstDay(2023, 2, 20), ""},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			d, err := p.Entitlements(Claimant{ID: "c", Kind: tt.kind}, []Report{{ID: "r", FiledAt: tt.filed, Operator: Kakao}}, tt.filed)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Reports[0].Window; got != tt.window || d.Reports[0].Counts != (tt.window != "") {
				t.Errorf("[P-INTAKE-3] filed %s: window %q counts %v, want %q", tt.filed.Format(time.RFC3339Nano), got, d.Reports[0].Counts, tt.window)
			}
		})
	}
}

func TestExtendedApplicationWindows(t *testing.T) {
	p := Kakao1015()
	early := Report{ID: "early", FiledAt: kstDay(2022, 10, 20), Operator: Kakao, Loss: won("1000")}
	tests := []struct {
		reason  string
		kind    Kind
		prior   bool
		filed   time.Time
		window  string
		because string
	}{
		{"a small business that reported in October may apply on 2023-04-14, the first extension's last day", SmallBusiness, true, kstDay(2023, 4, 15).Add(-time.Nanosecond), "first-extension", "in-window"},
		{"a small business that reported in October may apply from 2023-02-28, the first extension's first instant", SmallBusiness, true, kstDay(2023, 2, 28), "first-extension", "in-window"},
		{"a small business that reported in October may apply at 15:00 on 2023-01-30, when document intake opened", SmallBusiness, true, kstDay(2023, 1, 30).Add(15 * time.Hour), "applications", "in-window"},
		{"a report one nanosecond before 15:00 on 2023-01-30 does not count", SmallBusiness, true, kstDay(2023, 1, 30).Add(15*time.Hour - time.Nanosecond), "", "out-of-window"},
		{"a report one nanosecond after 15:00 on 2023-01-30 counts", SmallBusiness, true, kstDay(2023, 1, 30).Add(15*time.Hour + time.Nanosecond), "applications", "in-window"},
		{"a report at 00:00 on 2023-01-30 is before document intake opened", SmallBusiness, true, kstDay(2023, 1, 30), "", "out-of-window"},
		{"a new small business cannot apply in the applications", SmallBusiness, false, kstDay(2023, 2, 1), "", "extension-for-applicants"},
		{"a new small business cannot apply in the first extension", SmallBusiness, false, kstDay(2023, 3, 15), "", "extension-for-applicants"},
		{"a new small business may apply in the second intake", SmallBusiness, false, kstDay(2023, 2, 20), "second-intake", "in-window"},
		{"a new small business may apply from 2023-04-15, the second extension's first instant", SmallBusiness, false, kstDay(2023, 4, 15), "second-extension", "in-window"},
		{"a new small business may apply at the last instant of 2023-05-31", SmallBusiness, false, kstDay(2023, 6, 1).Add(-time.Nanosecond), "second-extension", "in-window"},
		{"a report at 2023-06-01 00:00 KST is after every window", SmallBusiness, true, kstDay(2023, 6, 1), "", "out-of-window"},
		{"a general user cannot use the small-business extensions", GeneralUser, true, kstDay(2023, 4, 20), "", "out-of-window"},
		{"a report filed one nanosecond after the decision date does not count yet", SmallBusiness, false, kstDay(2023, 6, 1).Add(time.Nanosecond), "", "filed-after-decision"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			reports := []Report{{ID: "r", FiledAt: tt.filed, Operator: Kakao, Loss: won("1000")}}
			if tt.prior {
				reports = append(reports, early)
			}
			d, err := p.Entitlements(Claimant{ID: "c", Kind: tt.kind}, reports, kstDay(2023, 6, 1))
			if tt.because == "filed-after-decision" {
				d, err = p.Entitlements(Claimant{ID: "c", Kind: tt.kind}, reports, kstDay(2023, 5, 20))
			}
			if err != nil {
				t.Fatal(err)
			}
			r := d.Reports[0]
			type result struct {
				Window string
				Counts bool
				Last   string
			}
			want := result{tt.window, tt.window != "", tt.because}
			got := result{r.Window, r.Counts, r.Reasons[len(r.Reasons)-1].Code()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("[P-CASH-4, P-INTAKE-3] mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRouting(t *testing.T) {
	p := Kakao1015()
	for _, tt := range []struct {
		operator, to string
		affiliate    bool
	}{
		{Kakao, Kakao, false}, {KakaoGames, KakaoGames, true}, {KakaoMobility, KakaoMobility, true},
		{KakaoEntertainment, KakaoEntertainment, true}, {KakaoPay, KakaoPay, true},
	} {
		to, aff, err := p.Route(tt.operator)
		if err != nil || to != tt.to || aff != tt.affiliate {
			t.Errorf("[P-AFF-1] Route(%q) = %q, %v, %v; want %q, %v", tt.operator, to, aff, err, tt.to, tt.affiliate)
		}
	}
	for _, tt := range []struct{ operator, hint string }{
		{"kakao mobility", `did you mean "Kakao Mobility"`},
		{"KakaoMobility", `did you mean "Kakao Mobility"`},
		{"kakao", `did you mean "Kakao"`},
		{"Kakao Bank", "neither Kakao nor a listed affiliate"},
		{"", "neither Kakao nor a listed affiliate"},
	} {
		to, aff, err := p.Route(tt.operator)
		if !errors.Is(err, ErrUnknownOperator) || to != "" || aff || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.operator)) || !strings.Contains(err.Error(), tt.hint) {
			t.Errorf("[P-AFF-1] Route(%q) = %q, %v, %v; want ErrUnknownOperator naming it, with %q", tt.operator, to, aff, err, tt.hint)
		}
	}
	c := Kakao1015Config(DefaultOptions())
	c.Affiliates = append(c.Affiliates, Operator{Key: "Kakao Bank", Name: Text{Ko: "카카오뱅크", En: "Kakao Bank"}})
	p2, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, aff, err := p2.Route("Kakao Bank"); err != nil || !aff {
		t.Error("the routing table is not a parameter: an added affiliate was not routed")
	}
	if _, _, err := (Policy{}).Route(Kakao); !errors.Is(err, ErrConfig) {
		t.Errorf("the zero Policy routes: %v", err)
	}
}

func TestEntitlements(t *testing.T) {
	p := Kakao1015()
	at := kstDay(2023, 1, 30)
	filed := kstDay(2022, 10, 20)
	kakao := func(loss string) Report {
		return Report{ID: "r", FiledAt: filed, Operator: Kakao, MoneyLost: true, Loss: won(loss)}
	}
	type result map[string]bool
	all := func(emo, coupons, drawer, channel, cash, review bool) result {
		return result{EmoticonBundle: emo, MakersCoupons: coupons, DrawerPass: drawer, ChannelCash: channel, CashSupport: cash, IndividualReview: review}
	}
	smallShop := &Business{Sector: Retail, RegularWorkers: 2, AverageSales: won("300000000")}
	bigShop := &Business{Sector: Retail, RegularWorkers: 7, AverageSales: won("300000000")}
	tests := []struct {
		reason  string
		rule    string
		c       Claimant
		reports []Report
		want    result
	}{
		{"a domestic user with no report gets the heart package and nothing else", "P-EMO-3",
			Claimant{Kind: GeneralUser, Attributes: []string{DomesticPhone}}, nil, all(true, true, true, false, false, false)},
		{"an overseas number gets no heart package", "P-EMO-3",
			Claimant{Kind: GeneralUser}, nil, all(false, false, false, false, false, false)},
		{"a small business with a Talk Channel and no report gets Channel cash", "P-CHANNEL-1",
			Claimant{Kind: SmallBusiness, Attributes: []string{TalkChannel}, Business: smallShop}, nil, all(false, false, false, true, false, false)},
		{"a small business without a Talk Channel gets Channel cash too", "P-CHANNEL-1",
			Claimant{Kind: SmallBusiness, Business: smallShop}, nil, all(false, false, false, true, false, false)},
		{"a small business with a loss of 1 won gets cash support", "P-CASH-1",
			Claimant{Kind: SmallBusiness, Business: smallShop}, []Report{kakao("1")}, all(false, false, false, true, true, false)},
		{"a small business with a loss of 0 gets no cash support", "P-CASH-1",
			Claimant{Kind: SmallBusiness, Business: smallShop}, []Report{kakao("0")}, all(false, false, false, true, false, false)},
		{"a loss of 900,000 won is not eligibility's to refer to review: the schedule's band does", "P-CASH-1",
			Claimant{Kind: SmallBusiness, Business: smallShop}, []Report{kakao("900000")}, all(false, false, false, true, true, false)},
		{"a shop with 7 workers fails the test and gets no cash", "P-SB-1",
			Claimant{Kind: SmallBusiness, Attributes: []string{TalkChannel}, Business: bigShop}, []Report{kakao("400000")}, all(false, false, false, false, false, false)},
		{"a declared small business with no profile is taken at its word", "P-SB-1",
			Claimant{Kind: SmallBusiness, Attributes: []string{TalkChannel}}, []Report{kakao("400000")}, all(false, false, false, true, true, false)},
		{"a report about Kakao Mobility is routed to it and earns no Kakao cash", "P-AFF-1",
			Claimant{Kind: SmallBusiness, Business: smallShop}, []Report{{ID: "t", FiledAt: filed, Operator: KakaoMobility, Loss: won("900000")}}, all(false, false, false, true, false, false)},
		{"a report filed after the window earns no cash", "P-INTAKE-3",
			Claimant{Kind: SmallBusiness, Business: smallShop}, []Report{{ID: "late", FiledAt: kstDay(2022, 11, 7), Operator: Kakao, Loss: won("100000")}}, all(false, false, false, true, false, false)},
		{"a mid/large company with money lost goes to review, with no cash", "P-INTAKE-4",
			Claimant{Kind: Enterprise, Attributes: []string{DomesticPhone}}, []Report{{ID: "e", FiledAt: filed, Operator: Kakao, MoneyLost: true}}, all(true, true, true, false, false, true)},
		{"a mid/large company with no money lost is not reviewed", "P-INTAKE-4",
			Claimant{Kind: Enterprise}, []Report{{ID: "e", FiledAt: filed, Operator: Kakao}}, all(false, false, false, false, false, false)},
		{"a general user's loss earns no cash support", "P-CASH-1",
			Claimant{Kind: GeneralUser, Attributes: []string{DomesticPhone}}, []Report{kakao("900000")}, all(true, true, true, false, false, false)},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			d, err := p.Entitlements(tt.c, tt.reports, at)
			if err != nil {
				t.Fatal(err)
			}
			got := result{}
			for _, e := range d.Entitlements {
				got[e.Benefit] = e.Granted
				if len(e.Reasons) == 0 {
					t.Errorf("%s has no reason", e.Benefit)
				}
				for _, r := range e.Reasons {
					if !r.IsValid() || r.Rule() == "" || r.Code() == "" {
						t.Errorf("%s: a reason without a rule or a code: %v", e.Benefit, r)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("[%s] entitlements mismatch (-want +got):\n%s", tt.rule, diff)
			}
		})
	}
}

func TestEntitlementsErrors(t *testing.T) {
	p := Kakao1015()
	at := kstDay(2023, 1, 30)
	tests := []struct {
		reason  string
		c       Claimant
		reports []Report
		at      time.Time
		want    error
	}{
		{"an undeclared kind is an error", Claimant{Kind: "robot"}, nil, at, ErrUnknownKind},
		{"the empty kind is an error", Claimant{}, nil, at, ErrUnknownKind},
		{"an undeclared attribute is an error", Claimant{Kind: GeneralUser, Attributes: []string{"postpaid"}}, nil, at, ErrUnknownAttribute},
		{"two reports with one ID are an error", Claimant{Kind: GeneralUser}, []Report{{ID: "r", Operator: Kakao, FiledAt: at}, {ID: "r", Operator: Kakao, FiledAt: at}}, at, ErrDuplicateReport},
		{"a zero decision date is an error", Claimant{Kind: GeneralUser}, nil, time.Time{}, ErrNoTime},
		{"a report with no filing time is an error", Claimant{Kind: GeneralUser}, []Report{{ID: "r", Operator: Kakao}}, at, ErrNoTime},
		{"a loss of 1e-65 won is out of range", Claimant{Kind: GeneralUser}, []Report{{ID: "r", Operator: Kakao, FiledAt: at, Loss: decimal.New(1, -65)}}, at, ErrRange},
		{"sales of 1e-999999999 won are out of range", Claimant{Kind: SmallBusiness, Business: &Business{Sector: Retail, AverageSales: decimal.New(1, -999_999_999)}}, nil, at, ErrRange},
		{"a negative loss is an error", Claimant{Kind: GeneralUser}, []Report{{ID: "r", Operator: Kakao, FiledAt: at, Loss: won("-1")}}, at, ErrNegative},
		{"a sector that is not a KSIC code is an error", Claimant{Kind: SmallBusiness, Business: &Business{Sector: "x"}}, nil, at, ErrSector},
		{"a report about an unknown operator is an error, never Kakao's case", Claimant{Kind: GeneralUser}, []Report{{ID: "r", Operator: "Kakao Bank", FiledAt: at}}, at, ErrUnknownOperator},
		{"a report with no operator is an error", Claimant{Kind: GeneralUser}, []Report{{ID: "r", FiledAt: at}}, at, ErrUnknownOperator},
		{"a loss of 31 significant digits is out of range", Claimant{Kind: GeneralUser}, []Report{{ID: "r", Operator: Kakao, FiledAt: at, Loss: won("1234567890123456789012345678901")}}, at, ErrRange},
		{"a report filed in the year 2200 is out of range", Claimant{Kind: GeneralUser}, []Report{{ID: "r", Operator: Kakao, FiledAt: kstDay(2200, 1, 1)}}, at, ErrRange},
		{"a decision dated 1969 is out of range", Claimant{Kind: GeneralUser}, nil, kstDay(1969, 12, 31), ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			if _, err := p.Entitlements(tt.c, tt.reports, tt.at); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReasonsDoNotAlias(t *testing.T) {
	d, err := Kakao1015().Entitlements(Claimant{ID: "c", Kind: GeneralUser, Attributes: []string{DomesticPhone}},
		[]Report{{ID: "a", FiledAt: kstDay(2022, 10, 20), Operator: Kakao}, {ID: "b", FiledAt: kstDay(2022, 10, 20), Operator: KakaoPay}}, kstDay(2023, 1, 5))
	if err != nil {
		t.Fatal(err)
	}
	before, other := d.Entitlements[0].Reasons[0], d.Reports[1].Reasons[0]
	d.Reports[0].Reasons = append(d.Reports[0].Reasons, Reason{}, Reason{}, Reason{})
	if d.Entitlements[0].Reasons[0] != before || d.Reports[1].Reasons[0] != other || other.Code() != "routed-to-affiliate" {
		t.Error("appending to one reason list changed another")
	}
}

func TestKindParsing(t *testing.T) {
	for _, k := range []Kind{GeneralUser, SmallBusiness, Enterprise, "line", "account/postpaid"} {
		got, err := ParseKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, err)
		}
	}
	for _, s := range []string{"", "Robot", "-x", "a b", strings.Repeat("k", MaxKeyBytes+1)} {
		if _, err := ParseKind(s); !errors.Is(err, ErrUnknownKind) {
			t.Errorf("ParseKind(%q) error = %v, want ErrUnknownKind", s, err)
		}
	}
	if _, ok := Kakao1015().Kind("robot"); ok {
		t.Error("Kakao 1015 declares the kind robot")
	}
}

// TestInferencesAreParameters changes each parameter built on an inference
// (confidence C) and sees the decision follow.
func TestInferencesAreParameters(t *testing.T) {
	at, filed := kstDay(2023, 1, 30), kstDay(2022, 10, 20)
	shop := Claimant{Kind: SmallBusiness, Business: &Business{Sector: Retail, RegularWorkers: 2, AverageSales: won("300000000")}}
	company := Claimant{Kind: Enterprise}
	lost := []Report{{ID: "r", FiledAt: filed, Operator: Kakao, MoneyLost: true}}
	changed, err := Kakao1015With(Options{RequireChannel: true, ReviewEnterprises: false})
	if err != nil {
		t.Fatal(err)
	}
	withChannel := shop
	withChannel.Attributes = []string{TalkChannel}
	for _, tt := range []struct {
		reason  string
		p       Policy
		c       Claimant
		reports []Report
		benefit string
		want    bool
	}{
		{"by default a shop without a Channel gets Channel cash", Kakao1015(), shop, nil, ChannelCash, true},
		{"requiring a Channel refuses a shop without one", changed, shop, nil, ChannelCash, false},
		{"requiring a Channel grants a shop with one", changed, withChannel, nil, ChannelCash, true},
		{"by default a company with money lost is referred to review", Kakao1015(), company, lost, IndividualReview, true},
		{"a policy that does not review companies does not refer it", changed, company, lost, IndividualReview, false},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			d, err := tt.p.Entitlements(tt.c, tt.reports, at)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Granted(tt.benefit); got != tt.want {
				t.Errorf("%s granted %v, want %v", tt.benefit, got, tt.want)
			}
		})
	}
}

// TestEveryReasonHasACodeAndBothTexts decides a claim of every shape and
// checks each reason given: a tag, a code, and a sentence in English and
// in Korean (with Hangul in it); one code never has two sentences.
func TestEveryReasonHasACodeAndBothTexts(t *testing.T) {
	p := Kakao1015()
	texts := map[string]string{}
	check := func(r Reason) {
		en, ko := r.TextIn("en"), r.TextIn("ko")
		hangul := strings.ContainsFunc(ko, func(c rune) bool { return c >= 0xAC00 && c <= 0xD7A3 })
		if r.Code() == "" || en == "" || !hangul || en == ko || r.Rule() == "" {
			t.Errorf("reason %s: code %q, en %q, ko %q", r, r.Code(), en, ko)
		}
		if prev, ok := texts[r.Code()]; ok && prev != en && r.Code() != "in-window" && r.Code() != "extension-for-applicants" && r.Code() != "routed-to-affiliate" {
			t.Errorf("code %q has two sentences: %q and %q", r.Code(), prev, en)
		}
		texts[r.Code()] = en
	}
	for _, kind := range []Kind{GeneralUser, SmallBusiness, Enterprise} {
		for _, attrs := range [][]string{nil, {DomesticPhone, TalkChannel}} {
			for _, b := range []*Business{nil, {Sector: Retail, AverageSales: won("1")}, {Sector: Retail, RegularWorkers: 9, AverageSales: won("1")}} {
				for _, filed := range []time.Time{kstDay(2022, 10, 20), kstDay(2022, 12, 1), kstDay(2023, 3, 1), kstDay(2023, 7, 1)} {
					for _, op := range []string{Kakao, KakaoPay} {
						for _, loss := range []string{"0", "1000"} {
							r := Report{ID: "r", FiledAt: filed, Operator: op, MoneyLost: loss != "0", Loss: won(loss)}
							d, err := p.Entitlements(Claimant{ID: "c", Kind: kind, Attributes: attrs, Business: b}, []Report{r}, kstDay(2023, 6, 1))
							if err != nil {
								t.Fatal(err)
							}
							for _, rd := range d.Reports {
								for _, r := range rd.Reasons {
									check(r)
								}
							}
							for _, e := range d.Entitlements {
								for _, r := range e.Reasons {
									check(r)
								}
							}
						}
					}
				}
			}
		}
	}
	if len(texts) < 20 {
		t.Errorf("only %d codes seen: %v", len(texts), texts)
	}
	for tag, want := range map[string]string{"en": English, "en-US": English, "EN": English, "ko": Korean, "ko-KR": Korean, "fr": Korean, "": Korean, "eng": Korean} {
		if got := LangOf(tag); got != want {
			t.Errorf("LangOf(%q) = %q, want %q", tag, got, want)
		}
	}
}

// The package's documented target (doc.go, Performance): a decision on
// at most one report allocates once, for the Decision it returns,
// whichever rules run; more reports add allocations with the logarithm
// of their number (a list of reasons that doubles), never one a report.
func TestADecisionAllocatesItsResultAndLittleMore(t *testing.T) {
	p := Kakao1015()
	at := kstDay(2023, 1, 30)
	reports := tenReports()
	for _, tt := range allocationCases() {
		for _, n := range []int{0, 1, 3, 10} {
			t.Run(fmt.Sprintf("%s with %d reports", tt.reason, n), func(t *testing.T) {
				want := 1.0
				if n > 1 {
					want += float64(2 * bits.Len(uint(n)))
				}
				if allocs := testing.AllocsPerRun(100, func() { sinkDecision, _ = p.Entitlements(tt.c, reports[:n], at) }); allocs > want {
					t.Errorf("Entitlements allocates %.0f times, want at most %.0f", allocs, want)
				}
			})
		}
	}
}

var sinkDecision Decision

// tenReports are reports of losses to Kakao over the first five days.
func tenReports() []Report {
	var reports []Report
	for i := range 10 {
		reports = append(reports, Report{ID: fmt.Sprintf("r%d", i), FiledAt: kstDay(2022, 10, 16+i%5), Operator: Kakao, MoneyLost: true, Loss: won("42000")})
	}
	return reports
}

// allocationCases are claimants whose decisions run different rules.
func allocationCases() []struct {
	reason string
	c      Claimant
} {
	tested := &Business{Sector: Retail, RegularWorkers: 3, PartTimeHours: []int{72, 10}, AverageSales: won("420000000")}
	return []struct {
		reason string
		c      Claimant
	}{
		{"a general user", Claimant{ID: "u", Kind: GeneralUser, Attributes: []string{DomesticPhone}}},
		{"a declared small business", Claimant{ID: "s", Kind: SmallBusiness, Attributes: []string{DomesticPhone, TalkChannel}}},
		{"a tested small business", Claimant{ID: "t", Kind: SmallBusiness, Attributes: []string{DomesticPhone, TalkChannel}, Business: tested}},
		{"a company with money lost", Claimant{ID: "e", Kind: Enterprise}},
	}
}

// everyField compares the package's values field by field, unexported
// ones included.
var everyField = cmp.Exporter(func(reflect.Type) bool { return true })

// A decision in a Buffer is the decision Entitlements makes, whatever
// the buffer held before (a larger decision or a smaller one), and once
// the buffer has held one as large it allocates nothing.
func TestADecisionInABufferIsTheDecisionAndAllocatesNothing(t *testing.T) {
	p := Kakao1015()
	at := kstDay(2023, 1, 30)
	reports := tenReports()
	var buf Buffer
	for _, n := range []int{1, 10, 0, 3, 1, 10} {
		for _, tt := range allocationCases() {
			want, err := p.Entitlements(tt.c, reports[:n], at)
			if err != nil {
				t.Fatal(err)
			}
			var got Decision
			if err := p.EntitlementsInto(&got, &buf, tt.c, reports[:n], at); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, everyField); diff != "" {
				t.Errorf("%s with %d reports (-want +got):\n%s", tt.reason, n, diff)
			}
			if allocs := testing.AllocsPerRun(100, func() { _ = p.EntitlementsInto(&got, &buf, tt.c, reports[:n], at) }); allocs > 0 {
				t.Errorf("%s with %d reports: EntitlementsInto allocates %.0f times in a buffer that held it, want none", tt.reason, n, allocs)
			}
		}
	}
	got := Decision{ClaimantID: "stale"}
	if err := (Policy{}).EntitlementsInto(&got, &buf, Claimant{}, nil, at); !errors.Is(err, ErrConfig) || got.ClaimantID != "" {
		t.Errorf("the zero Policy: %v and claimant %q, want ErrConfig and the zero Decision", err, got.ClaimantID)
	}
	got = Decision{ClaimantID: "stale"}
	if err := p.EntitlementsInto(&got, &buf, Claimant{ID: "x", Kind: "robot"}, nil, at); !errors.Is(err, ErrUnknownKind) || got.ClaimantID != "" {
		t.Errorf("an unknown kind: %v and claimant %q, want ErrUnknownKind and the zero Decision", err, got.ClaimantID)
	}
	if err := p.EntitlementsInto(&got, nil, allocationCases()[0].c, reports[:1], at); err != nil || len(got.Entitlements) != len(p.Benefits()) {
		t.Errorf("a nil Buffer: %d entitlements, %v; want Entitlements' decision", len(got.Entitlements), err)
	}
}

func TestReasonsOfOneDecisionDoNotOverlap(t *testing.T) {
	p := Kakao1015()
	for _, n := range []int{0, 1, 2, 5} {
		reports := make([]Report, n)
		for i := range reports {
			reports[i] = Report{ID: fmt.Sprint("r", i), FiledAt: kstDay(2022, 10, 20), Operator: Kakao, Loss: won("1000")}
		}
		d, err := p.Entitlements(Claimant{ID: "s", Kind: SmallBusiness, Attributes: []string{DomesticPhone, TalkChannel}}, reports, kstDay(2023, 1, 30))
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprint(d.Reports, d.Entitlements)
		// Appending to any one list of reasons must leave the others be.
		for i := range d.Reports {
			_ = append(d.Reports[i].Reasons, Reason{}, Reason{})
		}
		for i := range d.Entitlements {
			_ = append(d.Entitlements[i].Reasons, Reason{}, Reason{})
		}
		if got := fmt.Sprint(d.Reports, d.Entitlements); got != want {
			t.Errorf("%d reports: appending to one list of reasons changed another (-want +got):\n%s", n, cmp.Diff(want, got))
		}
	}
}

// TestALossCountsOnce holds the loss model [P-CASH-1, P-CASH-3]: a
// business's loss is one figure, so a report and a later application do
// not add up; a programme that pays distinct losses says so.
func TestALossCountsOnce(t *testing.T) {
	shop := Claimant{ID: "s", Kind: SmallBusiness, Business: &Business{Sector: Retail, RegularWorkers: 2, AverageSales: won("300000000")}}
	october := Report{ID: "report", FiledAt: kstDay(2022, 10, 20), Operator: Kakao, MoneyLost: true, Loss: won("300000")}
	february := Report{ID: "application", FiledAt: kstDay(2023, 2, 10), Operator: Kakao, MoneyLost: true, Loss: won("300000")}
	corrected := february
	corrected.Loss = won("350000")
	late := Report{ID: "late", FiledAt: kstDay(2022, 11, 8), Operator: Kakao, MoneyLost: true, Loss: won("900000")}
	affiliate := Report{ID: "taxi", FiledAt: kstDay(2022, 10, 20), Operator: KakaoMobility, MoneyLost: true, Loss: won("900000")}
	sum, err := NewPolicy(func() Config { c := Kakao1015Config(DefaultOptions()); c.Losses = LossSum; return c }())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		reason  string
		p       Policy
		reports []Report
		want    string
	}{
		{"a 300,000-won loss reported in October and documented in February is 300,000, not 600,000", Kakao1015(), []Report{october, february}, "300000"},
		{"where a later application states it differently, the largest counts", Kakao1015(), []Report{october, corrected}, "350000"},
		{"the largest counts whatever the order", Kakao1015(), []Report{corrected, october}, "350000"},
		{"a report that does not count adds nothing", Kakao1015(), []Report{october, late, affiliate}, "300000"},
		{"no counted report is no loss", Kakao1015(), []Report{late, affiliate}, "0"},
		{"a programme of distinct losses adds them up", sum, []Report{october, february}, "600000"},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			d, err := tt.p.Entitlements(shop, tt.reports, kstDay(2023, 6, 1))
			if err != nil {
				t.Fatal(err)
			}
			if !d.Loss.Equal(won(tt.want)) {
				t.Errorf("loss %s, want %s", d.Loss, tt.want)
			}
		})
	}
}

// TestConditions decides each combinator on both sides, with the reasons
// it gives.
func TestConditions(t *testing.T) {
	base := Kakao1015Config(DefaultOptions())
	shop := Claimant{ID: "s", Kind: SmallBusiness, Attributes: []string{TalkChannel}}
	user := Claimant{ID: "u", Kind: GeneralUser}
	loss := []Report{{ID: "r", FiledAt: kstDay(2022, 10, 20), Operator: Kakao, Loss: won("1")}}
	for _, tt := range []struct {
		reason  string
		when    Condition
		c       Claimant
		reports []Report
		granted bool
		codes   []string
	}{
		{"always holds and gives no reason", Always(), user, nil, true, nil},
		{"never holds and gives no reason", Never(), user, nil, false, nil},
		{"a kind holds for its claimants", KindIs(SmallBusiness), shop, nil, true, []string{"kind-small-business"}},
		{"a kind does not hold for others, and says what the claimant is", KindIs(SmallBusiness, Enterprise), user, nil, false, []string{"kind-general"}},
		{"an attribute held", Has(TalkChannel), shop, nil, true, []string{"talk-channel"}},
		{"an attribute missing", Has(TalkChannel), user, nil, false, []string{"channel-missing"}},
		{"a declared small business is small", IsSmall(), shop, nil, true, []string{"declared-small-business"}},
		{"a general user is not small", IsSmall(), user, nil, false, []string{"not-small-business"}},
		{"a counted report", CountedReport(), user, loss, true, []string{"counted-report"}},
		{"no counted report", CountedReport(), user, nil, false, []string{"no-counted-report"}},
		{"a counted loss", CountedLoss(), user, loss, true, []string{"loss-reported"}},
		{"a counted report of a loss is damage", CountedDamage(), user, loss, true, []string{"damage-reported"}},
		{"all gives every reason where it holds", All(IsSmall(), Has(TalkChannel)), shop, nil, true, []string{"declared-small-business", "talk-channel"}},
		{"all gives the first failing reason where it does not", All(IsSmall(), Has(TalkChannel), CountedLoss()), shop, nil, false, []string{"no-loss"}},
		{"all of nothing holds", All(), user, nil, true, nil},
		{"any gives the first holding reason", Any(Has(DomesticPhone), Has(TalkChannel)), shop, nil, true, []string{"talk-channel"}},
		{"any gives every reason where none holds", Any(Has(DomesticPhone), Has(TalkChannel)), user, nil, false, []string{"overseas-phone", "channel-missing"}},
		{"any of nothing does not hold", Any(), user, nil, false, nil},
		{"not turns the outcome and keeps the fact", Not(Has(TalkChannel)), user, nil, true, []string{"channel-missing"}},
		{"nested combinations decide as written", Any(All(IsSmall(), Not(Has(TalkChannel))), KindIs(GeneralUser)), shop, nil, false,
			[]string{"talk-channel", "kind-small-business"}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			c := base
			c.Benefits = []Benefit{{Key: "b", Name: Text{Ko: "혜택", En: "a benefit"}, Rule: "R-1", When: tt.when}}
			p, err := NewPolicy(c)
			if err != nil {
				t.Fatal(err)
			}
			d, err := p.Entitlements(tt.c, tt.reports, kstDay(2023, 6, 1))
			if err != nil {
				t.Fatal(err)
			}
			e := d.Entitlements[0]
			var codes []string
			for _, r := range e.Reasons {
				codes = append(codes, r.Code())
			}
			type result struct {
				Granted bool
				Codes   []string
			}
			if diff := cmp.Diff(result{tt.granted, tt.codes}, result{e.Granted, codes}); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			// A condition's JSON loads back to the same condition.
			data, err := json.Marshal(tt.when)
			if err != nil {
				t.Fatal(err)
			}
			var back Condition
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatalf("%s: %v", data, err)
			}
			again, err := json.Marshal(back)
			if err != nil || string(again) != string(data) {
				t.Errorf("round trip %s -> %s, %v", data, again, err)
			}
		})
	}
}

func TestConditionJSONRefuses(t *testing.T) {
	for _, s := range []string{`{}`, `{"all":[],"any":[]}`, `{"counted":"money"}`, `{"always":false}`, `{"kind":"small-business"}`, `{"when":true}`, `[]`, `null`, `{"not":{}}`} {
		var c Condition
		if err := json.Unmarshal([]byte(s), &c); err == nil {
			t.Errorf("%s loaded as a condition", s)
		}
	}
	if _, err := json.Marshal(Condition{}); err == nil {
		t.Error("the zero Condition marshalled")
	}
}

// TestDescribe reads who qualifies from the benefits' conditions, so a
// changed condition changes what the policy says.
func TestDescribe(t *testing.T) {
	d := Kakao1015().Describe("ko")
	want := []string{
		"이모티콘 3종: 국내 휴대전화 번호로 가입한 카카오 계정",
		"카카오메이커스 쿠폰 2종: 국내 휴대전화 번호로 가입한 카카오 계정",
		"톡서랍 플러스 1개월 이용권: 국내 휴대전화 번호로 가입한 카카오 계정",
		"카카오톡 채널 메시지 캐시: 소상공인",
		"현금 지원: 소상공인, 인정된 피해 신고의 매출 손실",
		"개별 심사: 중견·대기업, 인정된 피해 신고의 금전 피해(잠정: 발표된 내용이 아니라 추정입니다)",
	}
	if diff := cmp.Diff(want, d.Benefits); diff != "" {
		t.Errorf("benefits (-want +got):\n%s", diff)
	}
	required, err := Kakao1015With(Options{RequireChannel: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := required.Who(ChannelCash, "en"); got != "a small business with a KakaoTalk Channel" {
		t.Errorf("with a Channel required, Channel cash is for %q", got)
	}
	if got := required.Who(IndividualReview, "en"); got != "no one" {
		t.Errorf("with no company review, individual review is for %q", got)
	}
	if len(d.Windows) != 5 || !strings.Contains(d.Windows[1], "기존 피해 신고자") || !strings.Contains(d.Windows[3], "기존 피해 신고자") ||
		!strings.Contains(d.Affiliates, "카카오페이 등 계열사") || d.Losses == "" {
		t.Errorf("windows %q, affiliates %q, losses %q", d.Windows, d.Affiliates, d.Losses)
	}
}

// TestAClaimantWhoReportedALossIsToldWhyItIsNotPaid gives the exact reason
// a small business's reported loss brings no cash: the report went to an
// affiliate, came outside the windows, or after the decision's date.
func TestAClaimantWhoReportedALossIsToldWhyItIsNotPaid(t *testing.T) {
	p := Kakao1015()
	shop := Claimant{ID: "s", Kind: SmallBusiness}
	at := kstDay(2023, 6, 1)
	for _, tt := range []struct {
		reason  string
		reports []Report
		at      time.Time
		want    string
	}{
		{"no report at all", nil, at, "no-loss"},
		{"a report with no loss", []Report{{ID: "r", FiledAt: kstDay(2022, 10, 20), Operator: Kakao}}, at, "no-loss"},
		{"a loss reported to an affiliate", []Report{{ID: "r", FiledAt: kstDay(2022, 10, 20), Operator: KakaoMobility, Loss: won("200000")}}, at, "loss-routed-to-affiliate"},
		{"a loss reported outside the windows", []Report{{ID: "r", FiledAt: kstDay(2022, 12, 1), Operator: Kakao, Loss: won("200000")}}, at, "loss-outside-windows"},
		{"a loss reported after the decision's date", []Report{{ID: "r", FiledAt: kstDay(2022, 10, 25), Operator: Kakao, Loss: won("200000")}}, kstDay(2022, 10, 24), "loss-after-decision"},
		{"a counted report without a loss beside an affiliate's with one", []Report{
			{ID: "a", FiledAt: kstDay(2022, 10, 20), Operator: Kakao},
			{ID: "b", FiledAt: kstDay(2022, 10, 21), Operator: KakaoGames, Loss: won("1")}}, at, "loss-routed-to-affiliate"},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			d, err := p.Entitlements(shop, tt.reports, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			var e Entitlement
			for _, x := range d.Entitlements {
				if x.Benefit == CashSupport {
					e = x
				}
			}
			if e.Granted || len(e.Reasons) == 0 {
				t.Fatalf("paid, or no reason: %+v", e)
			}
			if got := e.Reasons[len(e.Reasons)-1].Code(); got != tt.want {
				t.Errorf("[P-CASH-1] the last reason is %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWhomEachExtensionAdmitsIsAParameter turns each extension's
// admission of new applicants on and off: a small business with no
// earlier report applies on the first and the last day of each [P-CASH-4].
func TestWhomEachExtensionAdmitsIsAParameter(t *testing.T) {
	for _, tt := range []struct {
		reason        string
		first, second bool
		filed         time.Time
		counts        bool
	}{
		{"the first extension closed to new applicants refuses one on its first day", false, true, kstDay(2023, 2, 28), false},
		{"the first extension open to new applicants takes one on its first day", true, true, kstDay(2023, 2, 28), true},
		{"the first extension open to new applicants takes one on its last day", true, true, kstDay(2023, 4, 15).Add(-time.Nanosecond), true},
		{"the second extension closed to new applicants refuses one on its first day", true, false, kstDay(2023, 4, 15), false},
		{"the second extension open to new applicants takes one on its last day", false, true, kstDay(2023, 6, 1).Add(-time.Nanosecond), true},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			o := DefaultOptions()
			o.FirstExtensionAdmitsNew, o.SecondExtensionAdmitsNew = tt.first, tt.second
			p, err := Kakao1015With(o)
			if err != nil {
				t.Fatal(err)
			}
			d, err := p.Entitlements(Claimant{ID: "c", Kind: SmallBusiness}, []Report{{ID: "r", FiledAt: tt.filed, Operator: Kakao, Loss: won("1000")}}, kstDay(2023, 6, 1))
			if err != nil {
				t.Fatal(err)
			}
			if d.Reports[0].Counts != tt.counts {
				t.Errorf("[P-CASH-4] counts %v, want %v", d.Reports[0].Counts, tt.counts)
			}
		})
	}
}

// A window's bounds are kept in nanoseconds: exact within the instant
// domain, and an instant far outside it (the zero Time, a year after
// 2262) is kept at the end of int64 it lies towards, so that a filing
// time of the domain compares with it as with the Time.
func TestAWindowBoundKeepsItsOrder(t *testing.T) {
	for _, tt := range []struct {
		name string
		t    time.Time
		want int64
	}{
		{"the start of 1970 is zero", time.Unix(0, 0), 0},
		{"an instant of the domain is exact to the nanosecond", time.Date(2022, 10, 15, 15, 30, 0, 7, kst), time.Date(2022, 10, 15, 15, 30, 0, 7, kst).UnixNano()},
		{"the least instant int64 holds is itself", time.Unix(0, math.MinInt64), math.MinInt64},
		{"a nanosecond before it is the least int64", time.Unix(0, math.MinInt64).Add(-1), math.MinInt64},
		{"the zero Time is the least int64", time.Time{}, math.MinInt64},
		{"the greatest instant int64 holds is itself", time.Unix(0, math.MaxInt64), math.MaxInt64},
		{"a nanosecond after it is the greatest int64", time.Unix(0, math.MaxInt64).Add(1), math.MaxInt64},
		{"the year 3000 is the greatest int64", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), math.MaxInt64},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := unixNano(tt.t); got != tt.want {
				t.Errorf("unixNano(%v) = %d, want %d", tt.t, got, tt.want)
			}
		})
	}
}
