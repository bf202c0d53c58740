package grants

import (
	"errors"
	"fmt"
	"time"
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
	// ErrRange: a negative order, or an amount whose decimal exponent is
	// outside [-64, 64] (no won amount needs one).
	ErrRange = errors.New("amount out of range")
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
