package policychange

import (
	"fmt"
	"testing"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// raisedLowestBand is the proposed schedule: the Kakao 1015 bands with the
// lowest one raised from 30,000 to 40,000 won [P-CASH-1].
func raisedLowestBand() (compensation.Schedule, error) {
	c := compensation.Kakao1015().Config()
	c.Bands[0].Amount = decimal.NewFromInt(40_000)
	return compensation.NewSchedule(c)
}

// paidCases are the claimants the programme pays cash support, with the
// loss their award is made on.
func paidCases() ([]compensation.Case, error) {
	p := programme.Kakao1015()
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, grants.KST())
	var cases []compensation.Case
	for _, c := range intake.Synthetic() {
		d, err := p.Decide(c, at)
		if err != nil {
			return nil, err
		}
		if len(d.Payments) > 0 {
			cases = append(cases, compensation.Case{ID: c.Claimant.ID, Loss: d.Eligibility.Loss})
		}
	}
	return cases, nil
}

func TestRaisingTheLowestBand(t *testing.T) {
	before := compensation.Kakao1015()
	after, err := raisedLowestBand()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := paidCases()
	if err != nil {
		t.Fatal(err)
	}
	c, err := compensation.Compare(before, after, cases)
	if err != nil {
		t.Fatal(err)
	}

	t.Logf("cases compared:        %d small businesses paid under the current bands", c.Cases)
	t.Logf("outcomes changed:      %d", len(c.Changed))
	t.Logf("paid before:           %s won", c.TotalBefore)
	t.Logf("paid after:            %s won", c.TotalAfter)
	t.Logf("cost of the change:    %s won", c.Cost)
	t.Logf("review referrals:      %d before, %d after", c.ReviewsBefore, c.ReviewsAfter)
	for _, ch := range c.Changed[:min(3, len(c.Changed))] {
		t.Logf("for example %s, loss %s won (-before +after):\n%s", ch.ID, ch.Before.Loss, ch.Diff)
	}

	// What the analyst checks: only the lowest band changes, each of its
	// claimants gets 10,000 won more, nobody else moves, and the cost is
	// exactly that.
	lowest := 0
	for _, k := range cases {
		a, err := before.Award(k.Loss)
		if err != nil {
			t.Fatal(err)
		}
		if a.BandIndex() == 0 {
			lowest++
		}
	}
	if len(c.Changed) != lowest {
		t.Errorf("%d outcomes changed, want the %d claimants of the lowest band", len(c.Changed), lowest)
	}
	for _, ch := range c.Changed {
		if ch.Before.BandIndex() != 0 || !ch.After.Amount.Sub(ch.Before.Amount).Equal(decimal.NewFromInt(10_000)) {
			t.Errorf("%s: %s -> %s won in band %d; want +10,000 won in the lowest band", ch.ID, ch.Before.Amount, ch.After.Amount, ch.Before.BandIndex())
		}
	}
	if want := decimal.NewFromInt(10_000 * int64(lowest)); !c.Cost.Equal(want) {
		t.Errorf("cost %s won, want %s", c.Cost, want)
	}
	if c.ReviewsBefore != c.ReviewsAfter {
		t.Errorf("review referrals changed: %d -> %d", c.ReviewsBefore, c.ReviewsAfter)
	}
	if lowest == 0 {
		t.Error("no case in the lowest band: the test would pass vacuously")
	}
}

// The change over the synthetic intake, as an analyst would report it.
func Example() {
	after, err := raisedLowestBand()
	if err != nil {
		fmt.Println(err)
		return
	}
	cases, err := paidCases()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := compensation.Compare(compensation.Kakao1015(), after, cases)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d paid claimants get more; the batch costs %s won instead of %s: %s won more\n",
		len(c.Changed), c.Cases, c.TotalAfter, c.TotalBefore, c.Cost)
	// Output:
	// 2282 of 4740 paid claimants get more; the batch costs 214180000 won instead of 191360000: 22820000 won more
}
