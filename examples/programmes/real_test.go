package programmes

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/internal/golden"
	"github.com/shopspring/decimal"
)

// outcome is what a decision pays and entitles, in short.
type outcome struct {
	Paid    map[string]string // cash benefit -> amount
	Granted []string
	Items   []string
}

func decide(t *testing.T, p programme.Plan, c programme.Claim, at time.Time) (outcome, programme.Decision) {
	t.Helper()
	d, err := p.Decide(c, at)
	if err != nil {
		t.Fatal(err)
	}
	var o outcome
	for _, pay := range d.Payments {
		if o.Paid == nil {
			o.Paid = map[string]string{}
		}
		o.Paid[pay.Benefit] = pay.Award.Amount.String()
	}
	d.EachGranted(func(_ int, b string) { o.Granted = append(o.Granted, b) })
	for _, it := range d.Items() {
		o.Items = append(o.Items, it.ID)
	}
	return o, d
}

func bases(kv ...string) map[string]decimal.Decimal {
	m := map[string]decimal.Decimal{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = won(kv[i+1])
	}
	return m
}

func TestKT2021(t *testing.T) {
	p := load(t, "kt2021.json")
	at := time.Date(2021, 11, 30, 0, 0, 0, 0, kst)
	line := func(fee string, attrs ...string) programme.Claim {
		return programme.Claim{Claimant: eligibility.Claimant{ID: "010-0000-0000", Kind: "line", Attributes: attrs, Bases: bases("monthly-fee", fee)}}
	}
	credit := []string{"kt2021/outage-credit"}
	business := []string{"kt2021/business-credit"}
	for _, tt := range []struct {
		reason string
		c      programme.Claim
		want   outcome
	}{
		// [KT21-1, KT21-6] 50,000 x 15/720 = 1,041.67; the file rounds down to the won.
		{"a 50,000-won line is credited 1,041 won", line("50000"),
			outcome{map[string]string{"outage-credit": "1041"}, []string{"outage-credit"}, credit}},
		// [KT21-1, KT21-6] 33,000 x 15/720 = 687.5, down: 687.
		{"a 33,000-won line is credited 687 won", line("33000"),
			outcome{map[string]string{"outage-credit": "687"}, []string{"outage-credit"}, credit}},
		// [KT21-1, KT21-6] 720 x 15/720 = 15 exactly.
		{"a 720-won line is credited exactly 15 won", line("720"),
			outcome{map[string]string{"outage-credit": "15"}, []string{"outage-credit"}, credit}},
		// [KT21-2, KT21-6] 10 days of a 30-day month: 33,000 x 10/30 = 11,000.
		{"a small business's 33,000-won line is credited 11,000 won", line("33000", "business-line"),
			outcome{map[string]string{"business-credit": "11000"}, []string{"business-credit"}, business}},
		// [KT21-2, KT21-6] 55,000 x 10/30 = 18,333.33, down: 18,333.
		{"a small business's 55,000-won line is credited 18,333 won", line("55000", "business-line"),
			outcome{map[string]string{"business-credit": "18333"}, []string{"business-credit"}, business}},
		// [KT21-7] not credited.
		{"a line opened after the outage gets nothing", line("50000", "opened-after"), outcome{}},
		{"an IPTV service gets nothing", line("50000", "iptv", "business-line"), outcome{}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			got, _ := decide(t, p, tt.c, at)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	golden.Check(t, "kt2021.notice.ko.md", p.Notice("ko"))
	_, d := decide(t, p, line("50000"), at)
	golden.Check(t, "kt2021.letter.ko.md", p.Letter(d, "ko"))
}

func TestKTAhyeon2018(t *testing.T) {
	p := load(t, "ktahyeon2018.json")
	at := time.Date(2019, 5, 6, 0, 0, 0, 0, kst)
	subscriber := func(attrs []string, kv ...string) programme.Claim {
		return programme.Claim{Claimant: eligibility.Claimant{ID: "sub", Kind: "subscriber", Attributes: attrs, Bases: bases(kv...)}}
	}
	shop := func(sector, sales, days string, filed time.Time) programme.Claim {
		return programme.Claim{
			Claimant: eligibility.Claimant{ID: "shop", Kind: "small-business", Bases: bases("days-down", days),
				Business: &eligibility.Business{Sector: eligibility.MustParseSector(sector), RegularWorkers: 2, AverageSales: won(sales)}},
			Reports: []eligibility.Report{{ID: "r", FiledAt: filed, Operator: "KT"}},
		}
	}
	firstRound, online := time.Date(2018, 12, 20, 10, 0, 0, 0, kst), time.Date(2019, 4, 2, 10, 0, 0, 0, kst)
	support := func(amount string) outcome {
		return outcome{map[string]string{"business-support": amount}, []string{"business-support"}, nil}
	}
	for _, tt := range []struct {
		reason string
		c      programme.Claim
		want   outcome
	}{
		// [AH-1] one month's fee, the August to October average.
		{"a subscriber in the area with an average bill of 45,000 won has 45,000 won waived",
			subscriber([]string{"in-area"}, "average-bill", "45000"),
			outcome{map[string]string{"fee-waiver": "45000"}, []string{"fee-waiver"}, []string{"ktahyeon2018/fee-waiver"}}},
		// [AH-1, AH-3] three months' internet fee (3 x 30,000) and six months' telephone fee (6 x 11,000).
		{"a subscriber on the damaged cable has 90,000 and 66,000 won waived besides",
			subscriber([]string{"in-area", "damaged-cable-internet", "damaged-cable-phone"}, "average-bill", "41000", "internet-fee", "30000", "phone-fee", "11000"),
			outcome{map[string]string{"fee-waiver": "41000", "cable-internet": "90000", "cable-phone": "66000"},
				[]string{"fee-waiver", "cable-internet", "cable-phone"},
				[]string{"ktahyeon2018/fee-waiver", "ktahyeon2018/cable-internet", "ktahyeon2018/cable-phone"}}},
		{"a subscriber outside the area gets nothing", subscriber(nil, "average-bill", "45000"), outcome{}},
		// [AH-5] by days down, on both sides of each bound.
		{"a shop down 1 day gets 400,000 won", shop("I56", "300000000", "1", firstRound), support("400000")},
		{"a shop down 2 days gets 400,000 won", shop("I56", "300000000", "2", firstRound), support("400000")},
		{"a shop down 3 days gets 800,000 won", shop("I56", "300000000", "3", online), support("800000")},
		{"a shop down 4 days gets 800,000 won", shop("I56", "300000000", "4", online), support("800000")},
		{"a shop down 5 days gets 1,000,000 won", shop("I56", "300000000", "5", online), support("1000000")},
		{"a shop down 6 days gets 1,000,000 won", shop("I56", "300000000", "6", online), support("1000000")},
		{"a shop down 7 days gets 1,200,000 won", shop("I56", "300000000", "7", online), support("1200000")},
		{"a shop down 0 days gets nothing in cash", shop("I56", "300000000", "0", online),
			outcome{map[string]string{"business-support": "0"}, []string{"business-support"}, nil}},
		// [AH-6] the raised ceilings, below, at and above.
		{"a restaurant of 3,000,000,000 won of sales is small", shop("I56", "3000000000", "3", online), support("800000")},
		{"a restaurant of 3,000,000,001 won is not", shop("I56", "3000000001", "3", online), outcome{}},
		{"a shop of 4,999,999,999 won is small (wholesale and retail: below 5 billion)", shop("G47", "4999999999", "3", online), support("800000")},
		{"a shop of 5,000,000,000 won is not", shop("G47", "5000000000", "3", online), outcome{}},
		// [AH-4, AH-7] the reports are taken in the two rounds only.
		{"a shop that reported between the rounds gets nothing", shop("I56", "300000000", "7", time.Date(2019, 1, 15, 0, 0, 0, 0, kst)), outcome{}},
		{"a shop that reported on the last day online is taken", shop("I56", "300000000", "7", time.Date(2019, 5, 5, 23, 0, 0, 0, kst)), support("1200000")},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			got, _ := decide(t, p, tt.c, at)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	golden.Check(t, "ktahyeon2018.notice.ko.md", p.Notice("ko"))
}

func TestOptus2023(t *testing.T) {
	p := load(t, "optus2023.json")
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2023, 11, 14, 0, 0, 0, 0, sydney)
	customer := func(kind eligibility.Kind, attrs ...string) programme.Claim {
		return programme.Claim{Claimant: eligibility.Claimant{ID: "0400 000 000", Kind: kind, Attributes: attrs}}
	}
	data := outcome{Granted: []string{"extra-data"}, Items: []string{"optus2023/extra-data-200gb"}}
	for _, tt := range []struct {
		reason string
		c      programme.Claim
		want   outcome
	}{
		// [OP-1, OP-3] postpaid consumers and small businesses, mobile and tablet.
		{"a postpaid consumer on mobile gets 200 GB", customer("consumer", "postpaid", "mobile"), data},
		{"a postpaid small business on mobile gets 200 GB", customer("small-business", "postpaid", "mobile"), data},
		{"a postpaid nbn service gets nothing", customer("consumer", "postpaid"), outcome{}},
		// [OP-6] enterprise customers were handled by their account teams.
		{"an enterprise customer gets nothing here", customer("enterprise", "postpaid", "mobile"), outcome{}},
		// [OP-4] prepaid customers on the listed plans: weekend data.
		{"a listed prepaid customer gets weekend data", customer("consumer", "prepaid-listed", "mobile"),
			outcome{Granted: []string{"weekend-data"}, Items: []string{"optus2023/weekend-data"}}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			got, _ := decide(t, p, tt.c, at)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// [OP-1, OP-2] activated at 01:00 in Sydney on 14 November (UTC+11:
	// 13 November in KST), three months run from that Sydney day: they end
	// at 00:00 on 14 February 2024, Sydney.
	it, _ := p.Item("optus2023/extra-data-200gb")
	r, err := it.Request("0400 000 000", time.Date(2023, 11, 14, 1, 0, 0, 0, sydney))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 2, 14, 0, 0, 0, 0, sydney); !r.Grant.Expires.Equal(want) {
		t.Errorf("the data activated at 01:00 on 14 November ends %v, want %v", r.Grant.Expires, want)
	}
	// [OP-1] to be activated by the end of 2023, Sydney time.
	if _, err := it.Request("0400 000 000", time.Date(2024, 1, 1, 0, 0, 0, 0, sydney)); err == nil {
		t.Error("the data was activated on 1 January 2024")
	}
	// [OP-4] weekend data until the end of 2023, whenever applied.
	w, _ := p.Item("optus2023/weekend-data")
	r, err = w.Request("0400 000 001", time.Date(2023, 12, 2, 9, 0, 0, 0, sydney))
	if err != nil || !r.Grant.Expires.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, sydney)) {
		t.Errorf("weekend data ends %v, %v", r.Grant.Expires, err)
	}
	n := p.Notice("en")
	golden.Check(t, "optus2023.notice.en.md", n)
	for _, want := range []string{"200 GB", "13 November 2023, 00:00 AEDT", "31 December 2023"} {
		if !strings.Contains(n, want) {
			t.Errorf("the notice does not say %q", want)
		}
	}
}
