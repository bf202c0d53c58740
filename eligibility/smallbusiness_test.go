package eligibility

import (
	"encoding/json"
	"errors"
	"fmt"
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
		{"a bakery (C10711) with 9 workers is below the limit of 10", "P-SB-1", Business{Sector: "C10711", RegularWorkers: 9}, result{true, "9", 10}},
		{"a bakery (C10711) with 10 workers is at the limit and not small", "P-SB-1", Business{Sector: "C10711", RegularWorkers: 10}, result{false, "10", 10}},
		{"a bakery (C10711) with 11 workers is above the limit", "P-SB-1", Business{Sector: "C10711", RegularWorkers: 11}, result{false, "11", 10}},
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

// TestWorkerLimitBySection checks the limit of every KSIC section below,
// at and above it [P-SB-1]: fewer than 10 in B, C, F and H, fewer than 5
// everywhere else, utilities (D, E) included.
func TestWorkerLimitBySection(t *testing.T) {
	p := Kakao1015()
	// One code per section, fine enough to name a line where the table splits it.
	codes := map[string]Sector{"A": "A", "B": "B", "C": "C25", "D": "D", "E": "E37", "F": "F", "G": "G", "H": "H",
		"I": "I", "J": "J", "K": "K", "L": "L", "M": "M", "N": "N", "O": "O", "P": "P", "Q": "Q", "R": "R",
		"S": "S96", "T": "T", "U": "U"}
	ten := map[string]bool{"B": true, "C": true, "F": true, "H": true}
	for section, code := range codes {
		limit := 5
		if ten[section] {
			limit = 10
		}
		for _, n := range []int{limit - 1, limit, limit + 1} {
			t.Run(fmt.Sprintf("section %s with %d regular workers against fewer than %d", section, n, limit), func(t *testing.T) {
				v, err := p.SmallBusiness(Business{Sector: code, RegularWorkers: n}, from2025)
				if err != nil {
					t.Fatal(err)
				}
				if v.Limit != limit || v.WorkersMet != (n < limit) {
					t.Errorf("[P-SB-1] limit %d, workers met %v; want %d, %v", v.Limit, v.WorkersMet, limit, n < limit)
				}
			})
		}
	}
}

// decreeTable3 is decree table 3 transcribed for the tests, independently
// of the package's literal: a code of each line (and finer codes), with
// the ceiling in 억 won before and from 2025-09-01 [P-SB-3].
var decreeTable3 = []struct {
	code          Sector
	seats         bool
	line, line25  int // the line's number before and from 2025-09-01
	before, after int64
}{
	{"C10", false, 1, 3, 120, 120}, {"C10711", false, 1, 3, 120, 120}, {"C11", false, 2, 4, 120, 120}, {"C14", false, 3, 5, 120, 120},
	{"C15", false, 4, 6, 120, 120}, {"C19", false, 5, 1, 120, 140}, {"C20", false, 6, 7, 120, 120}, {"C21", false, 7, 8, 120, 120},
	{"C23", false, 8, 9, 120, 120}, {"C24", false, 9, 2, 120, 140}, {"C241", false, 9, 2, 120, 140}, {"C25", false, 10, 10, 120, 120},
	{"C26", false, 11, 11, 120, 120}, {"C28", false, 12, 12, 120, 120}, {"C29", false, 13, 13, 120, 120}, {"C30", false, 14, 14, 120, 120},
	{"C32", false, 15, 15, 120, 120}, {"D", false, 16, 16, 120, 120}, {"D35", false, 16, 16, 120, 120}, {"E36", false, 17, 17, 120, 120},
	{"A", false, 18, 20, 80, 80}, {"A01", false, 18, 20, 80, 80}, {"B", false, 19, 21, 80, 80}, {"C12", false, 20, 22, 80, 80},
	{"C13", false, 21, 23, 80, 80}, {"C16", false, 22, 24, 80, 80}, {"C17", false, 23, 25, 80, 80}, {"C18", false, 24, 26, 80, 80},
	{"C22", false, 25, 27, 80, 80}, {"C27", false, 26, 28, 80, 80}, {"C31", false, 27, 29, 80, 80}, {"C31202", false, 27, 29, 80, 80},
	{"C33", false, 28, 30, 80, 80}, {"F", false, 29, 31, 80, 80}, {"H", false, 30, 18, 80, 100}, {"H49", false, 30, 18, 80, 100},
	{"K", false, 31, 19, 80, 100}, {"G", false, 32, 32, 50, 60}, {"G47", false, 32, 32, 50, 60}, {"G47112", false, 32, 32, 50, 60},
	{"J", false, 33, 33, 50, 50}, {"E37", false, 34, 34, 30, 40}, {"E39", false, 34, 34, 30, 40}, {"L", false, 35, 35, 30, 40},
	{"M", false, 36, 36, 30, 30}, {"N", false, 37, 37, 30, 30}, {"R", false, 38, 38, 30, 30}, {"C34", false, 39, 39, 10, 15},
	{"I", false, 40, 40, 10, 15}, {"I56", false, 40, 40, 10, 15}, {"P", false, 41, 41, 10, 15}, {"Q", false, 42, 42, 10, 15},
	{"S95", false, 43, 43, 10, 15}, {"S96", false, 43, 43, 10, 15},
	// Note 2: railway-vehicle and aircraft seats are held to 120억.
	{"C31202", true, 0, 0, 120, 120}, {"C31322", true, 0, 0, 120, 120},
}

func TestRevenueCeilings(t *testing.T) {
	p := Kakao1015()
	eok := func(n int64) decimal.Decimal { return decimal.NewFromInt(n * 100_000_000) }
	one := decimal.NewFromInt(1)
	lastInstantBefore := from2025.Add(-time.Nanosecond)
	lines, lines25 := map[int]bool{}, map[int]bool{}
	for _, tt := range decreeTable3 {
		lines[tt.line], lines25[tt.line25] = true, true
		for _, at := range []struct {
			name    string
			t       time.Time
			ceiling decimal.Decimal
			line    int
		}{
			{"on 2025-08-31 23:59:59.999999999 KST", lastInstantBefore, eok(tt.before), tt.line},
			{"at 2025-09-01 00:00 KST", from2025, eok(tt.after), tt.line25},
			{"at 2025-09-01 00:00:00.000000001 KST", from2025.Add(time.Nanosecond), eok(tt.after), tt.line25},
		} {
			for _, c := range []struct {
				side  string
				sales decimal.Decimal
				small bool
			}{{"one won below", at.ceiling.Sub(one), true}, {"at", at.ceiling, true}, {"one won above", at.ceiling.Add(one), false}} {
				name := fmt.Sprintf("KSIC %s (line %d, seats %v) with sales %s the ceiling %s", tt.code, at.line, tt.seats, c.side, at.name)
				t.Run(name, func(t *testing.T) {
					v, err := p.SmallBusiness(Business{Sector: tt.code, Seats: tt.seats, RegularWorkers: 1, AverageSales: c.sales}, at.t)
					if err != nil {
						t.Fatal(err)
					}
					type result struct {
						Small, Covered bool
						Line           int
						Ceiling        string
					}
					want := result{c.small, true, at.line, at.ceiling.String()}
					got := result{v.Small, v.Covered, v.Line, v.Ceiling.String()}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("[P-SB-3] mismatch (-want +got):\n%s", diff)
					}
				})
			}
		}
	}
	for n := 1; n <= 43; n++ {
		if !lines[n] || !lines25[n] {
			t.Errorf("line %d of a version of table 3 is not tested (before %v, from 2025 %v)", n, lines[n], lines25[n])
		}
	}
}

func TestSectorsTheTableDoesNotCover(t *testing.T) {
	p := Kakao1015()
	for _, code := range []Sector{"S94", "S941", "O", "O84", "T", "T97", "U", "U99"} {
		for _, at := range []time.Time{before2025, from2025} {
			t.Run(fmt.Sprintf("KSIC %s on %s is not a small enterprise by the table", code, at.Format(time.DateOnly)), func(t *testing.T) {
				v, err := p.SmallBusiness(Business{Sector: code, RegularWorkers: 1, AverageSales: won("1")}, at)
				if err != nil {
					t.Fatal(err)
				}
				if v.Small || v.Covered || v.SalesMet || !strings.Contains(v.Criteria()[1].Text, "not a line of") {
					t.Errorf("[P-SB-3] %s: small %v covered %v, %q; want not covered", code, v.Small, v.Covered, v.Criteria()[1].Text)
				}
			})
		}
	}
}

func TestParseSector(t *testing.T) {
	tests := []struct {
		in   string
		want Sector
		err  error
	}{
		{"I", "I", nil}, {"i", "I", nil}, {"c10", "C10", nil}, {"C10711", "C10711", nil}, {"E36", "E36", nil},
		{"G47", "G47", nil}, {"A01", "A01", nil}, {"U99", "U99", nil}, {"S94", "S94", nil},
		{"", "", ErrSector}, {"retail", "", ErrSector}, {"V", "", ErrSector}, {"Z10", "", ErrSector},
		{"C1", "", ErrSector}, {"C107111", "", ErrSector}, {"C10 ", "", ErrSector}, {" C10", "", ErrSector},
		{"G10", "", ErrSector}, {"C09", "", ErrSector}, {"C35", "", ErrSector}, {"10", "", ErrSector},
		{"C1x", "", ErrSector}, {"\x00", "", ErrSector}, {"가", "", ErrSector}, {"@", "", ErrSector}, {"[", "", ErrSector},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("ParseSector(%q)", tt.in), func(t *testing.T) {
			got, err := ParseSector(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("= %q, %v; want %q, %v", got, err, tt.want, tt.err)
			}
			if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.in)) {
				t.Errorf("error %q does not name the input", err)
			}
		})
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
		{"a sector that is not a KSIC code is an error", Business{Sector: "piracy"}, before2025, ErrSector},
		{"a KSIC code in lower case must be parsed first", Business{Sector: "g47"}, before2025, ErrSector},
		{"section C alone spans lines", Business{Sector: "C"}, before2025, ErrAmbiguousSector},
		{"section E alone spans lines (water supply and the rest)", Business{Sector: "E"}, from2025, ErrAmbiguousSector},
		{"section S alone spans a line and S94, which is outside the table", Business{Sector: "S"}, from2025, ErrAmbiguousSector},
		{"seats outside the codes of note 2 are an error", Business{Sector: "C10", Seats: true}, from2025, ErrSector},
		{"seats in C31 alone do not name the note's codes", Business{Sector: "C31", Seats: true}, from2025, ErrSector},
		{"a date before the first table is an error", Business{Sector: Retail}, kstDay(2015, 12, 31), ErrBeforeTables},
		{"a zero date is an error", Business{Sector: Retail}, time.Time{}, ErrNoTime},
		{"a date in the year 2200 is out of range", Business{Sector: Retail}, kstDay(2200, 1, 1), ErrRange},
		{"negative workers are out of range", Business{Sector: Retail, RegularWorkers: -1}, before2025, ErrRange},
		{"one more regular worker than the domain's 1,000,000 is out of range", Business{Sector: Retail, RegularWorkers: MaxCount + 1}, before2025, ErrRange},
		{"2^62 regular workers are out of range, not a small business by overflow", Business{Sector: Retail, RegularWorkers: 1 << 62}, before2025, ErrRange},
		{"negative executives are out of range", Business{Sector: Retail, Executives: -1}, before2025, ErrRange},
		{"too many day workers are out of range", Business{Sector: Retail, DayWorkers: MaxCount + 1}, before2025, ErrRange},
		{"negative sales are an error", Business{Sector: Retail, AverageSales: won("-1")}, before2025, ErrNegative},
		{"sales of 31 significant digits are out of range", Business{Sector: Retail, AverageSales: won("1234567890123456789012345678901")}, before2025, ErrRange},
		{"negative part-time hours are out of range", Business{Sector: Retail, PartTimeHours: []int{-1}}, before2025, ErrRange},
		{"745 hours a month are more than a month has", Business{Sector: Retail, PartTimeHours: []int{745}}, before2025, ErrRange},
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

func TestDomainEdgesAreAccepted(t *testing.T) {
	p := Kakao1015()
	for _, b := range []Business{
		{Sector: Retail, RegularWorkers: MaxCount},
		{Sector: Retail, PartTimeHours: []int{MaxMonthlyHours, 0}},
		{Sector: Retail, AverageSales: won("123456789012345678901234567890")},
		{Sector: Retail, AverageSales: decimal.New(1, -MaxExponent)},
	} {
		if _, err := p.SmallBusiness(b, from2025); err != nil {
			t.Errorf("SmallBusiness(%+v): %v, want a verdict", b, err)
		}
	}
}

func TestVerdictExplainsItself(t *testing.T) {
	v, err := Kakao1015().SmallBusiness(Business{Sector: Retail, RegularWorkers: 3, PartTimeHours: []int{80}, Executives: 1, AverageSales: won("5000000001")}, before2025)
	if err != nil {
		t.Fatal(err)
	}
	want := []Criterion{
		{Rule: "P-SB-1", Code: "workers", Met: true, Text: "3.5 regular workers (part-timers from 60 hours a month count 0.5; 1 executives and 0 day workers not counted) against fewer than 5 in KSIC section G"},
		{Rule: "P-SB-3", Code: "sales", Met: false, Text: "size judged on 30 January 2023: average annual sales of 5,000,000,001 won against a ceiling of 5,000,000,000 won for KSIC G47, line 32 (wholesale and retail) of decree table 3 in force from 1 January 2016"},
	}
	if diff := cmp.Diff(want, v.Criteria()); diff != "" {
		t.Errorf("criteria mismatch (-want +got):\n%s", diff)
	}
	ko := v.CriteriaIn("ko")
	if !strings.Contains(ko[0].Text, "상시 근로자 3.5명") || !strings.Contains(ko[1].Text, "평균매출액 5,000,000,001원") ||
		!strings.Contains(ko[1].Text, "별표 3 32호 도매 및 소매업") || strings.ContainsAny(ko[1].Text, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("the criteria in Korean: %+v", ko)
	}
	data, err := json.Marshal(v)
	if err != nil || !strings.Contains(string(data), `"ceiling":"5000000000"`) || !strings.Contains(string(data), `"line":32`) || !strings.Contains(string(data), `"criteria":[`) {
		t.Errorf("JSON %s, %v: want the ceiling as a string, the line and the criteria", data, err)
	}
}

func TestNewPolicyRefuses(t *testing.T) {
	op := func(key string) Operator { return Operator{Key: key, Name: Text{Ko: key, En: key}} }
	tests := []struct {
		reason string
		change func(*Config)
		want   error
	}{
		{"no operator", func(c *Config) { c.Operator = Operator{} }, ErrConfig},
		{"an operator with no name", func(c *Config) { c.Operator.Name = Text{} }, ErrConfig},
		{"an operator key with a control character", func(c *Config) { c.Operator.Key = "Kakao\x00" }, ErrConfig},
		{"the operator listed as its own affiliate", func(c *Config) { c.Affiliates = append(c.Affiliates, op(Kakao)) }, ErrConfig},
		{"an affiliate listed twice", func(c *Config) { c.Affiliates = append(c.Affiliates, op(KakaoPay)) }, ErrConfig},
		{"an empty affiliate", func(c *Config) { c.Affiliates = append(c.Affiliates, op("")) }, ErrConfig},
		{"no kind", func(c *Config) { c.Kinds = nil }, ErrConfig},
		{"a kind key in capitals", func(c *Config) { c.Kinds[0].Key = "General" }, ErrConfig},
		{"a kind declared twice", func(c *Config) { c.Kinds = append(c.Kinds, c.Kinds[0]) }, ErrConfig},
		{"a kind with no name", func(c *Config) { c.Kinds[0].Name = Text{} }, ErrConfig},
		{"an attribute declared twice", func(c *Config) { c.Attributes = append(c.Attributes, c.Attributes[0]) }, ErrConfig},
		{"an attribute with no missing reason", func(c *Config) { c.Attributes[0].Missing = Note{} }, ErrConfig},
		{"an attribute with no rule", func(c *Config) { c.Attributes[0].Rule = "" }, ErrConfig},
		{"a benefit declared twice", func(c *Config) { c.Benefits = append(c.Benefits, c.Benefits[0]) }, ErrConfig},
		{"a benefit with no condition", func(c *Config) { c.Benefits[0].When = Condition{} }, ErrConfig},
		{"a benefit for an undeclared kind", func(c *Config) { c.Benefits[0].When = KindIs("robot") }, ErrUnknownKind},
		{"a benefit on an undeclared attribute", func(c *Config) { c.Benefits[0].When = All(IsSmall(), Not(Has("postpaid"))) }, ErrUnknownAttribute},
		{"a benefit with no kinds to be", func(c *Config) { c.Benefits[0].When = KindIs() }, ErrConfig},
		{"a benefit with grounds but no code", func(c *Config) { c.Benefits[1].Grounds.Code = "" }, ErrConfig},
		{"a benefit with no rule", func(c *Config) { c.Benefits[0].Rule = "" }, ErrConfig},
		{"a benefit key with a space", func(c *Config) { c.Benefits[0].Key = "emoticon bundle" }, ErrConfig},
		{"no loss rule", func(c *Config) { c.Losses = 0 }, ErrConfig},
		{"no tag for the intake rule", func(c *Config) { c.Tags.Intake = "" }, ErrConfig},
		{"no tag for routing with affiliates", func(c *Config) { c.Tags.Affiliate = "" }, ErrConfig},
		{"no tag for the small-business test with a Small kind", func(c *Config) { c.Tags.Sales = "" }, ErrConfig},
		{"a window that closes when it opens", func(c *Config) { c.Windows[0].Closes = c.Windows[0].Opens }, ErrWindow},
		{"a window in the year 2200", func(c *Config) { c.Windows[0].Closes = kstDay(2200, 1, 2) }, ErrRange},
		{"a window for an undeclared kind", func(c *Config) { c.Windows[1].Kinds = []Kind{"robot"} }, ErrUnknownKind},
		{"a window name repeated", func(c *Config) { c.Windows[1].Name = c.Windows[0].Name }, ErrConfig},
		{"a window with no title", func(c *Config) { c.Windows[0].Title = Text{} }, ErrConfig},
		{"a zero worker limit", func(c *Config) { c.Test.WorkerLimits["G"] = 0 }, ErrConfig},
		{"a worker limit for a division, not a section", func(c *Config) { c.Test.WorkerLimits["G47"] = 5 }, ErrConfig},
		{"a worker limit for a letter outside KSIC", func(c *Config) { c.Test.WorkerLimits["Z"] = 5 }, ErrConfig},
		{"no default worker limit", func(c *Config) { c.Test.DefaultWorkerLimit = 0 }, ErrConfig},
		{"no part-time threshold", func(c *Config) { c.Test.PartTimeHours = 0 }, ErrConfig},
		{"no revenue table", func(c *Config) { c.Test.Revenue = nil }, ErrConfig},
		{"tables out of order", func(c *Config) { c.Test.Revenue[0], c.Test.Revenue[1] = c.Test.Revenue[1], c.Test.Revenue[0] }, ErrConfig},
		{"a negative ceiling", func(c *Config) { c.Test.Revenue[0].Lines[0].Ceiling = won("-1") }, ErrNegative},
		{"a ceiling of 31 digits", func(c *Config) { c.Test.Revenue[0].Lines[0].Ceiling = won("1234567890123456789012345678901") }, ErrRange},
		{"a line with no code", func(c *Config) { c.Test.Revenue[0].Lines[0].KSIC = nil }, ErrConfig},
		{"a line with a code that is not KSIC", func(c *Config) { c.Test.Revenue[0].Lines[0].KSIC = []Sector{"food"} }, ErrSector},
		{"two lines with the same code", func(c *Config) { c.Test.Revenue[1].Lines[1].KSIC = []Sector{"C10"} }, ErrConfig},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			c := Kakao1015Config(DefaultOptions())
			tt.change(&c)
			_, err := NewPolicy(c)
			if !errors.Is(err, ErrConfig) || !errors.Is(err, tt.want) {
				t.Errorf("NewPolicy error = %v, want ErrConfig and %v", err, tt.want)
			}
		})
	}
}

// TestASmallBusinessTestIsOnlyNeededWithASmallKind declares a programme of
// lines with no statutory test: no revenue table is needed, and asking
// whether a claimant is small is refused.
func TestASmallBusinessTestIsOnlyNeededWithASmallKind(t *testing.T) {
	c := Config{
		Operator: Operator{Key: "Telco", Name: Text{Ko: "통신사", En: "Telco"}},
		Kinds:    []ClaimantKind{{Key: "line", Name: Text{Ko: "회선", En: "a line"}}},
		Benefits: []Benefit{{Key: "credit", Name: Text{Ko: "요금 감면", En: "a bill credit"}, Rule: "T-1", When: Always()}},
		Losses:   LossLargest,
		Tags:     Tags{Operator: "T-1", Intake: "T-2", Kind: "T-3"},
	}
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.SmallBusiness(Business{Sector: Retail}, from2025); !errors.Is(err, ErrConfig) {
		t.Errorf("SmallBusiness on a policy with no test: %v, want ErrConfig", err)
	}
	c.Benefits[0].When = IsSmall()
	if _, err := NewPolicy(c); !errors.Is(err, ErrConfig) {
		t.Errorf("IsSmall with no Small kind: %v, want ErrConfig", err)
	}
}

func TestPolicyIsImmutable(t *testing.T) {
	c := Kakao1015Config(DefaultOptions())
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Test.Revenue[1].Lines[31].Ceiling = won("1")
	c.Test.Revenue[1].Lines[31].KSIC[0] = "J"
	got := p.Config()
	got.Test.Revenue[1].Lines[31].Ceiling = won("2")
	got.Test.Revenue[1].Lines[31].KSIC[0] = "J"
	v, err := p.SmallBusiness(Business{Sector: Retail, AverageSales: won("6000000000")}, from2025)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Small || v.Line != 32 {
		t.Error("changing a config after NewPolicy, or the copy Config returns, changed the policy")
	}
}

func TestWorkerCountsBelowAtAndAboveThePreparedOnes(t *testing.T) {
	for _, halves := range []int{0, 1, len(halfWorkers) - 1, len(halfWorkers), len(halfWorkers) + 1, 2 * MaxCount} {
		got, want := workersOf(int64(halves), 0), decimal.New(int64(halves)*5, -1)
		if !got.Equal(want) || got.String() != want.String() {
			t.Errorf("workersOf(%d) = %s, want %s", halves, got, want)
		}
	}
}

// The zero Verdict, a decision's where no profile was tested, explains
// nothing and does not panic.
func TestTheZeroVerdictHasNoCriteria(t *testing.T) {
	var v Verdict
	if got := v.Criteria(); got != nil {
		t.Errorf("Criteria() = %v, want none", got)
	}
	if got := v.LineName(); got != (Text{}) {
		t.Errorf("LineName() = %v, want the zero Text", got)
	}
}
