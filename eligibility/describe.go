package eligibility

import (
	"fmt"
	"slices"
	"strings"

	"github.com/outagerelief/relief/internal/words"
)

// Description is a policy described for people, in one language: the
// lines a public notice is put together from.
type Description struct {
	// Benefits has a line for each benefit: its name and who gets it, as
	// its condition says ("카카오톡 채널 메시지 캐시: 소상공인").
	Benefits []string
	// Windows has a line for each intake window: its title, its days,
	// the kinds it admits, and whether it is for earlier reporters only.
	Windows []string
	// Affiliates says whose reports go to their own support; "" where the
	// policy lists no affiliate.
	Affiliates string
	// Losses says how a claimant's reported losses make its loss.
	Losses string
}

// Describe describes the policy in lang ("ko" or "en", as a BCP 47 tag),
// from its declarations alone.
func (p Policy) Describe(lang string) Description {
	if p.p == nil {
		return Description{}
	}
	c := &p.p.c
	var d Description
	for i, b := range c.Benefits {
		who := b.Name.In(lang) + ": " + p.p.describe(&p.p.benefits[i], lang)
		if b.Provisional {
			who += provisionalWho(lang)
		}
		d.Benefits = append(d.Benefits, who)
	}
	// Periods in date order, as a notice lists them.
	windows := slices.Clone(c.Windows)
	slices.SortStableFunc(windows, func(a, b Window) int { return a.Opens.Compare(b.Opens) })
	for _, w := range windows {
		d.Windows = append(d.Windows, p.p.describeWindow(w, lang))
	}
	ko := !words.IsEnglish(lang)
	if len(c.Affiliates) > 0 {
		names := make([]string, len(c.Affiliates))
		for i, a := range c.Affiliates {
			names[i] = a.Name.In(lang)
		}
		list := strings.Join(names, ", ")
		switch {
		case ko && c.AffiliatesOpen:
			d.Affiliates = fmt.Sprintf("%s 등 계열사 관련 신고는 각 계열사가 자체적으로 지원하며, 이 지원금에서 지급하지 않습니다.", list)
		case ko:
			d.Affiliates = fmt.Sprintf("%s 관련 신고는 각 계열사가 자체적으로 지원하며, 이 지원금에서 지급하지 않습니다.", list)
		case c.AffiliatesOpen:
			d.Affiliates = fmt.Sprintf("Reports about %s and other affiliates go to them, which run their own support; they are not paid from this programme.", list)
		default:
			d.Affiliates = fmt.Sprintf("Reports about %s go to those affiliates, which run their own support; they are not paid from this programme.", list)
		}
	}
	switch {
	case c.Losses == LossSum && ko:
		d.Losses = "신고마다 서로 다른 손실을 지원하며, 인정된 신고의 손실액을 합산합니다."
	case c.Losses == LossSum:
		d.Losses = "Each counted report is a distinct loss, and their losses add up."
	case ko:
		d.Losses = "손실액은 신청인마다 하나만 인정합니다. 피해 신고와 지원 신청에 적은 손실은 같은 손실로 보고, 금액이 다르면 큰 금액을 기준으로 합니다."
	default:
		d.Losses = "A claimant's loss is one figure: a damage report and a later application about the same loss count it once, and where they state it differently the largest counts."
	}
	return d
}

// Who describes who gets the benefit of the key, as its condition says;
// "" for a key the policy does not declare.
func (p Policy) Who(benefit, lang string) string {
	if p.p == nil {
		return ""
	}
	i := p.p.benefitIndex(benefit)
	if i < 0 {
		return ""
	}
	return p.p.describe(&p.p.benefits[i], lang)
}

// describeWindow writes one window's line.
func (p *policy) describeWindow(w Window, lang string) string {
	ko := !words.IsEnglish(lang)
	who := "모든 신청인"
	if !ko {
		who = "every claimant"
	}
	if len(w.Kinds) > 0 {
		names := make([]string, len(w.Kinds))
		for i, k := range w.Kinds {
			names[i] = p.c.Kinds[p.kindIndex(k)].Name.In(lang)
		}
		sep := ", "
		if !ko {
			sep = " or "
		}
		who = strings.Join(names, sep)
	}
	first, last := words.Date(w.Opens, p.c.Zone, lang), words.Date(words.LastDay(w.Closes), p.c.Zone, lang)
	if ko {
		if w.ExistingOnly {
			who += " (기존 피해 신고자)"
		}
		if w.Provisional {
			who += "(잠정: 누구의 신청을 받았는지는 보도마다 다릅니다)"
		}
		return fmt.Sprintf("%s: %s ~ %s, %s", w.Title.In(lang), first, last, who)
	}
	if w.ExistingOnly {
		who += " (earlier reporters only)"
	}
	if w.Provisional {
		who += " (provisional: reports differ on whom it admitted)"
	}
	return fmt.Sprintf("%s: %s to %s, %s", w.Title.In(lang), first, last, who)
}

// provisionalWho marks who gets a benefit as provisional.
func provisionalWho(lang string) string {
	if words.IsEnglish(lang) {
		return " (provisional: an inference, not the announcement's)"
	}
	return "(잠정: 발표된 내용이 아니라 추정입니다)"
}
