package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// The claims file has one row a report, with its claimant's fields
// repeated on each of the claimant's rows. The README documents it.
var (
	requiredFields = []string{"claimant_id", "kind", "report_id", "filed_at", "operator"}
	optionalFields = []string{
		"domestic_phone", "talk_channel", "sector", "regular_workers", "part_time_hours",
		"executives", "day_workers", "average_sales", "service", "paid", "money_lost", "loss",
	}
)

// badRow is a row that was refused, with its line number and reason.
type badRow struct {
	Line   int
	Reason string
}

// String writes "line N: reason".
func (b badRow) String() string { return fmt.Sprintf("line %d: %s", b.Line, b.Reason) }

// errFile is a file that cannot be read at all (as opposed to bad rows).
var errFile = errors.New("unreadable claims file")

// input is the claims of a file's good rows, in the order claimants first
// appear, with the line each claimant first appears on, and its bad rows.
type input struct {
	claims []programme.Claim
	lines  []int
	bad    []badRow
}

// readClaims reads a claims file, CSV or JSON Lines by its extension
// (.csv, .jsonl or .ndjson).
func readClaims(name string, r io.Reader) (input, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return collect(csvRows(r))
	case ".jsonl", ".ndjson":
		return collect(jsonRows(r))
	}
	return input{}, fmt.Errorf("%w: %s: want a .csv, .jsonl or .ndjson file", errFile, name)
}

// fields is one row's values by field name, with its line number.
type fields struct {
	line int
	v    map[string]string
	err  error // a row that could not even be split into fields
}

func csvRows(r io.Reader) func(yield func(fields) bool) error {
	return func(yield func(fields) bool) error {
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if err != nil {
			return fmt.Errorf("%w: reading the CSV header: %w", errFile, err)
		}
		for i, h := range header {
			header[i] = strings.TrimSpace(h)
			if !slices.Contains(requiredFields, header[i]) && !slices.Contains(optionalFields, header[i]) {
				return fmt.Errorf("%w: unknown column %q", errFile, header[i])
			}
		}
		for _, f := range requiredFields {
			if !slices.Contains(header, f) {
				return fmt.Errorf("%w: no %q column", errFile, f)
			}
		}
		for {
			rec, err := cr.Read()
			line, _ := cr.FieldPos(0)
			if err == io.EOF {
				return nil
			}
			row := fields{line: line, v: map[string]string{}}
			var pe *csv.ParseError
			switch {
			case errors.As(err, &pe):
				row.line, row.err = pe.Line, pe.Err
			case err != nil:
				return fmt.Errorf("%w: %w", errFile, err)
			case len(rec) != len(header):
				row.err = fmt.Errorf("%d fields, want %d", len(rec), len(header))
			default:
				for i, v := range rec {
					row.v[header[i]] = strings.TrimSpace(v)
				}
			}
			if !yield(row) {
				return nil
			}
		}
	}
}

func jsonRows(r io.Reader) func(yield func(fields) bool) error {
	return func(yield func(fields) bool) error {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for line := 1; sc.Scan(); line++ {
			text := strings.TrimSpace(sc.Text())
			if text == "" {
				continue
			}
			row := fields{line: line, v: map[string]string{}}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(text), &raw); err != nil {
				row.err = fmt.Errorf("not a JSON object: %w", err)
			}
			for k, m := range raw {
				if !slices.Contains(requiredFields, k) && !slices.Contains(optionalFields, k) {
					row.err = fmt.Errorf("unknown field %q", k)
					break
				}
				var s string
				if json.Unmarshal(m, &s) != nil { // a number, boolean or array as written
					s = strings.Trim(string(m), "[]")
					s = strings.ReplaceAll(s, ",", ";")
				}
				if string(m) != "null" {
					row.v[k] = s
				}
			}
			if !yield(row) {
				return nil
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%w: %w", errFile, err)
		}
		return nil
	}
}

// collect parses every row into claims, grouping rows by claimant.
func collect(rows func(yield func(fields) bool) error) (input, error) {
	var in input
	byID := map[string]int{} // claimant ID -> index in in.claims
	reportLine := map[string]int{}
	err := rows(func(f fields) bool {
		bad := func(reason string) bool {
			in.bad = append(in.bad, badRow{f.line, reason})
			return true
		}
		if f.err != nil {
			return bad(f.err.Error())
		}
		c, r, err := parseRow(f.v)
		switch {
		case err != nil:
			return bad(err.Error())
		case reportLine[r.ID] != 0:
			return bad(fmt.Sprintf("report_id %q repeats line %d", r.ID, reportLine[r.ID]))
		}
		i, ok := byID[c.ID]
		if !ok {
			i = len(in.claims)
			byID[c.ID] = i
			in.claims = append(in.claims, programme.Claim{Claimant: c})
			in.lines = append(in.lines, f.line)
		} else if !sameClaimant(in.claims[i].Claimant, c) {
			return bad(fmt.Sprintf("claimant %q: fields differ from line %d", c.ID, in.lines[i]))
		}
		reportLine[r.ID] = f.line
		in.claims[i].Reports = append(in.claims[i].Reports, r)
		return true
	})
	if err != nil {
		return input{}, err
	}
	return in, nil
}

func sameClaimant(a, b eligibility.Claimant) bool {
	if a.Kind != b.Kind || a.DomesticPhone != b.DomesticPhone || a.TalkChannel != b.TalkChannel || (a.Business == nil) != (b.Business == nil) {
		return false
	}
	if a.Business == nil {
		return true
	}
	x, y := a.Business, b.Business
	return x.Sector == y.Sector && x.RegularWorkers == y.RegularWorkers && slices.Equal(x.PartTimeHours, y.PartTimeHours) &&
		x.Executives == y.Executives && x.DayWorkers == y.DayWorkers && x.AverageSales.Equal(y.AverageSales)
}

// parseRow turns one row's fields into a claimant and a report.
func parseRow(v map[string]string) (eligibility.Claimant, eligibility.Report, error) {
	var c eligibility.Claimant
	var r eligibility.Report
	p := parser{v: v}
	for _, f := range requiredFields {
		if v[f] == "" {
			return c, r, fmt.Errorf("missing %s", f)
		}
	}
	c.ID, r.ID, r.Operator, r.Service = v["claimant_id"], v["report_id"], v["operator"], v["service"]
	c.Kind = p.kind("kind")
	c.DomesticPhone = p.bool("domestic_phone")
	c.TalkChannel = p.bool("talk_channel")
	r.FiledAt = p.time("filed_at")
	r.Paid = p.bool("paid")
	r.MoneyLost = p.bool("money_lost")
	r.Loss = p.won("loss")
	if v["sector"] != "" {
		c.Business = &eligibility.Business{
			Sector:         p.sector("sector"),
			RegularWorkers: p.count("regular_workers"),
			PartTimeHours:  p.counts("part_time_hours"),
			Executives:     p.count("executives"),
			DayWorkers:     p.count("day_workers"),
			AverageSales:   p.won("average_sales"),
		}
		if v["average_sales"] == "" && p.err == nil {
			p.err = errors.New("missing average_sales for a business with a sector")
		}
	}
	return c, r, p.err
}

// parser converts fields, keeping the first error.
type parser struct {
	v   map[string]string
	err error
}

func (p *parser) fail(field, format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("%s: "+format, append([]any{field}, args...)...)
	}
}

func (p *parser) kind(f string) eligibility.Kind {
	k, err := eligibility.ParseKind(p.v[f])
	if err != nil {
		p.fail(f, "%v", err)
	}
	return k
}

func (p *parser) sector(f string) eligibility.Sector {
	s, err := eligibility.ParseSector(p.v[f])
	if err != nil {
		p.fail(f, "%v", err)
	}
	return s
}

func (p *parser) bool(f string) bool {
	switch strings.ToLower(p.v[f]) {
	case "", "false", "0", "no", "n":
		return false
	case "true", "1", "yes", "y":
		return true
	}
	p.fail(f, "%q is not true or false", p.v[f])
	return false
}

func (p *parser) count(f string) int {
	if p.v[f] == "" {
		return 0
	}
	n, err := strconv.Atoi(p.v[f])
	if err != nil || n < 0 {
		p.fail(f, "%q is not a whole number of 0 or more", p.v[f])
	}
	return n
}

func (p *parser) counts(f string) []int {
	var out []int
	for _, s := range strings.FieldsFunc(p.v[f], func(r rune) bool { return r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			p.fail(f, "%q is not a list of hours separated by ';'", p.v[f])
			return nil
		}
		out = append(out, n)
	}
	return out
}

// won parses an amount of won: digits with an optional fraction, no sign,
// no exponent, at most 30 digits (anything longer is not a claim).
func (p *parser) won(f string) decimal.Decimal {
	s := p.v[f]
	if s == "" {
		return decimal.Decimal{}
	}
	if strings.HasPrefix(s, "-") {
		p.fail(f, "%q is negative", s)
		return decimal.Decimal{}
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(s) > 30 || whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		p.fail(f, "%q is not an amount of won", s)
		return decimal.Decimal{}
	}
	return decimal.RequireFromString(s)
}

// time parses RFC 3339 ("2022-10-20T14:00:00+09:00") or a KST local time
// ("2022-10-20 14:00" or with seconds).
func (p *parser) time(f string) time.Time {
	s := p.v[f]
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, kst); err == nil {
			return t
		}
	}
	p.fail(f, "%q is not a time (RFC 3339, or \"2006-01-02 15:04\" in KST)", s)
	return time.Time{}
}
