package eligibility

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/outagerelief/relief/internal/words"
)

// Config declares an eligibility policy: who the operator and its
// affiliates are, the kinds of claimant and the attributes they may have,
// the benefits and who gets each, the intake windows, how losses combine,
// the small-business test's parameters and the tags of the policy's own
// rules. Change a field of [Kakao1015Config] and call [NewPolicy] to make
// another policy.
type Config struct {
	// Operator is the programme's own operator; reports about it are its
	// cases [P-INTAKE-1].
	Operator Operator `json:"operator"`
	// Affiliates run their own support: their reports are routed to them
	// [P-AFF-1]. A report about an operator that is neither Operator nor
	// an affiliate is bad input. Keys match exactly, case and spacing
	// included.
	Affiliates []Operator `json:"affiliates,omitempty"`
	// Kinds are the kinds of claimant, in the order tallies list them.
	Kinds []ClaimantKind `json:"kinds"`
	// Attributes are the facts a claimant may have.
	Attributes []Attribute `json:"attributes,omitempty"`
	// Benefits are the programme's benefits, in the order a decision
	// lists them.
	Benefits []Benefit `json:"benefits"`
	// Windows are the intake windows; a report filed in one that admits
	// the claimant's kind counts [P-INTAKE-3, P-CASH-4].
	Windows []Window `json:"windows"`
	// Losses says how the losses of a claimant's counted reports make its
	// one loss [P-CASH-1].
	Losses LossRule `json:"losses"`
	// Test is the small-business test a claimant of a kind declared
	// Small is held to: [StatutoryTest] for the Korean statute. It is
	// needed where a kind is declared Small, and unused otherwise.
	Test SmallBusinessTest `json:"test,omitzero"`
	// Tags are the tags of the policy's own rules, which its reasons cite.
	Tags Tags `json:"tags"`
}

// Tags name the rules of a policy that its declarations do not: each
// reason a decision gives cites the tag of the rule that produced it.
type Tags struct {
	// Operator: a report about the operator's own service [P-INTAKE-1].
	Operator string `json:"operator"`
	// Affiliate: a report routed to an affiliate [P-AFF-1].
	Affiliate string `json:"affiliate,omitempty"`
	// Intake: a report filed outside every window, or after the date of
	// the decision [P-INTAKE-3].
	Intake string `json:"intake"`
	// Kind: the claimant's kind, as a condition reads it [P-INTAKE-2].
	Kind string `json:"kind"`
	// SmallBusiness: the small-business status and the head count
	// [P-SB-1]; Sales: the revenue ceiling [P-SB-3].
	SmallBusiness string `json:"smallBusiness,omitempty"`
	Sales         string `json:"sales,omitempty"`
}

// Policy is a validated, immutable eligibility policy. Build one with
// [NewPolicy] or [Kakao1015]. A Policy is safe for concurrent use.
//
// The zero Policy is not valid: its methods return [ErrConfig].
type Policy struct{ p *policy }

// policy is a Policy's declarations, indexed, with the reasons its
// decisions give, made once.
type policy struct {
	c          Config // a private deep copy; never modified
	affiliates map[string]int
	tables     []compiledTable // c.Revenue, indexed
	benefits   []node          // each benefit's When, compiled
	grounds    []*reason       // each benefit's Grounds; nil where none
	kindFacts  []*reason       // by kind index: the claimant is of that kind
	small      struct{ notSmall, declared, passed, failed *reason }
	ownCase    *reason
	routed     []*reason     // by affiliate
	windows    []windowIndex // c.Windows, for lookups
	limits     [26]int       // the worker limit of each KSIC section letter
	inWindow   []*reason     // by window
	extension  []*reason     // by window: filed in it without an earlier counted report
	outside    *reason
	later      *reason
	keys       []string      // the benefits' keys, by index
	blank      []Entitlement // an entitlement of each benefit, not granted
	kindKeys   []Kind        // the kinds' keys, by index
	attrKeys   []string      // the attributes' keys, by index
	reasons    int           // the most reasons the benefits of a decision give
	anySmall   bool
}

// The bounds of what a policy declares: kinds, attributes and benefits
// are indexed by bit sets of 64.
const (
	maxKinds      = 64
	maxAttributes = 64
)

// NewPolicy validates c and returns a policy holding a copy of it.
//
// It returns an error wrapping [ErrConfig] (and naming the field) if:
//   - the operator's key is empty, or an affiliate's is empty, repeated
//     or the operator's; a key is longer than [MaxKeyBytes] bytes or holds
//     a control character;
//   - no kind is declared, or a kind, attribute or benefit key is not a
//     key ([CheckKey]), is repeated, or more than 64 kinds or attributes
//     are declared;
//   - a kind, attribute, benefit or operator has no name, an attribute or
//     a benefit no rule, an attribute's Held or Missing no code or text,
//     a benefit's Grounds a code without a text or a text without a code;
//   - a benefit has no condition, or its condition names a kind
//     ([ErrUnknownKind]) or an attribute ([ErrUnknownAttribute]) the
//     policy does not declare, or asks whether a claimant is small where
//     no kind is declared Small;
//   - a window is out of shape ([NewWindow]'s errors too), repeats a
//     name, or admits an undeclared kind;
//   - Losses is not a LossRule;
//   - a tag the policy's rules need is empty (Operator, Intake and Kind;
//     Affiliate with affiliates; SmallBusiness and Sales with a Small
//     kind);
//   - with a Small kind, in Test: a worker limit or PartTimeHours is not positive,
//     or a worker limit names no KSIC section; there is no revenue table,
//     tables are not in ascending order of From, a line covers no code or
//     a code another line of its table covers, a code is not a KSIC code,
//     or a ceiling is negative or outside the amount domain.
func NewPolicy(c Config) (Policy, error) {
	bad := func(format string, args ...any) (Policy, error) {
		return Policy{}, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	p := &policy{c: c}
	if err := p.declare(); err != nil {
		return bad("%w", err)
	}
	if err := p.declareWindows(); err != nil {
		return bad("%w", err)
	}
	if err := p.declareSmall(); err != nil {
		return bad("%w", err)
	}
	if err := p.declareBenefits(); err != nil {
		return bad("%w", err)
	}
	return Policy{p}, nil
}

// checkOperator checks an operator's key and name.
func checkOperator(what string, o Operator) error {
	switch {
	case o.Key == "" || len(o.Key) > MaxKeyBytes || !utf8.ValidString(o.Key) || strings.IndexFunc(o.Key, unicode.IsControl) >= 0:
		return fmt.Errorf("%s %q: a key of 1 to %d bytes of UTF-8 without control characters", what, clip(o.Key), MaxKeyBytes)
	case o.Name.IsZero():
		return fmt.Errorf("%s %q: no name", what, o.Key)
	}
	return nil
}

// declare checks and copies the operators, the loss rule, the tags, the
// kinds and the attributes, and makes the reasons about them.
func (p *policy) declare() error {
	c := &p.c
	if err := checkOperator("operator", c.Operator); err != nil {
		return err
	}
	if !c.Losses.IsValid() {
		return fmt.Errorf("losses: %d is not a LossRule (largest or sum)", uint8(c.Losses))
	}
	if c.Tags.Operator == "" || c.Tags.Intake == "" || c.Tags.Kind == "" {
		return fmt.Errorf("tags: operator %q, intake %q and kind %q are all needed", c.Tags.Operator, c.Tags.Intake, c.Tags.Kind)
	}
	c.Affiliates = slices.Clone(c.Affiliates)
	p.affiliates = make(map[string]int, len(c.Affiliates))
	for i, a := range c.Affiliates {
		if err := checkOperator("affiliate", a); err != nil {
			return err
		}
		if _, dup := p.affiliates[a.Key]; dup || a.Key == c.Operator.Key {
			return fmt.Errorf("affiliate %q repeated or the operator", clip(a.Key))
		}
		if c.Tags.Affiliate == "" {
			return fmt.Errorf("tags: affiliate: needed with affiliates")
		}
		p.affiliates[a.Key] = i
		p.routed = append(p.routed, &reason{rule: c.Tags.Affiliate, code: "routed-to-affiliate", text: Text{
			Ko: fmt.Sprintf("%s의 서비스에 관한 신고로, 자체 지원을 하는 %s에 이관했습니다.", a.Name.In(Korean), a.Name.In(Korean)),
			En: fmt.Sprintf("about %s, which runs its own support: routed to it", a.Name.In(English))}})
	}
	op := c.Operator.Name
	p.ownCase = &reason{rule: c.Tags.Operator, code: "own-case", text: Text{
		Ko: fmt.Sprintf("%s 자체 서비스에 관한 신고입니다.", op.In(Korean)), En: fmt.Sprintf("about %s's own service", op.In(English))}}
	p.outside = &reason{rule: c.Tags.Intake, code: "out-of-window", text: Text{
		Ko: "신청인 유형에 열린 접수 기간 밖에 신고했습니다.", En: "filed outside every intake window open to the claimant's kind"}}
	p.later = &reason{rule: c.Tags.Intake, code: "filed-after-decision", text: Text{
		Ko: "판정 기준일 이후에 신고하여 아직 반영되지 않았습니다.", En: "filed after the date the decision is about: not yet counted"}}

	if err := p.declareKinds(); err != nil {
		return err
	}
	return p.declareAttributes()
}

// declareKinds checks and copies the kinds, and makes the reasons about
// them.
func (p *policy) declareKinds() error {
	c := &p.c
	if len(c.Kinds) == 0 || len(c.Kinds) > maxKinds {
		return fmt.Errorf("kinds: %d declared, want 1 to %d", len(c.Kinds), maxKinds)
	}
	c.Kinds = slices.Clone(c.Kinds)
	for _, k := range c.Kinds {
		if err := CheckKey(string(k.Key)); err != nil {
			return fmt.Errorf("kind %q: %v", clip(string(k.Key)), err)
		}
		if p.kindIndex(k.Key) >= 0 {
			return fmt.Errorf("kind %q repeated", k.Key)
		}
		p.kindKeys = append(p.kindKeys, k.Key)
		if err := k.Name.Check("kind " + string(k.Key)); err != nil {
			return err
		}
		p.anySmall = p.anySmall || k.Small
		p.kindFacts = append(p.kindFacts, &reason{rule: c.Tags.Kind, code: "kind-" + string(k.Key), text: Text{
			Ko: fmt.Sprintf("신청인 유형은 %s입니다.", k.Name.In(Korean)), En: "the claimant is " + k.Name.In(English)}})
	}
	return nil
}

// declareAttributes checks and copies the attributes.
func (p *policy) declareAttributes() error {
	c := &p.c
	if len(c.Attributes) > maxAttributes {
		return fmt.Errorf("attributes: %d declared, at most %d", len(c.Attributes), maxAttributes)
	}
	c.Attributes = slices.Clone(c.Attributes)
	for _, a := range c.Attributes {
		if err := CheckKey(a.Key); err != nil {
			return fmt.Errorf("attribute %q: %v", clip(a.Key), err)
		}
		switch {
		case p.attrIndex(a.Key) >= 0:
			return fmt.Errorf("attribute %q repeated", a.Key)
		case a.Rule == "" || a.Name.IsZero():
			return fmt.Errorf("attribute %q: a rule and a name are needed", a.Key)
		case a.Held.Code == "" || a.Held.Text.IsZero() || a.Missing.Code == "" || a.Missing.Text.IsZero():
			return fmt.Errorf("attribute %q: held and missing need a code and a text each", a.Key)
		}
		p.attrKeys = append(p.attrKeys, a.Key)
	}
	return nil
}

// declareWindows checks and copies the windows, and makes the reasons
// about them.
func (p *policy) declareWindows() error {
	c := &p.c
	ws := make([]Window, len(c.Windows))
	for i, w := range c.Windows {
		v, err := NewWindow(w.Name, w.Rule, w.Opens, w.Closes, w.Kinds...)
		if err != nil {
			return fmt.Errorf("window %d: %w", i, err)
		}
		v.Title, v.ExistingOnly = w.Title, w.ExistingOnly
		for _, k := range v.Kinds {
			if p.kindIndex(k) < 0 {
				return fmt.Errorf("window %s: %w: %q", w.Name, ErrUnknownKind, clip(string(k)))
			}
		}
		switch {
		case slices.ContainsFunc(ws[:i], func(o Window) bool { return o.Name == w.Name }):
			return fmt.Errorf("window %q repeated", w.Name)
		case w.Rule == "":
			return fmt.Errorf("window %s: no rule", w.Name)
		case w.Title.IsZero():
			return fmt.Errorf("window %s: no title", w.Name)
		}
		ws[i] = v
		wi := windowIndex{opens: v.Opens, closes: v.Closes, existingOnly: v.ExistingOnly}
		for _, k := range v.Kinds {
			wi.kinds |= 1 << p.kindIndex(k)
		}
		if len(v.Kinds) == 0 {
			wi.kinds = ^uint64(0)
		}
		p.windows = append(p.windows, wi)
		span := Text{
			Ko: fmt.Sprintf("%s 기간(%s ~ %s)", v.Title.In(Korean), words.Date(v.Opens, kst, Korean), words.Date(words.LastDay(v.Closes), kst, Korean)),
			En: fmt.Sprintf("%s (%s to %s)", v.Title.In(English), words.Date(v.Opens, kst, English), words.Date(words.LastDay(v.Closes), kst, English))}
		p.inWindow = append(p.inWindow, &reason{rule: v.Rule, code: "in-window", text: Text{
			Ko: span.Ko + " 안에 신고했습니다.", En: "filed within " + span.En}})
		p.extension = append(p.extension, &reason{rule: v.Rule, code: "extension-for-applicants", text: Text{
			Ko: span.Ko + "에 신고했으나, 이 기간은 앞서 인정된 피해 신고가 있는 신청인만 이용할 수 있고 그런 신고가 없습니다.",
			En: "filed within " + span.En + ", open only to those with an earlier counted report, and there is none"}})
	}
	c.Windows = ws
	return nil
}

// declareSmall checks and copies the small-business test's parameters
// where a kind is declared Small.
func (p *policy) declareSmall() error {
	c := &p.c.Test
	c.WorkerLimits = maps.Clone(c.WorkerLimits)
	c.Revenue = slices.Clone(c.Revenue)
	if !p.anySmall {
		return nil
	}
	switch {
	case p.c.Tags.SmallBusiness == "" || p.c.Tags.Sales == "":
		return fmt.Errorf("tags: smallBusiness and sales are needed with a Small kind")
	case c.DefaultWorkerLimit <= 0 || c.PartTimeHours <= 0:
		return fmt.Errorf("default worker limit %d, part-time hours %d", c.DefaultWorkerLimit, c.PartTimeHours)
	case len(c.Revenue) == 0:
		return fmt.Errorf("no revenue table")
	}
	t := p.c.Tags.SmallBusiness
	p.small.notSmall = &reason{rule: t, code: "not-small-business", text: Text{Ko: "소상공인이 아닙니다.", En: "not a small business"}}
	p.small.declared = &reason{rule: t, code: "declared-small-business", text: Text{
		Ko: "소상공인으로 신고했으며, 사업장 정보는 심사하지 않았습니다.", En: "declared a small business; no profile was tested"}}
	p.small.passed = &reason{rule: t, code: "small-business-test-passed", text: Text{Ko: "소상공인 기준을 충족합니다.", En: "passed the small-business test"}}
	p.small.failed = &reason{rule: t, code: "small-business-test-failed", text: Text{Ko: "소상공인 기준을 충족하지 않습니다.", En: "failed the small-business test"}}
	for i := range p.limits {
		p.limits[i] = c.DefaultWorkerLimit
	}
	for s, n := range c.WorkerLimits {
		if sec, err := ParseSector(s); err != nil || len(sec) != 1 || string(sec) != s {
			return fmt.Errorf("worker limit for %q: not a KSIC section letter", clip(s))
		}
		if n <= 0 {
			return fmt.Errorf("worker limit %d for section %s", n, s)
		}
		p.limits[s[0]-'A'] = n
	}
	p.tables = make([]compiledTable, len(c.Revenue))
	for i, t := range c.Revenue {
		if err := checkInstant("revenue table", t.From); err != nil {
			return fmt.Errorf("revenue table %d: %w", i, err)
		}
		if i > 0 && !t.From.After(c.Revenue[i-1].From) {
			return fmt.Errorf("revenue table %d from %s is not after the one before", i, t.From.In(kst).Format(time.DateOnly))
		}
		ct, err := compileTable(t)
		if err != nil {
			return fmt.Errorf("revenue table from %s: %w", t.From.In(kst).Format(time.DateOnly), err)
		}
		for _, l := range ct.Lines {
			if l.Ceiling.Sign() < 0 {
				return fmt.Errorf("revenue table from %s: line %d: %w: ceiling %s won", t.From.In(kst).Format(time.DateOnly), l.No, ErrNegative, l.Ceiling)
			}
		}
		p.tables[i], c.Revenue[i] = ct, ct.RevenueTable
	}
	return nil
}

// declareBenefits checks and copies the benefits and compiles their
// conditions.
func (p *policy) declareBenefits() error {
	c := &p.c
	c.Benefits = slices.Clone(c.Benefits)
	for i := range c.Benefits {
		b := &c.Benefits[i]
		if err := CheckKey(b.Key); err != nil {
			return fmt.Errorf("benefit %q: %v", clip(b.Key), err)
		}
		switch {
		case p.benefitIndex(b.Key) >= 0:
			return fmt.Errorf("benefit %q repeated", b.Key)
		case b.Name.IsZero() || b.Rule == "":
			return fmt.Errorf("benefit %q: a name and a rule are needed", b.Key)
		case (b.Grounds.Code == "") != b.Grounds.Text.IsZero():
			return fmt.Errorf("benefit %q: grounds need both a code and a text, or neither", b.Key)
		}
		n, err := p.compile(b.When, b)
		if err != nil {
			return fmt.Errorf("benefit %q: when: %w", b.Key, err)
		}
		p.benefits, p.keys = append(p.benefits, n), append(p.keys, b.Key)
		p.blank = append(p.blank, Entitlement{Benefit: b.Key})
		var g *reason
		if b.Grounds.Code != "" {
			g = &reason{rule: b.Rule, code: b.Grounds.Code, text: b.Grounds.Text}
			n.leafSize++
		}
		p.grounds = append(p.grounds, g)
		p.reasons += n.leafSize
	}
	return nil
}

func (p *policy) kindIndex(k Kind) int { return slices.Index(p.kindKeys, k) }

func (p *policy) attrIndex(key string) int { return slices.Index(p.attrKeys, key) }

func (p *policy) benefitIndex(key string) int { return slices.Index(p.keys, key) }

// Config returns a copy of the policy's declarations.
func (p Policy) Config() Config {
	if p.p == nil {
		return Config{}
	}
	c := p.p.c
	c.Affiliates = slices.Clone(c.Affiliates)
	c.Kinds = slices.Clone(c.Kinds)
	c.Attributes = slices.Clone(c.Attributes)
	c.Benefits = slices.Clone(c.Benefits)
	c.Windows = slices.Clone(c.Windows)
	for i := range c.Windows {
		c.Windows[i].Kinds = slices.Clone(c.Windows[i].Kinds)
	}
	c.Test = c.Test.clone()
	return c
}

// Benefits returns the policy's benefits, in the order a decision lists
// them.
func (p Policy) Benefits() []Benefit {
	if p.p == nil {
		return nil
	}
	return slices.Clone(p.p.c.Benefits)
}

// Benefit returns the benefit declared with the key; ok is false where
// there is none.
func (p Policy) Benefit(key string) (b Benefit, ok bool) {
	if p.p == nil {
		return Benefit{}, false
	}
	if i := p.p.benefitIndex(key); i >= 0 {
		return p.p.c.Benefits[i], true
	}
	return Benefit{}, false
}

// Kinds returns the kinds of claimant the policy declares.
func (p Policy) Kinds() []ClaimantKind {
	if p.p == nil {
		return nil
	}
	return slices.Clone(p.p.c.Kinds)
}

// Kind returns the declaration of kind k; ok is false where there is
// none.
func (p Policy) Kind(k Kind) (ClaimantKind, bool) {
	if p.p == nil {
		return ClaimantKind{}, false
	}
	if i := p.p.kindIndex(k); i >= 0 {
		return p.p.c.Kinds[i], true
	}
	return ClaimantKind{}, false
}

// Operators returns the programme's operator and its affiliates.
func (p Policy) Operators() (operator Operator, affiliates []Operator) {
	if p.p == nil {
		return Operator{}, nil
	}
	return p.p.c.Operator, slices.Clone(p.p.c.Affiliates)
}

// table returns the revenue table in force at t.
func (p *policy) table(t time.Time) (*compiledTable, error) {
	tables := p.tables
	for i := len(tables) - 1; i >= 0; i-- {
		if !t.Before(tables[i].From) {
			return &tables[i], nil
		}
	}
	if len(tables) == 0 {
		return nil, fmt.Errorf("%w: the policy has no revenue table", ErrConfig)
	}
	return nil, fmt.Errorf("%w: %s is before %s", ErrBeforeTables,
		t.In(kst).Format(time.DateOnly), tables[0].From.In(kst).Format(time.DateOnly))
}

// Route returns the operator a report about operator belongs to
// [P-AFF-1]: the programme operator keeps its own cases (affiliate
// false); a listed affiliate gets its own (affiliate true). Keys match
// exactly. Any other name, the empty one included, is an error wrapping
// [ErrUnknownOperator] that quotes it: a report is never the programme
// operator's case by default, since that would pay an affiliate's claim
// from the operator's budget. The zero Policy returns [ErrConfig].
func (p Policy) Route(operator string) (to string, affiliate bool, err error) {
	if p.p == nil {
		return "", false, fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	_, to, affiliate, err = p.p.route(operator)
	return to, affiliate, err
}

// route is Route with the reason the routing gives.
func (p *policy) route(operator string) (*reason, string, bool, error) {
	if operator == p.c.Operator.Key {
		return p.ownCase, operator, false, nil
	}
	if i, ok := p.affiliates[operator]; ok {
		return p.routed[i], operator, true, nil
	}
	return nil, "", false, p.unknownOperator(operator)
}

// unknownOperator is Route's error, with a hint where the name differs
// from a known one only in case or spacing.
func (p *policy) unknownOperator(operator string) error {
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	known := []string{p.c.Operator.Key}
	for _, a := range p.c.Affiliates {
		known = append(known, a.Key)
	}
	for _, k := range known {
		if fold(k) == fold(operator) {
			return fmt.Errorf("%w: %q (names match exactly: did you mean %q?)", ErrUnknownOperator, clip(operator), k)
		}
	}
	if len(known) == 1 {
		return fmt.Errorf("%w: %q is not %s", ErrUnknownOperator, clip(operator), known[0])
	}
	return fmt.Errorf("%w: %q is neither %s nor a listed affiliate (%s)", ErrUnknownOperator, clip(operator),
		known[0], strings.Join(known[1:], ", "))
}

// IsValid reports whether p was built by [NewPolicy]; the zero Policy is
// not valid.
func (p Policy) IsValid() bool { return p.p != nil }
