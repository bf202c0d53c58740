package programme_test

import (
	"fmt"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// A policy change composed as a value: Kakao 1015 with its middle band
// paying 40,000 won instead of 50,000, decided for the same shop under
// both programmes. Nothing of Kakao 1015 is forked; its Config is copied
// and one schedule replaced.
func ExampleNew() {
	kakao := programme.Kakao1015()
	c := kakao.Config()
	sc := c.Cash[0].Schedule.Config()
	sc.Bands = append([]compensation.Band(nil), sc.Bands...)
	sc.Bands[1].Amount = decimal.NewFromInt(40_000)
	cheaper, err := compensation.NewSchedule(sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	c.Cash = []programme.Cash{{Benefit: c.Cash[0].Benefit, Schedule: cheaper}}
	changed, err := programme.New(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	for _, p := range []programme.Plan{kakao, changed} {
		d, err := p.Decide(shop(420_000, eligibility.Kakao), at)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("a 420,000-won loss is paid %s won, with %d items\n", d.Amount(), len(d.Items()))
	}
	// Output:
	// a 420,000-won loss is paid 50000 won, with 7 items
	// a 420,000-won loss is paid 40000 won, with 7 items
}

// A programme file, KT's 2021 outage credit, opened and described: its
// name and who gets each benefit.
func ExampleOpen() {
	p, err := programme.Open("../programmes/kt2021.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Config().Name.In("en"))
	for _, line := range p.Eligibility().Describe("en").Benefits {
		fmt.Println("-", line)
	}
	// Output:
	// KT network outage of 25 October 2021: compensation
	// - a credit of 15 hours' fee: not an IPTV service, not a line opened after the outage and not a small business's line
	// - a small business's credit of 10 days' fee: not an IPTV service, not a line opened after the outage and a small business's line
}
