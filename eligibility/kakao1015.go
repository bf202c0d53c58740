package eligibility

import "time"

// Options are the parameters of the Kakao 1015 policy that rest on an
// inference or on one report (confidence C). The zero Options requires no
// Channel, refers no company to review, opens document intake at 00:00
// on 2023-01-30 and admits no new applicant to either extension;
// [DefaultOptions] is the reading used here.
type Options struct {
	// RequireChannel grants Channel cash only to a small business that
	// already has a KakaoTalk Channel [P-CHANNEL-1]. That it was required
	// is an inference (C): off by default.
	RequireChannel bool
	// ReviewEnterprises refers a mid-sized or large company with a
	// counted report of money lost to individual review [P-INTAKE-4].
	// That companies were reviewed this way is an inference (C): on by
	// default. A small business's referral is not this package's: it
	// follows the loss band of the cash schedule.
	ReviewEnterprises bool
	// ApplicationsOpen is the instant document intake opened on
	// 2023-01-30 [P-CASH-4]: one report gives 15:00 (C). The zero time is
	// 00:00 that day, the day every source gives.
	ApplicationsOpen time.Time
	// FirstExtensionAdmitsNew lets the extension of applications to
	// 2023-04-14 take a small business with no earlier counted report;
	// SecondExtensionAdmitsNew the extension to 2023-05-31 [P-CASH-4].
	// Who each extension admitted is reported two ways (C): one report
	// says the first was for those "that had not yet managed to apply",
	// another that the second was only for documents still missing, and
	// a third that the second took new applicants too.
	FirstExtensionAdmitsNew, SecondExtensionAdmitsNew bool
}

// DefaultOptions returns the options as the plan is read here: no Channel
// required, companies' direct damage referred to review, document intake
// from 15:00 on 2023-01-30, the first extension for existing applicants
// and the second open to new ones too.
func DefaultOptions() Options {
	return Options{
		// [P-CHANNEL-1] (C) off; [P-INTAKE-4] (C) on.
		RequireChannel: false, ReviewEnterprises: true,
		// [P-CASH-4] (C) document intake opened at 15:00 on 2023-01-30 (one report).
		ApplicationsOpen: time.Date(2023, 1, 30, 15, 0, 0, 0, kst),
		// [P-CASH-4, P-INTAKE-3] (C) the first extension for those who had reported;
		// the second for new applicants too, as the report graded B in
		// [P-INTAKE-3] has it.
		FirstExtensionAdmitsNew: false, SecondExtensionAdmitsNew: true,
	}
}

// The operators of the Kakao 1015 programme [P-INTAKE-1, P-AFF-1], as
// reports name them.
const (
	Kakao              = "Kakao"
	KakaoGames         = "Kakao Games"
	KakaoMobility      = "Kakao Mobility"
	KakaoEntertainment = "Kakao Entertainment"
	KakaoPay           = "Kakao Pay"
)

// Kakao1015Config returns the declarations of the Kakao 1015 programme
// with the options o. It is one literal, the programme's whole
// declaration, kept in one piece so that it reads against the policy's
// tags line by line.
func Kakao1015Config(o Options) Config {
	domestic := Has(DomesticPhone)
	applicationsOpen := o.ApplicationsOpen
	if applicationsOpen.IsZero() {
		// [P-CASH-4] (B) applications from 2023-01-30; the zero Options takes no hour.
		applicationsOpen = kstDate(2023, 1, 30)
	}
	channel := Benefit{Key: ChannelCash, Name: Text{Ko: "카카오톡 채널 메시지 캐시", En: "KakaoTalk Channel cash"}, Rule: "P-CHANNEL-1",
		// [P-CHANNEL-1] (A) every small business, damage report or not.
		When: IsSmall(),
		Grounds: Note{"channel-every-small-business", Text{
			Ko: "피해 신고 여부와 관계없이 모든 소상공인에게 카카오톡 채널 메시지 캐시를 드립니다.",
			En: "KakaoTalk Channel cash for every small business, damage report or not"}}}
	if o.RequireChannel {
		// [P-CHANNEL-1] (C) a small business that has a KakaoTalk Channel already.
		channel.When, channel.Provisional = All(IsSmall(), Has(TalkChannel)), true
		channel.Grounds = Note{"channel-held", Text{
			Ko: "이 정책이 요구하는 카카오톡 채널을 가진 소상공인입니다.", En: "a small business with a KakaoTalk Channel, as this policy requires"}}
	}
	review := Benefit{Key: IndividualReview, Name: Text{Ko: "개별 심사", En: "individual review"}, Rule: "P-INTAKE-4",
		// [P-INTAKE-4] (A) large direct damage goes to a separate individual
		// review; (C) that every mid-sized or large company with money lost is
		// such a case is o's. A small business's referral follows its cash band.
		When: Never()}
	if o.ReviewEnterprises {
		review.When, review.Provisional = All(KindIs(Enterprise), CountedDamage()), true
		review.Grounds = Note{"enterprise-review", Text{
			Ko: "중견·대기업의 직접 피해로 개별 심사 대상입니다(잠정: 기업의 피해를 이렇게 심사한다는 것은 추정입니다).",
			En: "direct damage to a mid-sized or large company: individual review (provisional: an inference)"}}
	}
	return Config{
		// [P-INTAKE-1] Kakao's own cases were analysed.
		Operator: Operator{Key: Kakao, Name: Text{Ko: "카카오", En: "Kakao"}},
		// [P-AFF-1] (A) these affiliates "and others" run their own support for
		// their partners; the list is open, so it is a parameter.
		Affiliates: []Operator{
			{Key: KakaoGames, Name: Text{Ko: "카카오게임즈", En: "Kakao Games"}},
			{Key: KakaoMobility, Name: Text{Ko: "카카오모빌리티", En: "Kakao Mobility"}},
			{Key: KakaoEntertainment, Name: Text{Ko: "카카오엔터테인먼트", En: "Kakao Entertainment"}},
			{Key: KakaoPay, Name: Text{Ko: "카카오페이", En: "Kakao Pay"}},
		},
		// [P-AFF-1] (A) "and others": the texts say the list is open.
		AffiliatesOpen: true,
		// [P-INTAKE-2] the kinds the council counted.
		Kinds: []ClaimantKind{
			{Key: GeneralUser, Name: Text{Ko: "일반 이용자", En: "a general user"}},
			{Key: SmallBusiness, Name: Text{Ko: "소상공인", En: "a small business"}, Small: true},
			{Key: Enterprise, Name: Text{Ko: "중견·대기업", En: "a mid-sized or large company"}},
		},
		Attributes: []Attribute{
			// [P-EMO-3] (B) the heart package is for Kakao accounts with a domestic
			// phone number; no report needed.
			{Key: DomesticPhone, Rule: "P-EMO-3", Name: Text{Ko: "국내 휴대전화 번호로 가입한 카카오 계정", En: "a Kakao account on a domestic phone number"},
				Held: Note{"domestic-phone", Text{
					Ko: "국내 휴대전화 번호로 가입한 카카오 계정입니다. 국내 이용자라면 누구나, 피해 신고 없이 받을 수 있습니다.",
					En: "a Kakao account with a domestic phone number: open to every domestic user, no report needed"}},
				Missing: Note{"overseas-phone", Text{
					Ko: "해외 휴대전화 번호로 가입한 계정입니다. 국내 이용자만 받을 수 있습니다.",
					En: "an overseas phone number: domestic users only"}}},
			// [P-CHANNEL-1] (C) a KakaoTalk Channel, where the policy requires one.
			{Key: TalkChannel, Rule: "P-CHANNEL-1", Name: Text{Ko: "카카오톡 채널 보유", En: "a KakaoTalk Channel"},
				Held:    Note{"talk-channel", Text{Ko: "카카오톡 채널이 있습니다.", En: "has a KakaoTalk Channel"}},
				Missing: Note{"channel-missing", Text{Ko: "카카오톡 채널이 없습니다.", En: "no KakaoTalk Channel"}}},
		},
		Benefits: []Benefit{
			// [P-EMO-1, P-EMO-3] (A, B) three emoticons for every domestic user.
			{Key: EmoticonBundle, Name: Text{Ko: "이모티콘 3종", En: "three emoticons"}, Rule: "P-EMO-1", When: domestic},
			// [P-COUPON-1] (A, B) two Makers coupons, for the same users.
			{Key: MakersCoupons, Name: Text{Ko: "카카오메이커스 쿠폰 2종", En: "two Kakao Makers coupons"}, Rule: "P-COUPON-1", When: domestic,
				Grounds: Note{"coupons", Text{Ko: "이모티콘을 받는 이용자에게 카카오메이커스 쿠폰 2종을 드립니다.",
					En: "two Kakao Makers coupons, for the same users as the emoticons"}}},
			// [P-DRAWER-1] (A, B) the one-month pass, first come first served.
			{Key: DrawerPass, Name: Text{Ko: "톡서랍 플러스 1개월 이용권", En: "a one-month Talk Drawer Plus pass"}, Rule: "P-DRAWER-1", When: domestic,
				Grounds: Note{"drawer-first-come", Text{Ko: "톡서랍 플러스 1개월 이용권은 정해진 수량이 소진될 때까지 선착순으로 드립니다.",
					En: "one-month Talk Drawer Plus pass, first come first served while the capped passes last"}}},
			channel,
			// [P-CASH-1] (A) small businesses that reported damage, by the size of
			// their sales loss (the bands are the cash schedule's).
			{Key: CashSupport, Name: Text{Ko: "현금 지원", En: "cash support"}, Rule: "P-CASH-1", When: All(IsSmall(), CountedLoss())},
			review,
		},
		// In date order, as a notice lists them.
		Windows: []Window{
			// [P-INTAKE-3] (B) reporting window, 2022-10-19 to 2022-11-06.
			kstDays("reporting", Text{Ko: "피해 신고 접수", En: "the damage-report intake"}, "P-INTAKE-3", kstDate(2022, 10, 19), kstDate(2022, 11, 6)),
			// [P-CASH-4] (B) small-business applications, for those who had
			// reported, from 2023-01-30 (the hour is o's, C) to 2023-02-27.
			{Name: "applications", Title: Text{Ko: "소상공인 지원 신청", En: "the small-business applications"}, Rule: "P-CASH-4",
				Opens: applicationsOpen, Closes: kstDate(2023, 2, 28), Kinds: []Kind{SmallBusiness}, ExistingOnly: true},
			// [P-INTAKE-3] (B) second intake for small businesses, 2023-02-13 to 2023-02-27.
			kstDays("second-intake", Text{Ko: "소상공인 추가 피해 신고 접수", En: "the second small-business intake"}, "P-INTAKE-3",
				kstDate(2023, 2, 13), kstDate(2023, 2, 27), SmallBusiness),
			// [P-CASH-4] (B) extended to 2023-04-14; (C) whom it admitted is o's.
			admitting(kstDays("first-extension", Text{Ko: "소상공인 지원 신청 1차 연장", En: "the first extension of applications"}, "P-CASH-4",
				kstDate(2023, 2, 28), kstDate(2023, 4, 14), SmallBusiness), o.FirstExtensionAdmitsNew),
			// [P-CASH-4] (B) extended again to 2023-05-31; (C) whom it admitted is o's.
			admitting(kstDays("second-extension", Text{Ko: "소상공인 지원 신청 2차 연장", En: "the second extension of applications"}, "P-CASH-4",
				kstDate(2023, 4, 15), kstDate(2023, 5, 31), SmallBusiness), o.SecondExtensionAdmitsNew),
		},
		// [P-CASH-1, P-CASH-3] (A) a business's sales loss is one figure: a report
		// and a later application about it count it once.
		Losses: LossLargest,
		// [P-SB-1..5] the statutory test of a small business.
		Test: StatutoryTest(),
		// [P-SB-3] (C) size is judged at the application, whose certificate is
		// issued then; a business that did not apply, as of the day document
		// intake opened. Either way a 2022 claim meets the table before 2025.
		SizeAt: SizeAt{Application: true, At: applicationsOpen, Rule: "P-SB-3"},
		Tags: Tags{Operator: "P-INTAKE-1", Affiliate: "P-AFF-1", Intake: "P-INTAKE-3", Kind: "P-INTAKE-2",
			SmallBusiness: "P-SB-1", Sales: "P-SB-3", Grace: "P-SB-4"},
	}
}

// admitting returns w, for existing applicants only unless admitsNew;
// whom it admits is provisional [P-CASH-4] (C).
func admitting(w Window, admitsNew bool) Window {
	w.ExistingOnly, w.Provisional = !admitsNew, true
	return w
}

// Kakao1015With returns the eligibility policy of the Kakao 1015
// programme with the options o.
func Kakao1015With(o Options) (Policy, error) { return NewPolicy(Kakao1015Config(o)) }

// Kakao1015 returns the eligibility policy of the Kakao 1015 programme
// with [DefaultOptions].
func Kakao1015() Policy {
	p, err := Kakao1015With(DefaultOptions())
	if err != nil {
		panic(err) // a literal: cannot happen
	}
	return p
}
