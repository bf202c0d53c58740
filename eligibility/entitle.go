package eligibility

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Claimant is a person or business that may receive benefits.
type Claimant struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// DomesticPhone is a Kakao account with a Korean phone number
	// [P-EMO-3].
	DomesticPhone bool `json:"domesticPhone"`
	// TalkChannel is a business with a KakaoTalk Channel [P-CHANNEL-1].
	TalkChannel bool `json:"talkChannel"`
	// Business is a small business's profile for the statutory test
	// [P-SB-1..3]. Nil means not tested: the declared Kind stands.
	Business *Business `json:"business,omitempty"`
}

// Report is one damage report.
type Report struct {
	ID      string    `json:"id"`
	FiledAt time.Time `json:"filedAt"`
	// Operator is the company whose service the report is about, e.g.
	// Kakao or Kakao Mobility [P-AFF-1].
	Operator string `json:"operator"`
	Service  string `json:"service"`
	// Paid says the report is about a paid service; MoneyLost that a
	// report about a free service mentions money lost [P-INTAKE-2].
	Paid      bool `json:"paid"`
	MoneyLost bool `json:"moneyLost"`
	// Loss is the assessed sales loss in won; zero where none was
	// assessed.
	Loss decimal.Decimal `json:"loss"`
}

// Reason is one rule that decided part of a decision: a fixed sentence
// with its POLICY.md tag. The figures behind it are in the decision's
// fields. It marshals to JSON as {"rule": ..., "text": ...}.
type Reason uint8

// The reasons decisions give.
const (
	ReasonDomestic    Reason = iota + 1 // [P-EMO-3] a domestic phone number
	ReasonOverseas                      // [P-EMO-3] an overseas phone number
	ReasonCoupons                       // [P-COUPON-1] coupons for the emoticons' users
	ReasonDrawerCap                     // [P-DRAWER-1] the pass, while the cap lasts
	ReasonChannel                       // [P-CHANNEL-1] a small business with a Talk Channel
	ReasonNoChannel                     // [P-CHANNEL-1] no Talk Channel
	ReasonNotSmall                      // [P-SB-1] not a small business
	ReasonDeclared                      // [P-SB-1] declared small, not tested
	ReasonTested                        // [P-SB-1] passed the test
	ReasonFailed                        // [P-SB-1] failed the test
	ReasonLoss                          // [P-CASH-1] a counted loss above zero
	ReasonNoLoss                        // [P-CASH-1] no counted loss
	ReasonReviewLoss                    // [P-INTAKE-4] a loss above the bands
	ReasonNoReview                      // [P-INTAKE-4] nothing to review
	ReasonEnterprise                    // [P-INTAKE-4] direct damage to a mid/large company
	ReasonAffiliate                     // [P-AFF-1] routed to an affiliate
	ReasonOwnCase                       // [P-INTAKE-1] the operator's own case
	ReasonInWindow                      // [P-INTAKE-3] filed in a window
	ReasonOutOfWindow                   // [P-INTAKE-3] filed outside every window
)

var reasonTexts = [...]struct{ rule, text string }{
	ReasonDomestic:    {"P-EMO-3", "a Kakao account with a domestic phone number: open to every domestic user, no report needed"},
	ReasonOverseas:    {"P-EMO-3", "an overseas phone number: domestic users only"},
	ReasonCoupons:     {"P-COUPON-1", "two Kakao Makers coupons, 2,000 and 3,000 won, for the same users as the emoticons"},
	ReasonDrawerCap:   {"P-DRAWER-1", "one-month Talk Drawer Plus pass, first come first served while the 3,000,000 passes last"},
	ReasonChannel:     {"P-CHANNEL-1", "a small business with a KakaoTalk Channel, damage report or not"},
	ReasonNoChannel:   {"P-CHANNEL-1", "no KakaoTalk Channel to use Channel cash on"},
	ReasonNotSmall:    {"P-SB-1", "not a small business"},
	ReasonDeclared:    {"P-SB-1", "declared a small business; no profile was tested"},
	ReasonTested:      {"P-SB-1", "passed the small-business test"},
	ReasonFailed:      {"P-SB-1", "failed the small-business test"},
	ReasonLoss:        {"P-CASH-1", "a counted report with a sales loss above zero"},
	ReasonNoLoss:      {"P-CASH-1", "no counted report with a sales loss above zero"},
	ReasonReviewLoss:  {"P-INTAKE-4", "a loss above the batch bands: individual review with proof of damage"},
	ReasonNoReview:    {"P-INTAKE-4", "no loss above the batch bands and no direct damage to a mid-sized or large company"},
	ReasonEnterprise:  {"P-INTAKE-4", "direct damage to a mid-sized or large company: individual review"},
	ReasonAffiliate:   {"P-AFF-1", "about an affiliate, which runs its own support: routed to it"},
	ReasonOwnCase:     {"P-INTAKE-1", "about the programme operator's own service"},
	ReasonInWindow:    {"P-INTAKE-3", "filed inside an intake window"},
	ReasonOutOfWindow: {"P-INTAKE-3", "filed outside every intake window open to the claimant's kind"},
}

func (r Reason) valid() bool { return r >= ReasonDomestic && r <= ReasonOutOfWindow }

// Rule returns the reason's POLICY.md tag, e.g. "P-EMO-3".
func (r Reason) Rule() string {
	if !r.valid() {
		return ""
	}
	return reasonTexts[r].rule
}

// Text returns the reason as a sentence.
func (r Reason) Text() string {
	if !r.valid() {
		return fmt.Sprintf("Reason(%d)", uint8(r))
	}
	return reasonTexts[r].text
}

// String returns "[rule] text".
func (r Reason) String() string { return "[" + r.Rule() + "] " + r.Text() }

// MarshalJSON encodes the reason as {"rule": ..., "text": ...}.
func (r Reason) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Rule string `json:"rule"`
		Text string `json:"text"`
	}{r.Rule(), r.Text()})
}

// ReportDecision says where a report went and whether it counts.
type ReportDecision struct {
	ID string `json:"id"`
	// RoutedTo is the operator the report belongs to; Affiliate is true
	// when that is an affiliate with its own support [P-AFF-1].
	RoutedTo  string `json:"routedTo"`
	Affiliate bool   `json:"affiliate"`
	// Window names the intake window the report was filed in, "" if
	// none that admits the claimant's kind [P-INTAKE-3].
	Window string `json:"window,omitempty"`
	// Counts is true for the programme operator's case filed in a
	// window: only those earn its benefits.
	Counts  bool     `json:"counts"`
	Reasons []Reason `json:"reasons"`
}

// Entitlement is one benefit, granted or not, with its reasons.
type Entitlement struct {
	Benefit Benefit  `json:"benefit"`
	Granted bool     `json:"granted"`
	Reasons []Reason `json:"reasons"`
}

// Decision is what a claimant is entitled to on a date, with reasons.
// Ineligibility is a decision with Granted false, never an error.
type Decision struct {
	ClaimantID string    `json:"claimant"`
	Kind       Kind      `json:"kind"`
	At         time.Time `json:"at"`
	// Small is the claimant's small-business status: the verdict of the
	// test where a profile was given, else the declared kind.
	Small bool `json:"small"`
	// Tested says a profile was tested; SmallBusiness is its verdict.
	Tested        bool             `json:"tested"`
	SmallBusiness Verdict          `json:"smallBusiness,omitzero"`
	Reports       []ReportDecision `json:"reports"`
	// Loss is the summed loss of the reports that count, in won.
	Loss decimal.Decimal `json:"loss"`
	// Entitlements has one entry per benefit, in the order of
	// [Benefits].
	Entitlements []Entitlement `json:"entitlements"`
}

// Granted reports whether the decision grants b.
func (d Decision) Granted(b Benefit) bool {
	for _, e := range d.Entitlements {
		if e.Benefit == b {
			return e.Granted
		}
	}
	return false
}

// Entitlements decides, for a claimant and their reports, which benefits
// apply on the date at: the emoticon bundle [P-EMO-3], the Makers coupons
// [P-COUPON-1] and the Talk Drawer pass [P-DRAWER-1] for domestic users;
// Channel cash for a small business with a Talk Channel [P-CHANNEL-1];
// cash support for a small business with a counted report with a loss
// above zero [P-CASH-1]; individual review for a small business whose
// counted losses sum above ReviewAbove, or a mid-sized or large company
// with a counted report of money lost [P-INTAKE-4]. A report counts when
// it is the programme operator's case [P-AFF-1] filed in a window that
// admits the claimant's kind [P-INTAKE-3]. The small-business test uses
// the revenue table in force at at.
//
// The Drawer pass is subject to its cap, which issuance enforces; claim
// windows of grants are also issuance's to check.
//
// Entitlements returns an error for bad input: an invalid kind
// ([ErrUnknownKind]), a zero at or filing time ([ErrNoTime]), a negative
// loss ([ErrNegative]), and the errors of [Policy.SmallBusiness].
func (p Policy) Entitlements(c Claimant, reports []Report, at time.Time) (Decision, error) {
	if p.c == nil {
		return Decision{}, fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	if !c.Kind.IsValid() {
		return Decision{}, fmt.Errorf("claimant %q: %w: %d", c.ID, ErrUnknownKind, uint8(c.Kind))
	}
	if at.IsZero() {
		return Decision{}, fmt.Errorf("claimant %q: %w: decision date", c.ID, ErrNoTime)
	}
	d := Decision{ClaimantID: c.ID, Kind: c.Kind, At: at}
	// One backing array for every reason of the decision.
	reasons := make([]Reason, 0, 12+2*len(reports))
	take := func(from int) []Reason { return reasons[from:len(reasons):len(reasons)] }

	var smallReason Reason
	switch {
	case c.Kind != SmallBusiness:
		smallReason = ReasonNotSmall
	case c.Business == nil:
		d.Small, smallReason = true, ReasonDeclared
	default:
		v, err := p.SmallBusiness(*c.Business, at)
		if err != nil {
			return Decision{}, fmt.Errorf("claimant %q: %w", c.ID, err)
		}
		d.Tested, d.SmallBusiness, d.Small, smallReason = true, v, v.Small, ReasonFailed
		if v.Small {
			smallReason = ReasonTested
		}
	}

	d.Reports = make([]ReportDecision, len(reports))
	anyLoss, enterpriseDamage := false, false
	for i, r := range reports {
		if r.FiledAt.IsZero() {
			return Decision{}, fmt.Errorf("report %q: %w: filed at", r.ID, ErrNoTime)
		}
		if err := checkRange("loss", r.Loss); err != nil {
			return Decision{}, fmt.Errorf("report %q: %w", r.ID, err)
		}
		if r.Loss.Sign() < 0 {
			return Decision{}, fmt.Errorf("report %q: %w: loss %s won", r.ID, ErrNegative, r.Loss)
		}
		rd := ReportDecision{ID: r.ID}
		from := len(reasons)
		rd.RoutedTo, rd.Affiliate = p.Route(r.Operator)
		if rd.Affiliate {
			reasons = append(reasons, ReasonAffiliate)
		} else {
			reasons = append(reasons, ReasonOwnCase)
			if w := p.window(c.Kind, r.FiledAt); w != nil {
				rd.Window, rd.Counts = w.Name, true
				reasons = append(reasons, ReasonInWindow)
			} else {
				reasons = append(reasons, ReasonOutOfWindow)
			}
		}
		rd.Reasons = take(from)
		d.Reports[i] = rd
		if rd.Counts {
			d.Loss = d.Loss.Add(r.Loss)
			anyLoss = anyLoss || r.Loss.Sign() > 0
			enterpriseDamage = enterpriseDamage || c.Kind == Enterprise && (r.MoneyLost || r.Paid || r.Loss.Sign() > 0)
		}
	}

	d.Entitlements = make([]Entitlement, 0, 6)
	grant := func(b Benefit, ok bool, why ...Reason) {
		from := len(reasons)
		reasons = append(reasons, why...)
		d.Entitlements = append(d.Entitlements, Entitlement{Benefit: b, Granted: ok, Reasons: take(from)})
	}
	phone := ReasonOverseas
	if c.DomesticPhone {
		phone = ReasonDomestic
	}
	grant(EmoticonBundle, c.DomesticPhone, phone)
	grant(MakersCoupons, c.DomesticPhone, phone, ReasonCoupons)
	grant(DrawerPass, c.DomesticPhone, phone, ReasonDrawerCap)
	switch {
	case !d.Small:
		grant(ChannelCash, false, smallReason)
	case c.TalkChannel:
		grant(ChannelCash, true, smallReason, ReasonChannel)
	default:
		grant(ChannelCash, false, smallReason, ReasonNoChannel)
	}
	switch {
	case !d.Small:
		grant(CashSupport, false, smallReason)
	case anyLoss:
		grant(CashSupport, true, smallReason, ReasonLoss)
	default:
		grant(CashSupport, false, smallReason, ReasonNoLoss)
	}
	switch {
	case d.Small && d.Loss.Cmp(p.c.ReviewAbove) > 0:
		grant(IndividualReview, true, ReasonReviewLoss)
	case enterpriseDamage:
		grant(IndividualReview, true, ReasonEnterprise)
	default:
		grant(IndividualReview, false, ReasonNoReview)
	}
	return d, nil
}

// window returns the first intake window that admits kind and contains
// t, or nil.
func (p Policy) window(kind Kind, t time.Time) *Window {
	for i := range p.c.Windows {
		if w := &p.c.Windows[i]; w.Admits(kind) && w.Contains(t) {
			return w
		}
	}
	return nil
}
