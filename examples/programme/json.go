package programme

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// MarshalJSON encodes the record as [Record.AppendJSON] does.
func (r Record) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil), nil }

// AppendJSON appends the record's JSON form to b and returns the extended
// buffer: the bytes encoding/json writes for the record's fields and tags
// (entitlements by key in byte order, amounts as quoted decimals, strings
// escaped as json.Marshal escapes them, HTML characters included),
// written without reflection, for a simulator writing millions of them.
func (r Record) AppendJSON(b []byte) []byte {
	b = append(b, `{"claimant":`...)
	b = appendString(b, r.Claimant)
	b = append(b, `,"kind":`...)
	b = appendString(b, string(r.Kind))
	b = append(b, `,"small":`...)
	b = appendBool(b, r.Small)
	b = append(b, `,"loss":`...)
	b = appendDecimal(b, r.Loss)
	b = append(b, `,"entitlements":`...)
	b = appendEntitlements(b, r.Entitlements)
	if len(r.Awards) > 0 {
		b = append(b, `,"awards":`...)
		b = appendList(b, r.Awards, appendAward)
	}
	b = append(b, `,"review":`...)
	b = appendBool(b, r.Review)
	b = append(b, `,"grants":`...)
	b = appendList(b, r.Grants, appendString)
	b = append(b, `,"trace":`...)
	b = appendList(b, r.Trace, appendStep)
	return appendLetterAndClose(b, r.Letter)
}

// appendLetterAndClose ends a record: its letter, where there is one.
func appendLetterAndClose(b []byte, letter string) []byte {
	if letter != "" {
		b = append(b, `,"letter":`...)
		b = appendString(b, letter)
	}
	return append(b, '}')
}

// appendAwardHead opens an award's object with the fields both records
// give it: its benefit, amount and band.
func appendAwardHead(b []byte, benefit string, amount decimal.Decimal, band int) []byte {
	b = append(b, `{"benefit":`...)
	b = appendString(b, benefit)
	b = append(b, `,"amount":`...)
	b = appendDecimal(b, amount)
	b = append(b, `,"band":`...)
	return strconv.AppendInt(b, int64(band), 10)
}

func appendAward(b []byte, a AwardRecord) []byte {
	b = appendAwardHead(b, a.Benefit, a.Amount, a.Band)
	b = append(b, `,"over":`...)
	b = appendDecimal(b, a.Over)
	if a.UpTo != nil {
		b = append(b, `,"upTo":`...)
		b = appendDecimal(b, *a.UpTo)
	}
	b = append(b, `,"bandAmount":`...)
	b = appendDecimal(b, a.BandAmount)
	b = append(b, `,"cap":`...)
	b = appendDecimal(b, a.Cap)
	b = append(b, `,"capped":`...)
	b = appendBool(b, a.Capped)
	b = append(b, `,"review":`...)
	b = appendBool(b, a.Review)
	return append(b, '}')
}

// appendList writes a list as encoding/json writes a slice: null for nil,
// else each element by appendElem between brackets.
func appendList[T any](b []byte, list []T, appendElem func([]byte, T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendElem(b, x)
	}
	return append(b, ']')
}

func appendStep(b []byte, s Step) []byte {
	b = append(b, `{"rule":`...)
	b = appendString(b, s.Rule)
	b = append(b, `,"code":`...)
	b = appendString(b, s.Code)
	if s.Subject != "" {
		b = append(b, `,"subject":`...)
		b = appendString(b, s.Subject)
	}
	if s.Text != "" {
		b = append(b, `,"text":`...)
		b = appendString(b, s.Text)
	}
	return append(b, '}')
}

// appendEntitlements writes the map as encoding/json does: keys in byte
// order.
func appendEntitlements(b []byte, m map[string]bool) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	var small [16]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendBool(b, m[k])
	}
	return append(b, '}')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendDecimal writes an amount as decimal.Decimal's MarshalJSON does: its
// digits, quoted.
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	b = append(b, '"')
	if d.Exponent() == 0 && d.NumDigits() <= 18 {
		// An integer of int64's digits, as String writes it, without
		// String's allocations: most amounts of a run are.
		b = strconv.AppendInt(b, d.CoefficientInt64(), 10)
	} else {
		b = append(b, d.String()...)
	}
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// word is the eight bytes of s from i, the first the lowest.
func word(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// plainWord reports whether all eight bytes of x are plain: none below
// 0x20 or from 0x80, and none of " \\ < > &. (A bit trick: for each byte
// b, b-n borrows into the top bit exactly where b < n, for n <= 0x80;
// b^c is zero exactly where b is c.)
func plainWord(x uint64) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	q, bs, lt, gt, amp := x^(ones*'"'), x^(ones*'\\'), x^(ones*'<'), x^(ones*'>'), x^(ones*'&')
	bad := x | (x-ones*0x20)&^x |
		(q-ones)&^q | (bs-ones)&^bs | (lt-ones)&^lt | (gt-ones)&^gt | (amp-ones)&^amp
	return bad&tops == 0
}

// plainString reports whether s holds only plain bytes, eight at a time
// (the last eight overlapping the word before where the length is not a
// multiple of eight).
func plainString(s string) bool {
	if len(s) < 8 {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= utf8.RuneSelf || !plain[c] {
				return false
			}
		}
		return true
	}
	for i := 0; i+8 <= len(s); i += 8 {
		if !plainWord(word(s, i)) {
			return false
		}
	}
	return plainWord(word(s, len(s)-8))
}

// plain says which ASCII bytes a JSON string holds as they are.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString writes s as a JSON string, escaped as encoding/json
// escapes it by default: the quote and the backslash; \b, \f, \n, \r and
// \t by name and other control characters as \u00XX; <, > and & as
// \u003c, \u003e and \u0026; U+2028 and U+2029 as \u2028 and \u2029;
// and each byte of invalid UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte {
	if plainString(s) { // most strings: IDs, codes, tags
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight plain bytes at a time, where they are.
		for i+8 <= len(s) && plainWord(word(s, i)) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
