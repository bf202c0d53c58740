package words

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Currency is a programme's money: its ISO 4217 code and how many minor
// units (decimal places) an amount may carry: KRW 0, AUD, USD and CAD 2.
// The zero Currency is not valid.
type Currency struct {
	Code  string `json:"code"`
	Minor int    `json:"minor"`
}

// KRW is the Korean won, which has no minor unit.
var KRW = Currency{Code: "KRW", Minor: 0}

// MaxMinor bounds a currency's minor units.
const MaxMinor = 4

// Check returns an error unless c is a currency: a code of three
// upper-case ASCII letters and minor units from 0 to MaxMinor.
func (c Currency) Check() error {
	if len(c.Code) != 3 || strings.Trim(c.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return fmt.Errorf("currency %q: a code is three upper-case letters (KRW, AUD)", c.Code)
	}
	if c.Minor < 0 || c.Minor > MaxMinor {
		return fmt.Errorf("currency %s: %d minor units, want 0 to %d", c.Code, c.Minor, MaxMinor)
	}
	return nil
}

// IsZero reports whether c is the zero Currency.
func (c Currency) IsZero() bool { return c == Currency{} }

// Fits reports whether d has no more decimal places than the currency's
// minor units: 1,041.67 fits AUD, not KRW. It does not allocate for an
// amount with a non-negative exponent.
func (c Currency) Fits(d decimal.Decimal) bool {
	if d.Exponent() >= -int32(c.Minor) {
		return true
	}
	return d.Equal(d.Truncate(int32(c.Minor)))
}

// symbols are how each known currency is written for people: a prefix
// and a suffix in Korean and in English.
var symbols = map[string]struct{ koPre, koSuf, enPre, enSuf string }{
	"KRW": {"", "원", "", " won"},
	"AUD": {"", " 호주 달러", "A$", ""},
	"USD": {"", " 미국 달러", "US$", ""},
	"CAD": {"", " 캐나다 달러", "C$", ""},
	"EUR": {"", " 유로", "€", ""},
	"JPY": {"", "엔", "¥", ""},
}

// Format writes an amount of the currency for people in lang, with its
// digit groups and, where the currency has minor units, all of them:
// "420,000원", "420,000 won", "A$1,041.67". A currency without a known
// symbol is written with its code: "1,041.67 NZD".
func (c Currency) Format(d decimal.Decimal, lang string) string {
	s := c.Digits(d)
	sym, ok := symbols[c.Code]
	switch {
	case !ok:
		return s + " " + c.Code
	case IsEnglish(lang):
		if strings.HasPrefix(s, "-") && sym.enPre != "" {
			return "-" + sym.enPre + s[1:]
		}
		return sym.enPre + s + sym.enSuf
	}
	return sym.koPre + s + sym.koSuf
}

// Digits writes an amount of the currency as Format does, without its
// symbol or code: "420,000", "1,041.67", "5.00" (all of its minor units,
// where it has them and the amount fits them).
func (c Currency) Digits(d decimal.Decimal) string {
	if c.Minor > 0 && d.Exponent() >= -64 && d.Exponent() <= 64 && c.Fits(d) {
		return fixed(d, c.Minor) // 5 AUD is "5.00"
	}
	return Number(d)
}

// fixed writes d with exactly places decimal places and digit groups,
// rounding half away from zero where it has more.
func fixed(d decimal.Decimal, places int) string {
	s := d.StringFixed(int32(places))
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	return sign + Number(decimal.RequireFromString(whole)) + "." + frac
}
