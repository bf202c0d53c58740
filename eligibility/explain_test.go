package eligibility

import (
	"fmt"
	"strings"
	"testing"

	"github.com/outagerelief/relief/internal/golden"
)

// The explanations, in both languages: the Kakao 1015 policy's
// description of itself, and for a claimant of each kind (a report
// counted, one routed to an affiliate, one filed in a later window, a
// business profile tested) every report's reasons, every benefit's, and
// the small-business test's criteria. A change of wording is a change of
// this file (go test -update rewrites it), seen in review.
func TestExplanationsReadAsTheGoldenFile(t *testing.T) {
	p := Kakao1015()
	at := kstDay(2023, 6, 1)
	counted := Report{ID: "r-counted", FiledAt: kstDay(2022, 10, 20), Operator: Kakao, MoneyLost: true, Loss: won("420000")}
	affiliate := Report{ID: "r-affiliate", FiledAt: kstDay(2022, 10, 20), Operator: KakaoMobility, MoneyLost: true, Loss: won("90000")}
	extension := Report{ID: "r-extension", FiledAt: kstDay(2023, 3, 2), Operator: Kakao, MoneyLost: true, Loss: won("10000")}
	tested := &Business{Sector: Retail, RegularWorkers: 3, PartTimeHours: []int{72, 10}, AverageSales: won("420000000")}
	tooBig := &Business{Sector: Retail, RegularWorkers: 60, AverageSales: won("42000000000")}
	var b strings.Builder
	for _, lang := range []string{Korean, English} {
		d := p.Describe(lang)
		fmt.Fprintf(&b, "# the policy (%s)\n%s\n%s\n%s\n%s\n\n", lang, strings.Join(d.Benefits, "\n"), strings.Join(d.Windows, "\n"), d.Affiliates, d.Losses)
		for _, c := range []struct {
			name     string
			claimant Claimant
			reports  []Report
		}{
			{"a general user with a domestic phone, no report", Claimant{ID: "u", Kind: GeneralUser, Attributes: []string{DomesticPhone}}, nil},
			{"a declared small business: a report counted, one an affiliate's, one filed in the first extension", Claimant{ID: "s", Kind: SmallBusiness, Attributes: []string{DomesticPhone, TalkChannel}}, []Report{counted, affiliate, extension}},
			{"a small business whose profile passes the test", Claimant{ID: "t", Kind: SmallBusiness, Attributes: []string{TalkChannel}, Business: tested}, []Report{counted}},
			{"a business too big for the test", Claimant{ID: "b", Kind: SmallBusiness, Business: tooBig}, []Report{counted}},
			{"a company with money lost", Claimant{ID: "e", Kind: Enterprise}, []Report{counted}},
		} {
			d, err := p.Entitlements(c.claimant, c.reports, at)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			fmt.Fprintf(&b, "## %s (%s)\n", c.name, lang)
			for _, r := range d.Reports {
				for _, reason := range r.Reasons {
					fmt.Fprintf(&b, "report %s: [%s] %s\n", r.ID, reason.Code(), reason.TextIn(lang))
				}
			}
			for _, cr := range d.SmallBusiness.CriteriaIn(lang) {
				fmt.Fprintf(&b, "test: [%s] %s (met %v): %s\n", cr.Rule, cr.Code, cr.Met, cr.Text)
			}
			for _, e := range d.Entitlements {
				for _, reason := range e.Reasons {
					fmt.Fprintf(&b, "%s (granted %v): [%s] %s\n", e.Benefit, e.Granted, reason.Code(), reason.TextIn(lang))
				}
			}
			b.WriteString("\n")
		}
	}
	golden.Check(t, "explanations.golden", b.String())
}
