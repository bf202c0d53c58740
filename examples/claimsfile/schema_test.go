package claimsfile

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
)

// Claims share the lists of attributes made ahead; what a host appends to
// one claim's list is not changed by an append to another's.
func TestAnAppendToOneClaimsAttributesIsItsOwn(t *testing.T) {
	p, err := programme.Open("../programmes/optus2023.json") // three attributes
	if err != nil {
		t.Fatal(err)
	}
	sch, err := NewSchema(p)
	if err != nil {
		t.Fatal(err)
	}
	var v values
	for _, f := range sch.attrs {
		v[f] = "true"
	}
	read := func() eligibility.Claimant {
		var c eligibility.Claimant
		sch.claimantOf(&parser{v: &v, sch: sch}, &c)
		return c
	}
	first, second := read(), read()
	if len(first.Attributes) != 3 {
		t.Fatalf("attributes %q; want all three of the programme's", first.Attributes)
	}
	a := append(first.Attributes, "first host's")
	b := append(second.Attributes, "second host's")
	if diff := cmp.Diff([2]string{"first host's", "second host's"}, [2]string{a[3], b[3]}); diff != "" {
		t.Errorf("each claim's appended attribute (-want +got):\n%s", diff)
	}
}
