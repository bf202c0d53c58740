package eligibility

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/outagerelief/relief/internal/words"
)

// Condition is who gets a benefit: a small, closed set of combinators over
// the facts a decision knows (the claimant's kind and attributes, its
// small-business verdict, its counted reports), built by the functions
// below and checked against the policy's declarations by [NewPolicy]. A
// Condition is an immutable value.
//
// Its JSON form is an object with exactly one key: {"always": true},
// {"never": true}, {"kind": ["small-business"]}, {"has": "talk-channel"},
// {"small": true}, {"counted": "report"}, {"counted": "loss"},
// {"counted": "damage"}, {"all": [...]}, {"any": [...]}, {"not": {...}}.
//
// The zero Condition is not valid: a benefit must say who gets it.
type Condition struct{ c *cond }

type condOp uint8

const (
	opAlways condOp = iota + 1
	opNever
	opKind
	opHas
	opSmall
	opCountedReport
	opCountedLoss
	opCountedDamage
	opAll
	opAny
	opNot
)

type cond struct {
	op    condOp
	kinds []Kind
	attr  string
	subs  []Condition
}

// Always holds for every claimant.
func Always() Condition { return Condition{&cond{op: opAlways}} }

// Never holds for no claimant: a benefit declared but not granted by
// eligibility (a referral another rule makes, for instance).
func Never() Condition { return Condition{&cond{op: opNever}} }

// KindIs holds for a claimant of one of the kinds.
func KindIs(kinds ...Kind) Condition {
	return Condition{&cond{op: opKind, kinds: slices.Clone(kinds)}}
}

// Has holds for a claimant that lists the attribute.
func Has(attribute string) Condition { return Condition{&cond{op: opHas, attr: attribute}} }

// IsSmall holds for a small business: a claimant of a kind declared
// Small, whose profile, where it gives one, passes the statutory test
// [P-SB-1..3].
func IsSmall() Condition { return Condition{&cond{op: opSmall}} }

// CountedReport holds for a claimant with at least one counted report: the
// operator's own case, filed in a window open to its kind.
func CountedReport() Condition { return Condition{&cond{op: opCountedReport}} }

// CountedLoss holds for a claimant whose counted reports state a loss
// above zero.
func CountedLoss() Condition { return Condition{&cond{op: opCountedLoss}} }

// CountedDamage holds for a claimant with a counted report of money lost:
// about a paid service, a free service with money lost, or a loss above
// zero.
func CountedDamage() Condition { return Condition{&cond{op: opCountedDamage}} }

// All holds where every condition holds (Always where there are none).
func All(cs ...Condition) Condition { return Condition{&cond{op: opAll, subs: slices.Clone(cs)}} }

// Any holds where one condition holds (Never where there are none).
func Any(cs ...Condition) Condition { return Condition{&cond{op: opAny, subs: slices.Clone(cs)}} }

// Not holds where c does not.
func Not(c Condition) Condition { return Condition{&cond{op: opNot, subs: []Condition{c}}} }

// IsNever reports whether c is [Never]: a benefit eligibility itself
// never grants.
func (c Condition) IsNever() bool { return c.c != nil && c.c.op == opNever }

// IsZero reports whether c is the zero Condition.
func (c Condition) IsZero() bool { return c.c == nil }

var countedNames = map[condOp]string{opCountedReport: "report", opCountedLoss: "loss", opCountedDamage: "damage"}

// MarshalJSON encodes the condition in its JSON form.
func (c Condition) MarshalJSON() ([]byte, error) {
	if c.c == nil {
		return nil, fmt.Errorf("%w: the zero Condition", ErrConfig)
	}
	var v any
	switch x := c.c; x.op {
	case opAlways:
		v = map[string]bool{"always": true}
	case opNever:
		v = map[string]bool{"never": true}
	case opKind:
		v = map[string][]Kind{"kind": x.kinds}
	case opHas:
		v = map[string]string{"has": x.attr}
	case opSmall:
		v = map[string]bool{"small": true}
	case opCountedReport, opCountedLoss, opCountedDamage:
		v = map[string]string{"counted": countedNames[x.op]}
	case opAll:
		v = map[string][]Condition{"all": x.subs}
	case opAny:
		v = map[string][]Condition{"any": x.subs}
	case opNot:
		v = map[string]Condition{"not": x.subs[0]}
	}
	return json.Marshal(v)
}

// UnmarshalJSON decodes a condition from its JSON form: an object of
// exactly one known key. Whether its kinds and attributes are declared is
// [NewPolicy]'s to check.
func (c *Condition) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return fmt.Errorf("%w: a condition is a JSON object with one key", ErrConfig)
	}
	if len(m) != 1 {
		keys := slices.Sorted(maps.Keys(m))
		return fmt.Errorf("%w: a condition has exactly one key, got %q", ErrConfig, keys)
	}
	for k, raw := range m {
		v, err := decodeCondition(k, raw)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		*c = v
	}
	return nil
}

func decodeCondition(key string, raw json.RawMessage) (Condition, error) {
	flag := func(make func() Condition) (Condition, error) {
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil || !b {
			return Condition{}, fmt.Errorf("%w: want true", ErrConfig)
		}
		return make(), nil
	}
	switch key {
	case "always":
		return flag(Always)
	case "never":
		return flag(Never)
	case "small":
		return flag(IsSmall)
	case "kind":
		var ks []Kind
		if err := json.Unmarshal(raw, &ks); err != nil {
			return Condition{}, fmt.Errorf("%w: want an array of kind keys", ErrConfig)
		}
		return KindIs(ks...), nil
	case "has":
		var a string
		if err := json.Unmarshal(raw, &a); err != nil {
			return Condition{}, fmt.Errorf("%w: want an attribute key", ErrConfig)
		}
		return Has(a), nil
	case "counted":
		var s string
		_ = json.Unmarshal(raw, &s)
		for op, name := range countedNames {
			if s == name {
				return Condition{&cond{op: op}}, nil
			}
		}
		return Condition{}, fmt.Errorf("%w: %q (want report, loss or damage)", ErrConfig, clip(s))
	case "all", "any":
		var cs []Condition
		if err := json.Unmarshal(raw, &cs); err != nil {
			return Condition{}, err
		}
		if key == "all" {
			return All(cs...), nil
		}
		return Any(cs...), nil
	case "not":
		var sub Condition
		if err := json.Unmarshal(raw, &sub); err != nil {
			return Condition{}, err
		}
		return Not(sub), nil
	}
	return Condition{}, fmt.Errorf("%w: unknown condition (want always, never, kind, has, small, counted, all, any or not)", ErrConfig)
}

// node is a condition compiled against a policy: kinds as a bit set of
// their indices, an attribute as its index, and the reasons its leaf
// gives (for the counted leaves, under the benefit's tag).
type node struct {
	op       condOp
	kinds    uint64
	attr     int
	subs     []node
	yes, no  *reason
	noWhy    *[numUncounted]*reason // a counted leaf's reason for each uncounted case
	src      *cond
	benefit  *Benefit
	leafSize int // how many reasons the node can give at most
}

// compile checks c against p's declarations for the benefit b.
func (p *policy) compile(c Condition, b *Benefit) (node, error) {
	if c.c == nil {
		return node{}, fmt.Errorf("no condition")
	}
	x := c.c
	n := node{op: x.op, src: x, benefit: b}
	switch x.op {
	case opAlways, opNever:
	case opKind:
		if len(x.kinds) == 0 {
			return node{}, fmt.Errorf("kind: names no kind")
		}
		for _, k := range x.kinds {
			i := p.kindIndex(k)
			if i < 0 {
				return node{}, fmt.Errorf("kind: %w: %q", ErrUnknownKind, clip(string(k)))
			}
			n.kinds |= 1 << i
		}
		n.leafSize = 1
	case opHas:
		n.attr = p.attrIndex(x.attr)
		if n.attr < 0 {
			return node{}, fmt.Errorf("has: %w: %q", ErrUnknownAttribute, clip(x.attr))
		}
		a := &p.c.Attributes[n.attr]
		n.yes, n.no = &reason{rule: a.Rule, code: a.Held.Code, text: a.Held.Text}, &reason{rule: a.Rule, code: a.Missing.Code, text: a.Missing.Text}
		n.leafSize = 1
	case opSmall:
		if !p.anySmall {
			return node{}, fmt.Errorf("small: no kind is declared Small")
		}
		n.leafSize = 1
	case opCountedReport, opCountedLoss, opCountedDamage:
		f := countedFacts[x.op]
		n.yes = &reason{rule: b.Rule, code: f.yes.Code, text: f.yes.Text}
		n.no = &reason{rule: b.Rule, code: f.no.Code, text: f.no.Text}
		if x.op != opCountedReport {
			n.noWhy = new([numUncounted]*reason)
			n.noWhy[notReported] = n.no
			for u := routedAway; u < numUncounted; u++ {
				n.noWhy[u] = &reason{rule: b.Rule, code: uncountedFacts[u].Code, text: uncountedFacts[u].Text}
			}
		}
		n.leafSize = 1
	case opAll, opAny, opNot:
		if x.op == opNot && len(x.subs) != 1 {
			return node{}, fmt.Errorf("not takes one condition")
		}
		for i, s := range x.subs {
			sub, err := p.compile(s, b)
			if err != nil {
				return node{}, fmt.Errorf("%s[%d]: %w", opNames[x.op], i, err)
			}
			n.subs = append(n.subs, sub)
			n.leafSize += sub.leafSize
		}
	default:
		return node{}, fmt.Errorf("unknown condition %d", x.op)
	}
	return n, nil
}

var opNames = map[condOp]string{opAll: "all", opAny: "any", opNot: "not"}

// uncounted says why a claimant's reports of a loss (or of damage) did
// not count, where none did: the reason a counted leaf gives when it
// fails, so that a claimant who did report a loss is told exactly why it
// is not paid.
type uncounted uint8

const (
	notReported   uncounted = iota // no report of it at all
	routedAway                     // a report of it went to an affiliate
	outsideWindow                  // a report of it was filed outside every window open to the claimant
	afterDecision                  // a report of it was filed after the decision's date
	numUncounted
)

// uncountedFacts are what a failing counted leaf says for each uncounted
// reason but notReported (its own Note).
var uncountedFacts = [numUncounted]Note{
	routedAway: {"loss-routed-to-affiliate", Text{
		Ko: "피해를 적은 신고가 계열사의 자체 지원으로 이관되어, 이 지원금에서는 지급하지 않습니다.",
		En: "the report of the loss went to an affiliate's own support, so this programme does not pay it"}},
	outsideWindow: {"loss-outside-windows", Text{
		Ko: "피해를 적은 신고가 접수 기간 밖에 들어와 인정되지 않았습니다.",
		En: "the report of the loss was filed outside the periods open to the claimant, so it did not count"}},
	afterDecision: {"loss-after-decision", Text{
		Ko: "피해를 적은 신고가 판정 기준일 뒤에 들어와 아직 반영되지 않았습니다.",
		En: "the report of the loss was filed after the date of this decision, so it is not counted yet"}},
}

// countedFacts are the reasons of the counted leaves.
var countedFacts = map[condOp]struct{ yes, no Note }{
	opCountedReport: {
		Note{"counted-report", Text{Ko: "인정된 피해 신고가 있습니다.", En: "a counted damage report"}},
		Note{"no-counted-report", Text{Ko: "인정된 피해 신고가 없습니다.", En: "no counted damage report"}},
	},
	opCountedLoss: {
		Note{"loss-reported", Text{Ko: "인정된 피해 신고에 매출 손실이 있습니다.", En: "a counted report with a sales loss above zero"}},
		Note{"no-loss", Text{Ko: "인정된 피해 신고에 매출 손실이 없습니다.", En: "no counted report with a sales loss above zero"}},
	},
	opCountedDamage: {
		Note{"damage-reported", Text{Ko: "인정된 피해 신고에 금전 피해가 있습니다.", En: "a counted report of money lost"}},
		Note{"no-damage-reported", Text{Ko: "인정된 피해 신고에 금전 피해가 없습니다.", En: "no counted report of money lost"}},
	},
}

// facts are what a decision knows of a claimant that conditions read.
type facts struct {
	kind                   int    // index of the claimant's kind
	attrs                  uint64 // bit set of its attributes' indices
	small                  *reason
	isSmall                bool
	counted, loss, damaged bool
	// lossWhy and damageWhy say why reports of a loss or of damage did
	// not count, where none did.
	lossWhy, damageWhy uncounted
}

// decide decides n for f, appending to out the reasons that decided it:
// each leaf states a fact; All gives every reason where it holds and the
// first failing one's where it does not; Any the first holding one's
// where it holds and every reason where it does not; Not its condition's.
// A leaf is decided here, with no call deeper: most benefits are one.
func (p *policy) decide(n *node, f *facts, out []Reason) (bool, []Reason) {
	if n.op >= opAll {
		return p.combine(n, f, out)
	}
	ok, r := p.leaf(n, f)
	if r != nil {
		out = append(out, Reason{r})
	}
	return ok, out
}

// combine is decide for All, Any and Not.
func (p *policy) combine(n *node, f *facts, out []Reason) (bool, []Reason) {
	if n.op == opNot {
		ok, out := p.decide(&n.subs[0], f, out)
		return !ok, out
	}
	want := n.op == opAny // the outcome that ends the search
	start := len(out)
	for i := range n.subs {
		from := len(out)
		var ok bool
		if ok, out = p.decide(&n.subs[i], f, out); ok == want {
			return ok, append(out[:start], out[from:]...)
		}
	}
	return !want, out
}

// leaf decides a leaf node for f, with the fact it states (none for
// Always and Never).
func (p *policy) leaf(n *node, f *facts) (bool, *reason) {
	switch n.op {
	case opHas:
		if f.attrs&(1<<n.attr) != 0 {
			return true, n.yes
		}
		return false, n.no
	case opKind:
		return n.kinds&(1<<f.kind) != 0, p.kindFacts[f.kind]
	case opSmall:
		return f.isSmall, f.small
	case opCountedReport:
		return pick(f.counted, n.yes, n.no)
	case opCountedLoss:
		if f.loss {
			return true, n.yes
		}
		return false, n.noWhy[f.lossWhy]
	case opCountedDamage:
		if f.damaged {
			return true, n.yes
		}
		return false, n.noWhy[f.damageWhy]
	}
	return n.op == opAlways, nil
}

func pick(ok bool, yes, no *reason) (bool, *reason) {
	if ok {
		return true, yes
	}
	return false, no
}

// describe writes who the condition holds for, in lang.
func (p *policy) describe(n *node, lang string) string {
	if t, ok := leafWords[n.op]; ok {
		return t.In(lang)
	}
	or := Text{Ko: " 또는 ", En: " or "}.In(lang)
	switch n.op {
	case opKind:
		var names []string
		for i := range p.c.Kinds {
			if n.kinds&(1<<i) != 0 {
				names = append(names, p.c.Kinds[i].Name.In(lang))
			}
		}
		return strings.Join(names, or)
	case opHas:
		return p.c.Attributes[n.attr].Name.In(lang)
	case opSmall:
		var names []string
		for _, k := range p.c.Kinds {
			if k.Small {
				names = append(names, k.Name.In(lang))
			}
		}
		return strings.Join(names, or)
	case opNot:
		if !words.IsEnglish(lang) {
			return p.describeSub(&n.subs[0], lang) + "에 해당하지 않는 경우"
		}
		return "not " + p.describeSub(&n.subs[0], lang)
	}
	return p.describeList(n, lang)
}

// leafWords are what the leaves that name nothing of the policy say.
var leafWords = map[condOp]Text{
	opAlways:        {Ko: "모든 신청인", En: "every claimant"},
	opNever:         {Ko: "해당 없음", En: "no one"},
	opCountedReport: {Ko: "인정된 피해 신고", En: "a counted damage report"},
	opCountedLoss:   {Ko: "인정된 피해 신고의 매출 손실", En: "a sales loss in a counted damage report"},
	opCountedDamage: {Ko: "인정된 피해 신고의 금전 피해", En: "money lost in a counted damage report"},
}

// describeList writes All and Any: their conditions joined, All of none
// as Always and Any of none as Never.
func (p *policy) describeList(n *node, lang string) string {
	if len(n.subs) == 0 {
		return p.describe(&node{op: map[condOp]condOp{opAll: opAlways, opAny: opNever}[n.op]}, lang)
	}
	ko := !words.IsEnglish(lang)
	sep := Text{Ko: ", ", En: " with "}.In(lang)
	if n.op == opAny {
		sep = Text{Ko: " 또는 ", En: " or "}.In(lang)
	}
	parts := make([]string, len(n.subs))
	negative := false
	for i := range n.subs {
		parts[i] = p.describeSub(&n.subs[i], lang)
		negative = negative || n.subs[i].op == opNot
	}
	if n.op == opAll && negative && !ko && len(parts) > 1 {
		// "with not ..." reads badly: a list instead.
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return strings.Join(parts, sep)
}

// describeSub is describe with a combination in parentheses.
func (p *policy) describeSub(n *node, lang string) string {
	s := p.describe(n, lang)
	if (n.op == opAll || n.op == opAny) && len(n.subs) > 1 {
		return "(" + s + ")"
	}
	return s
}
