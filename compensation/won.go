package compensation

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// FormatWon writes an amount of won with a comma between each group of
// three digits, as the policy writes it ("300,000"). Fractions of a won,
// which assessed losses may carry, are kept exactly ("300,000.5"); an
// amount outside the range this package accepts ([MaxExponent]) is written
// as coefficient, "e", exponent, never as its unbounded digits.
func FormatWon(d decimal.Decimal) string {
	if !inRange(d) {
		// Out of range: the digits could be without bound.
		return d.Coefficient().String() + "e" + fmt.Sprint(d.Exponent())
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

// The domain of every amount this package accepts (a loss, daily sales,
// a bound, an amount, a cap, a factor): at most MaxDigits significant
// digits, and a decimal exponent within [-MaxExponent, MaxExponent]. A
// loss of 1e-64 or 1e64 won is in it, 1e-65 is not, nor is a loss of 31
// digits ([ErrRange]). Within it a comparison costs at most a rescale of
// MaxDigits+MaxExponent digits.
const (
	MaxExponent = 64
	MaxDigits   = 30
)

// checkRange returns an error wrapping ErrRange, naming what and the
// exponent or the number of digits (never the value, whose digits could be
// without bound), if d is outside the amount domain.
func checkRange(what string, d decimal.Decimal) error {
	if e := d.Exponent(); e < -MaxExponent || e > MaxExponent {
		return fmt.Errorf("%s: %w: exponent %d outside [-%d, %d]", what, ErrRange, e, MaxExponent, MaxExponent)
	}
	if n := d.NumDigits(); n > MaxDigits {
		return fmt.Errorf("%s: %w: %d significant digits, at most %d", what, ErrRange, n, MaxDigits)
	}
	return nil
}

func inRange(d decimal.Decimal) bool { return checkRange("", d) == nil }

// isWholeWon reports whether d is a whole number of won. It does not
// allocate for the common case of a value with a non-negative exponent.
func isWholeWon(d decimal.Decimal) bool {
	return d.Exponent() >= 0 || d.IsInteger()
}
