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
	// TalkChannel is a business with a KakaoTalk Channel; it matters only
	// under a policy with RequireChannel [P-CHANNEL-1].
	TalkChannel bool `json:"talkChannel"`
	// Business is a small business's profile for the statutory test
	// [P-SB-1..3]. Nil means not tested: the declared Kind stands.
	Business *Business `json:"business,omitempty"`
}

// Report is one damage report.
type Report struct {
	ID      string    `json:"id"`
	FiledAt time.Time `json:"filedAt"`
	// Operator is the company whose service the report is about: the
	// programme's operator or a listed affiliate, named exactly, e.g.
	// "Kakao" or "Kakao Mobility" [P-AFF-1].
	Operator string `json:"operator"`
	Service  string `json:"service"`
	// Paid says the report is about a paid service; MoneyLost that a
	// report about a free service mentions money lost [P-INTAKE-2].
	Paid      bool `json:"paid"`
	MoneyLost bool `json:"moneyLost"`
	// Loss is the assessed sales loss in won; zero where none was
	// assessed. Not negative, within the amount domain ([MaxDigits],
	// [MaxExponent]).
	Loss decimal.Decimal `json:"loss"`
}

// Reason is one rule that decided part of a decision: a fixed sentence
// with its policy tag. The figures behind it are in the decision's
// fields. It marshals to JSON as {"rule": ..., "text": ...}.
type Reason uint8

// The reasons decisions give.
const (
	ReasonDomestic         Reason = iota + 1 // [P-EMO-3] a domestic phone number
	ReasonOverseas                           // [P-EMO-3] an overseas phone number
	ReasonCoupons                            // [P-COUPON-1] coupons for the emoticons' users
	ReasonDrawerCap                          // [P-DRAWER-1] the pass, while the cap lasts
	ReasonChannel                            // [P-CHANNEL-1] every small business
	ReasonChannelHeld                        // [P-CHANNEL-1] a small business with a Talk Channel, where one is required
	ReasonNoChannel                          // [P-CHANNEL-1] no Talk Channel, where one is required
	ReasonNotSmall                           // [P-SB-1] not a small business
	ReasonDeclared                           // [P-SB-1] declared small, not tested
	ReasonTested                             // [P-SB-1] passed the test
	ReasonFailed                             // [P-SB-1] failed the test
	ReasonLoss                               // [P-CASH-1] a counted loss above zero
	ReasonNoLoss                             // [P-CASH-1] no counted loss
	ReasonReviewBySchedule                   // [P-CASH-1] a small business's review follows its cash band
	ReasonNoReview                           // [P-INTAKE-4] nothing to review
	ReasonEnterprise                         // [P-INTAKE-4] direct damage to a mid/large company
	ReasonAffiliate                          // [P-AFF-1] routed to an affiliate
	ReasonOwnCase                            // [P-INTAKE-1] the operator's own case
	ReasonInWindow                           // [P-INTAKE-3] filed in a window
	ReasonOutOfWindow                        // [P-INTAKE-3] filed outside every window
	ReasonNotApplicant                       // [P-CASH-4] filed in an extension for earlier applicants only
	ReasonFiledLater                         // [P-INTAKE-3] filed after the date the decision is about
)

// reasonTexts gives each reason its tag, its stable code, and its
// sentence in English and in Korean.
var reasonTexts = [...]struct{ rule, code, en, ko string }{
	ReasonDomestic: {"P-EMO-3", "domestic-phone",
		"a Kakao account with a domestic phone number: open to every domestic user, no report needed",
		"국내 휴대전화 번호로 가입한 카카오 계정입니다. 국내 이용자라면 누구나, 피해 신고 없이 받을 수 있습니다."},
	ReasonOverseas: {"P-EMO-3", "overseas-phone",
		"an overseas phone number: domestic users only",
		"해외 휴대전화 번호로 가입한 계정입니다. 국내 이용자만 받을 수 있습니다."},
	ReasonCoupons: {"P-COUPON-1", "coupons",
		"two Kakao Makers coupons, for the same users as the emoticons",
		"이모티콘을 받는 이용자에게 카카오메이커스 쿠폰 2종을 드립니다."},
	ReasonDrawerCap: {"P-DRAWER-1", "drawer-first-come",
		"one-month Talk Drawer Plus pass, first come first served while the capped passes last",
		"톡서랍 플러스 1개월 이용권은 정해진 수량이 소진될 때까지 선착순으로 드립니다."},
	ReasonChannel: {"P-CHANNEL-1", "channel-every-small-business",
		"KakaoTalk Channel cash for every small business, damage report or not",
		"피해 신고 여부와 관계없이 모든 소상공인에게 카카오톡 채널 메시지 캐시를 드립니다."},
	ReasonChannelHeld: {"P-CHANNEL-1", "channel-held",
		"a small business with a KakaoTalk Channel, as this policy requires",
		"이 정책이 요구하는 카카오톡 채널을 가진 소상공인입니다."},
	ReasonNoChannel: {"P-CHANNEL-1", "channel-missing",
		"no KakaoTalk Channel, which this policy requires",
		"이 정책이 요구하는 카카오톡 채널이 없습니다."},
	ReasonNotSmall: {"P-SB-1", "not-small-business",
		"not a small business",
		"소상공인이 아닙니다."},
	ReasonDeclared: {"P-SB-1", "declared-small-business",
		"declared a small business; no profile was tested",
		"소상공인으로 신고했으며, 사업장 정보는 심사하지 않았습니다."},
	ReasonTested: {"P-SB-1", "small-business-test-passed",
		"passed the small-business test",
		"소상공인 기준을 충족합니다."},
	ReasonFailed: {"P-SB-1", "small-business-test-failed",
		"failed the small-business test",
		"소상공인 기준을 충족하지 않습니다."},
	ReasonLoss: {"P-CASH-1", "loss-reported",
		"a counted report with a sales loss above zero",
		"인정된 피해 신고에 매출 손실이 있습니다."},
	ReasonNoLoss: {"P-CASH-1", "no-loss",
		"no counted report with a sales loss above zero",
		"인정된 피해 신고에 매출 손실이 없습니다."},
	ReasonReviewBySchedule: {"P-CASH-1", "review-by-cash-band",
		"a small business's referral to review follows the loss band of its cash award",
		"소상공인의 개별 심사 여부는 현금 지원의 손실 구간에 따라 정해집니다."},
	ReasonNoReview: {"P-INTAKE-4", "no-review",
		"no direct damage to a mid-sized or large company to review",
		"개별 심사 대상인 중견·대기업의 직접 피해가 없습니다."},
	ReasonEnterprise: {"P-INTAKE-4", "enterprise-review",
		"direct damage to a mid-sized or large company: individual review",
		"중견·대기업의 직접 피해로, 개별 심사를 받습니다."},
	ReasonAffiliate: {"P-AFF-1", "routed-to-affiliate",
		"about an affiliate, which runs its own support: routed to it",
		"자체 지원을 하는 계열사의 서비스에 관한 신고로, 해당 계열사로 이관했습니다."},
	ReasonOwnCase: {"P-INTAKE-1", "own-case",
		"about the programme operator's own service",
		"운영사 자체 서비스에 관한 신고입니다."},
	ReasonInWindow: {"P-INTAKE-3", "in-window",
		"filed inside an intake window",
		"접수 기간 안에 신고했습니다."},
	ReasonOutOfWindow: {"P-INTAKE-3", "out-of-window",
		"filed outside every intake window open to the claimant's kind",
		"신청인 유형에 열린 접수 기간 밖에 신고했습니다."},
	ReasonNotApplicant: {"P-CASH-4", "extension-for-applicants",
		"filed in an extension open only to those with an earlier counted report, and there is none",
		"기존 신청자만 이용할 수 있는 연장 기간에 신고했으나, 앞서 인정된 신고가 없습니다."},
	ReasonFiledLater: {"P-INTAKE-3", "filed-after-decision",
		"filed after the date the decision is about: not yet counted",
		"판정 기준일 이후에 신고하여 아직 반영되지 않았습니다."},
}

func (r Reason) valid() bool { return r >= ReasonDomestic && r <= ReasonFiledLater }

// Reasons lists every reason, in order.
func Reasons() []Reason {
	out := make([]Reason, 0, ReasonFiledLater)
	for r := ReasonDomestic; r <= ReasonFiledLater; r++ {
		out = append(out, r)
	}
	return out
}

// Rule returns the reason's policy tag, e.g. "P-EMO-3".
func (r Reason) Rule() string {
	if !r.valid() {
		return ""
	}
	return reasonTexts[r].rule
}

// Code returns the reason's stable code, for programs, e.g.
// "domestic-phone"; codes never change meaning.
func (r Reason) Code() string {
	if !r.valid() {
		return ""
	}
	return reasonTexts[r].code
}

// Text returns the reason as a sentence in English.
func (r Reason) Text() string { return r.TextIn(English) }

// The languages a reason's sentence comes in.
const (
	Korean  = "ko"
	English = "en"
)

// TextIn returns the reason as a sentence in the language lang: "ko"
// (Korean) or "en" (English), as a BCP 47 tag ("ko-KR" is Korean). Any
// other language gets Korean, the language of the people the programme
// decides about.
func (r Reason) TextIn(lang string) string {
	if !r.valid() {
		return fmt.Sprintf("Reason(%d)", uint8(r))
	}
	if LangOf(lang) == English {
		return reasonTexts[r].en
	}
	return reasonTexts[r].ko
}

// LangOf reads a language tag as "ko" or "en": "en" for any English tag
// ("en", "en-US", "EN"), "ko" for anything else, Korean being the
// programme's language.
func LangOf(tag string) string {
	if len(tag) >= 2 && (tag[0]|0x20) == 'e' && (tag[1]|0x20) == 'n' && (len(tag) == 2 || tag[2] == '-' || tag[2] == '_') {
		return English
	}
	return Korean
}

// String returns "[rule] text".
func (r Reason) String() string { return "[" + r.Rule() + "] " + r.Text() }

// MarshalJSON encodes the reason as {"rule": ..., "code": ..., "text": ...},
// the text in English.
func (r Reason) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Rule string `json:"rule"`
		Code string `json:"code"`
		Text string `json:"text"`
	}{r.Rule(), r.Code(), r.Text()})
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
// Channel cash for every small business [P-CHANNEL-1] (with a Talk
// Channel, where the policy requires one); cash support for a small
// business with a counted report with a loss above zero [P-CASH-1];
// individual review for a mid-sized or large company with a counted
// report of money lost, where the policy reviews them [P-INTAKE-4].
//
// A report counts when it is the programme operator's case [P-AFF-1]
// filed in a window that admits the claimant's kind [P-INTAKE-3,
// P-CASH-4]; in a window for existing applicants only, when the claimant
// also has a report counted in another window and filed earlier. A report
// filed after at does not count yet. The small-business test uses the
// revenue table in force at at.
//
// How much cash, and whether a small business's loss goes to review, is
// the cash schedule's to say (package compensation): this decision gives
// the summed counted loss to band. The Drawer cap and the claim windows
// of grants are issuance's to enforce.
//
// Entitlements returns an error for bad input: an invalid kind
// ([ErrUnknownKind]); a zero at or filing time ([ErrNoTime]) or one
// outside [1970-01-01, 2200-01-01) KST ([ErrRange]); a negative loss
// ([ErrNegative]) or one outside the amount domain ([ErrRange]); an
// operator that is neither the programme's nor a listed affiliate
// ([ErrUnknownOperator]); and the errors of [Policy.SmallBusiness].
func (p Policy) Entitlements(c Claimant, reports []Report, at time.Time) (Decision, error) {
	if p.c == nil {
		return Decision{}, fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	if !c.Kind.IsValid() {
		return Decision{}, fmt.Errorf("claimant %q: %w: %d", clip(c.ID), ErrUnknownKind, uint8(c.Kind))
	}
	if err := checkInstant("decision date", at); err != nil {
		return Decision{}, fmt.Errorf("claimant %q: %w", clip(c.ID), err)
	}
	d := Decision{ClaimantID: c.ID, Kind: c.Kind, At: at}
	// One backing array for every reason of the decision, and for a claim
	// of one report (most claims) one allocation for all three arrays.
	var reasons []Reason
	if len(reports) == 1 {
		a := new(oneReport)
		d.Reports, d.Entitlements, reasons = a.reports[:], a.entitlements[:0], a.reasons[:0]
	} else {
		d.Reports = make([]ReportDecision, len(reports))
		d.Entitlements = make([]Entitlement, 0, numBenefits)
		reasons = make([]Reason, 0, maxReasons(len(reports)))
	}
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
			return Decision{}, fmt.Errorf("claimant %q: %w", clip(c.ID), err)
		}
		d.Tested, d.SmallBusiness, d.Small, smallReason = true, v, v.Small, ReasonFailed
		if v.Small {
			smallReason = ReasonTested
		}
	}

	// First pass: route each report and find the windows open to anyone of
	// the claimant's kind; note the earliest report counted that way.
	var firstCounted time.Time
	for i, r := range reports {
		if err := checkInstant("filed at", r.FiledAt); err != nil {
			return Decision{}, fmt.Errorf("report %q: %w", clip(r.ID), err)
		}
		if err := checkAmount("loss", r.Loss); err != nil {
			return Decision{}, fmt.Errorf("report %q: %w", clip(r.ID), err)
		}
		if r.Loss.Sign() < 0 {
			return Decision{}, fmt.Errorf("report %q: %w: loss %s won", clip(r.ID), ErrNegative, r.Loss)
		}
		rd := ReportDecision{ID: r.ID}
		var err error
		if rd.RoutedTo, rd.Affiliate, err = p.Route(r.Operator); err != nil {
			return Decision{}, fmt.Errorf("report %q: %w", clip(r.ID), err)
		}
		if w := p.window(c.Kind, r.FiledAt, false); !rd.Affiliate && w != nil && !r.FiledAt.After(at) {
			rd.Window, rd.Counts = w.Name, true
			if firstCounted.IsZero() || r.FiledAt.Before(firstCounted) {
				firstCounted = r.FiledAt
			}
		}
		d.Reports[i] = rd
	}
	// Second pass: the windows for existing applicants, and the reasons.
	anyLoss, enterpriseDamage, counted := false, false, false
	for i, r := range reports {
		rd := &d.Reports[i]
		from := len(reasons)
		switch {
		case rd.Affiliate:
			reasons = append(reasons, ReasonAffiliate)
		case rd.Counts:
			reasons = append(reasons, ReasonOwnCase, ReasonInWindow)
		case r.FiledAt.After(at):
			reasons = append(reasons, ReasonOwnCase, ReasonFiledLater)
		default:
			reasons = append(reasons, ReasonOwnCase)
			w := p.window(c.Kind, r.FiledAt, true)
			switch {
			case w == nil:
				reasons = append(reasons, ReasonOutOfWindow)
			case firstCounted.IsZero() || !firstCounted.Before(r.FiledAt):
				reasons = append(reasons, ReasonNotApplicant)
			default:
				rd.Window, rd.Counts = w.Name, true
				reasons = append(reasons, ReasonInWindow)
			}
		}
		rd.Reasons = take(from)
		if rd.Counts {
			if counted { // Add allocates: the first loss is taken as it is
				d.Loss = d.Loss.Add(r.Loss)
			} else {
				d.Loss, counted = r.Loss, true
			}
			anyLoss = anyLoss || r.Loss.Sign() > 0
			enterpriseDamage = enterpriseDamage || c.Kind == Enterprise && (r.MoneyLost || r.Paid || r.Loss.Sign() > 0)
		}
	}

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
	case !p.c.RequireChannel:
		grant(ChannelCash, true, smallReason, ReasonChannel)
	case c.TalkChannel:
		grant(ChannelCash, true, smallReason, ReasonChannelHeld)
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
	case enterpriseDamage && p.c.ReviewEnterprises:
		grant(IndividualReview, true, ReasonEnterprise)
	case d.Small && anyLoss:
		grant(IndividualReview, false, ReasonReviewBySchedule)
	default:
		grant(IndividualReview, false, ReasonNoReview)
	}
	return d, nil
}

// numBenefits is how many benefits a decision lists.
const numBenefits = int(IndividualReview)

// A decision gives at most two reasons a report and two a benefit.
const reasonsPerReport, reasonsPerBenefit = 2, 2

// maxReasons bounds the reasons of a decision on n reports.
func maxReasons(n int) int { return reasonsPerReport*n + reasonsPerBenefit*numBenefits }

// oneReport holds the arrays of a decision on one report.
type oneReport struct {
	reports      [1]ReportDecision
	entitlements [numBenefits]Entitlement
	reasons      [reasonsPerReport + reasonsPerBenefit*numBenefits]Reason
}

// window returns the first intake window that admits kind and contains t,
// among those for existing applicants only or those for anyone, or nil.
func (p Policy) window(kind Kind, t time.Time, existingOnly bool) *Window {
	for i := range p.c.Windows {
		if w := &p.c.Windows[i]; w.ExistingOnly == existingOnly && w.Admits(kind) && w.Contains(t) {
			return w
		}
	}
	return nil
}
