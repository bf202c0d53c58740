package grants

import (
	"errors"
	"fmt"
	"time"

	"github.com/outagerelief/relief/internal/domain"
)

// Errors returned by this package. Match them with [errors.Is]; a refused
// claim also carries a [*WindowError] for [errors.As].
var (
	// ErrNotOpen: a claim before its window opens.
	ErrNotOpen = errors.New("claim window not open yet")
	// ErrClosed: a claim at or after its window closes.
	ErrClosed = errors.New("claim window closed")
	// ErrSoldOut: a capped item whose every unit is issued.
	ErrSoldOut = errors.New("sold out")
	// ErrInvalid: a malformed argument (an empty item or recipient, a
	// negative cap, a validity of no length, a window that closes before
	// it opens, a zero time).
	ErrInvalid = errors.New("invalid argument")
	// ErrUnknownItem: an item ID the catalogue does not have.
	ErrUnknownItem = errors.New("unknown item")
	// ErrNotCoupon: a discount asked of an item that is not a coupon.
	ErrNotCoupon = errors.New("not a coupon")
	// ErrBelowMinimum: an order below a coupon's minimum order.
	ErrBelowMinimum = errors.New("order below the coupon's minimum")
	// ErrCapChanged: an issue of an item with another cap than the one
	// the ledger holds for it. An item's cap is the item's, not each
	// caller's: the first issue a ledger sees fixes it.
	ErrCapChanged = errors.New("item issued with another cap")
	// ErrRange: a value outside its domain: a negative order, an amount
	// with more than [MaxDigits] digits or an exponent outside
	// ±[MaxExponent], an instant outside [1970-01-01, 2200-01-01) KST (an
	// error that also wraps ErrInvalid). It is the same error value as
	// compensation.ErrRange and eligibility.ErrRange.
	ErrRange = domain.ErrRange
	// ErrNoTime: the zero time where an instant is needed (an error that
	// also wraps ErrInvalid); the same error value as
	// eligibility.ErrNoTime.
	ErrNoTime = domain.ErrNoTime
)

// WindowError reports a claim outside its window. Err is [ErrNotOpen] or
// [ErrClosed].
type WindowError struct {
	Window ClaimWindow
	At     time.Time
	Err    error
}

// Error names the claim time, the reason and the window.
func (e *WindowError) Error() string {
	return fmt.Sprintf("claim at %s: %v: %s", e.At.In(kst).Format("2006-01-02 15:04:05 KST"), e.Err, e.Window)
}

// Unwrap returns ErrNotOpen or ErrClosed.
func (e *WindowError) Unwrap() error { return e.Err }
