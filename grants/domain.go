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
	// 256 bytes (see [CheckIdentity] for the rest of its domain).
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
// shares, for recipients and item IDs alike: one way to write each
// identity, so that two spellings of one name never get two grants, and
// two names never share one. An identity is
//
//   - not empty, and at most [MaxIDBytes] bytes;
//   - valid UTF-8, checked on the bytes as they came (a host decoding
//     JSON checks before decoding: encoding/json turns every invalid byte
//     into U+FFFD, merging "inv\xffA" with "inv\xfeA"), and without
//     U+FFFD, the mark such a decoding leaves;
//   - without leading or trailing space, and with no space but U+0020
//     (no no-break or ideographic space);
//   - without control characters (NUL included), format characters
//     (category Cf: zero-width space, byte-order mark, bidirectional
//     marks, soft hyphen) or other characters that show nothing (Hangul
//     fillers, variation selectors);
//   - in Unicode Normalization Form C. This package has no normalisation
//     tables: it refuses decomposed Hangul (conjoining jamo, U+1100 to
//     U+11FF, U+A960 to U+A97F, U+D7B0 to U+D7FF), the decomposed form of
//     every Korean name, and leaves the rest of NFC to the host (the
//     examples check it whole with golang.org/x/text/unicode/norm).
//
// Case is significant: "Alice" and "alice" are two identities, as the
// host's own systems tell them apart. Otherwise CheckIdentity returns an
// error wrapping [ErrInvalid] that names what, quotes the start of id and
// says which rule it breaks.
func CheckIdentity(what, id string) error {
	bad := func(why string) error {
		return fmt.Errorf("%w: %s %q: %s", ErrInvalid, what, clip(id), why)
	}
	switch {
	case id == "":
		return bad("empty")
	case len(id) > MaxIDBytes:
		return bad(fmt.Sprintf("%d bytes, at most %d", len(id), MaxIDBytes))
	case printableASCII(id):
		if id[0] == ' ' || id[len(id)-1] == ' ' {
			return bad("leading or trailing space")
		}
		return nil
	case !utf8.ValidString(id):
		return bad("not valid UTF-8")
	}
	for i, r := range id {
		if why := identityRune(r); why != "" {
			return bad(fmt.Sprintf("%s %U at byte %d", why, r, i))
		}
	}
	first, _ := utf8.DecodeRuneInString(id)
	last, _ := utf8.DecodeLastRuneInString(id)
	if first == ' ' || last == ' ' {
		return bad("leading or trailing space")
	}
	return nil
}

// printableASCII says whether s is all ASCII from U+0020 to U+007E: the
// identities most hosts use, which only spaces at either end can spoil.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// identityRune says why r may not be part of an identity ("" where it
// may).
func identityRune(r rune) string {
	switch {
	case r < 0x80: // ASCII: only the control characters are out
		if r < 0x20 || r == 0x7F {
			return "control character"
		}
		return ""
	case r >= 0xAC00 && r <= 0xD7A3: // composed Hangul syllables: the Korean names
		return ""
	case unicode.IsControl(r):
		return "control character"
	case r == utf8.RuneError:
		return "replacement character (the mark of a bad decoding)"
	case unicode.IsSpace(r):
		return "space other than U+0020"
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
		return "invisible format character"
	case unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r), unicode.Is(unicode.Variation_Selector, r):
		return "character that shows nothing"
	case r >= 0x1100 && r <= 0x11FF, r >= 0xA960 && r <= 0xA97F, r >= 0xD7B0 && r <= 0xD7FF:
		return "decomposed Hangul (not NFC)"
	}
	return ""
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
