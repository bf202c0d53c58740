package eligibility

import (
	"fmt"

	"github.com/outagerelief/relief/internal/words"
)

// Text is a phrase in Korean (Ko) and English (En), as a programme's
// values carry their words; In(lang) returns one, falling back to the
// other where it is empty. It is the same type in packages compensation
// and grants.
type Text = words.Text

// Note is a declared sentence with a stable code, for a reason a
// decision gives.
type Note struct {
	Code string `json:"code"`
	Text Text   `json:"text"`
}

// Kind is the key of a kind of claimant that a policy declares, such as
// "general" or "small-business". The zero Kind is not valid.
type Kind string

// The kinds of claimant of the Kakao 1015 programme, as the council
// counted them [P-INTAKE-2].
const (
	GeneralUser   Kind = "general"        // a person using the service (일반 이용자)
	SmallBusiness Kind = "small-business" // a small business (소상공인)
	Enterprise    Kind = "enterprise"     // a mid-sized or large company (중견·대기업)
)

// ParseKind returns s as a Kind if it has the form of a key ([CheckKey]):
// whether a policy declares it is the policy's to say. It returns an error
// wrapping [ErrUnknownKind] that quotes s otherwise.
func ParseKind(s string) (Kind, error) {
	if err := CheckKey(s); err != nil {
		return "", fmt.Errorf("%w: %q: %v", ErrUnknownKind, clip(s), err)
	}
	return Kind(s), nil
}

// String returns the kind's key.
func (k Kind) String() string { return string(k) }

// CheckKey returns nil if s has the form of a declared key: 1 to
// [MaxKeyBytes] bytes of lower-case ASCII letters, digits and the
// punctuation "-", "_", "." and "/", starting with a letter or a digit.
// Keys are what programs and files name things by, so they are plain.
func CheckKey(s string) error {
	if s == "" || len(s) > MaxKeyBytes {
		return fmt.Errorf("a key has 1 to %d bytes, not %d", MaxKeyBytes, len(s))
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && (c == '-' || c == '_' || c == '.' || c == '/'):
		default:
			return fmt.Errorf("byte %d (%q) is not a lower-case letter, a digit, or - _ . / after the first", i, c)
		}
	}
	return nil
}

// ClaimantKind declares a kind of claimant: a person, a business, an
// account or a line, as the programme counts them.
type ClaimantKind struct {
	Key Kind `json:"key"`
	// Name is the kind as people read it: {"소상공인", "a small business"}.
	Name Text `json:"name"`
	// Small says a claimant of this kind is a small business by
	// declaration, tested by the statutory test where it gives a profile
	// ([Claimant.Business]); the condition [IsSmall] reads the outcome.
	Small bool `json:"small,omitempty"`
}

// Attribute declares a fact a claimant may have, such as a domestic phone
// number, a Talk Channel, a postpaid plan or a line in the affected area.
// A claimant lists the attributes it has ([Claimant.Attributes]); the
// condition [Has] reads them.
type Attribute struct {
	Key string `json:"key"`
	// Rule is the tag of the rule that makes the fact matter.
	Rule string `json:"rule"`
	// Name is the fact as a condition reads it, for the texts: {"국내
	// 휴대전화 번호로 가입한 카카오 계정", "a Kakao account on a domestic
	// phone number"}.
	Name Text `json:"name"`
	// Held and Missing are the reasons a decision gives where the
	// claimant has the attribute and where it has not.
	Held    Note `json:"held"`
	Missing Note `json:"missing"`
}

// Base declares a figure a claimant carries, such as its monthly fee,
// its average bill or the days its service was down: a cash schedule pays
// a share of one, or bands on one.
type Base struct {
	Key string `json:"key"`
	// Name is the figure as people read it: {"월정액", "monthly fee"}.
	Name Text `json:"name"`
	// Unit is the figure's unit where it is not money: {"일", "days"}.
	Unit Text `json:"unit,omitzero"`
}

// Operator is a company whose service a report is about: the programme's
// own operator, or an affiliate that runs its own support [P-AFF-1].
type Operator struct {
	// Key is the name reports give, matched exactly: "Kakao".
	Key string `json:"key"`
	// Name is the company as people read it: {"카카오", "Kakao"}.
	Name Text `json:"name"`
}

// Benefit declares one benefit of a programme: its key, its name, the tag
// of its rule, who gets it, and what a decision says when it grants it.
// Adding a benefit to a programme is adding a value; a catalogue item
// names the benefit it fulfils by Key.
type Benefit struct {
	Key  string `json:"key"`
	Name Text   `json:"name"`
	Rule string `json:"rule"`
	// When is who gets the benefit. The zero Condition is refused.
	When Condition `json:"when"`
	// Grounds is the reason given, after those of When, where the benefit
	// is granted; none where its Code is empty.
	Grounds Note `json:"grounds,omitzero"`
	// Provisional marks a condition that rests on an inference rather
	// than the sources (confidence C): the texts say who gets the benefit
	// is provisional.
	Provisional bool `json:"provisional,omitempty"`
}

// The keys the Kakao 1015 programme declares: its benefits [P-EMO-1,
// P-COUPON-1, P-DRAWER-1, P-CHANNEL-1, P-CASH-1, P-INTAKE-4] and the
// attributes of its claimants [P-EMO-3, P-CHANNEL-1].
const (
	EmoticonBundle   = "emoticon-bundle"
	MakersCoupons    = "makers-coupons"
	DrawerPass       = "drawer-pass"
	ChannelCash      = "channel-cash"
	CashSupport      = "cash-support"
	IndividualReview = "individual-review"

	DomesticPhone = "domestic-phone"
	TalkChannel   = "talk-channel"
)

// LossRule says how the losses a claimant's counted reports state make
// the one loss its cash is banded on. The zero LossRule is not valid: a
// policy names its rule.
type LossRule uint8

const (
	// LossLargest: a claimant's loss is one figure [P-CASH-1, P-CASH-3].
	// A damage report and a later application about the same loss count
	// it once; where its counted reports state it differently, the
	// largest counts.
	LossLargest LossRule = iota + 1
	// LossSum: the programme pays for several distinct losses, one a
	// report, and the counted reports' losses add up.
	LossSum
)

var lossRuleNames = [...]string{LossLargest: "largest", LossSum: "sum"}

// String returns "largest" or "sum".
func (r LossRule) String() string {
	if r.IsValid() {
		return lossRuleNames[r]
	}
	return fmt.Sprintf("LossRule(%d)", uint8(r))
}

// IsValid reports whether r is one of the LossRule constants.
func (r LossRule) IsValid() bool { return r == LossLargest || r == LossSum }

// MarshalText encodes the rule by name.
func (r LossRule) MarshalText() ([]byte, error) {
	if !r.IsValid() {
		return nil, fmt.Errorf("%w: loss rule %d", ErrConfig, uint8(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes "largest" or "sum".
func (r *LossRule) UnmarshalText(b []byte) error {
	for v := LossLargest; v <= LossSum; v++ {
		if lossRuleNames[v] == string(b) {
			*r = v
			return nil
		}
	}
	return fmt.Errorf("%w: loss rule %q (want largest or sum)", ErrConfig, clip(string(b)))
}
