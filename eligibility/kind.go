package eligibility

import "fmt"

// Kind is who filed a damage report [P-INTAKE-2]. The zero Kind is not
// valid.
type Kind uint8

// The kinds of claimant the council counted [P-INTAKE-2].
const (
	GeneralUser   Kind = iota + 1 // a person using the service (일반 이용자)
	SmallBusiness                 // a small business (소상공인)
	Enterprise                    // a mid-sized or large company (중견·대기업)
)

// kindNames are the kinds' names, indexed by Kind.
var kindNames = [...]string{GeneralUser: "general", SmallBusiness: "small-business", Enterprise: "enterprise"}

// String returns the kind's name: "general", "small-business" or
// "enterprise".
func (k Kind) String() string {
	if k.IsValid() {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// IsValid reports whether k is one of the Kind constants.
func (k Kind) IsValid() bool { return k >= GeneralUser && k <= Enterprise }

// ParseKind returns the kind named s, as [Kind.String] writes it. It
// returns an error wrapping [ErrUnknownKind] for any other name.
func ParseKind(s string) (Kind, error) {
	for k := GeneralUser; k <= Enterprise; k++ {
		if kindNames[k] == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: %q (want general, small-business or enterprise)", ErrUnknownKind, s)
}

// MarshalText encodes the kind by name; it fails for an invalid kind.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownKind, uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a kind by name, as [ParseKind] does.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Benefit is one benefit of the programme. The zero Benefit is not valid.
type Benefit uint8

// The benefits of the Kakao 1015 programme, in the order a decision lists
// them.
const (
	EmoticonBundle   Benefit = iota + 1 // the emoticon bundle [P-EMO-1]
	MakersCoupons                       // the Kakao Makers coupons [P-COUPON-1]
	DrawerPass                          // the Talk Drawer Plus pass [P-DRAWER-1]
	ChannelCash                         // KakaoTalk Channel cash [P-CHANNEL-1]
	CashSupport                         // banded cash support [P-CASH-1]
	IndividualReview                    // referral of a company's direct damage to individual review [P-INTAKE-4]
)

// Benefits lists every benefit in order.
func Benefits() []Benefit {
	return []Benefit{EmoticonBundle, MakersCoupons, DrawerPass, ChannelCash, CashSupport, IndividualReview}
}

var benefitNames = [...]string{
	EmoticonBundle: "emoticon-bundle", MakersCoupons: "makers-coupons", DrawerPass: "drawer-pass",
	ChannelCash: "channel-cash", CashSupport: "cash-support", IndividualReview: "individual-review",
}

// String returns the benefit's name, e.g. "emoticon-bundle": the key by
// which a catalogue of grants names the benefit its items fulfil.
func (b Benefit) String() string {
	if b >= EmoticonBundle && b <= IndividualReview {
		return benefitNames[b]
	}
	return fmt.Sprintf("Benefit(%d)", uint8(b))
}

// MarshalText encodes the benefit by name.
func (b Benefit) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

var benefitNamesKo = [...]string{
	EmoticonBundle: "이모티콘 3종", MakersCoupons: "카카오메이커스 쿠폰", DrawerPass: "톡서랍 플러스 1개월 이용권",
	ChannelCash: "카카오톡 채널 메시지 캐시", CashSupport: "현금 지원", IndividualReview: "개별 심사",
}

var benefitNamesEn = [...]string{
	EmoticonBundle: "three emoticons", MakersCoupons: "Kakao Makers coupons", DrawerPass: "a one-month Talk Drawer Plus pass",
	ChannelCash: "KakaoTalk Channel cash", CashSupport: "cash support", IndividualReview: "individual review",
}

// NameIn returns the benefit's name for people, in lang ("ko" or "en";
// see [LangOf]).
func (b Benefit) NameIn(lang string) string {
	if b < EmoticonBundle || b > IndividualReview {
		return b.String()
	}
	if LangOf(lang) == English {
		return benefitNamesEn[b]
	}
	return benefitNamesKo[b]
}
