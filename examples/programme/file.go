package programme

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/strictjson"
)

// A programme file is one JSON object (its schema is
// examples/programmes/programme.schema.json):
//
//	{
//	  "name": {"ko": "...", "en": "..."}, "channel": {...}, "documents": {...}, "contact": {...},
//	  "currency": {"code": "KRW", "minor": 0},
//	  "zone": "KST",
//	  "eligibility": { the JSON of an eligibility.Config, without a zone },
//	  "cash": [{"benefit": "cash-support", "schedule": { a compensation.Config, without a currency }}],
//	  "review": "individual-review",
//	  "catalogue": { a grants.Config, without a currency or a zone }
//	}
//
// The programme's currency and zone are its sections'. Every value loads
// through its constructor, so a file holds only what a Go value could.
type file struct {
	Name         Text                  `json:"name"`
	Channel      Text                  `json:"channel"`
	Documents    Text                  `json:"documents,omitzero"`
	DocumentsFor []eligibility.Kind    `json:"documentsFor,omitempty"`
	Contact      Text                  `json:"contact,omitzero"`
	Currency     compensation.Currency `json:"currency"`
	Zone         string                `json:"zone"`
	Eligibility  json.RawMessage       `json:"eligibility"`
	Cash         []fileCash            `json:"cash,omitempty"`
	Review       string                `json:"review,omitempty"`
	Catalogue    json.RawMessage       `json:"catalogue,omitempty"`
}

type fileCash struct {
	Benefit  string          `json:"benefit"`
	Schedule json.RawMessage `json:"schedule"`
}

// Load reads a programme from its JSON file form (see [Plan.MarshalJSON]).
// Unknown fields are errors, and every value is built by its constructor;
// it returns every fault it finds, joined, each naming its path in the
// file ("eligibility.benefits[2].when: ...", "cash[0].schedule.bands[1]:
// ..."). A zone other than KST or UTC needs the time-zone database (a
// program may embed it with the time/tzdata package).
func Load(data []byte) (Plan, error) {
	var f file
	if err := decodeStrict(data, &f); err != nil {
		return Plan{}, jsonError("", data, err)
	}
	var errs []error
	fail := func(path string, err error) { errs = append(errs, prefix(path, err)) }
	zone, err := zoneOf(f.Zone)
	if err != nil {
		fail("zone", err)
		zone = eligibility.KST()
	}
	if err := f.Currency.Check(); err != nil {
		fail("currency", err)
	}
	c := Config{Name: f.Name, Channel: f.Channel, Documents: f.Documents, DocumentsFor: f.DocumentsFor, Contact: f.Contact, Review: f.Review}

	var ec eligibility.Config
	if len(f.Eligibility) == 0 {
		fail("eligibility", errors.New("missing"))
	} else if err := decodeStrict(f.Eligibility, &ec); err != nil {
		errs = append(errs, jsonError("eligibility", f.Eligibility, err))
	} else {
		ec.Zone = zone
		if c.Eligibility, err = eligibility.NewPolicy(ec); err != nil {
			fail("eligibility", err)
		}
	}
	for i, cash := range f.Cash {
		path := fmt.Sprintf("cash[%d].schedule", i)
		var sc compensation.Config
		if err := decodeStrict(cash.Schedule, &sc); err != nil {
			errs = append(errs, jsonError(path, cash.Schedule, err))
			continue
		}
		if sc.Currency.IsZero() {
			sc.Currency = f.Currency
		}
		nameShares(&sc, ec.Bases)
		s, err := compensation.NewSchedule(sc)
		if err != nil {
			fail(path, err)
			continue
		}
		c.Cash = append(c.Cash, Cash{Benefit: cash.Benefit, Schedule: s})
	}
	var gc grants.Config
	if len(f.Catalogue) > 0 {
		if err := decodeStrict(f.Catalogue, &gc); err != nil {
			errs = append(errs, jsonError("catalogue", f.Catalogue, err))
		}
	}
	if gc.Currency.IsZero() {
		gc.Currency = f.Currency
	}
	gc.Zone = zone
	if c.Catalogue, err = grants.NewCatalogue(gc); err != nil {
		fail("catalogue", err)
	}
	if len(errs) > 0 {
		return Plan{}, errors.Join(errs...)
	}
	p, err := New(c)
	if err != nil {
		return Plan{}, err
	}
	return p, nil
}

// unnameShares drops the names of sc's shares that are their bases' own,
// as Load gives them.
func unnameShares(sc *compensation.Config, bases []eligibility.Base) {
	drop := func(sh *compensation.Share) {
		for _, b := range bases {
			if sh != nil && b.Key == sh.Base && b.Name == sh.Name {
				sh.Name = compensation.Text{}
			}
		}
	}
	drop(sc.CapShare)
	for i := range sc.Bands {
		drop(sc.Bands[i].Share)
	}
}

// nameShares names each share of sc by the base it is of, as the policy
// declares it, where the file does not name it.
func nameShares(sc *compensation.Config, bases []eligibility.Base) {
	name := func(sh *compensation.Share) {
		if sh == nil || !sh.Name.IsZero() {
			return
		}
		for _, b := range bases {
			if b.Key == sh.Base {
				sh.Name = b.Name
			}
		}
	}
	name(sc.CapShare)
	for i := range sc.Bands {
		name(sc.Bands[i].Share)
	}
}

// LoadFile reads the programme file at path with [Load].
func LoadFile(path string) (Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Plan{}, err
	}
	return Load(data)
}

// MarshalJSON writes the programme in its file form, which [Load] reads
// back to the same programme.
func (p Plan) MarshalJSON() ([]byte, error) {
	if p.p == nil {
		return nil, errors.New("programme: the zero Plan")
	}
	c := p.p.c
	f := file{Name: c.Name, Channel: c.Channel, Documents: c.Documents, DocumentsFor: c.DocumentsFor, Contact: c.Contact,
		Currency: p.Currency(), Zone: p.Zone().String(), Review: c.Review}
	ec := c.Eligibility.Config()
	ec.Zone = nil
	var err error
	if f.Eligibility, err = json.Marshal(ec); err != nil {
		return nil, err
	}
	for _, cash := range c.Cash {
		sc := cash.Schedule.Config()
		if sc.Currency == f.Currency {
			sc.Currency = compensation.Currency{}
		}
		unnameShares(&sc, ec.Bases)
		raw, err := json.Marshal(sc)
		if err != nil {
			return nil, err
		}
		f.Cash = append(f.Cash, fileCash{Benefit: cash.Benefit, Schedule: raw})
	}
	if items := c.Catalogue.Items(); len(items) > 0 {
		gc := c.Catalogue.Config()
		gc.Zone, gc.Currency = nil, compensation.Currency{}
		if f.Catalogue, err = json.Marshal(gc); err != nil {
			return nil, err
		}
	}
	return json.Marshal(f)
}

// decodeStrict decodes one JSON value as strictjson.Decode does: unknown
// fields, duplicate keys, keys that match only by case, overlong
// numbers, invalid UTF-8 and anything after the value are errors.
func decodeStrict(data []byte, v any) error { return strictjson.Decode(data, v) }

// jsonError names where in the file a decoding error is: the field of a
// value of the wrong type, or the line and column of bad syntax, never a
// Go type.
func jsonError(section string, data []byte, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var pe *strictjson.PathError
	switch {
	case errors.As(err, &pe) && pe.Path != "":
		return prefix(join(section, pe.Path), pe.Err)
	case errors.As(err, &te):
		return prefix(join(section, te.Field), fmt.Errorf("a JSON %s where a %s belongs", te.Value, kindOf(te.Type.Kind().String())))
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return prefix(section, fmt.Errorf("line %d, column %d: %v", line, col, se))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	return prefix(section, errors.New(msg))
}

// kindOf names a Go kind the way a JSON file's reader would.
func kindOf(k string) string {
	switch k {
	case "string":
		return "string"
	case "slice", "array":
		return "list"
	case "struct", "map":
		return "object"
	case "bool":
		return "true or false"
	}
	return "number"
}

// position is the line and column of a byte offset.
func position(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for _, b := range data[:min(int(offset), len(data))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// prefix puts path before each line of err (the faults a constructor
// joined, one a line), keeping err for errors.Is and errors.As.
func prefix(path string, err error) error {
	if path == "" || err == nil {
		return err
	}
	return &pathError{path, err}
}

// pathError is an error at a path in a programme file.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string {
	lines := strings.Split(e.err.Error(), "\n")
	for i, msg := range lines {
		msg = strings.Replace(msg, "bad eligibility policy: ", "", 1)
		if j := strings.Index(msg, ": "); j > 0 && pathLike.MatchString(msg[:j]) {
			lines[i] = e.path + "." + msg // the constructor named a path within the section
			continue
		}
		lines[i] = e.path + ": " + msg
	}
	return strings.Join(lines, "\n")
}

func (e *pathError) Unwrap() error { return e.err }

// pathLike matches a path within a section: "kinds", "benefits[2].when".
var pathLike = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\[[0-9]+\]|\.[A-Za-z][A-Za-z0-9_]*)*$`)

// zoneOf reads a zone's name: KST (also Asia/Seoul) without a time-zone
// database, UTC, or an IANA name.
func zoneOf(name string) (*time.Location, error) {
	switch name {
	case "", "KST", "Asia/Seoul":
		return eligibility.KST(), nil
	case "UTC":
		return time.UTC, nil
	}
	return time.LoadLocation(name)
}

// Open returns the programme of the file at path ([LoadFile]), or Kakao
// 1015 ([Kakao1015]) where path is "": what a tool's -programme flag
// reads.
func Open(path string) (Plan, error) {
	if path == "" {
		return Kakao1015(), nil
	}
	p, err := LoadFile(path)
	if err != nil {
		return Plan{}, fmt.Errorf("%s does not load:\n%w", path, faults{err})
	}
	return p, nil
}

// faults writes each fault of a file on a line of its own, indented.
type faults struct{ err error }

func (f faults) Error() string {
	lines := strings.Split(f.err.Error(), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}

func (f faults) Unwrap() error { return f.err }
