package intake

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
)

func TestEmbeddedIntakeMatchesThePublishedCounts(t *testing.T) {
	// [P-INTAKE-1, P-INTAKE-2]
	claims := Synthetic()
	tl := eligibility.Kakao1015().NewTally()
	for _, c := range claims {
		for _, r := range c.Reports {
			tl.Add(c.Claimant.Kind, r)
		}
	}
	type counts struct{ Received, Cases, Small, Enterprise, General, Paid, FreeMoneyLost, NoMoneyLost int }
	want := counts{105_116, 87_195, 17_433, 151, 69_611, 14_918, 13_195, 59_082}
	got := counts{tl.Received, tl.Cases, tl.ByKind[eligibility.SmallBusiness], tl.ByKind[eligibility.Enterprise],
		tl.ByKind[eligibility.GeneralUser], tl.Paid, tl.FreeMoneyLost, tl.NoMoneyLost}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tally of the embedded intake mismatch (-want +got):\n%s", diff)
	}
	if again := Synthetic(); !cmp.Equal(claims[len(claims)-1].Claimant.ID, again[len(again)-1].Claimant.ID) || len(again) != len(claims) {
		t.Error("the embedded intake is not deterministic")
	}
}
