package programme

import (
	"fmt"
	"strings"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// The public notice and the letter are written from a programme's values
// alone: every figure in them is read from the policy, the schedule and
// the catalogue, so that the text cannot drift from what decides the
// cases. Korean is the default language; "en" gives English.

// words holds a language's fixed phrases.
type words struct {
	noticeTitle     string
	whoTitle        string
	who             []string
	cashTitle       string
	band            func(b compensation.Band, over decimal.Decimal, first bool) string
	capLine         func(cap decimal.Decimal) string
	reviewLine      func(over decimal.Decimal) string
	itemsTitle      string
	items           func(items []grants.Item) string
	periodsTitle    string
	period          func(w eligibility.Window) string
	affiliatesTitle string
	affiliates      func(names []string) string
	documentsLine   string
	letterHello     func(id string, at time.Time) string
	getTitle        string
	notTitle        string
	nextTitle       string
	cashGet         func(a compensation.Award) string
	reviewNext      func(deadline time.Time, documents string) string
	affiliateNext   func(operator string) string
	claimNext       func(w grants.ClaimWindow) string
	nothingNext     string
	none            string
	sourcesLine     string
}

// lastDay is the last day of a window that closes at closes (exclusive).
func lastDay(closes time.Time) time.Time { return closes.In(eligibility.KST()).Add(-time.Nanosecond) }

// koDate writes a date as Koreans do, "2023년 1월 5일", in KST.
func koDate(t time.Time) string {
	t = t.In(eligibility.KST())
	return fmt.Sprintf("%d년 %d월 %d일", t.Year(), t.Month(), t.Day())
}

// koDateTime adds the KST time, "2023년 1월 5일 09:00".
func koDateTime(t time.Time) string {
	return koDate(t) + t.In(eligibility.KST()).Format(" 15:04")
}

func enDate(t time.Time) string { return t.In(eligibility.KST()).Format("2 January 2006") }

func enDateTime(t time.Time) string {
	return t.In(eligibility.KST()).Format("2 January 2006, 15:04 KST")
}

var korean = words{
	noticeTitle: "# 카카오 1015 장애 피해 지원 안내",
	whoTitle:    "## 지원 대상",
	who: []string{
		"- 국내 휴대전화 번호로 가입한 카카오 계정의 모든 이용자: 피해 신고 없이 이모티콘, 쿠폰, 톡서랍 플러스 이용권을 받을 수 있습니다.",
		"- 모든 소상공인: 피해 신고 여부와 관계없이 카카오톡 채널 메시지 캐시를 받습니다.",
		"- 피해를 신고한 소상공인: 매출 손실 규모에 따라 현금을 지원합니다.",
	},
	cashTitle: "## 소상공인 현금 지원",
	band: func(b compensation.Band, over decimal.Decimal, first bool) string {
		switch {
		case b.Open:
			return fmt.Sprintf("- 손실액 %s원 초과: %s원", compensation.FormatWon(over), compensation.FormatWon(b.Amount))
		case first:
			return fmt.Sprintf("- 손실액 %s원 이하: %s원", compensation.FormatWon(b.UpTo), compensation.FormatWon(b.Amount))
		}
		return fmt.Sprintf("- 손실액 %s원 초과 %s원 이하: %s원", compensation.FormatWon(over), compensation.FormatWon(b.UpTo), compensation.FormatWon(b.Amount))
	},
	capLine: func(cap decimal.Decimal) string {
		return fmt.Sprintf("- 1인당 최대 %s원을 지원하며, 여러 건을 신고한 경우 손실액을 합산하여 한 번 지원합니다.", compensation.FormatWon(cap))
	},
	reviewLine: func(over decimal.Decimal) string {
		return fmt.Sprintf("- 손실액이 %s원을 넘으면 피해 증빙을 받아 개별 심사를 거쳐 추가 지원을 검토합니다.", compensation.FormatWon(over))
	},
	itemsTitle:   "## 이모티콘, 쿠폰, 이용권, 채널 캐시",
	items:        func(items []grants.Item) string { return itemsLine(items, &koreanItems) },
	periodsTitle: "## 신고 및 신청 기간",
	period: func(w eligibility.Window) string {
		who := "모든 신청인"
		if len(w.Kinds) > 0 {
			names := make([]string, len(w.Kinds))
			for i, k := range w.Kinds {
				names[i] = kindName(k, Korean)
			}
			who = strings.Join(names, ", ")
		}
		if w.ExistingOnly {
			who += " (기존 신청자)"
		}
		return fmt.Sprintf("- %s ~ %s: %s", koDate(w.Opens), koDate(lastDay(w.Closes)), who)
	},
	affiliatesTitle: "## 계열사 관련 피해",
	affiliates: func(names []string) string {
		return "- " + strings.Join(names, ", ") + " 관련 신고는 각 계열사가 자체적으로 지원하며, 이 지원금에서 지급하지 않습니다."
	},
	// [P-CASH-4] (B) the documents a small business's application needs.
	documentsLine: "소상공인 확인서, 매출 손실 증빙, 카카오 서비스 이용 증빙, 사업자 또는 대표자 명의 계좌 사본",
	letterHello: func(id string, at time.Time) string {
		return fmt.Sprintf("%s 님께,\n\n카카오 1015 장애 피해 지원 결과를 알려 드립니다. (%s 기준)", id, koDate(at))
	},
	getTitle:  "## 받으시는 지원",
	notTitle:  "## 받지 않으시는 지원",
	nextTitle: "## 다음 단계",
	cashGet: func(a compensation.Award) string {
		return fmt.Sprintf("- 현금 지원 %s원: %s", compensation.FormatWon(a.Amount), a.TraceIn(Korean)[0].Text)
	},
	reviewNext: func(deadline time.Time, documents string) string {
		return fmt.Sprintf("- 개별 심사: 증빙 서류(%s)를 %s까지 제출해 주세요.", documents, koDate(lastDay(deadline)))
	},
	affiliateNext: func(op string) string {
		return fmt.Sprintf("- %s 관련 신고는 %s의 자체 지원으로 이관되었습니다. 해당 계열사의 안내를 확인해 주세요.", op, op)
	},
	claimNext: func(w grants.ClaimWindow) string {
		if w.Closes.IsZero() {
			return fmt.Sprintf("- 받으실 항목은 %s부터 카카오톡에서 받을 수 있습니다.", koDateTime(w.Opens))
		}
		return fmt.Sprintf("- 받으실 항목은 %s부터 %s까지 카카오톡에서 받을 수 있습니다.", koDateTime(w.Opens), koDate(lastDay(w.Closes)))
	},
	nothingNext: "- 더 하실 일은 없습니다.",
	none:        "- 없음",
	sourcesLine: "이 안내의 모든 수치는 지원 정책의 값에서 만들어졌습니다.",
}

var english = words{
	noticeTitle: "# Kakao 1015 outage: damage support",
	whoTitle:    "## Who qualifies",
	who: []string{
		"- Every user with a Kakao account on a domestic phone number: emoticons, coupons and a Talk Drawer Plus pass, no damage report needed.",
		"- Every small business: KakaoTalk Channel cash, damage report or not.",
		"- Small businesses that reported damage: cash support by the size of their sales loss.",
	},
	cashTitle: "## Cash support for small businesses",
	band: func(b compensation.Band, over decimal.Decimal, first bool) string {
		switch {
		case b.Open:
			return fmt.Sprintf("- A loss over %s won: %s won", compensation.FormatWon(over), compensation.FormatWon(b.Amount))
		case first:
			return fmt.Sprintf("- A loss up to and including %s won: %s won", compensation.FormatWon(b.UpTo), compensation.FormatWon(b.Amount))
		}
		return fmt.Sprintf("- A loss over %s and up to and including %s won: %s won", compensation.FormatWon(over), compensation.FormatWon(b.UpTo), compensation.FormatWon(b.Amount))
	},
	capLine: func(cap decimal.Decimal) string {
		return fmt.Sprintf("- At most %s won a person; several reports are paid once, on their summed loss.", compensation.FormatWon(cap))
	},
	reviewLine: func(over decimal.Decimal) string {
		return fmt.Sprintf("- A loss over %s won goes to individual review, with proof of the damage, for further support.", compensation.FormatWon(over))
	},
	itemsTitle:   "## Emoticons, coupons, passes and Channel cash",
	items:        func(items []grants.Item) string { return itemsLine(items, &englishItems) },
	periodsTitle: "## Reporting and application periods",
	period: func(w eligibility.Window) string {
		who := "every claimant"
		if len(w.Kinds) > 0 {
			names := make([]string, len(w.Kinds))
			for i, k := range w.Kinds {
				names[i] = kindName(k, English)
			}
			who = strings.Join(names, ", ")
		}
		if w.ExistingOnly {
			who += " (earlier applicants)"
		}
		return fmt.Sprintf("- %s to %s: %s", enDate(w.Opens), enDate(lastDay(w.Closes)), who)
	},
	affiliatesTitle: "## Damage involving affiliates",
	affiliates: func(names []string) string {
		return "- Reports about " + strings.Join(names, ", ") + " go to those affiliates, which run their own support; they are not paid from this programme."
	},
	// [P-CASH-4] (B) the documents a small business's application needs.
	documentsLine: "a small-business certificate, proof of the sales loss, proof of using the Kakao service, and a copy of a bank account in the business's or the representative's name",
	letterHello: func(id string, at time.Time) string {
		return fmt.Sprintf("Dear %s,\n\nThis is the outcome of your Kakao 1015 damage support (as of %s).", id, enDate(at))
	},
	getTitle:  "## What you get",
	notTitle:  "## What you do not get",
	nextTitle: "## What to do next",
	cashGet: func(a compensation.Award) string {
		return fmt.Sprintf("- Cash support of %s won: %s", compensation.FormatWon(a.Amount), a.TraceIn(English)[0].Text)
	},
	reviewNext: func(deadline time.Time, documents string) string {
		return fmt.Sprintf("- Individual review: send %s by %s.", documents, enDate(lastDay(deadline)))
	},
	affiliateNext: func(op string) string {
		return fmt.Sprintf("- Your report about %s went to %s's own support; see its notice.", op, op)
	},
	claimNext: func(w grants.ClaimWindow) string {
		if w.Closes.IsZero() {
			return fmt.Sprintf("- Claim your items in KakaoTalk from %s.", enDateTime(w.Opens))
		}
		return fmt.Sprintf("- Claim your items in KakaoTalk from %s to %s.", enDateTime(w.Opens), enDate(lastDay(w.Closes)))
	},
	nothingNext: "- There is nothing more to do.",
	none:        "- None",
	sourcesLine: "Every figure in this notice is read from the programme's values.",
}

// Korean is the default language of the texts; English is "en".
const (
	Korean  = eligibility.Korean
	English = eligibility.English
)

func wordsFor(lang string) *words {
	if eligibility.LangOf(lang) == English {
		return &english
	}
	return &korean
}

// itemName names a kind of catalogue item for people.
func itemName(it grants.Item, lang string) string {
	names := map[grants.ItemKind][2]string{
		grants.Emoticon:    {"이모티콘", "emoticon"},
		grants.Coupon:      {"카카오메이커스 쿠폰", "Kakao Makers coupon"},
		grants.Pass:        {"톡서랍 플러스 이용권", "Talk Drawer Plus pass"},
		grants.ChannelCash: {"카카오톡 채널 메시지 캐시", "KakaoTalk Channel cash"},
	}
	n, ok := names[it.Kind]
	switch {
	case !ok:
		return it.Name
	case eligibility.LangOf(lang) == English:
		return n[1]
	}
	return n[0]
}

// itemPhrases are a language's words for a benefit's items.
type itemPhrases struct {
	lang       string
	several    string // "%d %s": a count and the item's name
	forever    string
	lasts      string // "%s": a validity
	oneLife    string // "%s": how long the only item lasts
	someLife   string // "%d %s": how many items last how long
	unit       string
	from, till string // "%s": the window's opening instant, its last day
	cap        string // "%s": the cap
	localDate  func(time.Time) string
	localTime  func(time.Time) string
}

var koreanItems = itemPhrases{lang: Korean, several: "%[2]s %[1]d종", forever: "영구", lasts: "받은 날부터 %s",
	oneLife: "%s 사용", someLife: "%d종은 %s 사용", unit: "원", from: ". 받는 기간: %s부터", till: " %s까지",
	cap: ", 선착순 %s명", localDate: koDate, localTime: koDateTime}

var englishItems = itemPhrases{lang: English, several: "%d %ss", forever: "forever", lasts: "for %s from the day taken",
	oneLife: "usable %s", someLife: "%d usable %s", unit: " won", from: ". To be claimed from %s", till: " to %s",
	cap: ", first come first served, %s of them", localDate: enDate, localTime: enDateTime}

// itemsLine describes the items of one benefit in one line: how many,
// their face values, how long each lasts, when to claim them, the cap.
func itemsLine(items []grants.Item, w *itemPhrases) string {
	var b strings.Builder
	it := items[0]
	if len(items) > 1 {
		fmt.Fprintf(&b, "- "+w.several, len(items), itemName(it, w.lang))
	} else {
		b.WriteString("- " + itemName(it, w.lang))
	}
	var parts []string
	if values := itemValues(items, w.unit); values != "" {
		parts = append(parts, values)
	}
	for _, g := range validityGroups(items) {
		life := w.forever
		if !g.v.IsForever() {
			life = fmt.Sprintf(w.lasts, g.v.StringIn(w.lang))
		}
		switch {
		case g.v.IsForever() && it.Kind != grants.Emoticon: // a lifetime says nothing here
		case len(items) == 1:
			parts = append(parts, fmt.Sprintf(w.oneLife, life))
		default:
			parts = append(parts, fmt.Sprintf(w.someLife, g.n, life))
		}
	}
	if len(parts) > 0 {
		b.WriteString(": " + strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, w.from, w.localTime(it.Window.Opens))
	if !it.Window.Closes.IsZero() {
		fmt.Fprintf(&b, w.till, w.localDate(lastDay(it.Window.Closes)))
	}
	if it.Cap > 0 {
		fmt.Fprintf(&b, w.cap, compensation.FormatWon(decimal.NewFromInt(it.Cap)))
	}
	b.WriteString(".")
	return b.String()
}

// validityGroup is how many items of a benefit last how long.
type validityGroup struct {
	v grants.Validity
	n int
}

func validityGroups(items []grants.Item) []validityGroup {
	var out []validityGroup
	for _, it := range items {
		if len(out) > 0 && out[len(out)-1].v == it.Validity {
			out[len(out)-1].n++
			continue
		}
		out = append(out, validityGroup{it.Validity, 1})
	}
	return out
}

// itemValues lists the items' face values ("2,000원, 3,000원"), where
// they have one.
func itemValues(items []grants.Item, unit string) string {
	var vs []string
	for _, it := range items {
		if !it.Value.IsZero() {
			vs = append(vs, compensation.FormatWon(it.Value)+unit)
		}
	}
	return strings.Join(vs, ", ")
}

func kindName(k eligibility.Kind, lang string) string {
	ko := map[eligibility.Kind]string{eligibility.GeneralUser: "일반 이용자", eligibility.SmallBusiness: "소상공인", eligibility.Enterprise: "중견·대기업"}
	en := map[eligibility.Kind]string{eligibility.GeneralUser: "general users", eligibility.SmallBusiness: "small businesses", eligibility.Enterprise: "mid-sized and large companies"}
	if eligibility.LangOf(lang) == English {
		return en[k]
	}
	return ko[k]
}

// Notice renders the programme's public notice in lang (Markdown): who
// qualifies, the cash bands and the cap and the review, each item with
// its validity, claim window and cap, the reporting and application
// periods, and the affiliates whose cases go elsewhere. Every figure is
// read from the programme.
func (p Programme) Notice(lang string) string {
	w := wordsFor(lang)
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(w.noticeTitle)
	line("")
	line(w.whoTitle)
	for _, s := range w.who {
		line(s)
	}
	line("")
	line(w.cashTitle)
	var over decimal.Decimal
	for i, band := range p.cash.Bands() {
		line(w.band(band, over, i == 0))
		if band.Review {
			line(w.reviewLine(over))
		}
		over = band.UpTo
	}
	line(w.capLine(p.cash.Cap()))
	line("")
	line(w.itemsTitle)
	for _, b := range eligibility.Benefits() {
		if items := p.itemsOf(b); len(items) > 0 {
			line(w.items(items))
		}
	}
	line("")
	line(w.periodsTitle)
	for _, win := range p.eligibility.Config().Windows {
		line(w.period(win))
	}
	line("")
	line(w.affiliatesTitle)
	line(w.affiliates(p.eligibility.Config().Affiliates))
	line("")
	line(w.sourcesLine)
	return b.String()
}

// itemsOf returns the catalogue items of benefit b.
func (p Programme) itemsOf(b eligibility.Benefit) []grants.Item {
	var out []grants.Item
	for _, id := range p.itemsFor(b) {
		out = append(out, p.items[id])
	}
	return out
}

// applicationDeadline is when the last window for small businesses
// closes: the deadline for the review's documents [P-CASH-4].
func (p Programme) applicationDeadline() time.Time {
	var last time.Time
	for _, w := range p.eligibility.Config().Windows {
		if w.Admits(eligibility.SmallBusiness) && w.Closes.After(last) {
			last = w.Closes
		}
	}
	return last
}

// Letter renders, for one claimant's decision, the letter a support bot
// would send, in lang (Markdown): what they get and until when, what they
// do not get and why, and what to do next (claiming the items; the
// review, its documents and deadline; the affiliate a report went to).
func (p Programme) Letter(d Decision, lang string) string {
	w := wordsFor(lang)
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(w.letterHello(d.Eligibility.ClaimantID, d.Eligibility.At))
	line("")
	line(w.getTitle)
	got := 0
	for _, en := range d.Eligibility.Entitlements {
		if !d.Granted(en.Benefit) || en.Benefit == eligibility.IndividualReview {
			continue
		}
		got++
		if en.Benefit == eligibility.CashSupport {
			line(w.cashGet(d.Award))
			continue
		}
		if items := p.itemsOf(en.Benefit); len(items) > 0 {
			line(w.items(items))
		}
	}
	if got == 0 {
		line(w.none)
	}
	line("")
	line(w.notTitle)
	not := 0
	for _, en := range d.Eligibility.Entitlements {
		// Review is a step, not a benefit: it is under what to do next
		// where it applies.
		if d.Granted(en.Benefit) || len(en.Reasons) == 0 || en.Benefit == eligibility.IndividualReview {
			continue
		}
		not++
		why := en.Reasons[len(en.Reasons)-1]
		line("- " + en.Benefit.NameIn(lang) + ": " + why.TextIn(lang))
	}
	if not == 0 {
		line(w.none)
	}
	line("")
	line(w.nextTitle)
	next := 0
	seen := map[string]bool{}
	for _, id := range d.Grants {
		win := p.items[id].Window
		key := win.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		line(w.claimNext(win))
		next++
	}
	if d.Review {
		line(w.reviewNext(p.applicationDeadline(), w.documentsLine))
		next++
	}
	for _, r := range d.Eligibility.Reports {
		if r.Affiliate && !seen["affiliate:"+r.RoutedTo] {
			seen["affiliate:"+r.RoutedTo] = true
			line(w.affiliateNext(r.RoutedTo))
			next++
		}
	}
	for _, r := range d.Eligibility.Reports {
		if !r.Counts && !r.Affiliate && len(r.Reasons) > 0 {
			line("- " + reportWord(lang) + " " + r.ID + ": " + r.Reasons[len(r.Reasons)-1].TextIn(lang))
			next++
		}
	}
	if next == 0 {
		line(w.nothingNext)
	}
	return b.String()
}

func reportWord(lang string) string {
	if eligibility.LangOf(lang) == English {
		return "Report"
	}
	return "신고"
}
