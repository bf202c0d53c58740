package claimsfile

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

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
	fClaimed        // when the claimant claimed the items: one instant a claimant
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
	"service", "paid", "money_lost", "loss", "claimed_at",
}

// maxLine bounds a row: a longer line is a bad row, skipped.
const maxLine = 1 << 20

// BadRow is a row that was refused, with its line number and reason.
type BadRow struct {
	Line   int
	Reason string
}

// String writes "line N: reason".
func (b BadRow) String() string { return fmt.Sprintf("line %d: %s", b.Line, b.Reason) }

// ErrFile is a file that cannot be read at all (as opposed to bad rows).
var ErrFile = errors.New("unreadable claims file")

// values are one row's fields, by field number; "" where absent.
type values [numFields]string

// format is how a claims stream is written.
type format int

const (
	formatCSV format = iota + 1
	formatJSONL
	formatXLSX
)

// skipBOM drops a UTF-8 byte-order mark at the start of r.
func skipBOM(r *bufio.Reader) {
	if b, err := r.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		r.Discard(3)
	}
}

// sniff tells CSV from JSON Lines by the first byte that is not a space
// in head, a source's start (after a byte-order mark), looking as far as
// 4 KiB.
func sniff(head []byte) format {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	head = head[:min(len(head), 4096)]
	if i := bytes.IndexFunc(head, func(r rune) bool { return !strings.ContainsRune(" \t\r\n", r) }); i >= 0 && head[i] == '{' {
		return formatJSONL
	}
	return formatCSV
}

// scanRows reads a claims stream and hands each row's values, or the
// reason it could not be split into fields, to each. It stops when each
// returns false. An empty stream, CSV or JSON Lines, has no rows. The
// values are each's only during the call: they may be used again for
// the next row.
func scanRows(r *bufio.Reader, f format, sch *Schema, each func(line int, v *values, bad string) bool) error {
	return scanFields(r, f, sch, nil, each)
}

// scanFields is scanRows where only the fields named matter (all where
// only is nil): a CSV line is split as far as the last of them, its other
// values left empty. Rows are good or bad as scanRows finds them. Where
// only is given, a CSV row's values may be views of r's buffer, not
// copies: each must not keep them past the call.
func scanFields(r *bufio.Reader, f format, sch *Schema, only []int, each func(line int, v *values, bad string) bool) error {
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
func scanCSV(r *bufio.Reader, sch *Schema, only []int, each func(line int, v *values, bad string) bool) error {
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
		return nil, false, false, fmt.Errorf("%w: %w", ErrFile, err)
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
				return line, fmt.Errorf("%w: reading the CSV header: %s", ErrFile, bad)
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
	if tooLong {
		return rec, 0, fmt.Sprintf("longer than %d bytes", maxLine)
	}
	if s.cols != nil {
		if seps, ok := plainSeps(b, s.sep, s.seps[:0]); ok { // most rows
			s.seps = seps
			rec, fields := s.cut(s.text(b), seps, rec)
			return rec, fields, ""
		}
	}
	if !utf8.Valid(b) {
		return rec, 0, notUTF8
	}
	text := s.text(b)
	if s.cols == nil && strings.IndexByte(text, '\t') >= 0 && strings.IndexByte(text, ',') < 0 {
		s.sep = '\t'
	}
	s.sep = cmp.Or(s.sep, ',')
	if strings.IndexByte(text, '"') < 0 {
		s.seps = s.seps[:0]
		for i := 0; i < len(text); i++ {
			if text[i] == s.sep {
				s.seps = append(s.seps, i)
			}
		}
		rec, fields := s.cut(text, s.seps, rec)
		return rec, fields, ""
	}
	rec, err := splitQuoted(text, s.sep, rec)
	if err != nil {
		return rec, 0, err.Error()
	}
	return rec, len(rec), ""
}

// text is a line as a string: a copy, or where only some fields are
// wanted a view, as each keeps nothing then (scanFields).
func (s *csvScan) text(b []byte) string {
	if s.only != nil {
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	return string(b)
}

// notUTF8 is the bad row of a line that is not valid UTF-8.
const notUTF8 = "not valid UTF-8 (the file is read as UTF-8: see -encoding)"

// cut cuts a line without quotes at seps, the offsets of its separators,
// as far as the last field wanted, into rec; it returns rec and the
// line's number of fields.
func (s *csvScan) cut(text string, seps []int, rec []string) ([]string, int) {
	wanted := len(seps) + 1 // the header: every field
	if s.cols != nil {
		wanted = min(wanted, max(s.need, 1))
	}
	start := 0
	for _, j := range seps[:wanted-1] {
		rec, start = append(rec, text[start:j]), j+1
	}
	if wanted == len(seps)+1 {
		return append(rec, text[start:]), wanted
	}
	return append(rec, text[start:seps[wanted-1]]), len(seps) + 1
}

// plainSeps appends to seps the offsets of sep in line and returns them,
// where the line is all ASCII and holds no quote (then it is valid UTF-8
// and splits at each sep); ok is false otherwise. It reads eight bytes at
// a time: a byte of a word x that is sep is a zero byte of x XOR sep
// repeated in every byte, and for bytes under 0x80, adding 0x7f to each
// sets its top bit exactly where it is not zero, without a carry into the
// next.
func plainSeps(line []byte, sep byte, seps []int) ([]int, bool) {
	const ones, tops, low7 = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	i := 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:])
		if x&tops != 0 {
			return seps, false // not ASCII
		}
		if ^((x^(ones*'"'))+low7)&tops != 0 {
			return seps, false // a quote
		}
		for m := ^((x ^ (ones * uint64(sep))) + low7) & tops; m != 0; m &= m - 1 {
			seps = append(seps, i+bits.TrailingZeros64(m)>>3)
		}
	}
	for ; i < len(line); i++ {
		switch c := line[i]; {
		case c >= utf8.RuneSelf || c == '"':
			return seps, false
		case c == sep:
			seps = append(seps, i)
		}
	}
	return seps, true
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
	sch  *Schema
	each func(line int, v *values, bad string) bool
	only []int  // the fields wanted; nil for all
	cols []int  // the field of each column; nil before the header
	need int    // how many leading columns hold the fields wanted
	v    values // the row handed to each, used again for the next
	sep  byte   // the separator: ',' (0 before the header), or '\t'
	seps []int  // a line's separators' offsets, used again for the next
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
	if s.only != nil {
		// A quoted line is split in full, an unquoted one only as far as
		// the fields wanted: the values start empty. Without only, every
		// good row sets the same fields, the header's, and the rest stay
		// empty.
		s.v = values{}
	}
	for i, f := range rec {
		if spaced(f) { // most values are not: trimmed is a call
			f = trimmed(s.cols[i], f)
		}
		s.v[s.cols[i]] = f
	}
	return s.each(line, &s.v, ""), nil
}

// trimmed is a value of field f with the spaces around it dropped, but
// for an identity's: a claimant or report ID is taken as written, and
// refused if spaces surround it (package identity).
func trimmed(f int, value string) string {
	if f == fClaimant || f == fReport || !spaced(value) {
		return value
	}
	return strings.TrimSpace(value)
}

// spaced reports whether value may begin or end with what
// strings.TrimSpace drops: that begins with a byte at or below ' '
// (ASCII's spaces) or at or above 0x80 (the rest of Unicode's). A value
// that is not spaced is as TrimSpace leaves it, without the call.
func spaced(value string) bool {
	n := len(value)
	return n > 0 && !(plainEnd(value[0]) && plainEnd(value[n-1]))
}

// plainEnd reports whether c is a byte from '!' to DEL: not what a space
// TrimSpace drops begins or ends with.
func plainEnd(c byte) bool { return c-'!' < utf8.RuneSelf-'!' }

// columns reads the header: the field each column holds. Every column
// must be known and once, and every required field there.
func columns(header []string, sch *Schema) ([]int, error) {
	cols := make([]int, len(header))
	seen := [numFields]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		cols[i] = sch.fieldIndex(h)
		if cols[i] < 0 {
			return nil, fmt.Errorf("%w: unknown column %q", ErrFile, clip(h))
		}
		if seen[cols[i]] {
			return nil, fmt.Errorf("%w: column %q twice", ErrFile, h)
		}
		seen[cols[i]] = true
	}
	for f := range numRequired {
		if !seen[f] {
			return nil, fmt.Errorf("%w: no %q column", ErrFile, sch.names[f])
		}
	}
	return cols, nil
}

func scanJSON(r *bufio.Reader, sch *Schema, each func(line int, v *values, bad string) bool) error {
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
func jsonValues(text []byte, sch *Schema) (*values, string) {
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
