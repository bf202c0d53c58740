package identity_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/identity"
	"github.com/outagerelief/relief/grants"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		id   string
		want string // the rule broken; "" for an identity
	}{
		{"a composed Korean name is an identity", "김철수", ""},
		{"a decomposed Korean name is refused", "\u1100\u1175\u11b7\u110e\u1165\u11af\u1109\u116e", "decomposed Hangul"},
		{"a composed accent is an identity", "caf\u00e9", ""},
		{"a decomposed accent is refused as not NFC", "cafe\u0301", "not in Unicode NFC"},
		{"a trailing space is refused", "김철수 ", "leading or trailing space"},
		{"a zero-width space is refused", "김철\u200b수", "invisible format character"},
		{"a byte-order mark is refused", "\ufeff김철수", "invisible format character"},
		{"a no-break space is refused", "김철수\u00a0", "space other than U+0020"},
		{"invalid UTF-8 is refused", "inv\xffA", "not valid UTF-8"},
		{"a NUL is refused", "a\x00b", "control character"},
		{"case is significant: both spellings are identities", "Alice", ""},
		{"an identity of 257 bytes is refused", strings.Repeat("a", 257), "bytes, at most 256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := identity.Check("claimant_id", tt.id)
			got := ""
			if err != nil {
				if !errors.Is(err, grants.ErrInvalid) {
					t.Errorf("%v does not wrap grants.ErrInvalid", err)
				}
				got = tt.want
				if !strings.Contains(err.Error(), tt.want) {
					got = err.Error()
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check(%q) (-want +got):\n%s", tt.id, diff)
			}
		})
	}
}

// Any string is an identity or refused, never both ways: an identity is
// NFC, and refused ones name the rule.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"김철수", "cafe\u0301", "a\x00", "\ufeffx", "x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		err := identity.Check("id", id)
		if err == nil && grants.CheckIdentity("id", id) != nil {
			t.Fatalf("%q passes Check but not the library's rule", id)
		}
		if err != nil && !errors.Is(err, grants.ErrInvalid) {
			t.Fatalf("%q: %v does not wrap ErrInvalid", id, err)
		}
	})
}
