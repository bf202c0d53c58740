package compensation

import (
	"github.com/outagerelief/relief/internal/domain"
	"github.com/outagerelief/relief/internal/words"
	"github.com/shopspring/decimal"
)

// FormatWon writes an amount of won with a comma between each group of
// three digits, as the policy writes it ("300,000"). Fractions of a won,
// which assessed losses may carry, are kept exactly ("300,000.5"); an
// amount outside the range this package accepts ([MaxExponent]) is written
// as coefficient, "e", exponent, never as its unbounded digits.
func FormatWon(d decimal.Decimal) string { return words.Number(d) }

// The domain of every amount this package accepts (a loss, daily sales,
// a bound, an amount, a cap, a factor): at most MaxDigits significant
// digits, and a decimal exponent within [-MaxExponent, MaxExponent]. A
// loss of 1e-64 or 1e64 won is in it, 1e-65 is not, nor is a loss of 31
// digits ([ErrRange]). Within it a comparison costs at most a rescale of
// MaxDigits+MaxExponent digits. The domain is the same in packages
// eligibility and grants.
const (
	MaxExponent = domain.MaxExponent
	MaxDigits   = domain.MaxDigits
)

// Text is a phrase in Korean (Ko) and English (En), as a programme's
// values carry their words; In(lang) returns one, falling back to the
// other where it is empty. It is the same type in packages eligibility
// and grants.
type Text = words.Text

// checkRange returns an error wrapping ErrRange, naming what, if d is
// outside the amount domain.
func checkRange(what string, d decimal.Decimal) error { return domain.CheckAmount(what, d) }

// isWholeWon reports whether d is a whole number of won. It does not
// allocate for the common case of a value with a non-negative exponent.
func isWholeWon(d decimal.Decimal) bool {
	return d.Exponent() >= 0 || d.IsInteger()
}

// Currency is a programme's money, its code and minor units: [KRW], or
// {Code: "AUD", Minor: 2}. It is the same type in packages eligibility
// and grants.
type Currency = words.Currency

// KRW is the Korean won, which has no minor unit.
var KRW = words.KRW
