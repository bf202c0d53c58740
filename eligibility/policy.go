package eligibility

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Sector is a business's main line of business, as the revenue table of
// the Framework Act on SMEs decree (table 3) groups them. The names are
// this package's; [Kakao1015Config] lists which sectors each stands for.
type Sector string

// The sectors of the Kakao 1015 revenue tables. Each groups the lines of
// business of decree table 3 that share a ceiling in both tables.
const (
	// Manufacturing of food, beverages, apparel, leather and footwear,
	// petroleum, chemicals, medicines, non-metallic minerals, primary and
	// fabricated metals, electronics, electrical equipment, machinery,
	// motor vehicles and furniture; and electricity, gas and water supply.
	Manufacturing Sector = "manufacturing"
	// Other manufacturing: tobacco, textiles, wood, paper, printing,
	// rubber and plastics, other transport equipment and the rest.
	OtherManufacturing Sector = "other-manufacturing"
	Agriculture        Sector = "agriculture" // agriculture, forestry and fishing
	Mining             Sector = "mining"
	Construction       Sector = "construction"
	Transport          Sector = "transport" // transport and warehousing
	Finance            Sector = "finance"   // finance and insurance
	Retail             Sector = "retail"    // wholesale and retail trade
	Information        Sector = "information"
	RealEstate         Sector = "real-estate"
	Professional       Sector = "professional"     // professional, scientific and technical services
	BusinessSupport    Sector = "business-support" // facility management, business support, rental
	Arts               Sector = "arts"             // arts, sports and recreation
	Health             Sector = "health"           // health and social work
	Accommodation      Sector = "accommodation"    // accommodation and food services
	Education          Sector = "education"
	PersonalServices   Sector = "personal-services" // repair and other personal services
)

// RevenueTable is the table of small-enterprise revenue ceilings (average
// annual sales, in won, at or below which a business is small) that takes
// effect on From, 00:00 KST [P-SB-3].
type RevenueTable struct {
	From     time.Time                  `json:"from"`
	Source   string                     `json:"source"`
	Ceilings map[Sector]decimal.Decimal `json:"ceilings"`
}

// Config holds the parameters of an eligibility policy. Change a field of
// [Kakao1015Config] and call [NewPolicy] to make another policy.
type Config struct {
	// Operator names the programme's own operator; reports about it are
	// its cases [P-INTAKE-1].
	Operator string
	// Affiliates run their own support: their reports are routed to them
	// [P-AFF-1].
	Affiliates []string
	// Windows are the intake windows; a report filed in one that admits
	// the claimant's kind counts [P-INTAKE-3].
	Windows []Window
	// ReviewAbove is the loss above which a small business's case goes to
	// individual review [P-CASH-1, P-INTAKE-4].
	ReviewAbove decimal.Decimal
	// WorkerLimits are the sectors whose limit on regular workers differs
	// from DefaultWorkerLimit; a small business has fewer workers than
	// the limit [P-SB-1].
	WorkerLimits       map[Sector]int
	DefaultWorkerLimit int
	// PartTimeHours is the monthly hours from which a part-timer counts
	// as half a worker; below it a part-timer counts as none [P-SB-2].
	PartTimeHours int
	// Revenue are the revenue tables, earliest first [P-SB-3].
	Revenue []RevenueTable
}

// Policy is a validated, immutable eligibility policy. Build one with
// [NewPolicy] or [Kakao1015]. A Policy is safe for concurrent use.
//
// The zero Policy is not valid: its methods return [ErrConfig].
type Policy struct {
	c          *Config // a private deep copy; never modified
	affiliates map[string]bool
}

// NewPolicy validates c and returns a policy holding a copy of it.
//
// It returns an error wrapping [ErrConfig] if:
//   - Operator is empty, or an affiliate is empty or the operator itself;
//   - a window does not close after it opens ([ErrWindow] too);
//   - ReviewAbove is negative;
//   - a worker limit or PartTimeHours is not positive;
//   - there is no revenue table, tables are not in ascending order of
//     From, or a ceiling is negative.
func NewPolicy(c Config) (Policy, error) {
	bad := func(format string, args ...any) (Policy, error) {
		return Policy{}, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	if c.Operator == "" {
		return bad("no operator")
	}
	own := c
	own.Affiliates = slices.Clone(c.Affiliates)
	affiliates := make(map[string]bool, len(c.Affiliates))
	for _, a := range c.Affiliates {
		if a == "" || a == c.Operator {
			return bad("affiliate %q", a)
		}
		affiliates[a] = true
	}
	own.Windows = make([]Window, len(c.Windows))
	for i, w := range c.Windows {
		v, err := NewWindow(w.Name, w.Rule, w.Opens, w.Closes, w.Kinds...)
		if err != nil {
			return bad("window %d: %w", i, err)
		}
		own.Windows[i] = v
	}
	if err := checkRange("review above", c.ReviewAbove); err != nil {
		return bad("%w", err)
	}
	if c.ReviewAbove.Sign() < 0 {
		return bad("review above %s won", c.ReviewAbove)
	}
	if c.DefaultWorkerLimit <= 0 || c.PartTimeHours <= 0 {
		return bad("default worker limit %d, part-time hours %d", c.DefaultWorkerLimit, c.PartTimeHours)
	}
	own.WorkerLimits = make(map[Sector]int, len(c.WorkerLimits))
	for s, n := range c.WorkerLimits {
		if n <= 0 {
			return bad("worker limit %d for %s", n, s)
		}
		own.WorkerLimits[s] = n
	}
	if len(c.Revenue) == 0 {
		return bad("no revenue table")
	}
	own.Revenue = make([]RevenueTable, len(c.Revenue))
	for i, t := range c.Revenue {
		if i > 0 && !t.From.After(c.Revenue[i-1].From) {
			return bad("revenue table %d from %s is not after the one before", i, t.From.Format(time.DateOnly))
		}
		ceilings := make(map[Sector]decimal.Decimal, len(t.Ceilings))
		for s, v := range t.Ceilings {
			if err := checkRange("ceiling", v); err != nil {
				return bad("%s: %w", s, err)
			}
			if v.Sign() < 0 {
				return bad("ceiling %s won for %s", v, s)
			}
			ceilings[s] = v
		}
		own.Revenue[i] = RevenueTable{From: t.From, Source: t.Source, Ceilings: ceilings}
	}
	return Policy{c: &own, affiliates: affiliates}, nil
}

// Config returns a copy of the policy's parameters.
func (p Policy) Config() Config {
	if p.c == nil {
		return Config{}
	}
	c := *p.c
	c.Affiliates = slices.Clone(c.Affiliates)
	c.Windows = slices.Clone(c.Windows)
	c.WorkerLimits = cloneMap(c.WorkerLimits)
	c.Revenue = slices.Clone(c.Revenue)
	for i := range c.Revenue {
		c.Revenue[i].Ceilings = cloneMap(c.Revenue[i].Ceilings)
	}
	return c
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// eok is 억, a hundred million won, the unit the revenue tables use.
func eok(n int64) decimal.Decimal { return decimal.NewFromInt(n * 100_000_000) }

// The operators of the Kakao 1015 programme [P-INTAKE-1, P-AFF-1].
const (
	Kakao              = "Kakao"
	KakaoGames         = "Kakao Games"
	KakaoMobility      = "Kakao Mobility"
	KakaoEntertainment = "Kakao Entertainment"
	KakaoPay           = "Kakao Pay"
)

// Kakao1015Config returns the parameters of the Kakao 1015 programme.
func Kakao1015Config() Config {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, kst) }
	return Config{
		// [P-INTAKE-1] Kakao's own cases were analysed.
		Operator: Kakao,
		// [P-AFF-1] these affiliates run their own support for their partners.
		Affiliates: []string{KakaoGames, KakaoMobility, KakaoEntertainment, KakaoPay},
		Windows: []Window{
			// [P-INTAKE-3] (B) reporting window, 2022-10-19 to 2022-11-06.
			kstDays("reporting", "P-INTAKE-3", day(2022, 10, 19), day(2022, 11, 6)),
			// [P-INTAKE-3] (B) second intake for small businesses, 2023-02-13 to 2023-02-27.
			kstDays("second intake", "P-INTAKE-3", day(2023, 2, 13), day(2023, 2, 27), SmallBusiness),
		},
		// [P-CASH-1] over 500,000 won: individual review [P-INTAKE-4].
		ReviewAbove: decimal.NewFromInt(500_000),
		// [P-SB-1] fewer than 10 regular workers in mining, manufacturing,
		// construction and transport; fewer than 5 elsewhere.
		WorkerLimits: map[Sector]int{
			Mining: 10, Manufacturing: 10, OtherManufacturing: 10, Construction: 10, Transport: 10,
		},
		DefaultWorkerLimit: 5,
		// [P-SB-2] a part-timer working at least 60 hours a month counts as 0.5.
		PartTimeHours: 60,
		Revenue: []RevenueTable{
			{
				// [P-SB-3] decree table 3 as in force from 2016 until 2025-08-31.
				// The start date is where this programme's dates begin, not the
				// table's own: a decision about an earlier date is refused.
				From: day(2016, 1, 1),
				Source: "Framework Act on SMEs decree, table 3 (small enterprises), before the 2025-08-26 amendment; " +
					"tiers 10억/30억/50억/80억/120억 as summarised in public guides to the table (B)",
				Ceilings: map[Sector]decimal.Decimal{
					Manufacturing: eok(120), OtherManufacturing: eok(80),
					Agriculture: eok(80), Mining: eok(80), Construction: eok(80), Transport: eok(80), Finance: eok(80),
					Retail: eok(50), Information: eok(50),
					RealEstate: eok(30), Professional: eok(30), BusinessSupport: eok(30), Arts: eok(30),
					Health: eok(10), Accommodation: eok(10), Education: eok(10), PersonalServices: eok(10),
				},
			},
			{
				// [P-SB-3] decree table 3 as amended on 2025-08-26 (cabinet), in
				// force from 2025-09-01: small-enterprise ceilings now range from
				// 15억 to 140억, 12 of 43 sectors raised by 5억 to 20억.
				From: day(2025, 9, 1),
				Source: "Framework Act on SMEs decree, table 3, amended 2025-08-26, in force 2025-09-01 " +
					"(range 15억-140억: MSS announcement as reported 2025-08-26); sector figures per POLICY.md " +
					"P-SB-3 (B); finance, real estate, business support, arts and other manufacturing unchanged " +
					"and health raised to the new floor of 15억 are inferences (C)",
				Ceilings: map[Sector]decimal.Decimal{
					Manufacturing: eok(140), OtherManufacturing: eok(80),
					Agriculture: eok(80), Mining: eok(80), Construction: eok(80), Transport: eok(100), Finance: eok(80),
					Retail: eok(60), Information: eok(50),
					RealEstate: eok(30), Professional: eok(30), BusinessSupport: eok(30), Arts: eok(30),
					Health: eok(15), Accommodation: eok(15), Education: eok(15), PersonalServices: eok(15),
				},
			},
		},
	}
}

// Kakao1015 returns the eligibility policy of the Kakao 1015 programme.
func Kakao1015() Policy {
	p, err := NewPolicy(Kakao1015Config())
	if err != nil {
		panic(err) // a literal: cannot happen
	}
	return p
}

// table returns the revenue table in force at t.
func (p Policy) table(t time.Time) (*RevenueTable, error) {
	tables := p.c.Revenue
	for i := len(tables) - 1; i >= 0; i-- {
		if !t.Before(tables[i].From) {
			return &tables[i], nil
		}
	}
	return nil, fmt.Errorf("%w: %s is before %s", ErrBeforeTables,
		t.In(kst).Format(time.DateOnly), tables[0].From.In(kst).Format(time.DateOnly))
}

// Route returns the operator a report about operator belongs to: an
// affiliate keeps its own reports [P-AFF-1]; everything else is the
// programme operator's case. The zero Policy routes nothing: it returns
// "" and false.
func (p Policy) Route(operator string) (to string, affiliate bool) {
	switch {
	case p.c == nil:
		return "", false
	case p.affiliates[operator]:
		return operator, true
	}
	return p.c.Operator, false
}
