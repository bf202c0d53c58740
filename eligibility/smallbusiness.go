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

// Business is the profile the small-business test reads [P-SB-1..5].
// Counts are in [0, MaxCount], hours in [0, MaxMonthlyHours], sales in
// the amount domain ([MaxDigits], [MaxExponent]) and not negative.
type Business struct {
	// Sector is the KSIC code of the main line of business ([ParseSector])
	// [P-SB-5]: the one with the largest share of the business's sales in
	// the previous business year. A host that has the sales by sector
	// gives SalesBySector instead, or as well (then Sector must be the
	// largest of them).
	Sector Sector `json:"sector,omitempty"`
	// SalesBySector are the previous business year's sales by KSIC code,
	// at most [MaxSectors] of them, each code once; the largest is the main
	// line of business [P-SB-5]. Two codes with the largest sales are an
	// error ([ErrMainSector]): the decree does not say which one is the
	// main line.
	SalesBySector []SectorSales `json:"salesBySector,omitempty"`
	// Seats says the business makes railway-vehicle seats (within KSIC
	// C31202) or aircraft seats (within C31322), which note 2 of decree
	// table 3 holds to their own ceiling.
	Seats bool `json:"seats,omitempty"`
	// RegularWorkers is the one count of regular workers a host has
	// [P-SB-2]. A host that has the month-end counts gives MonthEndWorkers
	// instead.
	RegularWorkers int `json:"regularWorkers,omitempty"`
	// MonthEndWorkers are the month-end counts of regular workers that the
	// decree averages [P-SB-2]: the twelve of the previous business year;
	// for a business founded or merged within it, one for each month since
	// (the founding month's being the count on the day). The average is
	// not rounded: twelve counts adding up to 54 are 4.5 workers, fewer
	// than 5. At most 12; give either these or RegularWorkers.
	MonthEndWorkers []int `json:"monthEndWorkers,omitempty"`
	// PartTimeHours lists each part-timer's contracted hours a month; a
	// part-timer of the test's PartTimeHours or more counts as half a
	// worker in every month averaged.
	PartTimeHours []int `json:"partTimeHours,omitempty"`
	// Executives and DayWorkers (with staff on contracts of 3 months or
	// less and certified research staff) are not counted [P-SB-2]; they
	// are here so that the verdict can say so.
	Executives int `json:"executives,omitempty"`
	DayWorkers int `json:"dayWorkers,omitempty"`
	// AverageSales is the average annual sales, in won [P-SB-3].
	AverageSales decimal.Decimal `json:"averageSales"`
	// Grace is what the business declares of the three-year grace of a
	// small business that grew [P-SB-4]; nil: none.
	Grace *Grace `json:"grace,omitempty"`
}

// MaxSectors is the most sectors a business's sales may be split over.
const MaxSectors = 64

// SectorSales is a business's sales in one KSIC code over the previous
// business year [P-SB-5].
type SectorSales struct {
	Sector Sector          `json:"sector"`
	Sales  decimal.Decimal `json:"sales"`
}

// Grace is a business's claim to the grace of Small Business Basic Act
// art. 2(2) [P-SB-4]: a small business that stops being one because it
// grew is still treated as one for three years from the year after the
// one in which that happened, unless one of the reasons of the act and
// its decree art. 4 ends the grace.
type Grace struct {
	// GrewOutIn is the calendar year in which the business stopped being
	// a small business because it grew (its workers or its sales), from
	// 1970 to 2199.
	GrewOutIn int `json:"grewOutIn"`
	// Ended names why the grace no longer holds, if a reason the host
	// knows of applies; the zero value is none. Twenty or more regular
	// workers end it too, and the test sees that from the counts.
	Ended GraceEnd `json:"ended,omitempty"`
}

// GraceEnd is a reason the grace of a small business that grew ends
// early [P-SB-4].
type GraceEnd string

// The reasons that end the grace: the act's own and its decree's art. 4
// (the decree's reason of twenty or more regular workers is read from the
// counts, not declared).
const (
	// GraceMerged: the business merged with an enterprise that is not a
	// small enterprise (the act, art. 2(2) proviso).
	GraceMerged GraceEnd = "merged"
	// GraceAbsorbed: it absorbed a business in its own grace, and three
	// years have passed from the year after that one grew (decree art.
	// 4(1)1).
	GraceAbsorbed GraceEnd = "absorbed"
	// GraceNotSME: it is no longer a small or medium enterprise under the
	// Framework Act on SMEs (art. 4(1)2).
	GraceNotSME GraceEnd = "not-sme"
	// GraceSecondTime: it had its grace before, became a small business
	// again and grew out once more (art. 4(1)3).
	GraceSecondTime GraceEnd = "second-time"
	// GraceBusinessGroup: it joined a business group subject to disclosure
	// (art. 4(1)5).
	GraceBusinessGroup GraceEnd = "business-group"
	// GraceGivenUp: it gave the grace up (art. 4(1)6).
	GraceGivenUp GraceEnd = "given-up"
)

// graceEnds are the known reasons, in the order of the law.
var graceEnds = []GraceEnd{GraceMerged, GraceAbsorbed, GraceNotSME, GraceSecondTime, GraceBusinessGroup, GraceGivenUp}

// Criterion is one test of a verdict, met or missed, with its rule, a
// stable code ("workers", "sales", "sector-not-covered", "grace") and a
// sentence.
type Criterion struct {
	Rule string `json:"rule"`
	Code string `json:"code"`
	Met  bool   `json:"met"`
	Text string `json:"text"`
}

// Verdict is the outcome of the small-business test, with the figures it
// used. Small is true when every criterion is met, or when the grace of
// a business that grew holds; [Verdict.Criteria] explains each.
type Verdict struct {
	Small  bool
	Sector Sector
	// SectorBySales says Sector is the largest of the business's sales by
	// sector [P-SB-5], not the one it declared.
	SectorBySales bool
	// Workers is the head count, part-timers weighted [P-SB-2], rounded
	// half up to two places where the average of the month-end counts does
	// not end there (55 over 12 months is 4.58); WorkersMet compares the
	// exact figure with Limit, the limit of the sector's KSIC section
	// [P-SB-1]. Months is how many month-end counts were averaged, 0 for
	// a single count.
	Workers    decimal.Decimal
	Months     int
	Limit      int
	WorkersMet bool
	// Covered says the revenue table in force has a line for Sector:
	// Line is its number in that version (0 for a note of the table) and
	// [Verdict.LineName] its heading. A sector the table does not cover
	// (S94 associations, O public administration, ...) is not a small
	// enterprise by the table: SalesMet is false.
	Covered bool
	Line    int
	// Sales must not exceed Ceiling, the line's in the revenue table in
	// force at JudgedAt, the instant the size is judged, which took effect
	// on TableFrom [P-SB-3]; Ceiling is zero where the table does not cover
	// the sector.
	Sales     decimal.Decimal
	Ceiling   decimal.Decimal
	SalesMet  bool
	TableFrom time.Time
	JudgedAt  time.Time
	// Grace is the business's declared grace [P-SB-4], nil for none;
	// InGrace says it holds at JudgedAt and makes a business that fails on
	// its workers or its sales small.
	Grace   *Grace
	InGrace bool

	executives, dayWorkers int     // for the explanation
	halves                 int64   // half workers summed over max(Months, 1) counts
	line                   *Line   // the line, where Covered
	cfg                    *Config // the policy's: its test and the tags of the criteria's rules
}

// LineName is the heading of the line the sector falls in, where the
// table covers it.
func (v Verdict) LineName() Text {
	if v.line == nil {
		return Text{}
	}
	return v.line.Name
}

// Criteria lists each criterion of the test, met or missed, with the
// figures it compared, in English.
func (v Verdict) Criteria() []Criterion { return v.CriteriaIn(English) }

// CriteriaIn lists each criterion of the test in lang: "ko" (Korean) or
// "en" (see [LangOf]); none for the zero Verdict (no profile tested).
func (v Verdict) CriteriaIn(lang string) []Criterion {
	if v.cfg == nil {
		return nil
	}
	ko := LangOf(lang) == Korean
	out := []Criterion{v.workersCriterion(ko), v.salesCriterion(ko)}
	if v.Grace != nil {
		out = append(out, v.graceCriterion(ko))
	}
	return out
}

// workersCriterion explains the head count.
func (v Verdict) workersCriterion(ko bool) Criterion {
	c := Criterion{Rule: v.cfg.Tags.SmallBusiness, Code: "workers", Met: v.WorkersMet}
	count := v.Workers.String()
	switch {
	case ko && v.Months > 0:
		count = fmt.Sprintf("%d개월 말일 인원의 평균 %s명", v.Months, count)
		if !v.exactWorkers() {
			count = fmt.Sprintf("%d개월 말일 인원의 평균 약 %s명(반올림하지 않고 비교)", v.Months, v.Workers)
		}
	case ko:
		count += "명"
	case v.Months > 0 && v.exactWorkers():
		count = fmt.Sprintf("an average of %s over %d month-end counts", count, v.Months)
	case v.Months > 0:
		count = fmt.Sprintf("an average of about %s over %d month-end counts (compared unrounded)", count, v.Months)
	}
	if ko {
		c.Text = fmt.Sprintf("상시 근로자 %s(월 %d시간 이상 단시간 근로자는 0.5명, 임원 %d명과 일용 근로자 %d명은 제외): 한국표준산업분류 %s 대분류의 기준 %d명 미만",
			count, v.cfg.Test.PartTimeHours, v.executives, v.dayWorkers, v.Sector.Section(), v.Limit)
		return c
	}
	c.Text = fmt.Sprintf("%s regular workers (part-timers from %d hours a month count 0.5; %d executives and %d day workers not counted) against fewer than %d in KSIC section %s",
		count, v.cfg.Test.PartTimeHours, v.executives, v.dayWorkers, v.Limit, v.Sector.Section())
	return c
}

// salesCriterion explains the sales against the revenue table.
func (v Verdict) salesCriterion(ko bool) Criterion {
	c := Criterion{Rule: v.cfg.Tags.Sales, Code: "sales", Met: v.SalesMet}
	from, judged := words.Date(v.TableFrom, kst, Korean), words.Date(v.JudgedAt, kst, Korean)
	if !ko {
		from, judged = words.Date(v.TableFrom, kst, English), words.Date(v.JudgedAt, kst, English)
	}
	main := string(v.Sector)
	switch {
	case v.SectorBySales && ko:
		main += "(직전 사업연도 매출이 가장 큰 주된 업종)"
	case v.SectorBySales:
		main += " (the main line of business: the largest of last year's sales)"
	}
	name := v.LineName()
	line := name.In(Korean)
	switch {
	case v.Line > 0 && ko:
		line = fmt.Sprintf("%d호 %s", v.Line, name.In(Korean))
	case v.Line > 0:
		line = fmt.Sprintf("line %d (%s)", v.Line, name.In(English))
	case !ko:
		line = name.In(English)
	}
	switch {
	case !v.Covered && ko:
		c.Code = "sector-not-covered"
		c.Text = fmt.Sprintf("%s에 판단한 규모: 업종 %s는 %s부터 시행된 중소기업기본법 시행령 별표 3에 없는 업종이므로 이 표에 따른 소기업이 아닙니다", judged, main, from)
	case !v.Covered:
		c.Code = "sector-not-covered"
		c.Text = fmt.Sprintf("size judged on %s: KSIC %s is not a line of decree table 3 in force from %s, so not a small enterprise by the table", judged, main, from)
	case ko:
		c.Text = fmt.Sprintf("%s에 판단한 규모: 평균매출액 %s원, 업종 %s의 기준 %s원 이하(%s부터 시행된 중소기업기본법 시행령 별표 3 %s)",
			judged, words.Number(v.Sales), main, words.Number(v.Ceiling), from, line)
	default:
		c.Text = fmt.Sprintf("size judged on %s: average annual sales of %s won against a ceiling of %s won for KSIC %s, %s of decree table 3 in force from %s",
			judged, words.Number(v.Sales), words.Number(v.Ceiling), main, line, from)
	}
	return c
}

// graceCriterion explains the grace of a business that grew [P-SB-4].
func (v Verdict) graceCriterion(ko bool) Criterion {
	g := v.Grace
	c := Criterion{Rule: v.cfg.Tags.graceRule(), Code: "grace", Met: v.InGrace}
	year := v.JudgedAt.In(kst).Year()
	first, last := g.GrewOutIn+1, g.GrewOutIn+v.cfg.Test.GraceYears
	var why, whyEn string
	switch {
	case v.cfg.Test.GraceYears == 0:
		why, whyEn = "이 정책의 시험에는 유예가 없습니다", "this policy's test has no grace"
	case g.Ended != "":
		why, whyEn = "유예가 끝났습니다: "+graceEndKo[g.Ended], "the grace has ended: "+graceEndEn[g.Ended]
	case !v.graceWorkersMet():
		why, whyEn = fmt.Sprintf("상시 근로자가 %d명 이상이 되어 유예가 끝났습니다", v.cfg.Test.GraceWorkers), fmt.Sprintf("%d or more regular workers end the grace", v.cfg.Test.GraceWorkers)
	case year < first || year > last:
		why, whyEn = fmt.Sprintf("%d년은 유예 기간(%d년~%d년) 밖입니다", year, first, last), fmt.Sprintf("%d is outside the grace, %d to %d", year, first, last)
	case v.WorkersMet && v.SalesMet:
		why, whyEn = "규모 기준을 충족하므로 유예가 필요하지 않습니다", "not needed: the business meets the test"
	default:
		why, whyEn = fmt.Sprintf("%d년은 유예 기간(%d년~%d년) 안이므로 소상공인으로 봅니다", year, first, last), fmt.Sprintf("%d is within the grace, %d to %d: treated as a small business", year, first, last)
	}
	if ko {
		c.Text = fmt.Sprintf("%d년에 규모가 커져 소상공인에서 벗어난 사업자의 유예(다음 해부터 %d년간): %s", g.GrewOutIn, v.cfg.Test.GraceYears, why)
		return c
	}
	c.Text = fmt.Sprintf("grew out of the definition in %d, grace for %d years from the year after: %s", g.GrewOutIn, v.cfg.Test.GraceYears, whyEn)
	return c
}

var graceEndKo = map[GraceEnd]string{
	GraceMerged:        "소기업이 아닌 기업과 합병했습니다",
	GraceAbsorbed:      "유예 중인 기업을 흡수합병했고 그 기업의 유예 기간이 지났습니다",
	GraceNotSME:        "중소기업에 해당하지 않게 되었습니다",
	GraceSecondTime:    "이미 유예를 받은 뒤 다시 소상공인에서 벗어났습니다",
	GraceBusinessGroup: "공시대상기업집단에 속하게 되었습니다",
	GraceGivenUp:       "소상공인 지위 유지를 포기했습니다",
}

var graceEndEn = map[GraceEnd]string{
	GraceMerged:        "it merged with an enterprise that is not small",
	GraceAbsorbed:      "it absorbed a business whose own grace has run out",
	GraceNotSME:        "it is no longer a small or medium enterprise",
	GraceSecondTime:    "it had its grace before and grew out again",
	GraceBusinessGroup: "it joined a business group subject to disclosure",
	GraceGivenUp:       "it gave the grace up",
}

// exactWorkers reports whether Workers is the head count exactly.
func (v Verdict) exactWorkers() bool {
	return v.Months == 0 || (v.halves*50)%int64(v.Months) == 0 // Workers is halves x 0.5 / Months, to the hundredth
}

// graceWorkersMet reports whether the head count is below the number of
// workers that ends the grace.
func (v Verdict) graceWorkersMet() bool {
	return v.halves < 2*int64(v.cfg.Test.GraceWorkers)*int64(max(v.Months, 1))
}

// MarshalJSON encodes the verdict with its criteria, amounts as decimal
// strings.
func (v Verdict) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Small         bool            `json:"small"`
		Sector        Sector          `json:"sector"`
		SectorBySales bool            `json:"sectorBySales,omitempty"`
		Workers       decimal.Decimal `json:"workers"`
		Months        int             `json:"months,omitempty"`
		Limit         int             `json:"workerLimit"`
		Covered       bool            `json:"covered"`
		Line          int             `json:"line"`
		LineName      Text            `json:"lineName,omitzero"`
		Sales         decimal.Decimal `json:"sales"`
		Ceiling       decimal.Decimal `json:"ceiling"`
		TableFrom     string          `json:"tableFrom"`
		JudgedAt      time.Time       `json:"judgedAt"`
		Grace         *Grace          `json:"grace,omitempty"`
		InGrace       bool            `json:"inGrace,omitempty"`
		Criteria      []Criterion     `json:"criteria"`
	}{v.Small, v.Sector, v.SectorBySales, v.Workers, v.Months, v.Limit, v.Covered, v.Line, v.LineName(), v.Sales, v.Ceiling,
		v.TableFrom.In(kst).Format(time.DateOnly), v.JudgedAt.In(kst), v.Grace, v.InGrace, v.Criteria()})
}

// SmallBusiness tests whether b is a small business (소상공인), its size
// judged at the instant at [P-SB-1..5]: fewer regular workers than the
// limit of its KSIC section (the month-end counts averaged exactly,
// part-timers of PartTimeHours a month or more counting half and others
// none, executives and day workers not counted); and average annual sales
// at or below the ceiling of its line in the revenue table in force at
// at. The main line of business is b.Sector, or the largest of
// b.SalesBySector. A business that fails on its workers or its sales but
// whose declared grace holds in at's year is small [P-SB-4]. A business
// that fails, or whose sector the table does not cover, is a verdict with
// Small false, not an error. [Policy.Entitlements] judges size at the
// instant the policy's [Config].SizeAt names.
//
// It returns an error if:
//   - the main line of business is not a KSIC code, seats are claimed
//     outside the codes of note 2, or b.Sector is not the largest of
//     b.SalesBySector ([ErrSector]);
//   - it is too broad to name a line ([ErrAmbiguousSector]);
//   - two sectors tie for the largest sales ([ErrMainSector]);
//   - at is before the first revenue table ([ErrBeforeTables]), zero
//     ([ErrNoTime]) or outside [1970-01-01, 2200-01-01) KST ([ErrRange]);
//   - a count, an hour figure, a sales figure, the number of month-end
//     counts or sectors, or the grace's year is outside its domain, or
//     both RegularWorkers and MonthEndWorkers are given ([ErrRange]); a
//     sales figure is negative ([ErrNegative]); the grace names an
//     unknown reason ([ErrGrace]);
//   - p is the zero Policy ([ErrConfig]).
func (p Policy) SmallBusiness(b Business, at time.Time) (Verdict, error) {
	if p.p == nil {
		return Verdict{}, fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	if len(p.p.tables) == 0 {
		return Verdict{}, fmt.Errorf("%w: the policy has no small-business test (no kind is declared Small)", ErrConfig)
	}
	if err := checkInstant("size judged at", at); err != nil {
		return Verdict{}, err
	}
	var v Verdict
	err := p.p.smallBusiness(&b, at, &v)
	return v, err
}

// smallBusiness is SmallBusiness into *out, which is left unchanged on an
// error; at is in the instant domain (the policy's SizeAt, or a checked
// report's filing time).
func (p *policy) smallBusiness(b *Business, at time.Time, out *Verdict) error {
	c := &p.c.Test
	sector, bySales, err := mainSector(b)
	if err != nil {
		return err
	}
	halves, months, err := countHalves(b, c.PartTimeHours)
	if err != nil {
		return err
	}
	if err := checkAmount("average sales", b.AverageSales); err != nil {
		return err
	}
	if b.AverageSales.Sign() < 0 {
		return fmt.Errorf("average sales: %w: %s won", ErrNegative, b.AverageSales)
	}
	if err := checkGrace(b.Grace); err != nil {
		return err
	}
	t, err := p.table(at)
	if err != nil {
		return err
	}
	line, covered, err := t.resolve(sector, b.Seats)
	if err != nil {
		return err
	}
	limit := p.limits[sector[0]-'A']
	per := int64(max(months, 1)) // halves are summed over this many counts
	*out = Verdict{
		Sector:        sector,
		SectorBySales: bySales,
		Workers:       workersOf(halves, months),
		Months:        months,
		Limit:         limit,
		WorkersMet:    halves < 2*int64(limit)*per,
		Covered:       covered,
		Sales:         b.AverageSales,
		TableFrom:     t.From,
		JudgedAt:      at,
		Grace:         b.Grace,
		cfg:           &p.c,
		executives:    b.Executives,
		dayWorkers:    b.DayWorkers,
		halves:        halves,
	}
	if covered {
		out.Line, out.line, out.Ceiling = line.No, line, line.Ceiling
		out.SalesMet = b.AverageSales.Cmp(line.Ceiling) <= 0
	}
	out.Small = out.WorkersMet && out.SalesMet
	if !out.Small && covered && b.Grace != nil {
		out.InGrace = out.graceHolds()
		out.Small = out.InGrace
	}
	return nil
}

// graceHolds reports whether the declared grace makes the business small
// at JudgedAt [P-SB-4]: no reason has ended it, fewer workers than end it,
// and JudgedAt's year is one of the GraceYears after GrewOutIn.
func (v *Verdict) graceHolds() bool {
	g := v.Grace
	year := v.JudgedAt.In(kst).Year()
	return v.cfg.Test.GraceYears > 0 && g.Ended == "" && v.graceWorkersMet() && year > g.GrewOutIn && year <= g.GrewOutIn+v.cfg.Test.GraceYears
}

// mainSector is b's main line of business [P-SB-5]: b.Sector, or the
// largest of b.SalesBySector (bySales true).
func mainSector(b *Business) (s Sector, bySales bool, err error) {
	if len(b.SalesBySector) == 0 { // most profiles: the declared sector
		return b.Sector, false, checkSector(b.Sector)
	}
	if len(b.SalesBySector) > MaxSectors {
		return "", false, fmt.Errorf("sales by sector: %w: %d sectors, at most %d", ErrRange, len(b.SalesBySector), MaxSectors)
	}
	var top decimal.Decimal
	var tie Sector
	for i, ss := range b.SalesBySector {
		if err := checkSector(ss.Sector); err != nil {
			return "", false, fmt.Errorf("sales by sector %d: %w", i, err)
		}
		if err := checkAmount("sales of "+string(ss.Sector), ss.Sales); err != nil {
			return "", false, err
		}
		if ss.Sales.Sign() < 0 {
			return "", false, fmt.Errorf("sales of %s: %w: %s won", ss.Sector, ErrNegative, ss.Sales)
		}
		for _, prev := range b.SalesBySector[:i] {
			if prev.Sector == ss.Sector {
				return "", false, fmt.Errorf("sales by sector: %w: %s twice", ErrSector, ss.Sector)
			}
		}
		switch c := ss.Sales.Cmp(top); {
		case i == 0 || c > 0:
			s, top, tie = ss.Sector, ss.Sales, ""
		case c == 0:
			tie = ss.Sector
		}
	}
	switch {
	case tie != "":
		return "", false, fmt.Errorf("%w: %s and %s have the same largest sales, %s won: give the main line of business alone",
			ErrMainSector, s, tie, top)
	case b.Sector != "" && b.Sector != s:
		return "", false, fmt.Errorf("%w: %s is not the main line of business: %s has the largest sales", ErrSector, b.Sector, s)
	}
	return s, true, nil
}

// checkSector returns an error unless s is a KSIC code as ParseSector
// writes it.
func checkSector(s Sector) error {
	if s.IsValid() {
		return nil
	}
	if _, err := ParseSector(string(s)); err != nil {
		return err
	}
	return fmt.Errorf("%w: %q: write it as ParseSector returns it", ErrSector, clip(string(s)))
}

// countHalves counts b's workers in half workers summed over its
// month-end counts (months of them; 0 for a single count), so that the
// average is compared exactly: halves < 2 x limit x max(months, 1).
func countHalves(b *Business, partTime int) (halves int64, months int, err error) {
	if !inCount(b.RegularWorkers) || !inCount(b.Executives) || !inCount(b.DayWorkers) || !inCount(len(b.PartTimeHours)) {
		for _, c := range [...]struct {
			what string
			n    int
		}{{"regular workers", b.RegularWorkers}, {"executives", b.Executives}, {"day workers", b.DayWorkers}, {"part-timers", len(b.PartTimeHours)}} {
			if err := checkCount(c.what, c.n, MaxCount); err != nil {
				return 0, 0, err
			}
		}
	}
	months = len(b.MonthEndWorkers)
	switch {
	case months > 12:
		return 0, 0, fmt.Errorf("month-end counts: %w: %d, at most 12", ErrRange, months)
	case months > 0 && b.RegularWorkers != 0:
		return 0, 0, fmt.Errorf("regular workers: %w: %d and %d month-end counts: give one or the other", ErrRange, b.RegularWorkers, months)
	}
	full := int64(b.RegularWorkers)
	for i, n := range b.MonthEndWorkers {
		if err := checkCount("month-end count", n, MaxCount); err != nil {
			return 0, 0, fmt.Errorf("month %d: %w", i+1, err)
		}
		full += int64(n)
	}
	var parts int64
	for i, h := range b.PartTimeHours {
		if err := checkCount("hours a month", h, MaxMonthlyHours); err != nil {
			return 0, 0, fmt.Errorf("part-timer %d: %w", i, err)
		}
		if h >= partTime {
			parts++
		}
	}
	// The domains above keep these far from overflow.
	return 2*full + parts*int64(max(months, 1)), months, nil
}

// inCount reports whether n is in the domain of a head count.
func inCount(n int) bool { return n >= 0 && n <= MaxCount }

// checkGrace checks a declared grace's domain.
func checkGrace(g *Grace) error {
	switch {
	case g == nil:
		return nil
	case g.GrewOutIn < 1970 || g.GrewOutIn > 2199:
		return fmt.Errorf("grace: %w: grew out in %d, want 1970 to 2199", ErrRange, g.GrewOutIn)
	case g.Ended != "" && !slices.Contains(graceEnds, g.Ended):
		return fmt.Errorf("%w: %q (known: %v)", ErrGrace, clip(string(g.Ended)), graceEnds)
	}
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

// workersOf is the head count that halves half workers summed over
// months month-end counts (0: a single count) make, rounded half up to
// two places where it does not end there.
func workersOf(halves int64, months int) decimal.Decimal {
	if months <= 1 {
		if halves < int64(len(halfWorkers)) {
			return halfWorkers[halves]
		}
		return decimal.New(halves*5, -1)
	}
	return decimal.New(halves*5, -1).DivRound(decimal.NewFromInt(int64(months)), 2)
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
	// GraceYears is how many years after the one in which a small
	// business grew out of the definition it is still treated as one, and
	// GraceWorkers the head count that ends the grace early [P-SB-4]; zero
	// GraceYears: no grace.
	GraceYears   int `json:"graceYears,omitempty"`
	GraceWorkers int `json:"graceWorkers,omitempty"`
}

// IsZero reports whether t declares no test.
func (t SmallBusinessTest) IsZero() bool {
	return len(t.WorkerLimits) == 0 && t.DefaultWorkerLimit == 0 && t.PartTimeHours == 0 && len(t.Revenue) == 0 &&
		t.GraceYears == 0 && t.GraceWorkers == 0
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
		// [P-SB-4] (A) Small Business Basic Act art. 2(2): three years from the
		// year after the one in which the business grew; its decree art. 4(1)4:
		// 20 or more regular workers end it.
		GraceYears: 3, GraceWorkers: 20,
	}
}
