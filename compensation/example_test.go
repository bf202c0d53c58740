package compensation_test

import (
	"fmt"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/shopspring/decimal"
)

// The Kakao 1015 bands at their bounds.
func ExampleSchedule_Award() {
	s := compensation.Kakao1015()
	for _, loss := range []int64{0, 300_000, 300_001, 500_000, 500_001} {
		a, err := s.Award(decimal.NewFromInt(loss))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("loss %7d: %5s won, review %v\n", loss, a.Amount, a.Review)
	}
	_, err := s.Award(decimal.NewFromInt(-1))
	fmt.Println(err)
	// Output:
	// loss       0:     0 won, review false
	// loss  300000: 30000 won, review false
	// loss  300001: 50000 won, review false
	// loss  500000: 50000 won, review false
	// loss  500001: 50000 won, review true
	// negative loss: -1 won
}

// A café's daily sales over September and October 2022, with a slow
// outage week, assessed and banded.
func ExampleMethod_Assess() {
	kst := time.FixedZone("KST", 9*60*60)
	var sales []compensation.DaySales
	for d := time.Date(2022, 9, 1, 0, 0, 0, 0, kst); d.Month() < 11; d = d.AddDate(0, 0, 1) {
		won := int64(200_000)
		if d.Weekday() == time.Saturday {
			won = 260_000
		}
		if d.Month() == 10 && d.Day() >= 15 && d.Day() <= 16 { // the weekend KakaoTalk was down
			won -= 150_000
		}
		sales = append(sales, compensation.DaySales{Day: d, Sales: decimal.NewFromInt(won)})
	}
	// The council's weights were not published; these are the host's.
	f, err := compensation.NewFactors(decimal.RequireFromString("0.8"), decimal.NewFromInt(1), decimal.NewFromInt(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := compensation.Kakao1015Method().Assess(sales, f)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range a.Trace() {
		fmt.Printf("[%s] %s\n", s.Rule, s.Text)
	}
	award, _ := compensation.Kakao1015().Award(a.Loss)
	for _, s := range award.Trace() {
		fmt.Printf("[%s] %s\n", s.Rule, s.Text)
	}
	// Output:
	// [P-CASH-3] outage week from 2022-10-15: 1,160,000 won; best of 7 baseline weeks, from 2022-09-03: 1,460,000 won; shortfall 300,000 won
	// [P-CASH-2] shortfall 300,000 won x margin 0.8 x alternative 1 x Kakao share 1 = loss 240,000 won
	// [P-CASH-1] loss of 240,000 won is up to and including 300,000 won (band 0): 30,000 won
}

// An analyst raises the lowest band from 30,000 to 40,000 won and reads
// what it changes and costs.
func ExampleCompare() {
	won := decimal.NewFromInt
	raised := compensation.MustNewSchedule(won(50_000),
		compensation.Band{UpTo: won(300_000), Amount: won(40_000), Rule: "P-CASH-1"},
		compensation.Band{UpTo: won(500_000), Amount: won(50_000), Rule: "P-CASH-1"},
		compensation.Band{Open: true, Amount: won(50_000), Review: true, Rule: "P-CASH-1"},
	)
	cases := []compensation.Case{
		{ID: "bakery", Loss: won(120_000)},
		{ID: "florist", Loss: won(420_000)},
		{ID: "taxi", Loss: won(0)},
		{ID: "studio", Loss: won(300_000)},
	}
	c, err := compensation.Compare(compensation.Kakao1015(), raised, cases)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range c.Changed {
		fmt.Printf("%s: %s -> %s won\n", ch.ID, ch.Before.Amount, ch.After.Amount)
	}
	fmt.Printf("%d of %d cases change; total %s -> %s won, cost %s won\n",
		len(c.Changed), c.Cases, c.TotalBefore, c.TotalAfter, c.Cost)
	// Output:
	// bakery: 30000 -> 40000 won
	// studio: 30000 -> 40000 won
	// 2 of 4 cases change; total 110000 -> 130000 won, cost 20000 won
}
