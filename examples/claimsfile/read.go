package claimsfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"strings"
)

// Options say how Read reads a claims source. The zero Options read a
// UTF-8, UTF-16 or CP949 file in the format its extension names, its
// rows in any order.
type Options struct {
	// Format is the source's, "csv", "jsonl" or "xlsx"; "" takes a file's
	// from its extension (.csv; .jsonl or .ndjson; .xlsx) and sniffs a
	// stream's (standard input, a pipe): a workbook by its zip signature,
	// else JSON Lines by a first byte that is not a space being "{". A
	// workbook's first sheet is read as CSV would be, a row a line (see
	// fromWorkbook); Encoding does not apply to it.
	Format string
	// Encoding is the source's: "" or "auto" (detected from its first
	// 64 KiB), "utf-8" (refuse a source found to be in another),
	// "cp949" (or "euc-kr"), "utf-16le" or "utf-16be". A source in an
	// encoding other than UTF-8 is decoded into a temporary file, removed
	// when Read returns.
	Encoding string
	// Grouped says the rows are sorted by claimant_id: the source is read
	// once and nothing past the current claimant is held. A row out of
	// order stops the read with an error (ErrFile).
	Grouped bool
	// Stdin is what the name "-" reads.
	Stdin io.Reader
	// BetweenPasses, where not nil, is called between a file's two passes,
	// when the first pass's tables (about 60 bytes a row) are garbage: a
	// command may give them back to the system there
	// (runtime/debug.FreeOSMemory). Read changes no setting of the process.
	BetweenPasses func()
	// Note, where not nil, is told what Read decided on the caller's
	// behalf: an encoding detected and decoded, or a source read as UTF-8
	// for want of another it could be.
	Note func(string)
}

// An OptionError is an Options field outside its domain.
type OptionError struct {
	Option string // "format" or "encoding"
	Value  string
	Want   string // the values it may take
}

// Error says the option, its value and what it may be: `format "xls":
// want csv, jsonl or xlsx`.
func (e *OptionError) Error() string {
	return fmt.Sprintf("%s %q: want %s", e.Option, e.Value, e.Want)
}

// Check returns an OptionError for the first option outside its domain.
func (o Options) Check() error {
	switch {
	case o.Format != "" && o.Format != "csv" && o.Format != "jsonl" && o.Format != "xlsx":
		return &OptionError{"format", o.Format, "csv, jsonl or xlsx"}
	case o.Encoding != "" && o.Encoding != "auto" && encodings[o.Encoding].name == "":
		return &OptionError{"encoding", o.Encoding, "auto, utf-8, cp949, euc-kr, utf-16le or utf-16be"}
	}
	return nil
}

// Read reads the claims source name (a file; "-" reads o.Stdin) and hands
// emit each claimant's rows as a Group once they are all read, and each
// line that is not a row as it is read; it stops early when emit returns
// false. A Group's Rows are emit's only during the call: Read uses their
// array again. The source is opened once.
//
// Every row of a claimant must be seen before its claim is whole, so Read
// holds what it must, one of three ways, which hand on the same Groups in
// orders of their own:
//
//   - with o.Grouped, nothing past the current claimant: each claimant
//     where the next begins;
//   - a regular file is read twice, the first pass (two cores over its
//     halves) marking each claimant's first and last lines, so that only
//     the claimants with rows still to come are held: each at its last
//     row;
//   - a stream (standard input, a pipe) can be read once only: every
//     claimant is held to its end, then handed on in the order the
//     claimants first appeared.
//
// The error is ErrFile for a source that cannot be read as a claims file
// (its header, its encoding, a line past 2,147,483,647, rows out of order
// under o.Grouped), an OptionError for bad options, or the error opening
// or reading the source.
func Read(name string, sch *Schema, o Options, emit func(Group) bool) error {
	if err := o.Check(); err != nil {
		return err
	}
	src, err := open(name, o)
	if err != nil {
		return err
	}
	defer src.close()
	g := &grouping{seed: maphash.MakeSeed(), grouped: o.Grouped, open: map[string]*pending{}, reports: map[uint64]int{}, emit: emit}
	if src.file != nil && !o.Grouped {
		g.firsts, g.lasts, g.repeats, err = countFile(src.file, src.size, src.format, sch, g.seed, src.rows())
		if err != nil {
			return err
		}
		g.counted, g.reports = true, nil
		if o.BetweenPasses != nil {
			o.BetweenPasses()
		}
	}
	err = scanRows(src.rowsReader(), src.format, sch, g.add)
	switch {
	case err == nil && g.err != nil:
		return g.err
	case err == nil:
		g.finish()
	}
	return err
}

// source is a claims source, open: a file that can be read again (the
// one named, or the UTF-8 it was decoded into), or a stream, which holds
// what was looked at of its start.
type source struct {
	file   *os.File // nil for a stream
	size   int64
	head   []byte        // the start, as looked at to tell its encoding
	stream *bufio.Reader // nil for a file
	format format
	closer func()
}

func (s *source) close() { s.closer() }

// fromStart reads the source from its start (a stream from what it has
// not handed on: its start, where nothing has read it yet).
func (s *source) fromStart() io.Reader {
	if s.file == nil {
		return s.stream
	}
	return io.NewSectionReader(s.file, 0, s.size)
}

// rowsReader reads the source's rows from its start.
func (s *source) rowsReader() *bufio.Reader {
	if s.file == nil {
		return s.stream
	}
	return bufio.NewReaderSize(s.fromStart(), 1<<16)
}

// readHead looks at the source's first sniffLen bytes, into s.head.
func (s *source) readHead() error {
	if s.file == nil {
		s.head, _ = s.stream.Peek(sniffLen)
		return nil
	}
	s.head = make([]byte, min(s.size, sniffLen))
	n, err := s.file.ReadAt(s.head, 0)
	s.head = s.head[:n]
	if err != nil && err != io.EOF {
		return fmt.Errorf("%w: %w", ErrFile, err)
	}
	return nil
}

// readFrom makes tmp, a temporary file of size bytes that the source was
// turned into, the source: it is read from then on, and removed when the
// source closes.
func (s *source) readFrom(tmp *os.File, size int64) error {
	closeSource := s.closer
	s.closer = func() { closeTemp(tmp); closeSource() }
	s.file, s.size, s.stream = tmp, size, nil
	return s.readHead()
}

// rows guesses how many rows a file holds from its size and the lines at
// its start, for sizing the first pass's buckets of hashes.
func (s *source) rows() int {
	lines := bytes.Count(s.head, []byte{'\n'})
	if lines == 0 {
		return 0
	}
	return int(s.size * int64(lines) / int64(len(s.head)))
}

// open opens the source name as o says: its encoding chosen (and the
// source decoded into a temporary file where it is not UTF-8) and its
// format.
func open(name string, o Options) (*source, error) {
	src := &source{closer: func() {}}
	if name == "-" {
		if o.Stdin == nil {
			return nil, errors.New("claimsfile: the name - reads Options.Stdin, which is nil")
		}
		src.stream = bufio.NewReaderSize(o.Stdin, sniffLen)
	} else {
		file, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		src.closer = func() { file.Close() }
		info, err := file.Stat()
		switch {
		case err != nil:
			src.close()
			return nil, err
		case info.Mode().IsRegular():
			src.file, src.size = file, info.Size()
		default: // a pipe or a device: read once, as a stream
			src.stream = bufio.NewReaderSize(file, sniffLen)
		}
	}
	if err := src.settle(name, o); err != nil {
		src.close()
		return nil, err
	}
	return src, nil
}

// settle reads a workbook's first sheet, or decodes the source to UTF-8
// as o says, and sets its format.
func (s *source) settle(name string, o Options) error {
	if err := s.readHead(); err != nil {
		return err
	}
	// A regular file's format is its extension's: known before it is decoded.
	byName := s.file != nil && o.Format == ""
	if byName {
		f, err := formatOf(name)
		if err != nil {
			return err
		}
		s.format = f
	}
	if s.format == formatXLSX || o.Format == "xlsx" || !byName && o.Format == "" && bytes.HasPrefix(s.head, zipSignature) {
		return s.fromWorkbook(name)
	}
	if err := s.decode(name, o); err != nil {
		return err
	}
	switch {
	case o.Format == "csv":
		s.format = formatCSV
	case o.Format == "jsonl":
		s.format = formatJSONL
	case !byName:
		s.format = sniff(s.head)
	}
	return nil
}

// decode chooses the source's encoding as o says, from its start (head);
// where that is not UTF-8, it decodes the source into a temporary file,
// which it reads from then on.
func (s *source) decode(name string, o Options) error {
	note := o.Note
	if note == nil {
		note = func(string) {}
	}
	want := o.Encoding
	if want == "" {
		want = "auto"
	}
	enc, err := chooseEncoding(name, want, detectEncoding(s.head), note)
	if err != nil || enc == "utf-8" {
		return err
	}
	tmp, size, err := decodeToTemp(name, s.fromStart(), enc)
	if err != nil {
		return err
	}
	if err := s.readFrom(tmp, size); err != nil {
		return err
	}
	note(fmt.Sprintf("%s: read as %s, decoded to UTF-8 (-encoding utf-8 refuses it)", name, encodings[enc].name))
	return nil
}

// formatOf names the format of a claims file by its extension.
func formatOf(name string) (format, error) {
	switch lower := strings.ToLower(name); {
	case strings.HasSuffix(lower, ".csv"):
		return formatCSV, nil
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"):
		return formatJSONL, nil
	case strings.HasSuffix(lower, ".xlsx"):
		return formatXLSX, nil
	}
	return 0, fmt.Errorf("%w: %s: want a .csv, .jsonl, .ndjson or .xlsx file", ErrFile, name)
}
