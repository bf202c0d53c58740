package eligibility

import (
	"fmt"
)

// Sector is a business's main line of business as a code of the Korean
// Standard Industrial Classification (KSIC, 한국표준산업분류), the
// classification decree table 3 is written in [P-SB-3]. A code is a
// section letter ("I"), a division with its letter ("C10", "E36"), or a
// finer code with its letter, down to the five-digit sub-class
// ("G47", "C10711"). Build one with [ParseSector], which checks the form
// and that the division belongs to the section.
//
// The zero Sector is not valid.
type Sector string

// Sectors of common small businesses, for readability; any code that
// [ParseSector] accepts is as good.
const (
	Agriculture     Sector = "A"   // agriculture, forestry and fishing
	Mining          Sector = "B"   // mining and quarrying
	FoodProducts    Sector = "C10" // manufacture of food products
	Construction    Sector = "F"   // construction
	WholesaleRetail Sector = "G"   // wholesale and retail trade
	Retail          Sector = "G47" // retail trade, except motor vehicles
	Transport       Sector = "H"   // transportation and storage
	Accommodation   Sector = "I"   // accommodation and food service activities
	FoodService     Sector = "I56" // food and beverage service activities (restaurants, cafés)
	Information     Sector = "J"   // information and communication
	Finance         Sector = "K"   // financial and insurance activities
	RealEstate      Sector = "L"   // real estate activities
	Professional    Sector = "M"   // professional, scientific and technical activities
	BusinessSupport Sector = "N"   // business facilities management, support and rental
	Education       Sector = "P"   // education
	Health          Sector = "Q"   // human health and social work
	Arts            Sector = "R"   // arts, sports and recreation
	Repair          Sector = "S95" // repair of personal and household goods
	PersonalService Sector = "S96" // other personal service activities
)

// ksicSections gives each KSIC section letter the range of two-digit
// divisions it holds (the same in the 10th and 11th revisions).
var ksicSections = [...]struct{ first, last int }{
	//lint:ignore SA4000 'A' - 'A' is 0, written so that every section reads alike.
	'A' - 'A': {1, 3}, 'B' - 'A': {5, 8}, 'C' - 'A': {10, 34}, 'D' - 'A': {35, 35},
	'E' - 'A': {36, 39}, 'F' - 'A': {41, 42}, 'G' - 'A': {45, 47}, 'H' - 'A': {49, 52},
	'I' - 'A': {55, 56}, 'J' - 'A': {58, 63}, 'K' - 'A': {64, 66}, 'L' - 'A': {68, 68},
	'M' - 'A': {70, 73}, 'N' - 'A': {74, 76}, 'O' - 'A': {84, 84}, 'P' - 'A': {85, 85},
	'Q' - 'A': {86, 87}, 'R' - 'A': {90, 91}, 'S' - 'A': {94, 96}, 'T' - 'A': {97, 98},
	'U' - 'A': {99, 99},
}

// ParseSector returns the KSIC code s as a [Sector]. Its domain: a section
// letter A to U (either case; it is stored upper case), optionally
// followed by 2 to 5 digits whose first two are a division of that
// section (A 01-03, B 05-08, C 10-34, D 35, E 36-39, F 41-42, G 45-47,
// H 49-52, I 55-56, J 58-63, K 64-66, L 68, M 70-73, N 74-76, O 84, P 85,
// Q 86-87, R 90-91, S 94-96, T 97-98, U 99). Digits past the division are
// checked for form, not looked up: a code KSIC lacks resolves by its
// division. Anything else is an error wrapping [ErrSector] that quotes s.
func ParseSector(s string) (Sector, error) {
	bad := func(why string) (Sector, error) {
		return "", fmt.Errorf("%w: %q: %s", ErrSector, clip(s), why)
	}
	if s == "" {
		return bad("empty")
	}
	if len(s) > 6 {
		return bad("longer than a section letter and five digits")
	}
	letter := s[0] &^ 0x20 // upper case for ASCII letters
	if letter < 'A' || letter > 'U' || s[0] < 'A' || s[0] > 'z' {
		return bad("does not start with a KSIC section letter A to U")
	}
	digits := s[1:]
	if len(digits) == 1 {
		return bad("a division has two digits")
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return bad("only digits may follow the section letter")
		}
	}
	if len(digits) >= 2 {
		div := int(digits[0]-'0')*10 + int(digits[1]-'0')
		if r := ksicSections[letter-'A']; div < r.first || div > r.last {
			return bad(fmt.Sprintf("division %02d is not in section %c (%02d to %02d)", div, letter, r.first, r.last))
		}
	}
	if s[0] == letter { // already upper case: no new string
		return Sector(s), nil
	}
	return Sector(string(letter) + digits), nil
}

// MustParseSector is like [ParseSector] but panics on error; it is for
// literals.
func MustParseSector(s string) Sector {
	v, err := ParseSector(s)
	if err != nil {
		panic(err)
	}
	return v
}

// Section returns the code's KSIC section letter, e.g. "C" for "C10711";
// "" for the zero Sector.
func (s Sector) Section() string {
	if s == "" {
		return ""
	}
	return string(s[0])
}

// IsValid reports whether s is a code [ParseSector] accepts as it stands.
func (s Sector) IsValid() bool {
	v, err := ParseSector(string(s))
	return err == nil && v == s
}

// UnmarshalText parses a KSIC code as [ParseSector] does, so that JSON
// and other text inputs take the same codes.
func (s *Sector) UnmarshalText(b []byte) error {
	v, err := ParseSector(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
