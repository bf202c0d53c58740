package eligibility

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/outagerelief/relief/internal/words"
	"github.com/shopspring/decimal"
)

// Business is the profile the small-business test reads [P-SB-1..3].
// Counts are in [0, MaxCount], hours in [0, MaxMonthlyHours], sales in
// the amount domain ([MaxDigits], [MaxExponent]) and not negative.
type Business struct {
	// Sector is the KSIC code of the main line of business, as the
	// business registration gives it ([ParseSector]).
	Sector Sector `json:"sector"`
	// Seats says the business makes railway-vehicle seats (within KSIC
	// C31202) or aircraft seats (within C31322), which note 2 of decree
	// table 3 holds to their own ceiling.
	Seats bool `json:"seats,omitempty"`
	// RegularWorkers is the number of regular workers: the average of the
	// month-end counts over the previous year, or the one count a host
	// has [P-SB-2].
	RegularWorkers int `json:"regularWorkers"`
	// PartTimeHours lists each part-timer's contracted hours a month.
	PartTimeHours []int `json:"partTimeHours,omitempty"`
	// Executives and DayWorkers (with staff on contracts of 3 months or
	// less and certified research staff) are not counted [P-SB-2]; they
	// are here so that the verdict can say so.
	Executives int `json:"executives,omitempty"`
	DayWorkers int `json:"dayWorkers,omitempty"`
	// AverageSales is the average annual sales, in won [P-SB-3].
	AverageSales decimal.Decimal `json:"averageSales"`
}

// Criterion is one test of a verdict, met or missed, with its rule, a
// stable code ("workers", "sales", "sector-not-covered") and a sentence.
type Criterion struct {
	Rule string `json:"rule"`
	Code string `json:"code"`
	Met  bool   `json:"met"`
	Text string `json:"text"`
}

// Verdict is the outcome of the small-business test, with the figures it
// used. Small is true when every criterion is met; [Verdict.Criteria]
// explains each.
type Verdict struct {
	Small  bool
	Sector Sector
	// Workers is the count of regular workers, part-timers weighted
	// [P-SB-2]; it must stay below Limit, the limit of the sector's KSIC
	// section [P-SB-1].
	Workers    decimal.Decimal
	Limit      int
	WorkersMet bool
	// Covered says the revenue table in force has a line for Sector:
	// Line is its number (0 for a note of the table) and LineName its
	// heading. A sector the table does not cover (S94 associations, O
	// public administration, ...) is not a small enterprise by the table:
	// SalesMet is false.
	Covered  bool
	Line     int
	LineName string
	// Sales must not exceed Ceiling, the line's in the revenue table in
	// force, which took effect on TableFrom [P-SB-3]; Ceiling is zero
	// where the table does not cover the sector.
	Sales     decimal.Decimal
	Ceiling   decimal.Decimal
	SalesMet  bool
	TableFrom time.Time

	partTimeHours, executives, dayWorkers int   // for the explanation
	tags                                  *Tags // the policy's, for the criteria's rules
}

// Criteria lists each criterion of the test, met or missed, with the
// figures it compared, in English.
func (v Verdict) Criteria() []Criterion { return v.CriteriaIn(English) }

// CriteriaIn lists each criterion of the test in lang: "ko" (Korean) or
// "en" (see [LangOf]).
func (v Verdict) CriteriaIn(lang string) []Criterion {
	ko := LangOf(lang) == Korean
	from := v.TableFrom.In(kst).Format(time.DateOnly)
	workers := Criterion{Rule: v.tags.SmallBusiness, Code: "workers", Met: v.WorkersMet}
	sales := Criterion{Rule: v.tags.Sales, Code: "sales", Met: v.SalesMet}
	line := v.LineName
	if v.Line > 0 {
		line = fmt.Sprintf("line %d (%s)", v.Line, v.LineName)
		if ko {
			line = fmt.Sprintf("%d호(%s)", v.Line, v.LineName)
		}
	}
	switch {
	case ko:
		workers.Text = fmt.Sprintf("상시 근로자 %s명(월 %d시간 이상 단시간 근로자는 0.5명, 임원 %d명과 일용 근로자 %d명은 제외)으로 KSIC %s 대분류의 기준인 %d명 미만과 비교",
			v.Workers, v.partTimeHours, v.executives, v.dayWorkers, v.Sector.Section(), v.Limit)
	default:
		workers.Text = fmt.Sprintf("%s regular workers (part-timers from %d hours a month count 0.5; %d executives and %d day workers not counted) against fewer than %d in KSIC section %s",
			v.Workers, v.partTimeHours, v.executives, v.dayWorkers, v.Limit, v.Sector.Section())
	}
	switch {
	case !v.Covered && ko:
		sales.Code = "sector-not-covered"
		sales.Text = fmt.Sprintf("KSIC %s는 %s부터 시행된 시행령 별표 3에 없는 업종이므로 이 표에 따른 소기업이 아닙니다", v.Sector, from)
	case !v.Covered:
		sales.Code = "sector-not-covered"
		sales.Text = fmt.Sprintf("KSIC %s is not a line of decree table 3 in force from %s: not a small enterprise by the table", v.Sector, from)
	case ko:
		sales.Text = fmt.Sprintf("평균매출액 %s원을 KSIC %s의 기준 %s원(%s부터 시행된 시행령 별표 3, %s)과 비교",
			words.Number(v.Sales), v.Sector, words.Number(v.Ceiling), from, line)
	default:
		sales.Text = fmt.Sprintf("average annual sales of %s won against a ceiling of %s won for KSIC %s, %s of decree table 3 in force from %s",
			words.Number(v.Sales), words.Number(v.Ceiling), v.Sector, line, from)
	}
	return []Criterion{workers, sales}
}

// MarshalJSON encodes the verdict with its criteria, amounts as decimal
// strings.
func (v Verdict) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Small     bool            `json:"small"`
		Sector    Sector          `json:"sector"`
		Workers   decimal.Decimal `json:"workers"`
		Limit     int             `json:"workerLimit"`
		Covered   bool            `json:"covered"`
		Line      int             `json:"line"`
		LineName  string          `json:"lineName,omitempty"`
		Sales     decimal.Decimal `json:"sales"`
		Ceiling   decimal.Decimal `json:"ceiling"`
		TableFrom string          `json:"tableFrom"`
		Criteria  []Criterion     `json:"criteria"`
	}{v.Small, v.Sector, v.Workers, v.Limit, v.Covered, v.Line, v.LineName, v.Sales, v.Ceiling,
		v.TableFrom.In(kst).Format(time.DateOnly), v.Criteria()})
}

// SmallBusiness tests whether b is a small business (소상공인) on the date
// at [P-SB-1, P-SB-2, P-SB-3]: fewer regular workers than the limit of
// its KSIC section, part-timers of PartTimeHours a month or more counting
// half and others none, executives and day workers not counted; and
// average annual sales at or below the ceiling of its line in the revenue
// table in force at at. A business that fails, or whose sector the table
// does not cover, is a verdict with Small false, not an error.
//
// It returns an error if:
//   - b.Sector is not a KSIC code, or seats are claimed outside the codes
//     of note 2 ([ErrSector]);
//   - b.Sector is too broad to name a line ([ErrAmbiguousSector]);
//   - at is before the first revenue table ([ErrBeforeTables]), zero
//     ([ErrNoTime]) or outside [1970-01-01, 2200-01-01) KST ([ErrRange]);
//   - a count, an hour figure or the sales are outside their domain
//     ([ErrRange]), or the sales are negative ([ErrNegative]);
//   - p is the zero Policy ([ErrConfig]).
func (p Policy) SmallBusiness(b Business, at time.Time) (Verdict, error) {
	if p.p == nil {
		return Verdict{}, fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	if len(p.p.tables) == 0 {
		return Verdict{}, fmt.Errorf("%w: the policy has no small-business test (no kind is declared Small)", ErrConfig)
	}
	var v Verdict
	err := p.p.smallBusiness(&b, at, &v)
	return v, err
}

// smallBusiness is SmallBusiness into *out, which is left unchanged on an
// error.
func (p *policy) smallBusiness(b *Business, at time.Time, out *Verdict) error {
	c := &p.c.Test
	if err := checkInstant("decision date", at); err != nil {
		return err
	}
	if !b.Sector.IsValid() {
		if _, err := ParseSector(string(b.Sector)); err != nil {
			return err
		}
		return fmt.Errorf("%w: %q: write it as ParseSector returns it", ErrSector, clip(string(b.Sector)))
	}
	for _, c := range [...]struct {
		what string
		n    int
	}{{"regular workers", b.RegularWorkers}, {"executives", b.Executives}, {"day workers", b.DayWorkers}, {"part-timers", len(b.PartTimeHours)}} {
		if err := checkCount(c.what, c.n, MaxCount); err != nil {
			return err
		}
	}
	if err := checkAmount("average sales", b.AverageSales); err != nil {
		return err
	}
	if b.AverageSales.Sign() < 0 {
		return fmt.Errorf("average sales: %w: %s won", ErrNegative, b.AverageSales)
	}
	t, err := p.table(at)
	if err != nil {
		return err
	}
	line, covered, err := t.resolve(b.Sector, b.Seats)
	if err != nil {
		return err
	}
	// Count in half workers, so the sum stays an exact integer; the
	// domains above keep it far from overflow.
	halves := 2 * b.RegularWorkers
	for i, h := range b.PartTimeHours {
		if err := checkCount("hours a month", h, MaxMonthlyHours); err != nil {
			return fmt.Errorf("part-timer %d: %w", i, err)
		}
		if h >= c.PartTimeHours {
			halves++
		}
	}
	limit := p.limits[b.Sector[0]-'A']
	*out = Verdict{
		Sector:        b.Sector,
		Workers:       workersOf(halves),
		Limit:         limit,
		WorkersMet:    halves < 2*limit,
		Covered:       covered,
		Sales:         b.AverageSales,
		TableFrom:     t.From,
		partTimeHours: c.PartTimeHours,
		tags:          &p.c.Tags,
		executives:    b.Executives,
		dayWorkers:    b.DayWorkers,
	}
	if covered {
		out.Line, out.LineName, out.Ceiling = line.No, line.Name, line.Ceiling
		out.SalesMet = b.AverageSales.Cmp(line.Ceiling) <= 0
	}
	out.Small = out.WorkersMet && out.SalesMet
	return nil
}

// halfWorkers holds the worker counts of up to 255 half workers, made
// once: decimal.New allocates, and decimals are immutable, so verdicts
// may share them.
var halfWorkers = func() (t [256]decimal.Decimal) {
	for i := range t {
		t[i] = decimal.New(int64(i)*5, -1)
	}
	return t
}()

// workersOf is the count of workers that halves half workers make.
func workersOf(halves int) decimal.Decimal {
	if halves < len(halfWorkers) {
		return halfWorkers[halves]
	}
	return decimal.New(int64(halves)*5, -1)
}

// SmallBusinessTest holds the parameters of a small-business test: the
// limits on regular workers by KSIC section, how part-timers count, and
// the revenue tables. [StatutoryTest] is the Korean statute's.
type SmallBusinessTest struct {
	// WorkerLimits are the KSIC sections ("B", "C", ...) whose limit on
	// regular workers differs from DefaultWorkerLimit; a small business
	// has fewer regular workers than its section's limit [P-SB-1].
	WorkerLimits       map[string]int `json:"workerLimits,omitempty"`
	DefaultWorkerLimit int            `json:"defaultWorkerLimit"`
	// PartTimeHours is the monthly hours from which a part-timer counts
	// as half a worker; below it a part-timer counts as none [P-SB-2].
	PartTimeHours int `json:"partTimeHours"`
	// Revenue are the versions of the revenue table, earliest first
	// [P-SB-3].
	Revenue []RevenueTable `json:"revenue"`
}

// IsZero reports whether t declares no test.
func (t SmallBusinessTest) IsZero() bool {
	return len(t.WorkerLimits) == 0 && t.DefaultWorkerLimit == 0 && t.PartTimeHours == 0 && len(t.Revenue) == 0
}

// clone is a deep copy of t.
func (t SmallBusinessTest) clone() SmallBusinessTest {
	t.WorkerLimits = maps.Clone(t.WorkerLimits)
	t.Revenue = slices.Clone(t.Revenue)
	for i := range t.Revenue {
		t.Revenue[i].Lines = slices.Clone(t.Revenue[i].Lines)
		for j := range t.Revenue[i].Lines {
			l := &t.Revenue[i].Lines[j]
			l.KSIC, l.Except = slices.Clone(l.KSIC), slices.Clone(l.Except)
		}
	}
	return t
}

// StatutoryTest returns the small-business test of the Small Business
// Basic Act and its decree [P-SB-1, P-SB-2], with the revenue ceilings of
// decree table 3 of the Framework Act on SMEs in both its versions
// [P-SB-3]: the test of every Korean programme that pays small businesses
// as the statute defines them.
func StatutoryTest() SmallBusinessTest {
	return SmallBusinessTest{
		// [P-SB-1] (A) fewer than 10 regular workers in mining (B), manufacturing
		// (C), construction (F) and transport and storage (H).
		WorkerLimits: map[string]int{"B": 10, "C": 10, "F": 10, "H": 10},
		// [P-SB-1] (A) fewer than 5 in every other section, utilities (D, E) included.
		DefaultWorkerLimit: 5,
		// [P-SB-2] (A) a part-timer contracted for 60 hours a month or more counts as 0.5.
		PartTimeHours: 60,
		// [P-SB-3] decree table 3, both versions.
		Revenue: table3Versions(),
	}
}
