// Package domain is the one home of the input domains that the public
// packages compensation, eligibility and grants share: the zone of the
// default programme and the reading of a zone's name, the range of
// instants, the range of amounts, and the sentinel errors for values
// outside them. Each public package
// re-exports the sentinels (compensation.ErrRange is domain.ErrRange), so
// that one errors.Is matches a value out of range from any of them.
package domain

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Errors shared by the public packages.
var (
	// ErrRange: a value outside its documented domain (an amount with too
	// many digits or too large an exponent, an instant outside the
	// instant range, a count or an hour figure outside its bounds).
	ErrRange = errors.New("value out of range")
	// ErrNoTime: the zero time where an instant is needed.
	ErrNoTime = errors.New("missing time")
)

// kst is Korea Standard Time, UTC+9 with no daylight saving since 1988:
// a fixed zone, so nothing needs a time-zone database.
var kst = time.FixedZone("KST", 9*60*60)

// KST returns Korea Standard Time, the zone of the Kakao 1015 programme.
func KST() *time.Location { return kst }

// The instant domain: from 1970-01-01 00:00 KST, inclusive, to
// 2200-01-01 00:00 KST, exclusive. Every instant and every expiry within
// two centuries of one fits JSON and PostgreSQL.
var (
	MinInstant = time.Date(1970, 1, 1, 0, 0, 0, 0, kst)
	MaxInstant = time.Date(2200, 1, 1, 0, 0, 0, 0, kst)
)

// CheckInstant returns an error naming what, wrapping ErrNoTime for the
// zero time or ErrRange for an instant outside the instant domain.
func CheckInstant(what string, t time.Time) error {
	if !t.Before(MinInstant) && t.Before(MaxInstant) { // the fast path, inlined
		return nil
	}
	return instantError(what, t)
}

func instantError(what string, t time.Time) error {
	switch {
	case t.IsZero():
		return fmt.Errorf("%s: %w", what, ErrNoTime)
	case t.Before(MinInstant) || !t.Before(MaxInstant):
		return fmt.Errorf("%s: %w: %s outside [1970-01-01, 2200-01-01) KST", what, ErrRange, t.In(kst).Format(time.RFC3339))
	}
	return nil
}

// The amount domain: at most MaxDigits significant digits and a decimal
// exponent within [-MaxExponent, MaxExponent]. Within it, comparing two
// amounts costs at most a rescale of MaxDigits+MaxExponent digits.
const (
	MaxDigits   = 30
	MaxExponent = 64
)

// CheckAmount returns an error wrapping ErrRange, naming what and the
// exponent or the number of digits (never the digits, which could be
// without bound), if d is outside the amount domain.
func CheckAmount(what string, d decimal.Decimal) error {
	if InAmountRange(d) { // the fast path, inlined
		return nil
	}
	return amountError(what, d)
}

func amountError(what string, d decimal.Decimal) error {
	if e := d.Exponent(); e < -MaxExponent || e > MaxExponent {
		return fmt.Errorf("%s: %w: exponent %d outside [-%d, %d]", what, ErrRange, e, MaxExponent, MaxExponent)
	}
	if n := d.NumDigits(); n > MaxDigits {
		return fmt.Errorf("%s: %w: %d significant digits, at most %d", what, ErrRange, n, MaxDigits)
	}
	return nil
}

// InAmountRange reports whether d is in the amount domain, without
// allocating for a value that is.
func InAmountRange(d decimal.Decimal) bool {
	e := d.Exponent()
	return e >= -MaxExponent && e <= MaxExponent && d.NumDigits() <= MaxDigits
}

// CheckCount returns an error wrapping ErrRange, naming what and n,
// unless 0 <= n <= limit.
func CheckCount(what string, n, limit int) error {
	if uint(n) <= uint(limit) { // the fast path, inlined
		return nil
	}
	return countError(what, n, limit)
}

func countError(what string, n, limit int) error {
	return fmt.Errorf("%s: %w: %d outside [0, %d]", what, ErrRange, n, limit)
}

// Clip shortens a value quoted in an error message to 64 bytes, so that
// no error carries an unbounded input.
func Clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// ZoneName is a declaration's zone as its JSON form writes it: its name,
// none where it is nil (KST).
func ZoneName(z *time.Location) string {
	if z == nil {
		return ""
	}
	return z.String()
}

// ZoneOrKST is [Zone] of a declaration's JSON form, where no name is KST.
func ZoneOrKST(name string) (*time.Location, error) {
	if name == "" {
		return kst, nil
	}
	return Zone(name)
}

// Zone returns the time zone of the name: "KST" for Korea Standard Time
// (fixed, no time-zone database needed), "UTC", or an IANA name such as
// "Australia/Sydney", which needs the time-zone database (the host's, or
// one a program embeds with the time/tzdata package).
func Zone(name string) (*time.Location, error) {
	switch name {
	case "KST", "Asia/Seoul":
		return kst, nil
	case "UTC":
		return time.UTC, nil
	case "":
		return nil, fmt.Errorf("zone: no name (want KST, UTC or an IANA name such as Australia/Sydney)")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("zone %q: %w", Clip(name), err)
	}
	return loc, nil
}
