package grants_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/internal/golden"
)

// The explanations, in both languages: the Kakao 1015 catalogue's
// description of each benefit's items, before, during and after their
// claim window, and each item's validity. A change of wording is a
// change of this file (go test -update rewrites it), seen in review.
func TestExplanationsReadAsTheGoldenFile(t *testing.T) {
	c := grants.Kakao1015()
	var b strings.Builder
	for _, lang := range []string{"ko", "en"} {
		for _, at := range []time.Time{
			time.Date(2023, 1, 5, 8, 59, 0, 0, grants.KST()),
			time.Date(2023, 1, 10, 12, 0, 0, 0, grants.KST()),
			time.Date(2023, 2, 1, 0, 0, 0, 0, grants.KST()),
		} {
			fmt.Fprintf(&b, "# the catalogue as of %s (%s)\n", at.Format(time.RFC3339), lang)
			var benefits []string
			for _, it := range c.Items() {
				if len(benefits) == 0 || benefits[len(benefits)-1] != it.Benefit {
					benefits = append(benefits, it.Benefit)
				}
			}
			for _, benefit := range benefits {
				fmt.Fprintf(&b, "%s: %s\n", benefit, c.DescribeAsOf(c.ForBenefit(benefit), lang, at))
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "# each item's validity (%s)\n", lang)
		for _, it := range c.Items() {
			fmt.Fprintf(&b, "%s: %s\n", it.ID, it.Validity.StringIn(lang, c.Zone()))
		}
		b.WriteString("\n")
	}
	golden.Check(t, "explanations.golden", b.String())
}
