package compensation

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompare(t *testing.T) {
	// Raising the lowest band from 30,000 to 40,000 won [P-CASH-1].
	after := MustNewSchedule(Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: Measure{Of: MeasureLoss, Name: Text{Ko: "손실액", En: "loss"}}, Currency: KRW, Cap: won("50000"), Bands: []Band{Band{UpTo: won("300000"), Amount: won("40000"), Rule: "P-CASH-1"},
		Band{UpTo: won("500000"), Amount: won("50000"), Rule: "P-CASH-1"},
		Band{Open: true, Amount: won("50000"), Review: true, Rule: "P-CASH-1"}}})
	cases := []Case{
		{"zero", won("0")}, {"low", won("1")}, {"edge", won("300000")},
		{"mid", won("300001")}, {"high", won("900000")},
	}
	c, err := Compare(Kakao1015(), after, cases)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ch := range c.Changed {
		ids = append(ids, ch.ID)
	}
	type summary struct {
		Cases                       int
		Changed                     []string
		Before, After, Cost         string
		ReviewsBefore, ReviewsAfter int
	}
	want := summary{5, []string{"low", "edge"}, "160000", "180000", "20000", 1, 1}
	got := summary{c.Cases, ids, c.TotalBefore.String(), c.TotalAfter.String(), c.Cost.String(), c.ReviewsBefore, c.ReviewsAfter}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comparison mismatch (-want +got):\n%s", diff)
	}
	if d := c.Changed[0].Diff; !strings.Contains(d, `"30000"`) || !strings.Contains(d, `"40000"`) {
		t.Errorf("the diff does not show the amount changing:\n%s", d)
	}
	if _, err := Compare(Kakao1015(), after, []Case{{"bad", won("-1")}}); err == nil || !strings.Contains(err.Error(), `"bad"`) {
		t.Errorf("a negative loss: error = %v, want one naming the case", err)
	}
}
