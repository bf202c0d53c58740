// Package words is the one home of what the public packages share to
// write for people and to read from them: the language a tag asks for, a
// phrase in each language, money in a currency with its digit groups,
// counts in Korean units (300만), a Korean particle after a word, and
// dates in Korean and English. Strict JSON decoding is package
// strictjson's.
package words

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The languages of the texts.
const (
	Korean  = "ko"
	English = "en"
)

// Lang reads a BCP 47 language tag as Korean or English: English for any
// English tag ("en", "en-US", "EN", "en_GB"), Korean for anything else,
// the empty tag included.
func Lang(tag string) string {
	if IsEnglish(tag) {
		return English
	}
	return Korean
}

// IsEnglish reports whether tag is an English language tag.
func IsEnglish(tag string) bool {
	return len(tag) >= 2 && (tag[0]|0x20) == 'e' && (tag[1]|0x20) == 'n' && (len(tag) == 2 || tag[2] == '-' || tag[2] == '_')
}

// Text is a phrase in Korean and in English.
type Text struct {
	Ko string `json:"ko"`
	En string `json:"en"`
}

// In returns the phrase in the language lang (see Lang); where that
// language's phrase is empty, the other one.
func (t Text) In(lang string) string {
	if IsEnglish(lang) {
		if t.En != "" {
			return t.En
		}
		return t.Ko
	}
	if t.Ko != "" {
		return t.Ko
	}
	return t.En
}

// IsZero reports whether the phrase is empty in both languages.
func (t Text) IsZero() bool { return t.Ko == "" && t.En == "" }

// Check returns an error naming what unless the phrase has at least one
// language.
func (t Text) Check(what string) error {
	if t.IsZero() {
		return fmt.Errorf("%s: no text in Korean or English", what)
	}
	return nil
}

// Join returns the phrases joined with sep in each language.
func Join(ts []Text, ko, en string) Text {
	var k, e []string
	for _, t := range ts {
		k, e = append(k, t.In(Korean)), append(e, t.In(English))
	}
	return Text{Ko: strings.Join(k, ko), En: strings.Join(e, en)}
}

// Number writes an amount with a comma between each group of three
// digits ("300,000"), its fraction exactly as it is ("300,000.5"). An
// amount whose exponent is outside [-64, 64] is written as coefficient,
// "e", exponent, never as its unbounded digits.
func Number(d decimal.Decimal) string {
	if e := d.Exponent(); e < -64 || e > 64 {
		return d.Coefficient().String() + "e" + fmt.Sprint(e)
	}
	s := d.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(s) + len(s)/3 + 1)
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Count writes a whole number with its digit groups.
func Count(n int64) string { return Number(decimal.NewFromInt(n)) }

// CountIn writes a whole number as a reader of lang expects: in Korean in
// units of 억 (10^8) and 만 (10^4), each with its digit groups, as an
// official notice writes a count ("300만", "10만 5,116", "1억 9,156만");
// in English with its digit groups ("3,000,000").
func CountIn(n int64, lang string) string {
	if IsEnglish(lang) || n < 10_000 && n > -10_000 {
		return Count(n)
	}
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	var parts []string
	for _, u := range [...]struct {
		size int64
		name string
	}{{1_0000_0000_0000, "조"}, {1_0000_0000, "억"}, {1_0000, "만"}} {
		if q := n / u.size; q > 0 {
			parts = append(parts, Count(q)+u.name)
			n %= u.size
		}
	}
	if n > 0 {
		parts = append(parts, Count(n))
	}
	return sign + strings.Join(parts, " ")
}

// Particle joins a Korean particle to word: withFinal after a syllable
// that ends in a consonant (책을, 책이), withoutFinal after one that does
// not (서랍를 is wrong: 플러스를, 플러스가). A word that does not end in
// Hangul takes withoutFinal.
func Particle(word, withFinal, withoutFinal string) string {
	r, _ := utf8.DecodeLastRuneInString(word)
	if r >= 0xAC00 && r <= 0xD7A3 && (r-0xAC00)%28 != 0 {
		return word + withFinal
	}
	return word + withoutFinal
}

// Won writes an amount of won as a reader of lang expects: "420,000원"
// in Korean, "420,000 won" in English.
func Won(d decimal.Decimal, lang string) string {
	if IsEnglish(lang) {
		return Number(d) + " won"
	}
	return Number(d) + "원"
}

// Date writes the calendar day of t in zone z: "2023년 1월 5일" in
// Korean, "5 January 2023" in English.
func Date(t time.Time, z *time.Location, lang string) string {
	t = t.In(z)
	if IsEnglish(lang) {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d년 %d월 %d일", t.Year(), t.Month(), t.Day())
}

// DateTime adds the time of day in zone z: "2023년 1월 5일 09:00" in
// Korean, "5 January 2023, 09:00 KST" in English (the zone's
// abbreviation).
func DateTime(t time.Time, z *time.Location, lang string) string {
	t = t.In(z)
	if IsEnglish(lang) {
		return t.Format("2 January 2006, 15:04 MST")
	}
	return Date(t, z, lang) + t.Format(" 15:04")
}

// LastDay is the last instant before closes, whose calendar day is the
// last day of a window that closes at closes (exclusive).
func LastDay(closes time.Time) time.Time { return closes.Add(-time.Nanosecond) }
