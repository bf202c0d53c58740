package compensation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/outagerelief/relief/internal/golden"
	"github.com/shopspring/decimal"
)

// The explanations, as a claimant or an auditor reads them, in both
// languages: each award's trace on both sides of every bound of Kakao
// 1015 and of the schedule that advances nothing for review, and each
// schedule's own description. A change of wording is a change of this
// file (go test -update rewrites it), seen in review.
func TestExplanationsReadAsTheGoldenFile(t *testing.T) {
	none, err := Kakao1015With(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range []struct {
		name string
		s    Schedule
	}{{"Kakao 1015", Kakao1015()}, {"Kakao 1015, no advance for review", none}} {
		for _, lang := range []string{Korean, English} {
			fmt.Fprintf(&b, "# %s: the schedule (%s)\n", s.name, lang)
			for _, line := range s.s.Describe(lang) {
				fmt.Fprintf(&b, "%s\n", line)
			}
			for _, loss := range []string{"0", "299999", "300000", "300001", "500000", "500000.01", "2000000"} {
				a, err := s.s.Award(decimal.RequireFromString(loss))
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "\n## a loss of %s (%s)\n", loss, lang)
				for _, step := range a.TraceIn(lang) {
					fmt.Fprintf(&b, "[%s] %s: %s\n", step.Rule, step.Code, step.Text)
				}
			}
			b.WriteString("\n")
		}
	}
	golden.Check(t, "explanations.golden", b.String())
}
