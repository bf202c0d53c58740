package eligibility

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// The domains of this package's inputs. A value outside one is an error
// wrapping [ErrRange] that names the field and the value.
const (
	// MaxExponent bounds the decimal exponent of every amount: 1e-64 and
	// 1e64 won are in the domain, 1e-65 is not.
	MaxExponent = 64
	// MaxDigits bounds the significant digits of every amount: no amount
	// of won needs more, and comparing one costs at most a rescale of
	// MaxDigits+MaxExponent digits.
	MaxDigits = 30
	// MaxCount bounds every head count of a [Business] (regular workers,
	// executives, day workers) and its number of part-timers.
	MaxCount = 1_000_000
	// MaxMonthlyHours bounds a part-timer's hours a month: 24 hours a day
	// over 31 days.
	MaxMonthlyHours = 744
)

// The range of instants this package accepts (a decision date, a filing
// time, a window's bounds): from 1970-01-01 00:00 KST, inclusive, to
// 2200-01-01 00:00 KST, exclusive. It keeps every instant encodable in
// JSON and storable in a database.
var (
	minInstant = time.Date(1970, 1, 1, 0, 0, 0, 0, kst)
	maxInstant = time.Date(2200, 1, 1, 0, 0, 0, 0, kst)
)

// checkAmount returns an error wrapping ErrRange, naming what, if d is
// outside the amount domain ([MaxExponent], [MaxDigits]). It names the
// exponent and digit count, never the digits, which could be without
// bound.
func checkAmount(what string, d decimal.Decimal) error {
	if e := d.Exponent(); e < -MaxExponent || e > MaxExponent {
		return fmt.Errorf("%s: %w: exponent %d outside [-%d, %d]", what, ErrRange, e, MaxExponent, MaxExponent)
	}
	if n := d.NumDigits(); n > MaxDigits {
		return fmt.Errorf("%s: %w: %d significant digits, at most %d", what, ErrRange, n, MaxDigits)
	}
	return nil
}

// checkCount returns an error wrapping ErrRange, naming what and n, unless
// 0 <= n <= limit.
func checkCount(what string, n, limit int) error {
	if n < 0 || n > limit {
		return fmt.Errorf("%s: %w: %d outside [0, %d]", what, ErrRange, n, limit)
	}
	return nil
}

// checkInstant returns an error wrapping ErrNoTime for the zero time, or
// ErrRange for an instant outside this package's range, naming what.
func checkInstant(what string, t time.Time) error {
	switch {
	case t.IsZero():
		return fmt.Errorf("%s: %w", what, ErrNoTime)
	case t.Before(minInstant) || !t.Before(maxInstant):
		return fmt.Errorf("%s: %w: %s outside [1970-01-01, 2200-01-01) KST", what, ErrRange, t.In(kst).Format(time.RFC3339))
	}
	return nil
}

// Errors returned for bad input. They are wrapped with the offending value,
// so match them with [errors.Is].
var (
	// ErrUnknownKind: a claimant kind that is not one of the Kind constants.
	ErrUnknownKind = errors.New("unknown claimant kind")
	// ErrSector: a sector that is not a KSIC code ([ParseSector]), or a
	// seat maker outside the codes of note 2 of table 3.
	ErrSector = errors.New("not a KSIC code")
	// ErrAmbiguousSector: a KSIC code too broad to name one line of the
	// revenue table (a section the table splits, such as C, E or S).
	ErrAmbiguousSector = errors.New("KSIC code spans several lines of the revenue table")
	// ErrUnknownOperator: a report about an operator that is neither the
	// programme's operator nor a listed affiliate [P-AFF-1].
	ErrUnknownOperator = errors.New("unknown operator")
	// ErrBeforeTables: a date before the first revenue table takes effect.
	ErrBeforeTables = errors.New("date before the first revenue table")
	// ErrNegative: a negative amount.
	ErrNegative = errors.New("negative value")
	// ErrWindow: a window that does not close after it opens.
	ErrWindow = errors.New("window closes before it opens")
	// ErrConfig: a policy configuration that is out of shape.
	ErrConfig = errors.New("bad eligibility policy")
	// ErrRange: a count, an hour figure, an amount or an instant outside
	// its domain (see the constants above).
	ErrRange = errors.New("value out of range")
	// ErrNoTime: a report or a decision without a time.
	ErrNoTime = errors.New("missing time")
)
