package compensation

import (
	"errors"
	"fmt"

	"github.com/outagerelief/relief/internal/domain"
)

// Errors returned for bad input. They are wrapped with the offending value,
// so match them with [errors.Is].
var (
	// ErrNegativeLoss: a loss or a sales figure below zero.
	ErrNegativeLoss = errors.New("negative loss")
	// ErrNoBands: a schedule with no bands, including the zero Schedule.
	ErrNoBands = errors.New("schedule has no bands")
	// ErrNoCap: a schedule whose per-claimant cap is zero or missing, so
	// that it would pay nothing whatever its bands say.
	ErrNoCap = errors.New("schedule has no per-claimant cap above zero")
	// ErrIncomplete: a schedule that does not name the tag of its rules,
	// what it bands, or its currency.
	ErrIncomplete = errors.New("schedule declaration incomplete")
	// ErrBoundOrder: a band's upper bound is not above the previous one's,
	// or the first band's bound is not above zero.
	ErrBoundOrder = errors.New("band bounds not strictly ascending")
	// ErrAmountOrder: a band pays less than the band below it.
	ErrAmountOrder = errors.New("band amounts decrease")
	// ErrNegativeAmount: a band amount or a cap below zero.
	ErrNegativeAmount = errors.New("negative amount")
	// ErrMinorUnits: an amount or a cap with more decimal places than the
	// currency's minor units (a fraction of a won), or a bound that is not
	// a whole number of the measure's unit.
	ErrMinorUnits = errors.New("more decimal places than allowed")
	// ErrShare: a share that is out of shape (no base, a ratio not above
	// zero), or a band that pays both an amount and a share.
	ErrShare = errors.New("bad share")
	// ErrRounding: a schedule with shares and no rounding, or a rounding
	// out of shape (a step not above zero or finer than the currency, an
	// unknown mode).
	ErrRounding = errors.New("bad rounding")
	// ErrNoBase: an award on a share of a base the claimant does not
	// carry, or a base below zero.
	ErrNoBase = errors.New("no base for a share")
	// ErrOpenBand: an open band (one with no upper bound) that is not the
	// last band, or an open band that also names a bound.
	ErrOpenBand = errors.New("misplaced open band")
	// ErrNoOpenBand: the last band has an upper bound, so some losses
	// would fall in no band.
	ErrNoOpenBand = errors.New("last band is not open")
	// ErrFactor: an assessment factor outside [0, 1].
	ErrFactor = errors.New("factor outside [0, 1]")
	// ErrSales: a daily sales series that cannot be assessed (a missing
	// or repeated day, no complete baseline week).
	ErrSales = errors.New("bad daily sales")
	// ErrRange: a value outside its domain: an amount with more than
	// [MaxDigits] significant digits or an exponent outside
	// ±[MaxExponent], a day outside the years 1970 to 2199. It is the
	// same error value as eligibility.ErrRange and grants.ErrRange.
	ErrRange = domain.ErrRange
	// ErrPeriod: an assessment method whose periods are out of shape.
	ErrPeriod = errors.New("bad assessment period")
)

// BandError reports a band that [NewSchedule] refused. Err is one of the
// sentinel errors above; match it with [errors.Is] and the band with
// [errors.As].
type BandError struct {
	Index int  // position of the band, from 0
	Band  Band // the band as given
	Err   error
}

// Error names the band and what is wrong with it.
func (e *BandError) Error() string {
	return fmt.Sprintf("bands[%d] (%s): %v", e.Index, e.Band, e.Err)
}

// Unwrap returns the sentinel error.
func (e *BandError) Unwrap() error { return e.Err }
