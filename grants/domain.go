package grants

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/outagerelief/relief/internal/domain"
	"github.com/outagerelief/relief/internal/words"
	"github.com/shopspring/decimal"
)

// kst is Korea Standard Time, UTC+9 with no daylight saving since 1988.
// A fixed zone, so the package needs no time-zone database.
var kst = domain.KST()

// KST returns Korea Standard Time, UTC+9 with no daylight saving since
// 1988: the zone of every date rule of this package. It is a fixed zone,
// so neither this package nor its host needs a time-zone database.
func KST() *time.Location { return kst }

// The domains of this package's inputs. A value outside one is an error
// wrapping [ErrInvalid] (identities, instants, counts) or [ErrRange]
// (amounts) that names the field.
const (
	// MaxIDBytes bounds a recipient's identity and an item's ID: at most
	// 256 bytes of valid UTF-8, not empty, with no control characters.
	MaxIDBytes = 256
	// MaxValidityDays and MaxValidityMonths bound a validity to about a
	// century, so no expiry leaves what JSON and databases can hold.
	MaxValidityDays   = 36_600
	MaxValidityMonths = 1_200
	// MaxExponent and MaxDigits bound every amount (a value, a minimum
	// order, an order): a decimal exponent within ±64 and at most 30
	// significant digits.
	MaxExponent = domain.MaxExponent
	MaxDigits   = domain.MaxDigits
)

// Text is a phrase in Korean (Ko) and English (En), as a programme's
// values carry their words; In(lang) returns one, falling back to the
// other where it is empty. It is the same type in packages compensation
// and eligibility.
type Text = words.Text

// The instant domain: every instant this package takes (a claim, an
// issue, a window's bounds) is at or after 1970-01-01 00:00 KST and
// before 2200-01-01 00:00 KST. With validities of at most a century,
// every expiry stays within what JSON (years 0000 to 9999) and PostgreSQL
// can hold.

// CheckIdentity returns nil if id is in the identity domain every Ledger
// shares, for recipients and item IDs alike: not empty, valid UTF-8, no
// control characters (NUL included), at most [MaxIDBytes] bytes.
// Otherwise it returns an error wrapping [ErrInvalid] that names what and
// quotes the start of id.
func CheckIdentity(what, id string) error {
	bad := func(why string) error {
		return fmt.Errorf("%w: %s %q: %s", ErrInvalid, what, clip(id), why)
	}
	switch {
	case id == "":
		return bad("empty")
	case len(id) > MaxIDBytes:
		return bad(fmt.Sprintf("%d bytes, at most %d", len(id), MaxIDBytes))
	case !utf8.ValidString(id):
		return bad("not valid UTF-8")
	}
	for _, r := range id {
		if unicode.IsControl(r) {
			return bad(fmt.Sprintf("control character %U", r))
		}
	}
	return nil
}

// CheckInstant returns an error wrapping [ErrInvalid], naming what, for
// the zero time (also wrapping [ErrNoTime]) or an instant outside the
// instant domain, [1970-01-01, 2200-01-01) KST (also wrapping
// [ErrRange]).
func CheckInstant(what string, t time.Time) error {
	if err := domain.CheckInstant(what, t); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

// checkAmount returns an error wrapping ErrRange, naming what, for an
// amount outside the amount domain or below zero.
func checkAmount(what string, d decimal.Decimal) error {
	if err := domain.CheckAmount(what, d); err != nil {
		return err
	}
	if d.Sign() < 0 {
		return fmt.Errorf("%w: %s of %s won", ErrRange, what, d)
	}
	return nil
}

// clip shortens a value quoted in an error to 64 bytes.
func clip(s string) string { return domain.Clip(s) }
