package claimsfile

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

// koreanCSV is a claims file as a Korean office writes it: Korean names
// and report IDs, CRLF line ends.
const koreanCSV = "claimant_id,kind,report_id,filed_at,operator\r\n" +
	"김철수,general,보고-1,2022-10-20 12:00,Kakao\r\n" +
	"이영희,general,보고-2,2022-10-20 12:00,Kakao\r\n"

// FuzzDetectEncoding: any bytes are named one encoding or none, without a
// panic, and what is named reads as that encoding.
func FuzzDetectEncoding(f *testing.F) {
	cp949, _ := korean.EUCKR.NewEncoder().String(koreanCSV)
	f.Add([]byte(koreanCSV))
	f.Add([]byte(cp949))
	f.Add([]byte("\xff\xfec\x00l\x00"))
	f.Add([]byte("\"oops\xff\xfe,\r\n"))
	f.Fuzz(func(t *testing.T, head []byte) {
		switch enc := detectEncoding(head); enc {
		case "utf-8":
			if !bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) && !utf8.Valid(head) {
				t.Fatalf("%q named UTF-8", head)
			}
		case "cp949":
			if out, err := korean.EUCKR.NewDecoder().Bytes(head); err != nil || bytes.ContainsRune(out, utf8.RuneError) {
				t.Fatalf("%q named CP949, which does not decode it", head)
			}
		case "", "utf-16le", "utf-16be":
		default:
			t.Fatalf("%q named %q", head, enc)
		}
	})
}

// The detector looks at sniffLen bytes: a rune or a CP949 pair cut at
// their end is not held against the file; a bad byte just before it is.
func TestDetectionAtTheEdgeOfWhatIsLookedAt(t *testing.T) {
	cp949 := func(s string) string { out, _ := korean.EUCKR.NewEncoder().String(s); return out }
	pad := func(tail string) []byte { return []byte(strings.Repeat("a", sniffLen-len(tail)) + tail) }
	for _, tt := range []struct {
		name string
		head []byte
		want string
	}{
		{"UTF-8 with a rune whole at the end", pad("김"), "utf-8"},
		{"UTF-8 with a rune cut at the end", pad("김"[:2]), "utf-8"},
		{"UTF-8 with a bad byte before a cut rune is neither", pad("\xff" + "김"[:2]), ""},
		{"CP949 with a pair whole at the end", pad(cp949("김")), "cp949"},
		{"CP949 with a pair cut at the end", pad(cp949("김철")[:3]), "cp949"},
		{"a short file ends where it ends: a cut rune is not UTF-8, a lone lead byte not CP949", []byte("a" + "김"[:1]), ""},
		{"CP949 with a bad lead byte just before the end", pad("\x80" + cp949("김")), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectEncoding(tt.head); got != tt.want {
				t.Errorf("detectEncoding = %q, want %q", got, tt.want)
			}
		})
	}
}
