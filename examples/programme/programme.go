// Package programme composes the three relief packages into one decision
// per claimant, as a host service would: entitlements from eligibility,
// the cash award from compensation, the grants to issue from grants, and
// one combined trace. It is deliberately short: the rules live in the
// library; this is only the glue.
package programme

import (
	"fmt"
	"slices"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// Programme is a compensation programme: who qualifies, the cash bands and
// the in-kind catalogue. Build one with [New] or [Kakao1015]; it is
// immutable and safe for concurrent use.
type Programme struct {
	eligibility eligibility.Policy
	cash        compensation.Schedule
	catalogue   grants.Catalogue
	items       map[string]grants.Item
	byBenefit   [eligibility.IndividualReview + 1][]string // item IDs by Benefit, from Catalogue.ForBenefit
}

// New composes a programme. Each catalogue item names the benefit it
// fulfils by eligibility's key; New returns an error if an item names a
// benefit eligibility does not decide, so that no item is unreachable.
func New(e eligibility.Policy, cash compensation.Schedule, cat grants.Catalogue) (Programme, error) {
	p := Programme{eligibility: e, cash: cash, catalogue: cat, items: map[string]grants.Item{}}
	known := map[string]bool{}
	for _, b := range eligibility.Benefits() {
		known[b.String()] = true
		for _, it := range cat.ForBenefit(b.String()) {
			p.byBenefit[b] = append(p.byBenefit[b], it.ID)
		}
	}
	for _, it := range cat.Items() {
		if !known[it.Benefit] {
			return Programme{}, fmt.Errorf("item %s names benefit %q, which eligibility does not decide", it.ID, it.Benefit)
		}
		p.items[it.ID] = it
	}
	return p, nil
}

// Kakao1015 returns the Kakao 1015 programme with the catalogue options o.
func Kakao1015(o grants.Options) (Programme, error) {
	cat, err := grants.Kakao1015(o)
	if err != nil {
		return Programme{}, err
	}
	return New(eligibility.Kakao1015(), compensation.Kakao1015(), cat)
}

// Eligibility returns the programme's eligibility policy.
func (p Programme) Eligibility() eligibility.Policy { return p.eligibility }

// Cash returns the programme's cash schedule.
func (p Programme) Cash() compensation.Schedule { return p.cash }

// Catalogue returns the programme's catalogue of grants.
func (p Programme) Catalogue() grants.Catalogue { return p.catalogue }

// ItemsFor returns the IDs of the catalogue items that fulfil benefit b:
// those a decision lists in Grants when it grants b.
func (p Programme) ItemsFor(b eligibility.Benefit) []string { return slices.Clone(p.itemsFor(b)) }

// itemsFor is ItemsFor without the copy; none for a value outside the
// Benefit constants.
func (p Programme) itemsFor(b eligibility.Benefit) []string {
	if int(b) < len(p.byBenefit) {
		return p.byBenefit[b]
	}
	return nil
}

// Item returns the catalogue item with the given ID, one that a decision
// grants.
func (p Programme) Item(id string) (grants.Item, bool) {
	it, ok := p.items[id]
	return it, ok
}

// Claim is a claimant with their reports.
type Claim struct {
	Claimant eligibility.Claimant
	Reports  []eligibility.Report
}

// Step is one line of a decision's combined trace: the rule's tag, a
// stable code, what it is about (a report's ID or a benefit's key; none
// for the cash award's steps), and, where asked for, a sentence.
type Step struct {
	Rule    string `json:"rule"`
	Code    string `json:"code"`
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text,omitempty"`
}

// Decision is everything the programme decides for one claimant.
type Decision struct {
	Eligibility eligibility.Decision
	// Award is the cash award; Paid is false where cash support was not
	// granted (Award is then the zero Award).
	Award compensation.Award
	Paid  bool
	// Review is true when the case goes to individual review.
	Review bool
	// Grants are the IDs of the catalogue items the claimant may claim;
	// [Programme.Item] returns each.
	Grants []string
}

// Decide decides a claim on the date at. A small business's referral to
// review comes from its cash award's band and nowhere else; eligibility
// refers only a company's direct damage.
func (p Programme) Decide(c Claim, at time.Time) (Decision, error) {
	e, err := p.eligibility.Entitlements(c.Claimant, c.Reports, at)
	if err != nil {
		return Decision{}, err
	}
	d := Decision{Eligibility: e, Review: e.Granted(eligibility.IndividualReview)}
	if e.Granted(eligibility.CashSupport) {
		// One award on the claimant's summed counted loss [P-CASH-1].
		if d.Award, err = p.cash.Award(e.Loss); err != nil {
			return Decision{}, fmt.Errorf("claimant %q: %w", c.Claimant.ID, err)
		}
		d.Paid, d.Review = true, d.Review || d.Award.Review
	}
	for _, en := range e.Entitlements {
		if ids := p.itemsFor(en.Benefit); en.Granted && len(ids) > 0 {
			if d.Grants == nil {
				d.Grants = make([]string, 0, len(p.items))
			}
			d.Grants = append(d.Grants, ids...)
		}
	}
	return d, nil
}

// Granted reports whether the decision grants benefit b. Individual
// review is the composed referral: a company's direct damage (from
// eligibility) or a small business's loss band (from the cash award).
func (d Decision) Granted(b eligibility.Benefit) bool {
	if b == eligibility.IndividualReview {
		return d.Review
	}
	return d.Eligibility.Granted(b)
}

// Amount is the cash paid in the batch, zero where none is.
func (d Decision) Amount() decimal.Decimal {
	if !d.Paid {
		return decimal.Decimal{}
	}
	return d.Award.Amount
}

// Trace is the decision's combined explanation in English: each report
// and each benefit with its reasons, then the award's steps.
func (d Decision) Trace() []Step { return d.TraceIn(eligibility.English) }

// TraceIn is the decision's combined explanation with sentences in lang
// ("ko" or "en"; eligibility.LangOf reads any other tag), or with codes
// only where lang is "".
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
	for _, en := range d.Eligibility.Entitlements {
		for _, why := range en.Reasons {
			st := Step{Rule: why.Rule(), Code: why.Code(), Subject: en.Benefit.String()}
			switch {
			case ko && en.Granted:
				st.Text = en.Benefit.NameIn(lang) + " 지급: " + why.TextIn(lang)
			case ko:
				st.Text = en.Benefit.NameIn(lang) + " 미지급: " + why.TextIn(lang)
			case text && en.Granted:
				st.Text = en.Benefit.String() + " granted: " + why.TextIn(lang)
			case text:
				st.Text = en.Benefit.String() + " not granted: " + why.TextIn(lang)
			}
			out = append(out, st)
		}
	}
	if d.Paid {
		for _, s := range d.Award.TraceIn(lang) { // "": codes only
			out = append(out, Step{Rule: s.Rule, Code: s.Code, Text: s.Text})
		}
	}
	return out
}

// AwardRecord is the cash award in a Record: the amounts and the band's
// bounds, its explanation being in the Record's trace.
type AwardRecord struct {
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
	Claimant     string                       `json:"claimant"`
	Kind         eligibility.Kind             `json:"kind"`
	Small        bool                         `json:"small"`
	Loss         decimal.Decimal              `json:"loss"`
	Entitlements map[eligibility.Benefit]bool `json:"entitlements"`
	Award        *AwardRecord                 `json:"award,omitempty"`
	Review       bool                         `json:"review"`
	Grants       []string                     `json:"grants"`
	Trace        []Step                       `json:"trace"`
	// Letter is the claimant's letter (Programme.Letter), where one is
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

// FillRecord sets *r to d.Record(lang), reusing the map, the slices and
// the award r holds from an earlier fill, so that a loop writing millions
// of records allocates little. What r held before is overwritten: keep
// no part of a record that is filled again.
func (d Decision) FillRecord(r *Record, lang string) {
	e := d.Eligibility
	ents, grants, trace, award := r.Entitlements, r.Grants[:0], r.Trace[:0], r.Award
	if ents == nil {
		ents = make(map[eligibility.Benefit]bool, len(eligibility.Benefits()))
	}
	clear(ents)
	for _, b := range eligibility.Benefits() {
		ents[b] = d.Granted(b)
	}
	if grants == nil {
		grants = make([]string, 0, len(d.Grants)) // [] in JSON, never null
	}
	*r = Record{Claimant: e.ClaimantID, Kind: e.Kind, Small: e.Small, Loss: e.Loss, Entitlements: ents,
		Review: d.Review, Grants: append(grants, d.Grants...), Trace: d.appendTrace(trace, lang)}
	if d.Paid {
		if award == nil {
			award = new(AwardRecord)
		}
		a := d.Award
		over, upTo, open := a.Bounds()
		*award = AwardRecord{Amount: a.Amount, Band: a.Band, Over: over, BandAmount: a.BandAmount(), Cap: a.Cap(), Capped: a.Capped, Review: a.Review}
		if !open {
			award.UpTo = &upTo
		}
		r.Award = award
	}
}
