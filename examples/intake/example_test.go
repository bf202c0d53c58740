package intake_test

import (
	"fmt"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
)

// The embedded intake, tallied in the council's shape: its counts are
// the published ones [P-INTAKE-1, P-INTAKE-2].
func ExampleSynthetic() {
	claims := intake.Synthetic()
	tally := eligibility.Kakao1015().NewTally()
	for _, c := range claims {
		for _, r := range c.Reports {
			if err := tally.Add(c.Claimant.Kind, r); err != nil {
				fmt.Println(err)
				return
			}
		}
	}
	fmt.Printf("%d claimants, %d reports received, %d Kakao cases, %d of them small businesses\n",
		len(claims), tally.Received, tally.Cases, tally.ByKind[eligibility.SmallBusiness])
	// Output:
	// 98597 claimants, 105116 reports received, 87195 Kakao cases, 17433 of them small businesses
}

// A stream of synthetic claims of any size, sorted by claimant and the
// same for a seed: here its first three claimants.
func ExampleGenerate() {
	n := 0
	intake.Generate(1_000_000, intake.Seed, func(c programme.Claim) bool {
		fmt.Printf("%s %s, %d report(s) to %s\n", c.Claimant.ID, c.Claimant.Kind, len(c.Reports), c.Reports[0].Operator)
		n++
		return n < 3
	})
	// Output:
	// c000000001 general, 1 report(s) to Kakao
	// c000000002 general, 1 report(s) to Kakao
	// c000000003 general, 1 report(s) to Kakao
}
