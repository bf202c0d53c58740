package eligibility

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// MaxExponent bounds the decimal exponent of every amount this package
// accepts ([ErrRange]).
const MaxExponent = 64

// checkRange returns an error wrapping ErrRange, naming what and the
// exponent (never the value, whose digits could be without bound), if d is
// outside [-MaxExponent, MaxExponent].
func checkRange(what string, d decimal.Decimal) error {
	if e := d.Exponent(); e < -MaxExponent || e > MaxExponent {
		return fmt.Errorf("%s: %w: exponent %d outside [-%d, %d]", what, ErrRange, e, MaxExponent, MaxExponent)
	}
	return nil
}

// Errors returned for bad input. They are wrapped with the offending value,
// so match them with [errors.Is].
var (
	// ErrUnknownKind: a claimant kind that is not one of the Kind constants.
	ErrUnknownKind = errors.New("unknown claimant kind")
	// ErrUnknownSector: a sector the revenue table in force has no ceiling for.
	ErrUnknownSector = errors.New("unknown sector")
	// ErrBeforeTables: a date before the first revenue table takes effect.
	ErrBeforeTables = errors.New("date before the first revenue table")
	// ErrNegative: a negative count, number of hours or amount.
	ErrNegative = errors.New("negative value")
	// ErrWindow: a window that does not close after it opens.
	ErrWindow = errors.New("window closes before it opens")
	// ErrConfig: a policy configuration that is out of shape.
	ErrConfig = errors.New("bad eligibility policy")
	// ErrRange: an amount whose decimal exponent is outside
	// [-MaxExponent, MaxExponent]: no won amount needs one, and comparing it
	// would take time and memory without bound.
	ErrRange = errors.New("amount out of range")
	// ErrNoTime: a report or a decision without a time.
	ErrNoTime = errors.New("missing time")
)
