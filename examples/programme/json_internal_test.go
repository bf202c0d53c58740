package programme

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlainStringFindsEveryByteThatNeedsEscaping(t *testing.T) {
	reference := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= utf8.RuneSelf || !plain[c] {
				return false
			}
		}
		return true
	}
	// Every byte value at every position of strings of 1 to 17 bytes:
	// shorter than a word, a word, and a word and a tail that overlaps it.
	for n := 1; n <= 17; n++ {
		for at := range n {
			for c := range 256 {
				s := []byte(strings.Repeat("a", n))
				s[at] = byte(c)
				if got, want := plainString(string(s)), reference(string(s)); got != want {
					t.Fatalf("plainString(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}
