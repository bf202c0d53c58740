package claimsfile

import (
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/identity"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// parseRow turns one row's values into its claimant and its report
// (none for a row without a report_id).
func parseRow(v *values, sch *Schema) (c eligibility.Claimant, r eligibility.Report, hasReport bool, err error) {
	p := parser{v: v, sch: sch}
	for f := range numRequired {
		if v[f] == "" {
			return c, r, false, fmt.Errorf("missing %s", sch.names[f])
		}
	}
	hasReport = v[fReport] != ""
	for f := firstReportOnly; hasReport && f < reportRequired; f++ {
		if v[f] == "" {
			return c, r, false, fmt.Errorf("missing %s", sch.names[f])
		}
	}
	if !hasReport {
		for _, f := range []int{fFiled, fOperator, fService, fPaid, fMoneyLost, fLoss} {
			if v[f] != "" {
				return c, r, false, fmt.Errorf("%s without a report_id", sch.names[f])
			}
		}
	}
	for _, f := range []int{fClaimant, fReport} {
		if v[f] != "" {
			if err := identity.Check(sch.names[f], v[f]); err != nil {
				return c, r, false, err
			}
		}
	}
	c.ID, r.ID, r.Operator, r.Service = v[fClaimant], v[fReport], v[fOperator], v[fService]
	c.Kind = p.kind(fKind)
	sch.claimantOf(&p, &c)
	if hasReport {
		r.FiledAt = p.time(fFiled)
		r.Paid = p.bool(fPaid)
		r.MoneyLost = p.bool(fMoneyLost)
		r.Loss = p.amount(fLoss)
	}
	if v[fSector] != "" || v[fSalesBySector] != "" {
		c.Business = p.business()
	} else {
		for _, f := range []int{fWorkers, fPartTime, fExecutives, fDayWorkers, fSales, fMonthEnd, fGraceYear, fGraceEnded} {
			if v[f] != "" && p.err == nil {
				p.err = fmt.Errorf("%s without a sector or sales_by_sector: a business profile names its main line of business", sch.names[f])
			}
		}
	}
	return c, r, hasReport, p.err
}

// business reads a row's small-business profile.
func (p *parser) business() *eligibility.Business {
	v := p.v
	b := &eligibility.Business{
		RegularWorkers:  p.count(fWorkers),
		MonthEndWorkers: p.monthEnd(fMonthEnd),
		PartTimeHours:   p.counts(fPartTime),
		Executives:      p.count(fExecutives),
		DayWorkers:      p.count(fDayWorkers),
		AverageSales:    p.amount(fSales),
		SalesBySector:   p.salesBySector(fSalesBySector),
	}
	if v[fSector] != "" {
		b.Sector = p.sector(fSector)
	}
	switch {
	case v[fGraceYear] != "":
		b.Grace = &eligibility.Grace{GrewOutIn: p.year(fGraceYear), Ended: eligibility.GraceEnd(v[fGraceEnded])}
	case v[fGraceEnded] != "":
		p.fail(fGraceEnded, "without grace_grew_out_in: the grace names the year the business grew")
	}
	if v[fSales] == "" && p.err == nil {
		p.err = errors.New("missing average_sales for a business with a sector")
	}
	return b
}

func sameClaimant(a, b eligibility.Claimant) bool {
	if a.Kind != b.Kind || !slices.Equal(a.Attributes, b.Attributes) || !maps.EqualFunc(a.Bases, b.Bases, decimal.Decimal.Equal) ||
		(a.Business == nil) != (b.Business == nil) {
		return false
	}
	if a.Business == nil {
		return true
	}
	x, y := a.Business, b.Business
	return slices.Equal(x.PartTimeHours, y.PartTimeHours) && x.Sector == y.Sector && x.RegularWorkers == y.RegularWorkers &&
		x.Executives == y.Executives && x.DayWorkers == y.DayWorkers && x.AverageSales.Equal(y.AverageSales) &&
		slices.Equal(x.MonthEndWorkers, y.MonthEndWorkers) && (x.Grace == nil) == (y.Grace == nil) && (x.Grace == nil || *x.Grace == *y.Grace) &&
		slices.EqualFunc(x.SalesBySector, y.SalesBySector, func(s, t eligibility.SectorSales) bool { return s.Sector == t.Sector && s.Sales.Equal(t.Sales) })
}

// parser converts fields, keeping the first error.
type parser struct {
	v   *values
	sch *Schema
	err error
}

func (p *parser) fail(f int, format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("%s: "+format, append([]any{p.sch.names[f]}, args...)...)
	}
}

func (p *parser) kind(f int) eligibility.Kind {
	k, err := eligibility.ParseKind(p.v[f])
	if err != nil {
		p.fail(f, "%v", err)
	}
	return k
}

func (p *parser) sector(f int) eligibility.Sector {
	s, err := eligibility.ParseSector(p.v[f])
	if err != nil {
		p.fail(f, "%v", err)
	}
	return s
}

func (p *parser) bool(f int) bool {
	switch s := p.v[f]; {
	case s == "false" || s == "" || s == "0": // most rows: as written by a program
		return false
	case s == "true" || s == "1":
		return true
	case strings.EqualFold(s, "false") || strings.EqualFold(s, "no") || strings.EqualFold(s, "n"):
		return false
	case strings.EqualFold(s, "true") || strings.EqualFold(s, "yes") || strings.EqualFold(s, "y"):
		return true
	}
	p.fail(f, "%q is not true or false", clip(p.v[f]))
	return false
}

// count parses a whole number from 0 to 1,000,000 (the domain of a head
// count, eligibility.MaxCount).
func (p *parser) count(f int) int {
	if p.v[f] == "" {
		return 0
	}
	n, err := strconv.Atoi(p.v[f])
	if err != nil || n < 0 || n > eligibility.MaxCount {
		p.fail(f, "%q is not a whole number from 0 to %d", clip(p.v[f]), eligibility.MaxCount)
	}
	return n
}

func (p *parser) counts(f int) []int {
	var out []int
	for s := range listItems(p.v[f]) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > eligibility.MaxMonthlyHours || len(out) == eligibility.MaxCount {
			p.fail(f, "%q is not a list of hours (0 to %d) separated by ';'", clip(p.v[f]), eligibility.MaxMonthlyHours)
			return nil
		}
		out = append(out, n)
	}
	return out
}

// monthEnd parses the month-end counts of regular workers: at most 12
// whole numbers from 0 to 1,000,000, separated by ';'.
func (p *parser) monthEnd(f int) []int {
	var out []int
	for s := range listItems(p.v[f]) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > eligibility.MaxCount || len(out) == 12 {
			p.fail(f, "%q is not a list of at most 12 month-end counts (0 to %d) separated by ';'", clip(p.v[f]), eligibility.MaxCount)
			return nil
		}
		out = append(out, n)
	}
	return out
}

// salesBySector parses a business's sales by sector: CODE:amount pairs
// separated by ';' ("I56:600000000;G47:300000000"), at most
// eligibility.MaxSectors.
func (p *parser) salesBySector(f int) []eligibility.SectorSales {
	var out []eligibility.SectorSales
	for pair := range listItems(p.v[f]) {
		code, amount, ok := strings.Cut(pair, ":")
		sector, err := eligibility.ParseSector(code)
		if !ok || err != nil || len(out) == eligibility.MaxSectors {
			p.fail(f, "%q is not a list of at most %d KSIC:sales pairs separated by ';'", clip(p.v[f]), eligibility.MaxSectors)
			return nil
		}
		sales, err := parseAmount(amount)
		if err != nil {
			p.fail(f, "sales of %s: %v", sector, err)
			return nil
		}
		out = append(out, eligibility.SectorSales{Sector: sector, Sales: sales})
	}
	return out
}

// listItems yields the items of a list field: the runs of bytes between
// separators, a ';' or a space, as strings.FieldsFunc splits at them (a
// byte of a multi-byte rune is never one), without a slice.
func listItems(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1 // where the item being read began; -1 between items
		for i := 0; i <= len(s); i++ {
			switch {
			case i < len(s) && s[i] != ';' && s[i] != ' ':
				if start < 0 {
					start = i
				}
			case start >= 0:
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
		}
	}
}

// year parses a calendar year from 1970 to 2199.
func (p *parser) year(f int) int {
	n, err := strconv.Atoi(p.v[f])
	if err != nil || n < 1970 || n > 2199 {
		p.fail(f, "%q is not a year from 1970 to 2199", clip(p.v[f]))
	}
	return n
}

// amount parses an amount: digits with an optional fraction, no sign, no
// exponent, at most 30 digits (the library's amount domain).
func (p *parser) amount(f int) decimal.Decimal {
	if p.v[f] == "" {
		return decimal.Decimal{}
	}
	d, err := parseAmount(p.v[f])
	if err != nil {
		p.fail(f, "%v", err)
	}
	return d
}

// parseAmount is amount's reading of one figure.
func parseAmount(s string) (decimal.Decimal, error) {
	if d, ok := plainAmount(s); ok {
		return d, nil
	}
	return readAmount(s)
}

// readAmount is parseAmount in full, for any string.
func readAmount(s string) (decimal.Decimal, error) {
	if strings.HasPrefix(s, "-") {
		return decimal.Decimal{}, fmt.Errorf("%q is negative", clip(s))
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole)+len(frac) > 30 || whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return decimal.Decimal{}, fmt.Errorf("%q is not an amount (digits, an optional fraction, at most 30 digits)", clip(s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q is not an amount", clip(s))
	}
	return d, nil
}

// plainAmount reads the amounts of most rows, digits with an optional
// fraction, 18 digits at most, as decimal.NewFromString reads them (the
// digits as the coefficient, the fraction's length as the exponent),
// without its work; ok is false for anything else, which parseAmount
// reads in full.
func plainAmount(s string) (d decimal.Decimal, ok bool) {
	var n int64
	digits, point := 0, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			digits++
		case c == '.' && point < 0 && i > 0:
			point = i
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || digits > 18 || point == len(s)-1 {
		return decimal.Decimal{}, false
	}
	exp := 0
	if point >= 0 {
		exp = point + 1 - len(s)
	}
	return decimal.New(n, int32(exp)), true
}

// time parses RFC 3339 ("2022-10-20T14:00:00+09:00") or a local time
// ("2022-10-20 14:00" or with seconds) in the programme's zone.
func (p *parser) time(f int) time.Time {
	s := p.v[f]
	if t, ok := plainRFC3339(s); ok { // most rows
		return t
	}
	if len(s) >= 19 && s[10] == 'T' {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if len(s) == len(layout) {
			if t, err := time.ParseInLocation(layout, s, p.sch.zone); err == nil {
				return t
			}
		}
	}
	p.fail(f, "%q is not a time (RFC 3339, or \"2006-01-02 15:04\" in %s)", clip(s), p.sch.zone)
	return time.Time{}
}

// plainRFC3339 reads the RFC 3339 times of most rows, to the second with
// "Z" or an offset ("2022-10-20T14:00:00+09:00"), as time.Parse reads
// them: the same instant, in UTC for "Z", and otherwise in the local zone
// where its offset then is the time's, or else a fixed zone of the
// offset. ok is false for anything else (a fraction of a second, a date
// that is not in the calendar), which time.Parse reads.
func plainRFC3339(s string) (t time.Time, ok bool) {
	if len(s) != 20 && len(s) != 25 {
		return time.Time{}, false
	}
	unix, ok := plainDateTime(s[:19])
	switch {
	case !ok:
		return time.Time{}, false
	case len(s) == 20:
		return time.Unix(unix, 0).UTC(), s[19] == 'Z'
	}
	offset, ok := plainOffset(s[19:])
	if !ok {
		return time.Time{}, false
	}
	t = time.Unix(unix-int64(offset), 0)
	if _, local := t.Zone(); local == offset { // time.Unix gives the local zone
		return t, true
	}
	return t.In(time.FixedZone("", offset)), true
}

// plainDateTime reads "2006-01-02T15:04:05", a date of the calendar and
// a time of day, as seconds since 1970 in UTC.
func plainDateTime(s string) (int64, bool) {
	if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	centuries, years, month := twoDigits(s, 0, 0, 99), twoDigits(s, 2, 0, 99), twoDigits(s, 5, 1, 12)
	hour, minute, second := twoDigits(s, 11, 0, 23), twoDigits(s, 14, 0, 59), twoDigits(s, 17, 0, 59)
	if min(centuries, years, month, hour, minute, second) < 0 {
		return 0, false
	}
	year := centuries*100 + years
	day := twoDigits(s, 8, 1, daysIn(month, year))
	if day < 0 {
		return 0, false
	}
	return daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+second), true
}

// plainOffset reads a zone's offset, "+09:00" or "-04:30" (hours to 23,
// minutes to 59, as time.Parse's short path takes them), as seconds east
// of UTC.
func plainOffset(s string) (int, bool) {
	hours, minutes := twoDigits(s, 1, 0, 23), twoDigits(s, 4, 0, 59)
	if hours < 0 || minutes < 0 || s[3] != ':' || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	offset := hours*3600 + minutes*60
	if s[0] == '-' {
		offset = -offset
	}
	return offset, true
}

// twoDigits reads the two decimal digits of s at i as a number from lo to
// hi; it is -1 for anything else.
func twoDigits(s string, i, lo, hi int) int {
	a, b := s[i]-'0', s[i+1]-'0'
	if n := int(a)*10 + int(b); a <= 9 && b <= 9 && n >= lo && n <= hi {
		return n
	}
	return -1
}

// daysIn is the number of days in a month of the proleptic Gregorian
// calendar.
func daysIn(month, year int) int {
	switch {
	case month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0):
		return 29
	case month == 2:
		return 28
	case month == 4 || month == 6 || month == 9 || month == 11:
		return 30
	}
	return 31
}

// daysSinceEpoch is the number of days from 1970-01-01 to a date of the
// proleptic Gregorian calendar, years 0 to 9999 (the civil-from-days
// reckoning by eras of 400 years, counted from March).
func daysSinceEpoch(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := (year+400)/400 - 1                 // year/400 rounded down: year is -1 at the least
	yoe := year - era*400                     // 0 to 399
	doy := (153*((month+9)%12)+2)/5 + day - 1 // 0 to 365, from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy    // 0 to 146096
	return int64(era)*146097 + int64(doe) - 719468
}

// claimedAt reads a row's claimed_at: the zero Time where it is empty.
func (sch *Schema) claimedAt(v *values) (time.Time, error) {
	if v[fClaimed] == "" {
		return time.Time{}, nil
	}
	p := parser{v: v, sch: sch}
	t := p.time(fClaimed)
	if p.err == nil {
		p.err = grants.CheckInstant("claimed_at", t)
	}
	return t, p.err
}

// clip is how the simulator quotes a value of the input back.
var clip = identity.Clip
