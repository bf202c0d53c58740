package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/identity"
	"github.com/outagerelief/relief/strictjson"
	"github.com/shopspring/decimal"
)

// The claims file has one row a report (or a row of a claimant with no
// report), with its claimant's fields repeated on each of the claimant's
// rows: the fixed fields, then the programme's attributes and bases (see
// schema). The README documents it.
const (
	fClaimant = iota
	fKind
	fReport
	fFiled
	fOperator
	fSector
	fWorkers
	fPartTime
	fExecutives
	fDayWorkers
	fSales
	fMonthEnd
	fSalesBySector
	fGraceYear
	fGraceEnded
	fService
	fPaid
	fMoneyLost
	fLoss
	fExtra          // the first of the programme's attributes and bases
	numFields       = fExtra + 12
	numRequired     = fKind + 1     // claimant_id and kind: every row has them
	reportRequired  = fOperator + 1 // with a report_id, filed_at and operator too
	firstReportOnly = fReport
)

// fixedNames are the fixed fields' columns.
var fixedNames = [fExtra]string{
	"claimant_id", "kind", "report_id", "filed_at", "operator",
	"sector", "regular_workers", "part_time_hours",
	"executives", "day_workers", "average_sales", "month_end_workers", "sales_by_sector", "grace_grew_out_in", "grace_ended",
	"service", "paid", "money_lost", "loss",
}

// maxLine bounds a row: a longer line is a bad row, skipped.
const maxLine = 1 << 20

// badRow is a row that was refused, with its line number and reason.
type badRow struct {
	Line   int
	Reason string
}

// String writes "line N: reason".
func (b badRow) String() string { return fmt.Sprintf("line %d: %s", b.Line, b.Reason) }

// errFile is a file that cannot be read at all (as opposed to bad rows).
var errFile = errors.New("unreadable claims file")

// values are one row's fields, by field number; "" where absent.
type values [numFields]string

// format is how a claims stream is written.
type format int

const (
	formatCSV format = iota + 1
	formatJSONL
)

// formatOf names the format of a claims file by its extension; for
// standard input ("-") it is sniffed from the first byte by the caller.
func formatOf(name string) (format, error) {
	switch {
	case strings.HasSuffix(strings.ToLower(name), ".csv"):
		return formatCSV, nil
	case strings.HasSuffix(strings.ToLower(name), ".jsonl"), strings.HasSuffix(strings.ToLower(name), ".ndjson"):
		return formatJSONL, nil
	}
	return 0, fmt.Errorf("%w: %s: want a .csv, .jsonl or .ndjson file", errFile, name)
}

// skipBOM drops a UTF-8 byte-order mark at the start of r.
func skipBOM(r *bufio.Reader) {
	if b, err := r.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		r.Discard(3)
	}
}

// sniff tells CSV from JSON Lines by the first byte that is not space.
func sniff(r *bufio.Reader) format {
	for n := 1; n <= 4096; n++ {
		b, err := r.Peek(n)
		if err != nil || len(b) < n {
			return formatCSV
		}
		switch b[n-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return formatJSONL
		}
		return formatCSV
	}
	return formatCSV
}

// scanRows reads a claims stream and hands each row's values, or the
// reason it could not be split into fields, to each. It stops when each
// returns false. An empty stream, CSV or JSON Lines, has no rows. The
// values are each's only during the call: they may be used again for
// the next row.
func scanRows(r *bufio.Reader, f format, sch *schema, each func(line int, v *values, bad string) bool) error {
	return scanFields(r, f, sch, nil, each)
}

// scanFields is scanRows where only the fields named matter (all where
// only is nil): a CSV line is split as far as the last of them, its other
// values left empty. Rows are good or bad as scanRows finds them. Where
// only is given, a CSV row's values may be views of r's buffer, not
// copies: each must not keep them past the call.
func scanFields(r *bufio.Reader, f format, sch *schema, only []int, each func(line int, v *values, bad string) bool) error {
	skipBOM(r)
	if f == formatJSONL {
		return scanJSON(r, sch, each)
	}
	return scanCSV(r, sch, only, each)
}

// scanCSV reads CSV rows, a line each: no field of the schema holds a
// line break, so a quoted field is closed on its own line or the line is
// a bad row, and the next line is read as the next row. A line is split
// as encoding/csv splits it (RFC 4180: fields at commas, or at tabs
// where the header has tabs and no comma, as Excel's "Unicode text"
// saves; a quoted field's "" is a quote), without encoding/csv's work
// byte by byte on a line without quotes.
func scanCSV(r *bufio.Reader, sch *schema, only []int, each func(line int, v *values, bad string) bool) error {
	s := csvScan{each: each, only: only, sch: sch}
	_, err := s.readLines(r, 0)
	return err
}

// lineReader reads a stream's lines, each at most maxLine bytes: a longer
// one is skipped to its end without being held, whatever its length.
type lineReader struct {
	r    *bufio.Reader
	long []byte // a line longer than r's buffer, put together
}

// next returns the next line without its end (\n or \r\n, and a \r
// at the end of the stream dropped, as encoding/csv reads lines), a view
// of the reader's buffer valid until the next call; tooLong where the
// line was over maxLine (then line is empty); ok false at the end of the
// stream.
func (lr *lineReader) next() (line []byte, tooLong, ok bool, err error) {
	raw, err := lr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		raw, tooLong, err = lr.rest(raw)
	}
	switch {
	case err != nil && err != io.EOF:
		return nil, false, false, fmt.Errorf("%w: %w", errFile, err)
	case tooLong:
		return nil, true, true, nil
	case len(raw) == 0:
		return nil, false, false, nil
	}
	b := trimLineEnd(raw, err == io.EOF)
	if len(b) > maxLine {
		return nil, true, true, nil
	}
	return b, false, true, nil
}

// rest reads the rest of a line longer than the reader's buffer, of which
// start was read: the whole line, put together in lr.long, or tooLong
// once it passes maxLine (and its end, \r\n at most), after which the
// rest is read and dropped.
func (lr *lineReader) rest(start []byte) (raw []byte, tooLong bool, err error) {
	lr.long = append(lr.long[:0], start...)
	for err = bufio.ErrBufferFull; err == bufio.ErrBufferFull; {
		raw, err = lr.r.ReadSlice('\n')
		if !tooLong && len(lr.long)+len(raw) > maxLine+2 {
			tooLong, lr.long = true, lr.long[:0]
		}
		if !tooLong {
			lr.long = append(lr.long, raw...)
		}
	}
	return lr.long, tooLong, err
}

// trimLineEnd drops a line's end as encoding/csv reads it: \r\n or \n,
// and, at the end of the stream, a lone \r.
func trimLineEnd(b []byte, atEOF bool) []byte {
	if atEOF && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	if n := len(b); n >= 2 && b[n-2] == '\r' && b[n-1] == '\n' {
		return b[:n-2]
	} else if n >= 1 && b[n-1] == '\n' {
		return b[:n-1]
	}
	return b
}

// readLines reads CSV lines from r, numbered after line, and hands each
// on as a row (the first as the header); a line over maxLine, one that
// is not valid UTF-8 or whose quotes do not split is a bad row (in the
// header, the file's error). It returns the number of the last line it
// read.
func (s *csvScan) readLines(r *bufio.Reader, line int) (int, error) {
	lr := lineReader{r: r}
	rec := make([]string, 0, numFields)
	for {
		b, tooLong, ok, err := lr.next()
		if !ok || err != nil {
			return line, err
		}
		line++
		if len(b) == 0 && !tooLong { // encoding/csv skips empty lines
			continue
		}
		var fields int
		var bad string
		if rec, fields, bad = s.splitLine(b, tooLong, rec[:0]); bad != "" {
			if s.cols == nil {
				return line, fmt.Errorf("%w: reading the CSV header: %s", errFile, bad)
			}
			if !s.each(line, nil, bad) {
				return line, nil
			}
			continue
		}
		if more, err := s.record(line, rec, fields); !more || err != nil {
			return line, err
		}
	}
}

// splitLine splits one line into rec: its fields (as far as the last one
// wanted, for a line without quotes) and how many it has, or why it is a
// bad row. The header's separator, a tab where it has tabs and no comma,
// is the file's.
func (s *csvScan) splitLine(b []byte, tooLong bool, rec []string) ([]string, int, string) {
	switch {
	case tooLong:
		return rec, 0, fmt.Sprintf("longer than %d bytes", maxLine)
	case !utf8.Valid(b):
		return rec, 0, notUTF8
	}
	var text string
	if s.only != nil { // a view: each keeps nothing (scanFields)
		text = unsafe.String(unsafe.SliceData(b), len(b))
	} else {
		text = string(b)
	}
	if s.cols == nil && strings.IndexByte(text, '\t') >= 0 && strings.IndexByte(text, ',') < 0 {
		s.sep = '\t'
	}
	sep := cmp.Or(s.sep, ',')
	if strings.IndexByte(text, '"') < 0 {
		rec, fields := s.split(text, sep, rec)
		return rec, fields, ""
	}
	rec, err := splitQuoted(text, sep, rec)
	if err != nil {
		return rec, 0, err.Error()
	}
	return rec, len(rec), ""
}

// notUTF8 is the bad row of a line that is not valid UTF-8.
const notUTF8 = "not valid UTF-8 (the file is read as UTF-8: see -encoding)"

// split splits a line without quotes at sep, as far as the last field
// wanted, into rec; it returns rec and the line's number of fields.
func (s *csvScan) split(text string, sep byte, rec []string) ([]string, int) {
	fields := strings.Count(text, string(sep)) + 1
	n := fields
	if s.cols != nil && s.need < n {
		n = s.need
	}
	for len(rec) < n-1 {
		i := strings.IndexByte(text, sep)
		rec, text = append(rec, text[:i]), text[i+1:]
	}
	if n < fields {
		text = text[:strings.IndexByte(text, sep)]
	}
	return append(rec, text), fields
}

// splitQuoted splits a line that holds a double quote into rec as
// encoding/csv splits a record on one line: a field that begins with a
// quote runs to the next quote that is not doubled, which ends the field
// or the line; a quote anywhere else is bare. Its errors are
// encoding/csv's: csv.ErrQuote for a quoted field not closed on the line
// or followed by more than a separator, csv.ErrBareQuote.
func splitQuoted(line string, sep byte, rec []string) ([]string, error) {
	for {
		if line == "" || line[0] != '"' {
			field, rest, more := strings.Cut(line, string(sep))
			if strings.IndexByte(field, '"') >= 0 {
				return rec, csv.ErrBareQuote
			}
			rec = append(rec, field)
			if !more {
				return rec, nil
			}
			line = rest
			continue
		}
		var b strings.Builder
		i := 1
		for {
			j := strings.IndexByte(line[i:], '"')
			if j < 0 {
				return rec, fmt.Errorf("%w: a quoted field is not closed on its line (no field holds a line break)", csv.ErrQuote)
			}
			b.WriteString(line[i : i+j])
			i += j + 1
			if i < len(line) && line[i] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			break
		}
		rec = append(rec, b.String())
		switch {
		case i == len(line):
			return rec, nil
		case line[i] != sep:
			return rec, csv.ErrQuote
		}
		line = line[i+1:]
	}
}

// csvScan turns CSV records into rows: the first is the header, which
// says which column is which field.
type csvScan struct {
	sch  *schema
	each func(line int, v *values, bad string) bool
	only []int  // the fields wanted; nil for all
	cols []int  // the field of each column; nil before the header
	need int    // how many leading columns hold the fields wanted
	v    values // the row handed to each, used again for the next
	sep  byte   // the separator: ',' (0 before the header), or '\t'
}

// record takes the record on line, of fields fields of which rec holds
// the first (all of them, or as many as the fields wanted need); it
// returns false to stop.
func (s *csvScan) record(line int, rec []string, fields int) (bool, error) {
	if s.cols == nil {
		cols, err := columns(rec, s.sch)
		s.cols, s.need = cols, len(cols)
		if s.only != nil {
			s.need = 0
			for i, f := range cols {
				if slices.Contains(s.only, f) {
					s.need = i + 1
				}
			}
		}
		return err == nil, err
	}
	if fields != len(s.cols) {
		return s.each(line, nil, fmt.Sprintf("%d fields, want %d", fields, len(s.cols))), nil
	}
	s.v = values{}
	for i, f := range rec {
		s.v[s.cols[i]] = trimmed(s.cols[i], f)
	}
	return s.each(line, &s.v, ""), nil
}

// trimmed is a value of field f with the spaces around it dropped, but
// for an identity's: a claimant or report ID is taken as written, and
// refused if spaces surround it (package identity).
func trimmed(f int, value string) string {
	if f == fClaimant || f == fReport {
		return value
	}
	return strings.TrimSpace(value)
}

// columns reads the header: the field each column holds. Every column
// must be known and once, and every required field there.
func columns(header []string, sch *schema) ([]int, error) {
	cols := make([]int, len(header))
	seen := [numFields]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		cols[i] = sch.fieldIndex(h)
		if cols[i] < 0 {
			return nil, fmt.Errorf("%w: unknown column %q", errFile, clip(h))
		}
		if seen[cols[i]] {
			return nil, fmt.Errorf("%w: column %q twice", errFile, h)
		}
		seen[cols[i]] = true
	}
	for f := range numRequired {
		if !seen[f] {
			return nil, fmt.Errorf("%w: no %q column", errFile, sch.names[f])
		}
	}
	return cols, nil
}

func scanJSON(r *bufio.Reader, sch *schema, each func(line int, v *values, bad string) bool) error {
	lr := lineReader{r: r}
	for line := 1; ; line++ {
		b, tooLong, ok, err := lr.next()
		if !ok || err != nil {
			return err
		}
		var v *values
		var bad string
		switch text := bytes.TrimSpace(b); {
		case tooLong:
			bad = fmt.Sprintf("longer than %d bytes", maxLine)
		case !utf8.Valid(text):
			bad = notUTF8
		case len(text) == 0:
			continue
		default:
			v, bad = jsonValues(text, sch)
		}
		if !each(line, v, bad) {
			return nil
		}
	}
}

// jsonValues reads one JSON object into values: each key is a column of
// the schema; a string as it is, a number normalised to plain digits
// (1e6 is 1000000), a boolean as "true" or "false", an array of numbers
// (part_time_hours) joined by ";", null as absent.
func jsonValues(text []byte, sch *schema) (*values, string) {
	var m map[string]json.RawMessage
	if err := strictjson.Decode(text, &m); err != nil || m == nil {
		msg := "want an object"
		if err != nil {
			msg = err.Error()
		}
		return nil, "not a JSON object: " + strings.TrimPrefix(msg, "json: ")
	}
	var v values
	for key, raw := range m {
		f := sch.fieldIndex(key)
		if f < 0 {
			return nil, fmt.Sprintf("unknown field %q", clip(key))
		}
		s, err := jsonScalar(raw, f == fPartTime || f == fMonthEnd)
		if err != nil {
			return nil, key + ": " + err.Error()
		}
		v[f] = s
	}
	return &v, ""
}

func jsonScalar(raw json.RawMessage, list bool) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return strings.TrimSpace(s), nil
	case string(raw) == "true" || string(raw) == "false":
		return string(raw), nil
	case raw[0] == '[' && list:
		var nums []json.RawMessage
		if err := json.Unmarshal(raw, &nums); err != nil {
			return "", errors.New("want an array of numbers")
		}
		out := make([]string, len(nums))
		for i, n := range nums {
			if len(n) == 0 || n[0] != '-' && (n[0] < '0' || n[0] > '9') {
				return "", errors.New("want an array of numbers")
			}
			s, err := jsonNumber(string(n))
			if err != nil {
				return "", err
			}
			out[i] = s
		}
		return strings.Join(out, ";"), nil
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return jsonNumber(string(raw))
	}
	return "", fmt.Errorf("want a string, a number or a boolean, got %.20s", raw)
}

// jsonNumber writes a JSON number in plain digits, refusing one whose
// digits would be without bound (1e999999999).
func jsonNumber(s string) (string, error) {
	if len(s) > strictjson.MaxNumber { // refused before it is parsed
		return "", fmt.Errorf("%q is out of range", clip(s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a number", clip(s))
	}
	if e := d.Exponent(); e < -64 || e > 64 || d.NumDigits() > 30 {
		return "", fmt.Errorf("%q is out of range", clip(s))
	}
	return d.String(), nil
}

// parseRow turns one row's values into its claimant and its report
// (none for a row without a report_id).
func parseRow(v *values, sch *schema) (c eligibility.Claimant, r eligibility.Report, hasReport bool, err error) {
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
	sch *schema
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
	case s == "" || s == "false" || s == "0" || strings.EqualFold(s, "false") || strings.EqualFold(s, "no") || strings.EqualFold(s, "n"):
		return false
	case s == "true" || s == "1" || strings.EqualFold(s, "true") || strings.EqualFold(s, "yes") || strings.EqualFold(s, "y"):
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
	for _, s := range strings.FieldsFunc(p.v[f], func(r rune) bool { return r == ';' || r == ' ' }) {
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
	for _, s := range strings.FieldsFunc(p.v[f], func(r rune) bool { return r == ';' || r == ' ' }) {
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
	for _, pair := range strings.FieldsFunc(p.v[f], func(r rune) bool { return r == ';' || r == ' ' }) {
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

// time parses RFC 3339 ("2022-10-20T14:00:00+09:00") or a KST local time
// ("2022-10-20 14:00" or with seconds).
func (p *parser) time(f int) time.Time {
	s := p.v[f]
	if len(s) >= 19 && s[10] == 'T' {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if len(s) == len(layout) {
			if t, err := time.ParseInLocation(layout, s, kst); err == nil {
				return t
			}
		}
	}
	p.fail(f, "%q is not a time (RFC 3339, or \"2006-01-02 15:04\" in KST)", clip(s))
	return time.Time{}
}

// clip is how the simulator quotes a value of the input back.
var clip = identity.Clip
