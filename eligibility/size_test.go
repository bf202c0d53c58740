package eligibility

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// months returns n month-end counts adding up to total, as even as
// integers allow.
func months(n, total int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = total / n
		if i < total%n {
			out[i]++
		}
	}
	return out
}

func TestMonthEndCountsAreAveragedExactly(t *testing.T) {
	type result struct {
		Small   bool
		Workers string
		Months  int
	}
	for _, tt := range []struct {
		reason string
		b      Business
		want   result
	}{
		{"twelve counts adding up to 54 average 4.5, fewer than 5", Business{MonthEndWorkers: months(12, 54)}, result{true, "4.5", 12}},
		{"twelve counts adding up to 59 average 4.92, still fewer than 5", Business{MonthEndWorkers: months(12, 59)}, result{true, "4.92", 12}},
		{"twelve counts adding up to 60 average 5, at the limit", Business{MonthEndWorkers: months(12, 60)}, result{false, "5", 12}},
		{"twelve counts adding up to 61 average 5.08, above it", Business{MonthEndWorkers: months(12, 61)}, result{false, "5.08", 12}},
		{"a business founded within the year divides by its months: 54 over 11 is 4.91", Business{MonthEndWorkers: months(11, 54)}, result{true, "4.91", 11}},
		{"55 over 11 months is 5, at the limit", Business{MonthEndWorkers: months(11, 55)}, result{false, "5", 11}},
		{"56 over 11 months is 5.09, above it", Business{MonthEndWorkers: months(11, 56)}, result{false, "5.09", 11}},
		{"in its founding month a business has the count on the day", Business{MonthEndWorkers: []int{4}}, result{true, "4", 1}},
		{"a 60-hour part-timer adds 0.5 to the average of 4", Business{MonthEndWorkers: months(12, 48), PartTimeHours: []int{60}}, result{true, "4.5", 12}},
		{"two 60-hour part-timers bring the average of 4 to the limit", Business{MonthEndWorkers: months(12, 48), PartTimeHours: []int{60, 60}}, result{false, "5", 12}},
		{"a 59-hour part-timer adds nothing", Business{MonthEndWorkers: months(12, 59), PartTimeHours: []int{59}}, result{true, "4.92", 12}},
		{"a single count is taken as it is", Business{RegularWorkers: 4}, result{true, "4", 0}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			tt.b.Sector = Retail
			v, err := Kakao1015().SmallBusiness(tt.b, before2025)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, result{v.Small, v.Workers.String(), v.Months}); diff != "" {
				t.Errorf("[P-SB-2] (-want +got):\n%s", diff)
			}
		})
	}
	v, _ := Kakao1015().SmallBusiness(Business{Sector: Retail, MonthEndWorkers: months(12, 59)}, before2025)
	if got := v.CriteriaIn("ko")[0].Text; !strings.Contains(got, "12개월 말일 인원의 평균 약 4.92명(반올림하지 않고 비교)") {
		t.Errorf("an average that does not end at two places is not said to be compared unrounded: %q", got)
	}
	for _, b := range []Business{
		{Sector: Retail, MonthEndWorkers: make([]int, 13)},
		{Sector: Retail, MonthEndWorkers: []int{1, -1}},
		{Sector: Retail, MonthEndWorkers: []int{MaxCount + 1}},
		{Sector: Retail, RegularWorkers: 3, MonthEndWorkers: []int{3}},
	} {
		if _, err := Kakao1015().SmallBusiness(b, before2025); !errors.Is(err, ErrRange) {
			t.Errorf("%+v: %v, want ErrRange", b, err)
		}
	}
}

func TestTheGraceOfABusinessThatGrew(t *testing.T) {
	p := Kakao1015()
	// A shop with 6 workers is over the limit of 5; it grew out in 2021.
	grown := func(g *Grace, workers int) Business {
		return Business{Sector: Retail, RegularWorkers: workers, Grace: g}
	}
	type result struct{ Small, InGrace bool }
	for _, tt := range []struct {
		reason string
		b      Business
		year   int
		want   result
	}{
		{"in the year it grew there is no grace", grown(&Grace{GrewOutIn: 2021}, 6), 2021, result{false, false}},
		{"the year after it grew is the grace's first", grown(&Grace{GrewOutIn: 2021}, 6), 2022, result{true, true}},
		{"the second year after is within the grace", grown(&Grace{GrewOutIn: 2021}, 6), 2023, result{true, true}},
		{"the third year after is the grace's last", grown(&Grace{GrewOutIn: 2021}, 6), 2024, result{true, true}},
		{"the fourth year after is past the grace", grown(&Grace{GrewOutIn: 2021}, 6), 2025, result{false, false}},
		{"a merger with an enterprise that is not small ends it", grown(&Grace{GrewOutIn: 2021, Ended: GraceMerged}, 6), 2022, result{false, false}},
		{"giving it up ends it", grown(&Grace{GrewOutIn: 2021, Ended: GraceGivenUp}, 6), 2022, result{false, false}},
		{"19 regular workers keep it", grown(&Grace{GrewOutIn: 2021}, 19), 2022, result{true, true}},
		{"20 regular workers end it", grown(&Grace{GrewOutIn: 2021}, 20), 2022, result{false, false}},
		{"21 regular workers end it", grown(&Grace{GrewOutIn: 2021}, 21), 2022, result{false, false}},
		{"a business that meets the test needs no grace", grown(&Grace{GrewOutIn: 2021}, 4), 2022, result{true, false}},
		{"no grace declared, no grace", grown(nil, 6), 2022, result{false, false}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			at := kstDay(tt.year, 6, 1)
			v, err := p.SmallBusiness(tt.b, at)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, result{v.Small, v.InGrace}); diff != "" {
				t.Errorf("[P-SB-4] (-want +got):\n%s", diff)
			}
			if tt.b.Grace != nil {
				c := v.Criteria()
				if last := c[len(c)-1]; last.Code != "grace" || last.Rule != "P-SB-4" || last.Met != tt.want.InGrace {
					t.Errorf("the grace's criterion is %+v", last)
				}
			}
		})
	}
	for _, tt := range []struct {
		g    Grace
		want error
	}{{Grace{GrewOutIn: 1969}, ErrRange}, {Grace{GrewOutIn: 2200}, ErrRange}, {Grace{GrewOutIn: 2021, Ended: "bought"}, ErrGrace}} {
		if _, err := p.SmallBusiness(grown(&tt.g, 6), before2025); !errors.Is(err, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.g, err, tt.want)
		}
	}
	// A sector the table does not cover is not a business that grew.
	if v, _ := p.SmallBusiness(Business{Sector: "S94", RegularWorkers: 1, Grace: &Grace{GrewOutIn: 2021}}, kstDay(2022, 6, 1)); v.Small {
		t.Error("an association is small by grace")
	}
}

func TestTheMainLineOfBusinessIsTheLargestBySales(t *testing.T) {
	p := Kakao1015()
	sales := func(pairs ...any) []SectorSales {
		var out []SectorSales
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, SectorSales{Sector(pairs[i].(string)), won(pairs[i+1].(string))})
		}
		return out
	}
	// A café (I56) that also sells goods (G47): 9억 of sales in all.
	for _, tt := range []struct {
		reason string
		b      Business
		want   Sector
		small  bool
	}{
		{"food service is the main line when it sells the most", Business{SalesBySector: sales("I56", "600000000", "G47", "300000000")}, "I56", true},
		{"retail is the main line when it sells the most", Business{SalesBySector: sales("I56", "300000000", "G47", "600000000")}, "G47", true},
		{"a main line that sells one won more than the other is the main line", Business{SalesBySector: sales("I56", "450000001", "G47", "450000000")}, "I56", true},
		{"a declared sector that is the largest is taken", Business{Sector: "G47", SalesBySector: sales("I56", "1", "G47", "2")}, "G47", true},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			tt.b.RegularWorkers, tt.b.AverageSales = 3, won("900000000")
			v, err := p.SmallBusiness(tt.b, before2025)
			if err != nil {
				t.Fatal(err)
			}
			if v.Sector != tt.want || !v.SectorBySales || v.Small != tt.small {
				t.Errorf("[P-SB-5] sector %s by sales %v small %v; want %s, true, %v", v.Sector, v.SectorBySales, v.Small, tt.want, tt.small)
			}
		})
	}
	for _, tt := range []struct {
		reason string
		b      Business
		want   error
	}{
		{"two sectors with the same largest sales", Business{SalesBySector: sales("I56", "5", "G47", "5")}, ErrMainSector},
		{"a declared sector that is not the largest", Business{Sector: "I56", SalesBySector: sales("I56", "1", "G47", "2")}, ErrSector},
		{"a sector twice", Business{SalesBySector: sales("I56", "1", "I56", "2")}, ErrSector},
		{"a sector that is not a code", Business{SalesBySector: sales("I5x", "1")}, ErrSector},
		{"negative sales", Business{SalesBySector: sales("I56", "-1")}, ErrNegative},
		{"too many sectors", Business{SalesBySector: make([]SectorSales, MaxSectors+1)}, ErrRange},
	} {
		if _, err := p.SmallBusiness(tt.b, before2025); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.reason, err, tt.want)
		}
	}
}

// TestSizeIsJudgedWhenTheProgrammeSays decides the same 2022 restaurant
// (I, sales of 12억) as of 2023 and as of 2026: Kakao 1015 judges it at
// its application, under the table before 2025 (10억), whatever the
// decision's date [P-SB-3].
func TestSizeIsJudgedWhenTheProgrammeSays(t *testing.T) {
	p := Kakao1015()
	restaurant := Claimant{ID: "r", Kind: SmallBusiness, Business: &Business{Sector: "I56", RegularWorkers: 2, AverageSales: won("1200000000")}}
	applied := kstDay(2023, 2, 1)
	reports := []Report{
		{ID: "report", FiledAt: kstDay(2022, 10, 20), Operator: Kakao, Loss: won("200000"), MoneyLost: true},
		{ID: "application", FiledAt: applied, Operator: Kakao, Loss: won("200000"), MoneyLost: true},
	}
	for _, at := range []time.Time{kstDay(2023, 6, 1), kstDay(2026, 1, 1)} {
		t.Run(fmt.Sprintf("decided as of %s", at.Format(time.DateOnly)), func(t *testing.T) {
			d, err := p.Entitlements(restaurant, reports, at)
			if err != nil {
				t.Fatal(err)
			}
			v := d.SmallBusiness
			if d.Small || !v.JudgedAt.Equal(applied) || !v.TableFrom.Before(from2025) || v.Ceiling.String() != "1000000000" {
				t.Errorf("[P-SB-3] small %v judged at %s under the table from %s (ceiling %s); want refused, judged at the application under the table before 2025",
					d.Small, v.JudgedAt, v.TableFrom, v.Ceiling)
			}
		})
	}
	// No counted report: judged at the programme's instant.
	d, err := p.Entitlements(restaurant, nil, kstDay(2026, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if want := p.Config().SizeAt.At; !d.SmallBusiness.JudgedAt.Equal(want) {
		t.Errorf("with no counted report, size judged at %s, want %s", d.SmallBusiness.JudgedAt, want)
	}
	// A programme that judges size on 2025-09-01 pays it under the new table.
	c := p.Config()
	c.SizeAt = SizeAt{At: from2025, Rule: "T"}
	later, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := later.Entitlements(restaurant, reports, kstDay(2023, 6, 1)); !d.Small {
		t.Error("judged on 2025-09-01, a restaurant with sales of 12억 is not small")
	}
	// Before the first table: an error.
	c.SizeAt = SizeAt{At: kstDay(2010, 1, 1), Rule: "T"}
	early, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := early.Entitlements(restaurant, nil, kstDay(2023, 6, 1)); !errors.Is(err, ErrBeforeTables) {
		t.Errorf("size judged in 2010: %v, want ErrBeforeTables", err)
	}
	// A programme with a Small kind names when size is judged.
	c.SizeAt = SizeAt{}
	if _, err := NewPolicy(c); err == nil || !strings.Contains(err.Error(), "sizeAt.at") {
		t.Errorf("no SizeAt: %v, want an error at sizeAt.at", err)
	}
}
