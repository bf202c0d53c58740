package claimsfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The encodings a claims file may be in: UTF-8 is read as it is; the
// others are what Korean Excel saves ("CSV (쉼표로 분리)" is CP949, the
// Windows code page that extends EUC-KR; "유니코드 텍스트" is UTF-16
// little-endian with a byte-order mark, tab-separated), decoded into
// UTF-8 before they are read.
var encodings = map[string]struct {
	name string
	enc  encoding.Encoding
}{
	"utf-8":    {"UTF-8", nil},
	"cp949":    {"CP949 (EUC-KR), as Korean Excel saves \"CSV (쉼표로 분리)\"", korean.EUCKR},
	"euc-kr":   {"CP949 (EUC-KR), as Korean Excel saves \"CSV (쉼표로 분리)\"", korean.EUCKR},
	"utf-16le": {"UTF-16 little-endian, as Excel saves \"Unicode text\"", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)},
	"utf-16be": {"UTF-16 big-endian", unicode.UTF16(unicode.BigEndian, unicode.UseBOM)},
}

// withoutCutRune is head without the start of a UTF-8 rune cut at its end
// where the stream goes on (more).
func withoutCutRune(head []byte, more bool) []byte {
	if !more {
		return head
	}
	for i := len(head) - 1; i >= 0 && i >= len(head)-utf8.UTFMax; i-- {
		if !utf8.RuneStart(head[i]) {
			continue
		}
		if !utf8.FullRune(head[i:]) {
			return head[:i]
		}
		break
	}
	return head
}

// decodesAs says whether head decodes in enc with no byte it cannot
// read; where the stream goes on (more), a character cut at its end is
// left for the rest.
func decodesAs(enc encoding.Encoding, head []byte, more bool) bool {
	dst := make([]byte, 3*len(head)+utf8.UTFMax)
	n, _, err := enc.NewDecoder().Transform(dst, head, !more)
	return (err == nil || more && err == transform.ErrShortSrc) && !bytes.ContainsRune(dst[:n], utf8.RuneError)
}

// sniffLen is how much of a stream detectEncoding looks at.
const sniffLen = 64 << 10

// detectEncoding names the encoding of a stream that begins with head
// (sniffLen bytes, or the whole stream where it is shorter): by its
// byte-order mark; UTF-16 by its zero bytes; UTF-8 where head is valid
// UTF-8, CP949 where it decodes as CP949 (either way, where the stream
// goes on, a character cut at head's end aside); "" where it is none of
// them.
func detectEncoding(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "utf-16le"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "utf-16be"
	}
	if zeros := bytes.Count(head, []byte{0}); zeros > 0 && zeros*4 >= len(head) {
		odd := 0
		for i := 1; i < len(head); i += 2 {
			if head[i] == 0 {
				odd++
			}
		}
		if odd*2 >= zeros {
			return "utf-16le"
		}
		return "utf-16be"
	}
	more := len(head) == sniffLen // the stream goes on: its last character may be cut
	if utf8.Valid(withoutCutRune(head, more)) {
		return "utf-8"
	}
	if decodesAs(korean.EUCKR, head, more) {
		return "cp949"
	}
	return ""
}

// chooseEncoding is the encoding to read the input name in: want, or,
// for "auto", the one found (UTF-8 where none was, said to note); an
// error where want is utf-8 and the input is found to be in another.
func chooseEncoding(name, want, found string, note func(string)) (string, error) {
	switch {
	case want == "auto" && found == "":
		note(fmt.Sprintf("%s: not UTF-8, UTF-16 or CP949 in its first %d KiB: read as UTF-8, lines that are not are bad rows", name, sniffLen>>10))
		return "utf-8", nil
	case want == "auto":
		return found, nil
	case want == "utf-8" && found != "utf-8" && found != "":
		return "", fmt.Errorf("%w: %s is not UTF-8: it reads as %s; give -encoding %s (or leave -encoding out to decode it), or save it as \"CSV UTF-8\"",
			ErrFile, name, encodings[found].name, found)
	}
	return want, nil
}

// decodeToTemp decodes r, the input name in enc, into a temporary file,
// and returns it open, with its size; closeTemp closes and removes it.
func decodeToTemp(name string, r io.Reader, enc string) (*os.File, int64, error) {
	tmp, err := os.CreateTemp("", "relief-claims-*")
	if err != nil {
		return nil, 0, fmt.Errorf("%w: decoding %s: %w", ErrFile, name, err)
	}
	size, err := io.Copy(tmp, transform.NewReader(r, encodings[enc].enc.NewDecoder()))
	if err != nil {
		closeTemp(tmp)
		return nil, 0, fmt.Errorf("%w: decoding %s as %s: %w", ErrFile, name, encodings[enc].name, err)
	}
	return tmp, size, nil
}

// closeTemp closes and removes a temporary file decodeToTemp made.
func closeTemp(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}
