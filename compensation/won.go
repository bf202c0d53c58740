package compensation

import (
	"strings"

	"github.com/shopspring/decimal"
)

// formatWon renders an amount of won with a comma between each group of
// three digits, as the policy writes it ("300,000"). Fractions of a won,
// which assessed losses may carry, are kept exactly ("300,000.5").
func formatWon(d decimal.Decimal) string {
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

// isWholeWon reports whether d is a whole number of won. It does not
// allocate for the common case of a value with a non-negative exponent.
func isWholeWon(d decimal.Decimal) bool {
	return d.Exponent() >= 0 || d.IsInteger()
}
