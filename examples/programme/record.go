package programme

import (
	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/shopspring/decimal"
)

// CodeReviewByBand is the code of the step that grants the review benefit
// because a cash award's band refers the case to review.
const CodeReviewByBand = "review-by-cash-band"

// Trace is the decision's combined explanation in English: each report
// and each benefit with its reasons, then each payment's award steps.
func (d Decision) Trace() []Step { return d.TraceIn(eligibility.English) }

// TraceIn is the decision's combined explanation with sentences in lang
// ("ko" or "en", as a BCP 47 tag), or with codes only where lang is "".
// Each benefit's steps say what the decision says of it: the review
// benefit granted by a cash band shows that band's referral, not
// eligibility's reasons for not granting it.
func (d Decision) TraceIn(lang string) []Step { return d.appendTrace(make([]Step, 0, 16), lang) }

// appendTrace appends TraceIn(lang)'s steps to out.
func (d Decision) appendTrace(out []Step, lang string) []Step {
	text := lang != ""
	ko := text && eligibility.LangOf(lang) == eligibility.Korean
	for _, r := range d.Eligibility.Reports {
		for _, why := range r.Reasons {
			st := Step{Rule: why.Rule(), Code: why.Code(), Subject: r.ID}
			switch {
			case ko:
				st.Text = "신고 " + r.ID + ": " + why.TextIn(lang)
			case text:
				st.Text = "report " + r.ID + ": " + why.TextIn(lang)
			}
			out = append(out, st)
		}
	}
	out = d.appendBenefitSteps(out, lang)
	for _, pay := range d.Payments {
		for _, s := range pay.Award.TraceIn(lang) { // "": codes only
			out = append(out, Step{Rule: s.Rule, Code: s.Code, Subject: pay.Benefit, Text: s.Text})
		}
	}
	return out
}

// appendBenefitSteps appends each benefit's steps: its reasons, or, for
// the review benefit a cash band grants, the band's referral.
func (d Decision) appendBenefitSteps(out []Step, lang string) []Step {
	text := lang != ""
	ko := text && eligibility.LangOf(lang) == eligibility.Korean
	band, byBand := d.reviewByBand()
	for i, en := range d.Eligibility.Entitlements {
		granted := grantedAt(&d, i)
		name := ""
		if ko && d.p != nil {
			name = d.p.benefits[i].Name.In(lang)
		}
		prefix := func() string {
			switch {
			case ko && granted:
				return name + " 지급: "
			case ko:
				return name + " 미지급: "
			case granted:
				return en.Benefit + " granted: "
			}
			return en.Benefit + " not granted: "
		}
		if byBand && !en.Granted && d.p != nil && i == d.p.review {
			st := Step{Rule: reviewRule(band), Code: CodeReviewByBand, Subject: en.Benefit}
			if text {
				st.Text = prefix() + reviewSentence(band, lang)
			}
			out = append(out, st)
			continue
		}
		for _, why := range en.Reasons {
			st := Step{Rule: why.Rule(), Code: why.Code(), Subject: en.Benefit}
			if text {
				st.Text = prefix() + why.TextIn(lang)
			}
			out = append(out, st)
		}
	}
	return out
}

// reviewRule is the tag of an award's referral to review.
func reviewRule(a compensation.Award) string {
	for _, s := range a.TraceIn("") {
		if s.Code == compensation.CodeReview {
			return s.Rule
		}
	}
	return a.Rule()
}

// reviewSentence is an award's referral to review, in lang.
func reviewSentence(a compensation.Award, lang string) string {
	for _, s := range a.TraceIn(lang) {
		if s.Code == compensation.CodeReview {
			return s.Text
		}
	}
	return ""
}

// AwardRecord is one cash award in a Record: its benefit, the amounts and
// the band's bounds, its explanation being in the Record's trace.
type AwardRecord struct {
	Benefit    string           `json:"benefit"`
	Amount     decimal.Decimal  `json:"amount"`
	Band       int              `json:"band"`
	Over       decimal.Decimal  `json:"over"`
	UpTo       *decimal.Decimal `json:"upTo,omitempty"` // none for the open band
	BandAmount decimal.Decimal  `json:"bandAmount"`
	Cap        decimal.Decimal  `json:"cap"`
	Capped     bool             `json:"capped"`
	Review     bool             `json:"review"`
}

// Record is the JSON form of a decision, one line per claimant.
type Record struct {
	Claimant string           `json:"claimant"`
	Kind     eligibility.Kind `json:"kind"`
	Small    bool             `json:"small"`
	Loss     decimal.Decimal  `json:"loss"`
	// Entitlements says, for each benefit's key, whether it is granted
	// (the composed review included).
	Entitlements map[string]bool `json:"entitlements"`
	// Awards are the cash awards, one for each cash benefit granted.
	Awards []AwardRecord `json:"awards,omitempty"`
	Review bool          `json:"review"`
	// Grants are the IDs of the items the decision entitles.
	Grants []string `json:"grants"`
	Trace  []Step   `json:"trace"`
	// Letter is the claimant's letter (Plan.Letter), where one is
	// asked for.
	Letter string `json:"letter,omitempty"`
}

// Record returns the decision in its JSON form, its trace with codes and,
// where lang is not "", sentences in that language.
func (d Decision) Record(lang string) Record {
	var r Record
	d.FillRecord(&r, lang)
	return r
}

// FillRecord sets *r to d.Record(lang), reusing the map and the slices r
// holds from an earlier fill, so that a loop writing millions of records
// allocates little. What r held before is overwritten: keep no part of a
// record that is filled again.
func (d Decision) FillRecord(r *Record, lang string) {
	e := d.Eligibility
	ents, grants, trace, awards := r.Entitlements, r.Grants[:0], r.Trace[:0], r.Awards[:0]
	if ents == nil {
		ents = make(map[string]bool, len(e.Entitlements))
	}
	clear(ents)
	for i, en := range e.Entitlements {
		ents[en.Benefit] = grantedAt(&d, i)
	}
	if grants == nil {
		grants = make([]string, 0, 8) // [] in JSON, never null
	}
	d.eachItem(func(id string) { grants = append(grants, id) })
	for _, pay := range d.Payments {
		a := pay.Award
		over, upTo, open := a.Bounds()
		ar := AwardRecord{Benefit: pay.Benefit, Amount: a.Amount, Band: a.BandIndex(), Over: over, BandAmount: a.BandAmount(),
			Cap: a.Cap(), Capped: a.Capped, Review: a.Review}
		if !open {
			ar.UpTo = &upTo
		}
		awards = append(awards, ar)
	}
	if len(awards) == 0 {
		awards = nil
	}
	*r = Record{Claimant: e.ClaimantID, Kind: e.Kind, Small: e.Small, Loss: e.Loss, Entitlements: ents,
		Awards: awards, Review: d.Review, Grants: grants, Trace: d.appendTrace(trace, lang)}
}
