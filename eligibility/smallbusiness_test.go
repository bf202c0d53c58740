package eligibility

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func kstDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, kst) }

var (
	before2025 = kstDay(2023, 1, 30) // the cash-support applications [P-CASH-4]
	from2025   = kstDay(2025, 9, 1)
)

func won(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestWorkerLimits(t *testing.T) {
	type result struct {
		Small   bool
		Workers string
		Limit   int
	}
	tests := []struct {
		reason string
		rule   string
		b      Business
		want   result
	}{
		{"a shop with 4 workers is below the limit of 5", "P-SB-1", Business{Sector: Retail, RegularWorkers: 4}, result{true, "4", 5}},
		{"a shop with 5 workers is at the limit of 5 and not small", "P-SB-1", Business{Sector: Retail, RegularWorkers: 5}, result{false, "5", 5}},
		{"a shop with 6 workers is above the limit", "P-SB-1", Business{Sector: Retail, RegularWorkers: 6}, result{false, "6", 5}},
		{"a factory with 9 workers is below the limit of 10", "P-SB-1", Business{Sector: Manufacturing, RegularWorkers: 9}, result{true, "9", 10}},
		{"a factory with 10 workers is at the limit and not small", "P-SB-1", Business{Sector: Manufacturing, RegularWorkers: 10}, result{false, "10", 10}},
		{"a factory with 11 workers is above the limit", "P-SB-1", Business{Sector: Manufacturing, RegularWorkers: 11}, result{false, "11", 10}},
		{"a builder with 9 workers is small", "P-SB-1", Business{Sector: Construction, RegularWorkers: 9}, result{true, "9", 10}},
		{"a mine with 10 workers is not small", "P-SB-1", Business{Sector: Mining, RegularWorkers: 10}, result{false, "10", 10}},
		{"a haulier with 9 workers is small", "P-SB-1", Business{Sector: Transport, RegularWorkers: 9}, result{true, "9", 10}},
		{"a café with 5 workers is not small", "P-SB-1", Business{Sector: Accommodation, RegularWorkers: 5}, result{false, "5", 5}},
		{"a part-timer at 59 hours a month counts as 0", "P-SB-2", Business{Sector: Retail, RegularWorkers: 4, PartTimeHours: []int{59}}, result{true, "4", 5}},
		{"a part-timer at 60 hours a month counts as 0.5", "P-SB-2", Business{Sector: Retail, RegularWorkers: 4, PartTimeHours: []int{60}}, result{true, "4.5", 5}},
		{"a part-timer at 61 hours a month counts as 0.5", "P-SB-2", Business{Sector: Retail, RegularWorkers: 4, PartTimeHours: []int{61}}, result{true, "4.5", 5}},
		{"two 60-hour part-timers make a whole worker and reach the limit", "P-SB-2", Business{Sector: Retail, RegularWorkers: 4, PartTimeHours: []int{60, 60}}, result{false, "5", 5}},
		{"executives and day workers are not counted", "P-SB-2", Business{Sector: Retail, RegularWorkers: 4, Executives: 3, DayWorkers: 20}, result{true, "4", 5}},
	}
	p := Kakao1015()
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			v, err := p.SmallBusiness(tt.b, before2025)
			if err != nil {
				t.Fatal(err)
			}
			got := result{v.Small, v.Workers.String(), v.Limit}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("[%s] mismatch (-want +got):\n%s", tt.rule, diff)
			}
		})
	}
}

func TestRevenueCeilings(t *testing.T) {
	p := Kakao1015()
	eok := func(n int64) decimal.Decimal { return decimal.NewFromInt(n * 100_000_000) }
	one := decimal.NewFromInt(1)
	tests := []struct {
		sector        Sector
		before, after decimal.Decimal // the ceilings before and from 2025-09-01 [P-SB-3]
	}{
		{Manufacturing, eok(120), eok(140)},
		{OtherManufacturing, eok(80), eok(80)},
		{Agriculture, eok(80), eok(80)},
		{Mining, eok(80), eok(80)},
		{Construction, eok(80), eok(80)},
		{Transport, eok(80), eok(100)},
		{Finance, eok(80), eok(80)},
		{Retail, eok(50), eok(60)},
		{Information, eok(50), eok(50)},
		{RealEstate, eok(30), eok(30)},
		{Professional, eok(30), eok(30)},
		{BusinessSupport, eok(30), eok(30)},
		{Arts, eok(30), eok(30)},
		{Health, eok(10), eok(15)},
		{Accommodation, eok(10), eok(15)},
		{Education, eok(10), eok(15)},
		{PersonalServices, eok(10), eok(15)},
	}
	lastDayBefore := from2025.Add(-time.Nanosecond)
	for _, tt := range tests {
		for _, at := range []struct {
			name    string
			t       time.Time
			ceiling decimal.Decimal
		}{{"on 2025-08-31 23:59:59.999999999 KST", lastDayBefore, tt.before}, {"from 2025-09-01 00:00 KST", from2025, tt.after}} {
			for _, c := range []struct {
				side  string
				sales decimal.Decimal
				small bool
			}{{"one won below", at.ceiling.Sub(one), true}, {"at", at.ceiling, true}, {"one won above", at.ceiling.Add(one), false}} {
				t.Run(string(tt.sector)+" sales "+c.side+" the ceiling "+at.name, func(t *testing.T) {
					v, err := p.SmallBusiness(Business{Sector: tt.sector, RegularWorkers: 1, AverageSales: c.sales}, at.t)
					if err != nil {
						t.Fatal(err)
					}
					if v.Small != c.small || !v.Ceiling.Equal(at.ceiling) {
						t.Errorf("[P-SB-3] sales %s: small %v against ceiling %s; want small %v against %s", c.sales, v.Small, v.Ceiling, c.small, at.ceiling)
					}
				})
			}
		}
	}
}

func TestSmallBusinessAcceptsAnyZone(t *testing.T) {
	// 2025-08-31 15:00 UTC is 2025-09-01 00:00 KST: the new table applies.
	v, err := Kakao1015().SmallBusiness(Business{Sector: Accommodation, AverageSales: won("1500000000")}, time.Date(2025, 8, 31, 15, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !v.Small || !v.TableFrom.Equal(from2025) {
		t.Errorf("[P-SB-3] a 15억 café at 2025-09-01 00:00 KST given in UTC: small %v, table from %v", v.Small, v.TableFrom)
	}
}

func TestSmallBusinessErrors(t *testing.T) {
	p := Kakao1015()
	tests := []struct {
		reason string
		b      Business
		at     time.Time
		want   error
	}{
		{"an unknown sector is an error", Business{Sector: "piracy"}, before2025, ErrUnknownSector},
		{"a date before the first table is an error", Business{Sector: Retail}, kstDay(2015, 12, 31), ErrBeforeTables},
		{"negative workers are an error", Business{Sector: Retail, RegularWorkers: -1}, before2025, ErrNegative},
		{"negative sales are an error", Business{Sector: Retail, AverageSales: won("-1")}, before2025, ErrNegative},
		{"negative part-time hours are an error", Business{Sector: Retail, PartTimeHours: []int{-1}}, before2025, ErrNegative},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			if _, err := p.SmallBusiness(tt.b, tt.at); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := (Policy{}).SmallBusiness(Business{Sector: Retail}, before2025); !errors.Is(err, ErrConfig) {
		t.Errorf("the zero Policy: error = %v, want ErrConfig", err)
	}
}

func TestVerdictExplainsItself(t *testing.T) {
	v, err := Kakao1015().SmallBusiness(Business{Sector: Retail, RegularWorkers: 3, PartTimeHours: []int{80}, Executives: 1, AverageSales: won("5000000001")}, before2025)
	if err != nil {
		t.Fatal(err)
	}
	want := []Criterion{
		{Rule: "P-SB-1", Met: true, Text: "3.5 regular workers (part-timers from 60 hours a month count 0.5; 1 executives and 0 day workers not counted) against fewer than 5 in retail"},
		{Rule: "P-SB-3", Met: false, Text: "average annual sales of 5000000001 won against a ceiling of 5000000000 won for retail in the table from 2016-01-01"},
	}
	if diff := cmp.Diff(want, v.Criteria()); diff != "" {
		t.Errorf("criteria mismatch (-want +got):\n%s", diff)
	}
	data, err := json.Marshal(v)
	if err != nil || !strings.Contains(string(data), `"ceiling":"5000000000"`) || !strings.Contains(string(data), `"criteria":[`) {
		t.Errorf("JSON %s, %v: want the ceiling as a string and the criteria", data, err)
	}
}

func TestNewPolicyRefuses(t *testing.T) {
	tests := []struct {
		reason string
		change func(*Config)
	}{
		{"no operator", func(c *Config) { c.Operator = "" }},
		{"the operator listed as its own affiliate", func(c *Config) { c.Affiliates = append(c.Affiliates, Kakao) }},
		{"a window that closes when it opens", func(c *Config) { c.Windows[0].Closes = c.Windows[0].Opens }},
		{"a negative review threshold", func(c *Config) { c.ReviewAbove = won("-1") }},
		{"a zero worker limit", func(c *Config) { c.WorkerLimits[Retail] = 0 }},
		{"no default worker limit", func(c *Config) { c.DefaultWorkerLimit = 0 }},
		{"no revenue table", func(c *Config) { c.Revenue = nil }},
		{"tables out of order", func(c *Config) { c.Revenue[0], c.Revenue[1] = c.Revenue[1], c.Revenue[0] }},
		{"a negative ceiling", func(c *Config) { c.Revenue[0].Ceilings[Retail] = won("-1") }},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			c := Kakao1015Config()
			tt.change(&c)
			if _, err := NewPolicy(c); !errors.Is(err, ErrConfig) {
				t.Errorf("NewPolicy error = %v, want ErrConfig", err)
			}
		})
	}
}

func TestPolicyIsImmutable(t *testing.T) {
	c := Kakao1015Config()
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Revenue[1].Ceilings[Retail] = won("1")
	got := p.Config()
	got.Revenue[1].Ceilings[Retail] = won("2")
	v, err := p.SmallBusiness(Business{Sector: Retail, AverageSales: won("6000000000")}, from2025)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Small {
		t.Error("changing a config after NewPolicy, or the copy Config returns, changed the policy")
	}
}
