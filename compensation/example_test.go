package compensation_test

import (
	"encoding/json"
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
	kst := compensation.KST()
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
	// The shortfall is the loss: no weighting [P-CASH-2].
	a, err := compensation.Kakao1015Method().Assess(sales, compensation.Factors{})
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
	// [P-CASH-3] outage week from 2022-10-15: 1,160,000 won; best of 7 baseline weeks, from 2022-09-03: 1,460,000 won; shortfall 300,000 won, the loss
	// [P-CASH-1] loss of 300,000 won is up to and including 300,000 won: 30,000 won
}

// An analyst raises the lowest band from 30,000 to 40,000 won and reads
// what it changes and costs.
func ExampleCompare() {
	won := decimal.NewFromInt
	raised := compensation.MustNewSchedule(compensation.Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: compensation.Measure{Of: compensation.MeasureLoss, Name: compensation.Text{Ko: "손실액", En: "loss"}}, Currency: compensation.KRW, Cap: won(50_000), Bands: []compensation.Band{compensation.Band{UpTo: won(300_000), Amount: won(40_000), Rule: "P-CASH-1"},
		compensation.Band{UpTo: won(500_000), Amount: won(50_000), Rule: "P-CASH-1"},
		compensation.Band{Open: true, Amount: won(50_000), Review: true, Rule: "P-CASH-1"}}})
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

// A schedule is a value built from bands, lowest first, and a per-person
// cap; a schedule out of shape is an error that names the band.
func ExampleNewSchedule() {
	won := decimal.NewFromInt
	s, err := compensation.NewSchedule(compensation.Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: compensation.Measure{Of: compensation.MeasureLoss, Name: compensation.Text{Ko: "손실액", En: "loss"}}, Currency: compensation.KRW, Cap: won(100_000), Bands: []compensation.Band{compensation.Band{UpTo: won(1_000_000), Amount: won(50_000), Rule: "example"},
		compensation.Band{Open: true, Amount: won(150_000), Review: true, Rule: "example"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range s.Bands() {
		fmt.Println(b)
	}
	a, _ := s.Award(won(2_000_000))
	fmt.Println("a loss of 2,000,000 won is paid", a.Amount, "capped", a.Capped)
	_, err = compensation.NewSchedule(compensation.Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: compensation.Measure{Of: compensation.MeasureLoss, Name: compensation.Text{Ko: "손실액", En: "loss"}}, Currency: compensation.KRW, Cap: won(100_000), Bands: []compensation.Band{compensation.Band{UpTo: won(1_000_000), Amount: won(50_000)},
		compensation.Band{UpTo: won(900_000), Amount: won(60_000)},
		compensation.Band{Open: true, Amount: won(60_000)}}})
	fmt.Println(err)
	// Output:
	// up to 1,000,000: 50,000
	// open: 150,000, review
	// a loss of 2,000,000 won is paid 100000 capped true
	// bands[1] (up to 900,000: 60,000): band bounds not strictly ascending: 900,000 is not above 1,000,000
}

// The batch payment above 500,000 won rests on an inference, so it is an
// option: here a reading of the plan in which such a case is paid nothing
// until its review.
func ExampleKakao1015With() {
	s, err := compensation.Kakao1015With(compensation.Options{ReviewAdvance: decimal.Zero})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, loss := range []int64{500_000, 500_001} {
		a, _ := s.Award(decimal.NewFromInt(loss))
		fmt.Printf("loss %d: %s won, review %v\n", loss, a.Amount, a.Review)
	}
	// Output:
	// loss 500000: 50000 won, review false
	// loss 500001: 0 won, review true
}

// A schedule describes itself for a notice, in Korean and in English.
func ExampleSchedule_Describe() {
	for _, lang := range []string{"ko", "en"} {
		for _, line := range compensation.Kakao1015().Describe(lang) {
			fmt.Println(line)
		}
	}
	// Output:
	// 손실액 300,000원 이하: 30,000원
	// 손실액 300,000원 초과 500,000원 이하: 50,000원
	// 손실액 500,000원 초과: 50,000원(잠정: 발표된 금액이 아니라 추정한 금액입니다)
	// 손실액이 500,000원을 넘으면 피해 증빙을 받아 개별 심사를 거쳐 추가 지원을 검토합니다.
	// 1인당 최대 50,000원을 지원합니다.
	// a loss up to and including 300,000 won: 30,000 won
	// a loss over 300,000 and up to and including 500,000 won: 50,000 won
	// a loss over 500,000 won: 50,000 won (provisional: an inference, not a published figure)
	// a loss over 500,000 won goes to individual review, with proof of the damage, for further support.
	// at most 50,000 won a claimant.
}

// Factors are a host's optional weighting of a shortfall, each in [0, 1];
// the default weights nothing.
func ExampleNewFactors() {
	f, err := compensation.NewFactors(decimal.RequireFromString("0.3"), decimal.RequireFromString("0.5"), decimal.NewFromInt(1))
	fmt.Println(f.Margin(), f.Alternative(), f.KakaoShare(), err)
	_, err = compensation.NewFactors(decimal.RequireFromString("1.2"), decimal.NewFromInt(1), decimal.NewFromInt(1))
	fmt.Println(err)
	// Output:
	// 0.3 0.5 1 <nil>
	// margin 1.2: factor outside [0, 1]
}

// A method for another outage: the week from 2024-03-02 against the
// Saturday-to-Friday weeks of January and February 2024.
func ExampleNewMethod() {
	kst := compensation.KST()
	m, err := compensation.NewMethod(time.Date(2024, 3, 2, 0, 0, 0, 0, kst),
		time.Date(2024, 1, 1, 0, 0, 0, 0, kst), time.Date(2024, 2, 29, 0, 0, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	weeks := m.BaselineWeeks()
	fmt.Println(len(weeks), "baseline weeks, the first from", weeks[0].Format(time.DateOnly))
	// Output:
	// 7 baseline weeks, the first from 2024-01-06
}

// Amounts are written as the plan writes them.
func ExampleFormatWon() {
	fmt.Println(compensation.FormatWon(decimal.NewFromInt(1_200_000_000)), compensation.FormatWon(decimal.RequireFromString("300000.5")))
	// Output:
	// 1,200,000,000 300,000.5
}

// A schedule travels as JSON and is validated when it is loaded.
func ExampleSchedule_UnmarshalJSON() {
	var s compensation.Schedule
	err := json.Unmarshal([]byte(`{"rule": "X-1", "currency": {"code": "KRW", "minor": 0}, "measure": {"of": "loss", "name": {"ko": "손실액", "en": "loss"}}, "cap": "50000", "bands": [
		{"upTo": "300000", "amount": "30000"},
		{"open": true, "amount": "50000", "review": true}]}`), &s)
	fmt.Println(len(s.Bands()), "bands, cap", s.Cap(), err)
	err = json.Unmarshal([]byte(`{"rule": "X-1", "currency": {"code": "KRW", "minor": 0}, "measure": {"of": "loss", "name": {"en": "loss"}}, "cap": "50000", "bands": [{"upTo": "300000", "amount": "30000"}]}`), &s)
	fmt.Println(err)
	// Output:
	// 2 bands, cap 50000 <nil>
	// decoding schedule: bands[0] (up to 300,000: 30,000): last band is not open
}
