package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// decodeInput makes the claims input UTF-8 as -encoding (want) says
// ("auto": as detected). A file in another encoding is decoded into a
// temporary file, which the returned name names (remove it with the
// returned function), and said on stderr. Standard input, or a pipe or a
// device (then named "-"; close it with the returned function), is
// returned as a reader that still holds what was looked at; a regular
// file in UTF-8 keeps its name, to be read from its start. A file that is
// not UTF-8 under -encoding utf-8 is refused, naming what it seems to be
// and the fix.
func decodeInput(name, want string, stdin io.Reader, stderr io.Writer) (string, io.Reader, func(), error) {
	src, closeSrc, regular, err := openInput(name, stdin)
	if err != nil {
		return "", nil, func() {}, err
	}
	br := bufio.NewReaderSize(src, sniffLen)
	head, _ := br.Peek(sniffLen)
	enc, err := chooseEncoding(name, want, detectEncoding(head), stderr)
	switch {
	case err != nil:
		closeSrc()
		return "", nil, func() {}, err
	case enc == "utf-8" && regular:
		closeSrc()
		return name, nil, func() {}, nil
	case enc == "utf-8":
		return "-", br, closeSrc, nil
	}
	defer closeSrc()
	tmp, remove, err := decodeToTemp(name, br, enc)
	if err != nil {
		return "", nil, func() {}, err
	}
	fmt.Fprintf(stderr, "simulate: %s: read as %s, decoded to UTF-8 (-encoding utf-8 refuses it)\n", name, encodings[enc].name)
	return tmp, nil, remove, nil
}

// openInput opens the input name ("-": stdin), with the function that
// closes it and whether it is a regular file (one that can be read again).
func openInput(name string, stdin io.Reader) (io.Reader, func(), bool, error) {
	if name == "-" {
		return stdin, func() {}, false, nil
	}
	file, err := os.Open(name)
	if err != nil {
		return nil, nil, false, err
	}
	info, err := file.Stat()
	return file, func() { file.Close() }, err == nil && info.Mode().IsRegular(), nil
}

// chooseEncoding is the encoding to read the input name in: want, or,
// for "auto", the one found (UTF-8 where none was, said on stderr); an
// error where want is utf-8 and the input is found to be in another.
func chooseEncoding(name, want, found string, stderr io.Writer) (string, error) {
	switch {
	case want == "auto" && found == "":
		fmt.Fprintf(stderr, "simulate: %s: not UTF-8, UTF-16 or CP949 in its first %d KiB: read as UTF-8, lines that are not are bad rows\n", name, sniffLen>>10)
		return "utf-8", nil
	case want == "auto":
		return found, nil
	case want == "utf-8" && found != "utf-8" && found != "":
		return "", fmt.Errorf("%w: %s is not UTF-8: it reads as %s; give -encoding %s (or leave -encoding out to decode it), or save it as \"CSV UTF-8\"",
			errFile, name, encodings[found].name, found)
	}
	return want, nil
}

// decodeToTemp decodes br, the input name in enc, into a temporary file
// named with name's extension (.csv for standard input, what Excel saves;
// -format jsonl says otherwise), and returns its name and the function
// that removes it.
func decodeToTemp(name string, br *bufio.Reader, enc string) (string, func(), error) {
	ext := filepath.Ext(name)
	if name == "-" {
		ext = ".csv"
	}
	tmp, err := os.CreateTemp("", "relief-claims-*"+ext)
	if err != nil {
		return "", nil, err
	}
	remove := func() { os.Remove(tmp.Name()) }
	_, err = io.Copy(tmp, transform.NewReader(br, encodings[enc].enc.NewDecoder()))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("%w: decoding %s as %s: %w", errFile, name, encodings[enc].name, err)
	}
	return tmp.Name(), remove, nil
}
