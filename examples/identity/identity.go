// Package identity is the examples' one rule for the identities a caller
// writes (a claimant's ID, a report's ID, an item's ID), applied alike by
// the claims file's reader and by the service: the library's identity
// domain (grants.CheckIdentity: valid UTF-8 on the raw bytes, no
// control, invisible or format characters, no leading or trailing space,
// at most 256 bytes), and Unicode Normalization Form C in full, which the
// library leaves to its host. So the NFC and NFD spellings of 김철수, or
// "alice" and "alice\u200b", are never two claimants with two grants:
// the second is refused with a message that says why. Case stays
// significant.
package identity

import (
	"fmt"

	"github.com/outagerelief/relief/grants"
	"golang.org/x/text/unicode/norm"
)

// Check returns nil if id is an identity, or an error wrapping
// grants.ErrInvalid that names what, quotes the start of id and says
// which rule it breaks.
func Check(what, id string) error {
	if err := grants.CheckIdentity(what, id); err != nil {
		return err
	}
	if ascii(id) { // most identities; ASCII is in NFC
		return nil
	}
	if norm.NFC.QuickSpanString(id) < len(id) && !norm.NFC.IsNormalString(id) {
		return fmt.Errorf("%w: %s %q: not in Unicode NFC (write it composed: %q)", grants.ErrInvalid, what, Clip(id), Clip(norm.NFC.String(id)))
	}
	return nil
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Clip is how a value a caller wrote (an identity, a field, a column) is
// quoted back in a message: its first 64 bytes, so that no message
// carries an unbounded input.
func Clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
