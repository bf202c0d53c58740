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
	// ErrIncomplete: a schedule that does not name the tag of its rules
	// or what it bands.
	ErrIncomplete = errors.New("schedule declaration incomplete")
	// ErrBoundOrder: a band's upper bound is not above the previous one's,
	// or the first band's bound is not above zero.
	ErrBoundOrder = errors.New("band bounds not strictly ascending")
	// ErrAmountOrder: a band pays less than the band below it.
	ErrAmountOrder = errors.New("band amounts decrease")
	// ErrNegativeAmount: a band amount or a cap below zero.
	ErrNegativeAmount = errors.New("negative amount")
	// ErrFractionalWon: an amount, a bound or a cap that is not a whole
	// number of won (the won has no minor unit).
	ErrFractionalWon = errors.New("not a whole number of won")
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
	return fmt.Sprintf("band %d (%s): %v", e.Index, e.Band, e.Err)
}

// Unwrap returns the sentinel error.
func (e *BandError) Unwrap() error { return e.Err }
