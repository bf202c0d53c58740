package claimsfile

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// A Schema is the claims file's columns for one programme: the fixed
// ones (the README lists them), then a column for each attribute and each
// base the programme declares, named by its key with "-" written "_"
// (domestic-phone is the column domestic_phone). A local time in the file
// (without an offset) is in the programme's zone. A Schema is safe for
// concurrent use.
type Schema struct {
	zone     *time.Location
	names    [numFields]string // each field's column; "" for an unused extra field
	attrs    []int             // the field of each declared attribute, in order
	attrKeys []string
	bases    []int // the field of each declared base, in order
	baseKeys []string
	sets     [][]string // the attribute lists, by a bit set of the attributes held
	// policy checks each row's report alone, so that a bad report is a
	// bad row and its claimant is decided on the rest.
	policy eligibility.Policy
}

// maxExtra is how many attributes and bases a programme may declare for
// the claims file: each is a column of every row.
const maxExtra = numFields - fExtra

// NewSchema returns the claims file's schema for p. It returns an error
// where p declares more attributes and bases than the file holds (12), or
// one whose column is a fixed column's.
func NewSchema(p programme.Plan) (*Schema, error) {
	s := &Schema{policy: p.Eligibility(), zone: p.Zone()}
	copy(s.names[:], fixedNames[:])
	next := fExtra
	add := func(key string) (int, error) {
		name := strings.ReplaceAll(key, "-", "_")
		if next == numFields {
			return 0, fmt.Errorf("the programme declares more than %d attributes and bases for the claims file", maxExtra)
		}
		if s.fieldIndex(name) >= 0 {
			return 0, fmt.Errorf("the programme's %q is the column %q, which the claims file has already", key, name)
		}
		s.names[next] = name
		next++
		return next - 1, nil
	}
	for _, a := range p.Eligibility().Attributes() {
		f, err := add(a.Key)
		if err != nil {
			return nil, err
		}
		s.attrs, s.attrKeys = append(s.attrs, f), append(s.attrKeys, a.Key)
	}
	for _, b := range p.Eligibility().Bases() {
		f, err := add(b.Key)
		if err != nil {
			return nil, err
		}
		s.bases, s.baseKeys = append(s.bases, f), append(s.baseKeys, b.Key)
	}
	if n := len(s.attrs); n <= 10 {
		s.sets = make([][]string, 1<<n)
		for mask := range s.sets {
			for i, k := range s.attrKeys {
				if mask&(1<<i) != 0 {
					s.sets[mask] = append(s.sets[mask], k)
				}
			}
			s.sets[mask] = slices.Clip(s.sets[mask]) // shared by claims: an append copies
		}
	}
	return s, nil
}

// fieldIndex is the field of the column name, or -1.
func (s *Schema) fieldIndex(name string) int {
	for i, n := range s.names {
		if n != "" && n == name {
			return i
		}
	}
	return -1
}

// Header is the columns a file of the schema has, fixed then the
// programme's, in the order a Writer writes them.
func (s *Schema) Header() []string {
	var out []string
	for _, n := range s.names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// claimantOf reads the attributes and bases of a row into c: one of the
// lists made ahead for the attributes (claimants only read them), and a
// map of the bases, where the row gives any.
func (s *Schema) claimantOf(p *parser, c *eligibility.Claimant) {
	mask := 0
	var held []string // without lists made ahead: this row's own
	for i, f := range s.attrs {
		if p.bool(f) {
			mask |= 1 << min(i, 62)
			if s.sets == nil {
				held = append(held, s.attrKeys[i])
			}
		}
	}
	if s.sets != nil {
		c.Attributes = s.sets[mask]
	} else {
		c.Attributes = held
	}
	for i, f := range s.bases {
		if p.v[f] == "" {
			continue
		}
		if c.Bases == nil {
			c.Bases = make(map[string]decimal.Decimal, len(s.bases))
		}
		c.Bases[s.baseKeys[i]] = p.amount(f)
	}
}
