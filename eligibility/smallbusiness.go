package eligibility

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Business is the profile the small-business test reads [P-SB-1..3].
type Business struct {
	Sector Sector `json:"sector"`
	// RegularWorkers is the number of regular full-time workers.
	RegularWorkers int `json:"regularWorkers"`
	// PartTimeHours lists each part-timer's monthly hours of work.
	PartTimeHours []int `json:"partTimeHours,omitempty"`
	// Executives and DayWorkers (with short-contract staff) are not
	// counted [P-SB-2]; they are here so that the verdict can say so.
	Executives int `json:"executives,omitempty"`
	DayWorkers int `json:"dayWorkers,omitempty"`
	// AverageSales is the average annual sales, in won [P-SB-3].
	AverageSales decimal.Decimal `json:"averageSales"`
}

// Criterion is one test of a verdict, met or missed, with its rule.
type Criterion struct {
	Rule string `json:"rule"`
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
	// [P-SB-2]; it must stay below Limit, the sector's limit [P-SB-1].
	Workers    decimal.Decimal
	Limit      int
	WorkersMet bool
	// Sales must not exceed Ceiling, the ceiling for Sector in the
	// revenue table in force, which took effect on TableFrom [P-SB-3].
	Sales     decimal.Decimal
	Ceiling   decimal.Decimal
	SalesMet  bool
	TableFrom time.Time

	partTimeHours, executives, dayWorkers int // for the explanation
}

// Criteria lists each criterion of the test, met or missed, with the
// figures it compared.
func (v Verdict) Criteria() []Criterion {
	return []Criterion{
		{Rule: "P-SB-1", Met: v.WorkersMet, Text: fmt.Sprintf("%s regular workers (part-timers from %d hours a month count 0.5; %d executives and %d day workers not counted) against fewer than %d in %s",
			v.Workers, v.partTimeHours, v.executives, v.dayWorkers, v.Limit, v.Sector)},
		{Rule: "P-SB-3", Met: v.SalesMet, Text: fmt.Sprintf("average annual sales of %s won against a ceiling of %s won for %s in the table from %s",
			v.Sales, v.Ceiling, v.Sector, v.TableFrom.In(kst).Format(time.DateOnly))},
	}
}

// MarshalJSON encodes the verdict with its criteria, amounts as decimal
// strings.
func (v Verdict) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Small     bool            `json:"small"`
		Sector    Sector          `json:"sector"`
		Workers   decimal.Decimal `json:"workers"`
		Limit     int             `json:"workerLimit"`
		Sales     decimal.Decimal `json:"sales"`
		Ceiling   decimal.Decimal `json:"ceiling"`
		TableFrom string          `json:"tableFrom"`
		Criteria  []Criterion     `json:"criteria"`
	}{v.Small, v.Sector, v.Workers, v.Limit, v.Sales, v.Ceiling, v.TableFrom.In(kst).Format(time.DateOnly), v.Criteria()})
}

// SmallBusiness tests whether b is a small business (소상공인) on the date
// at [P-SB-1, P-SB-2, P-SB-3]: fewer regular workers than its sector's
// limit, part-timers of PartTimeHours a month or more counting half and
// others none, executives and day workers not counted; and average annual
// sales at or below the ceiling of the revenue table in force at at. A
// business that fails is a verdict with Small false, not an error.
//
// It returns an error if:
//   - at is before the first revenue table ([ErrBeforeTables]);
//   - the table in force has no ceiling for b.Sector ([ErrUnknownSector]);
//   - a count, an hour figure or the sales are negative ([ErrNegative]);
//   - p is the zero Policy ([ErrConfig]).
func (p Policy) SmallBusiness(b Business, at time.Time) (Verdict, error) {
	if p.c == nil {
		return Verdict{}, fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	if err := checkRange("average sales", b.AverageSales); err != nil {
		return Verdict{}, err
	}
	if b.RegularWorkers < 0 || b.Executives < 0 || b.DayWorkers < 0 || b.AverageSales.Sign() < 0 {
		return Verdict{}, fmt.Errorf("%w: workers %d, executives %d, day workers %d, sales %s won",
			ErrNegative, b.RegularWorkers, b.Executives, b.DayWorkers, b.AverageSales)
	}
	t, err := p.table(at)
	if err != nil {
		return Verdict{}, err
	}
	ceiling, ok := t.Ceilings[b.Sector]
	if !ok {
		return Verdict{}, fmt.Errorf("%w: %q in the table from %s", ErrUnknownSector, b.Sector, t.From.In(kst).Format(time.DateOnly))
	}
	// Count in half workers, so the sum stays an exact integer.
	halves := 2 * b.RegularWorkers
	for _, h := range b.PartTimeHours {
		if h < 0 {
			return Verdict{}, fmt.Errorf("%w: part-timer with %d hours a month", ErrNegative, h)
		}
		if h >= p.c.PartTimeHours {
			halves++
		}
	}
	limit, ok := p.c.WorkerLimits[b.Sector]
	if !ok {
		limit = p.c.DefaultWorkerLimit
	}
	v := Verdict{
		Sector:        b.Sector,
		Workers:       decimal.New(int64(halves)*5, -1),
		Limit:         limit,
		WorkersMet:    halves < 2*limit,
		Sales:         b.AverageSales,
		Ceiling:       ceiling,
		SalesMet:      b.AverageSales.Cmp(ceiling) <= 0,
		TableFrom:     t.From,
		partTimeHours: p.c.PartTimeHours,
		executives:    b.Executives,
		dayWorkers:    b.DayWorkers,
	}
	v.Small = v.WorkersMet && v.SalesMet
	return v, nil
}
