package claimsfile

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// amountOf is what an amount reads as: its digits and exponent, or that
// it was refused.
type amountOf struct {
	Coefficient string
	Exponent    int32
	Refused     bool
}

func readAs(d decimal.Decimal, err error) amountOf {
	if err != nil {
		return amountOf{Refused: true}
	}
	return amountOf{d.Coefficient().String(), d.Exponent(), false}
}

// The short path for plain amounts reads each as the full reading does,
// at 18 digits (the most it takes), below and above, with and without a
// fraction; what it does not take, the full reading reads.
func TestAPlainAmountReadsAsTheFullReadingDoes(t *testing.T) {
	for _, tt := range []struct {
		name, s string
		plain   bool
	}{
		{"a whole number is plain", "420000", true},
		{"zero is plain", "0", true},
		{"leading zeros are plain", "000420", true},
		{"a fraction is plain", "312345.67", true},
		{"a fraction's trailing zeros are kept", "1.50", true},
		{"17 digits are plain", "12345678901234567", true},
		{"18 digits are plain", "123456789012345678", true},
		{"18 digits with a fraction are plain", "1234567890.12345678", true},
		{"19 digits are read in full", "1234567890123456789", false},
		{"30 digits are read in full", "123456789012345678901234567890", false},
		{"31 digits are refused in full", "1234567890123456789012345678901", false},
		{"a point with nothing after it is read in full", "1.", false},
		{"a point with nothing before it is read in full", ".5", false},
		{"two points are read in full", "1.2.3", false},
		{"a sign is read in full", "-1", false},
		{"a plus is read in full", "+1", false},
		{"an exponent is read in full", "1e6", false},
		{"a space is read in full", "1 000", false},
		{"the empty string is read in full", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, plain := plainAmount(tt.s)
			if plain != tt.plain {
				t.Fatalf("plainAmount(%q) plain = %v, want %v", tt.s, plain, tt.plain)
			}
			want := readAs(readAmount(tt.s))
			if diff := cmp.Diff(want, readAs(parseAmount(tt.s))); diff != "" {
				t.Errorf("parseAmount(%q) (-want +got):\n%s", tt.s, diff)
			}
			if plain {
				if diff := cmp.Diff(want, readAs(d, nil)); diff != "" {
					t.Errorf("plainAmount(%q) (-want +got):\n%s", tt.s, diff)
				}
			}
		})
	}
}

// FuzzPlainAmount holds the short path to the full reading on any string.
func FuzzPlainAmount(f *testing.F) {
	for _, s := range []string{"0", "420000", "1.50", "123456789012345678", "1234567890123456789", ".5", "1.", "-0", "9.9e1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := readAs(readAmount(s))
		if d, plain := plainAmount(s); plain {
			if diff := cmp.Diff(want, readAs(d, nil)); diff != "" {
				t.Errorf("plainAmount(%q) (-want +got):\n%s", s, diff)
			}
		}
		if diff := cmp.Diff(want, readAs(parseAmount(s))); diff != "" {
			t.Errorf("parseAmount(%q) (-want +got):\n%s", s, diff)
		}
	})
}

// fieldsOf is how a list field split before listItems: strings.FieldsFunc
// at ';' and ' '.
func fieldsOf(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ' ' })
}

// A list field's items are what strings.FieldsFunc gives at ';' and ' ',
// at the edges of the field and between runs of separators.
func TestListItemsSplitsAsFieldsFunc(t *testing.T) {
	for _, tt := range []struct {
		name, s string
		want    []string
	}{
		{"an empty field has no items", "", nil},
		{"a field of separators has no items", "; ;;", nil},
		{"one item is itself", "120", []string{"120"}},
		{"items are split at ';'", "1;2;3", []string{"1", "2", "3"}},
		{"items are split at a space", "1 2", []string{"1", "2"}},
		{"runs of separators split once", "1;; ;2", []string{"1", "2"}},
		{"separators at the edges are dropped", ";1;2 ", []string{"1", "2"}},
		{"a multi-byte rune is part of its item", "가;나다", []string{"가", "나다"}},
		{"a pair keeps its colon", "I56:600;G47:300", []string{"I56:600", "G47:300"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Collect(listItems(tt.s))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("listItems(%q) (-want +got):\n%s", tt.s, diff)
			}
			if diff := cmp.Diff(fieldsOf(tt.s), got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("listItems(%q) against FieldsFunc (-want +got):\n%s", tt.s, diff)
			}
		})
	}
}

// listItems stops where the loop over it stops.
func TestListItemsStopsWhenTold(t *testing.T) {
	var got []string
	for s := range listItems("a;b;c") {
		got = append(got, s)
		if s == "b" {
			break
		}
	}
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("items read before the break (-want +got):\n%s", diff)
	}
}

func FuzzListItems(f *testing.F) {
	for _, s := range []string{"", "1;2", " ;x; ", "가;\xff;b", "a  b;;c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if diff := cmp.Diff(fieldsOf(s), slices.Collect(listItems(s)), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("listItems(%q) against FieldsFunc (-want +got):\n%s", s, diff)
		}
	})
}

// A yes-or-no field reads its spellings in any case; anything else is
// refused, naming the field and the value.
func TestAYesOrNoFieldReadsItsSpellings(t *testing.T) {
	sch := kakaoSchema(t)
	type result struct {
		Value bool
		Err   string
	}
	for _, tt := range []struct {
		name, s string
		want    result
	}{
		{"empty is no", "", result{false, ""}},
		{"false is no", "false", result{false, ""}},
		{"0 is no", "0", result{false, ""}},
		{"FALSE is no, in any case", "FALSE", result{false, ""}},
		{"no is no", "No", result{false, ""}},
		{"n is no", "N", result{false, ""}},
		{"true is yes", "true", result{true, ""}},
		{"1 is yes", "1", result{true, ""}},
		{"True is yes, in any case", "True", result{true, ""}},
		{"yes is yes", "YES", result{true, ""}},
		{"y is yes", "y", result{true, ""}},
		{"2 is refused", "2", result{false, `paid: "2" is not true or false`}},
		{"a space inside is refused", "tr ue", result{false, `paid: "tr ue" is not true or false`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v values
			v[fPaid] = tt.s
			p := parser{v: &v, sch: sch}
			got := result{Value: p.bool(fPaid)}
			if p.err != nil {
				got.Err = p.err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("bool(%q) (-want +got):\n%s", tt.s, diff)
			}
		})
	}
}
