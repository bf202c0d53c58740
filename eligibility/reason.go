package eligibility

import (
	"encoding/json"

	"github.com/outagerelief/relief/internal/words"
)

// Reason is one rule that decided part of a decision: the tag of the rule
// that produced it (the programme's own: a window's, an attribute's, a
// benefit's, or one of the policy's [Tags]), a stable code for programs,
// and a sentence in Korean and in English that names what it is about
// (the window, the affiliate, the attribute). Reasons are made by a
// [Policy] from its declarations; the figures of the decision (its loss,
// its date) are in the decision's fields. It marshals to JSON as
// {"rule": ..., "code": ..., "text": ...}, the text in English.
//
// The zero Reason is not valid: its Code and Rule are empty.
type Reason struct{ r *reason }

type reason struct {
	rule, code string
	text       Text
}

// IsValid reports whether r was made by a policy.
func (r Reason) IsValid() bool { return r.r != nil }

// Rule returns the reason's policy tag, e.g. "P-EMO-3".
func (r Reason) Rule() string {
	if r.r == nil {
		return ""
	}
	return r.r.rule
}

// Code returns the reason's stable code, for programs, e.g.
// "domestic-phone"; a code never changes meaning.
func (r Reason) Code() string {
	if r.r == nil {
		return ""
	}
	return r.r.code
}

// Text returns the reason as a sentence in English.
func (r Reason) Text() string { return r.TextIn(English) }

// The languages a reason's sentence comes in.
const (
	Korean  = words.Korean
	English = words.English
)

// TextIn returns the reason as a sentence in the language lang, a BCP 47
// tag: any English tag ("en", "en-US", "EN") gets English, any other
// Korean, the language of the people the Kakao 1015 programme decides
// about.
func (r Reason) TextIn(lang string) string {
	if r.r == nil {
		return ""
	}
	return r.r.text.In(lang)
}

// LangOf reads a language tag as "ko" or "en": "en" for any English tag
// ("en", "en-US", "EN"), "ko" for anything else.
func LangOf(tag string) string { return words.Lang(tag) }

// Equal reports whether two reasons have the same rule, code and
// sentences (go-cmp compares reasons with it).
func (r Reason) Equal(o Reason) bool {
	if r.r == nil || o.r == nil {
		return r.r == o.r
	}
	return *r.r == *o.r
}

// String returns "[rule] code: text", the text in English.
func (r Reason) String() string { return "[" + r.Rule() + "] " + r.Code() + ": " + r.Text() }

// MarshalJSON encodes the reason as {"rule": ..., "code": ..., "text": ...},
// the text in English.
func (r Reason) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Rule string `json:"rule"`
		Code string `json:"code"`
		Text string `json:"text"`
	}{r.Rule(), r.Code(), r.Text()})
}
