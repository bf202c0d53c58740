package eligibility

import (
	"errors"
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
	// AffiliatesOpen says the announcement's list of affiliates is open
	// ("and others", 등): the texts say so. A report about an operator the
	// list does not name is still bad input.
	AffiliatesOpen bool `json:"affiliatesOpen,omitempty"`
	// Kinds are the kinds of claimant, in the order tallies list them.
	Kinds []ClaimantKind `json:"kinds"`
	// Attributes are the facts a claimant may have.
	Attributes []Attribute `json:"attributes,omitempty"`
	// Bases are the figures a claimant carries ([Claimant.Bases]): a
	// monthly fee, an average bill, the days its service was down; a
	// cash schedule's share or measure names one.
	Bases []Base `json:"bases,omitempty"`
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
	// SizeAt names the instant at which a business's size is judged, and
	// so which revenue table applies [P-SB-3]: the programme's, never the
	// day a decision happens to be made. It is needed where a kind is
	// declared Small.
	SizeAt SizeAt `json:"sizeAt,omitzero"`
	// Tags are the tags of the policy's own rules, which its reasons cite.
	Tags Tags `json:"tags"`
	// Zone is the zone of the programme's days, for its texts: nil is
	// Korea Standard Time ([KST]), which needs no time-zone database. Its
	// JSON form is the zone's name ("KST", "Australia/Sydney").
	Zone *time.Location `json:"-"`
}

// SizeAt is when a programme judges a business's size [P-SB-3].
type SizeAt struct {
	// Application judges it at the claimant's application: the filing
	// time of its latest counted report (the documents it sends, its
	// certificate among them, are as of then). A claimant with no
	// counted report is judged at At.
	Application bool `json:"application,omitempty"`
	// At is the instant size is judged at otherwise.
	At time.Time `json:"at"`
	// Rule is the tag of the programme's rule.
	Rule string `json:"rule"`
}

// IsZero reports whether s names no instant.
func (s SizeAt) IsZero() bool { return s == SizeAt{} }

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
	// Grace: the grace of a small business that grew [P-SB-4]; where it
	// is empty, SmallBusiness.
	Grace string `json:"grace,omitempty"`
}

// graceRule is the tag of the grace's criterion.
func (t *Tags) graceRule() string {
	if t.Grace != "" {
		return t.Grace
	}
	return t.SmallBusiness
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
//   - with a Small kind, SizeAt has no instant (or one outside the
//     instant domain) or no rule;
//   - with a Small kind, in Test: a worker limit or PartTimeHours is not positive,
//     GraceYears and GraceWorkers are not both positive or both zero,
//     or a worker limit names no KSIC section; there is no revenue table,
//     tables are not in ascending order of From, a line covers no code or
//     a code another line of its table covers, a code is not a KSIC code,
//     or a ceiling is negative or outside the amount domain.
func NewPolicy(c Config) (Policy, error) {
	p := &policy{c: c}
	var ps problems
	p.declare(&ps)
	p.declareKinds(&ps)
	p.declareAttributes(&ps)
	p.declareBases(&ps)
	p.declareWindows(&ps)
	p.declareSmall(&ps)
	p.declareBenefits(&ps)
	if err := ps.err(); err != nil {
		return Policy{}, err
	}
	return Policy{p}, nil
}

// problems gathers what is wrong with a declaration, each at its path
// ("benefits[2].when"), so that NewPolicy reports them all.
type problems struct{ errs []error }

// add notes a problem at path; each wraps ErrConfig.
func (ps *problems) add(path, format string, args ...any) {
	ps.errs = append(ps.errs, fmt.Errorf("%w: %s: "+format, append([]any{ErrConfig, path}, args...)...))
}

// err is every problem, joined, or nil.
func (ps *problems) err() error { return errors.Join(ps.errs...) }

// checkOperator checks an operator's key and name.
func checkOperator(ps *problems, path string, o Operator) bool {
	switch {
	case o.Key == "" || len(o.Key) > MaxKeyBytes || !utf8.ValidString(o.Key) || strings.IndexFunc(o.Key, unicode.IsControl) >= 0:
		ps.add(path+".key", "%q: a key of 1 to %d bytes of UTF-8 without control characters", clip(o.Key), MaxKeyBytes)
	case o.Name.IsZero():
		ps.add(path+".name", "the operator %q has no name", o.Key)
	default:
		return true
	}
	return false
}

// declare checks and copies the operator and the affiliates, the loss
// rule and the tags, and makes the reasons about them.
func (p *policy) declare(ps *problems) {
	c := &p.c
	if c.Zone == nil {
		c.Zone = kst
	}
	checkOperator(ps, "operator", c.Operator)
	if !c.Losses.IsValid() {
		ps.add("losses", "%d is not a loss rule (largest or sum)", uint8(c.Losses))
	}
	if c.Tags.Operator == "" || c.Tags.Intake == "" || c.Tags.Kind == "" {
		ps.add("tags", "operator %q, intake %q and kind %q are all needed", c.Tags.Operator, c.Tags.Intake, c.Tags.Kind)
	}
	if len(c.Affiliates) > 0 && c.Tags.Affiliate == "" {
		ps.add("tags.affiliate", "needed with affiliates")
	}
	c.Affiliates = slices.Clone(c.Affiliates)
	p.affiliates = make(map[string]int, len(c.Affiliates))
	for i, a := range c.Affiliates {
		path := fmt.Sprintf("affiliates[%d]", i)
		if !checkOperator(ps, path, a) {
			continue
		}
		if _, dup := p.affiliates[a.Key]; dup || a.Key == c.Operator.Key {
			ps.add(path, "%q repeated or the operator", clip(a.Key))
			continue
		}
		p.affiliates[a.Key] = len(p.routed)
		p.routed = append(p.routed, &reason{rule: c.Tags.Affiliate, code: "routed-to-affiliate", text: Text{
			Ko: fmt.Sprintf("%s의 서비스에 관한 신고로, 자체 지원을 하는 %s에 이관했습니다.", a.Name.In(Korean), a.Name.In(Korean)),
			En: fmt.Sprintf("about %s, which runs its own support: routed to it", a.Name.In(English))}})
	}
	op := c.Operator.Name
	p.ownCase = &reason{rule: c.Tags.Operator, code: "own-case", text: Text{
		Ko: fmt.Sprintf("%s 자체 서비스에 관한 신고입니다.", op.In(Korean)), En: fmt.Sprintf("about %s's own service", op.In(English))}}
	p.outside = &reason{rule: c.Tags.Intake, code: "out-of-window", text: Text{
		Ko: "이 신청인 유형이 이용할 수 있는 접수 기간 밖에 들어온 신고입니다.", En: "filed outside every intake window open to the claimant's kind"}}
	p.later = &reason{rule: c.Tags.Intake, code: "filed-after-decision", text: Text{
		Ko: "판정 기준일 뒤에 들어온 신고여서 아직 반영되지 않았습니다.", En: "filed after the date the decision is about: not yet counted"}}
}

// declareKinds checks and copies the kinds, and makes the reasons about
// them.
func (p *policy) declareKinds(ps *problems) {
	c := &p.c
	if len(c.Kinds) == 0 || len(c.Kinds) > maxKinds {
		ps.add("kinds", "%d declared, want 1 to %d", len(c.Kinds), maxKinds)
	}
	c.Kinds = slices.Clone(c.Kinds)
	for i, k := range c.Kinds {
		path := fmt.Sprintf("kinds[%d]", i)
		switch err := CheckKey(string(k.Key)); {
		case err != nil:
			ps.add(path+".key", "%q: %v", clip(string(k.Key)), err)
		case p.kindIndex(k.Key) >= 0:
			ps.add(path+".key", "%q repeated", k.Key)
		case k.Name.IsZero():
			ps.add(path+".name", "the kind %q has no name", k.Key)
		}
		// Every kind gets its index, so that later paths resolve.
		p.kindKeys = append(p.kindKeys, k.Key)
		p.anySmall = p.anySmall || k.Small
		p.kindFacts = append(p.kindFacts, &reason{rule: c.Tags.Kind, code: "kind-" + string(k.Key), text: Text{
			Ko: fmt.Sprintf("신청인 유형은 %s입니다.", k.Name.In(Korean)), En: "the claimant is " + k.Name.In(English)}})
	}
}

// declareAttributes checks and copies the attributes.
func (p *policy) declareAttributes(ps *problems) {
	c := &p.c
	if len(c.Attributes) > maxAttributes {
		ps.add("attributes", "%d declared, at most %d", len(c.Attributes), maxAttributes)
	}
	c.Attributes = slices.Clone(c.Attributes)
	for i, a := range c.Attributes {
		path := fmt.Sprintf("attributes[%d]", i)
		switch err := CheckKey(a.Key); {
		case err != nil:
			ps.add(path+".key", "%q: %v", clip(a.Key), err)
		case p.attrIndex(a.Key) >= 0:
			ps.add(path+".key", "%q repeated", a.Key)
		case a.Rule == "" || a.Name.IsZero():
			ps.add(path, "the attribute %q needs a rule and a name", a.Key)
		case a.Held.Code == "" || a.Held.Text.IsZero() || a.Missing.Code == "" || a.Missing.Text.IsZero():
			ps.add(path, "the attribute %q: held and missing need a code and a text each", a.Key)
		}
		p.attrKeys = append(p.attrKeys, a.Key)
	}
}

// declareBases checks and copies the bases.
func (p *policy) declareBases(ps *problems) {
	c := &p.c
	c.Bases = slices.Clone(c.Bases)
	for i, b := range c.Bases {
		path := fmt.Sprintf("bases[%d]", i)
		switch err := CheckKey(b.Key); {
		case err != nil:
			ps.add(path+".key", "%q: %v", clip(b.Key), err)
		case slices.ContainsFunc(c.Bases[:i], func(o Base) bool { return o.Key == b.Key }):
			ps.add(path+".key", "%q repeated", b.Key)
		case b.Key == "loss":
			ps.add(path+".key", "\"loss\" is the claimant's loss, not a base")
		case b.Name.IsZero():
			ps.add(path+".name", "the base %q has no name", b.Key)
		}
	}
}

// declareWindows checks and copies the windows, and makes the reasons
// about them.
func (p *policy) declareWindows(ps *problems) {
	c := &p.c
	ws := make([]Window, 0, len(c.Windows))
	for i, w := range c.Windows {
		path := fmt.Sprintf("windows[%d]", i)
		v, err := NewWindow(w.Name, w.Rule, w.Opens, w.Closes, w.Kinds...)
		if err != nil {
			ps.errs = append(ps.errs, fmt.Errorf("%w: %s: %w", ErrConfig, path, err))
			continue
		}
		v.Title, v.ExistingOnly = w.Title, w.ExistingOnly
		ok := true
		for j, k := range v.Kinds {
			if p.kindIndex(k) < 0 {
				ps.errs = append(ps.errs, fmt.Errorf("%w: %s.kinds[%d]: %w: %q", ErrConfig, path, j, ErrUnknownKind, clip(string(k))))
				ok = false
			}
		}
		switch {
		case slices.ContainsFunc(ws, func(o Window) bool { return o.Name == w.Name }):
			ps.add(path+".name", "%q repeated", w.Name)
			ok = false
		case w.Rule == "":
			ps.add(path+".rule", "the window %s has no rule", w.Name)
			ok = false
		case w.Title.IsZero():
			ps.add(path+".title", "the window %s has no title", w.Name)
			ok = false
		}
		if !ok {
			continue
		}
		ws = append(ws, v)
		wi := windowIndex{opens: unixNano(v.Opens), closes: unixNano(v.Closes), existingOnly: v.ExistingOnly}
		for _, k := range v.Kinds {
			wi.kinds |= 1 << p.kindIndex(k)
		}
		if len(v.Kinds) == 0 {
			wi.kinds = ^uint64(0)
		}
		p.windows = append(p.windows, wi)
		z := c.Zone
		span := Text{
			Ko: fmt.Sprintf("%s 기간(%s ~ %s)", v.Title.In(Korean), words.Date(v.Opens, z, Korean), words.Date(words.LastDay(v.Closes), z, Korean)),
			En: fmt.Sprintf("%s (%s to %s)", v.Title.In(English), words.Date(v.Opens, z, English), words.Date(words.LastDay(v.Closes), z, English))}
		p.inWindow = append(p.inWindow, &reason{rule: v.Rule, code: "in-window", text: Text{
			Ko: span.Ko + " 안에 접수되었습니다.", En: "filed within " + span.En}})
		p.extension = append(p.extension, &reason{rule: v.Rule, code: "extension-for-applicants", text: Text{
			Ko: span.Ko + "에 접수되었지만, 이 기간은 기존 피해 신고자만 신청할 수 있고 앞서 인정된 피해 신고가 없습니다.",
			En: "filed within " + span.En + ", open only to those with an earlier counted report, and there is none"}})
	}
	c.Windows = ws
}

// checkSizeAt checks when a programme with a Small kind judges size
// [P-SB-3], and its test's grace [P-SB-4].
func (p *policy) checkSizeAt(ps *problems) {
	switch size := p.c.SizeAt; {
	case size.At.IsZero():
		ps.add("sizeAt.at", "no instant at which size is judged, and a kind is declared Small")
	case size.Rule == "":
		ps.add("sizeAt.rule", "no tag for when size is judged")
	default:
		if err := checkInstant("size judged at", size.At); err != nil {
			ps.errs = append(ps.errs, fmt.Errorf("%w: sizeAt.at: %w", ErrConfig, err))
		}
	}
	if c := &p.c.Test; c.GraceYears < 0 || c.GraceWorkers < 0 || (c.GraceYears > 0) != (c.GraceWorkers > 0) {
		ps.add("test", "grace of %d years ended by %d workers: both positive, or both zero for no grace", c.GraceYears, c.GraceWorkers)
	}
}

// declareSmall checks and copies the small-business test's parameters
// where a kind is declared Small.
func (p *policy) declareSmall(ps *problems) {
	c := &p.c.Test
	*c = c.clone()
	if !p.anySmall {
		return
	}
	if p.c.Tags.SmallBusiness == "" || p.c.Tags.Sales == "" {
		ps.add("tags", "smallBusiness and sales are needed with a Small kind")
	}
	if c.DefaultWorkerLimit <= 0 || c.PartTimeHours <= 0 {
		ps.add("test", "default worker limit %d, part-time hours %d: both are needed with a Small kind", c.DefaultWorkerLimit, c.PartTimeHours)
	}
	if len(c.Revenue) == 0 {
		ps.add("test.revenue", "no revenue table, and a kind is declared Small")
	}
	p.checkSizeAt(ps)
	t := p.c.Tags.SmallBusiness
	p.small.notSmall = &reason{rule: t, code: "not-small-business", text: Text{Ko: "소상공인이 아닙니다.", En: "not a small business"}}
	p.small.declared = &reason{rule: t, code: "declared-small-business", text: Text{
		Ko: "소상공인으로 신고했으며, 사업장 정보는 심사하지 않았습니다.", En: "declared a small business; no profile was tested"}}
	p.small.passed = &reason{rule: t, code: "small-business-test-passed", text: Text{Ko: "소상공인 기준을 충족합니다.", En: "passed the small-business test"}}
	p.small.failed = &reason{rule: t, code: "small-business-test-failed", text: Text{Ko: "소상공인 기준을 충족하지 않습니다.", En: "failed the small-business test"}}
	for i := range p.limits {
		p.limits[i] = c.DefaultWorkerLimit
	}
	for _, s := range slices.Sorted(maps.Keys(c.WorkerLimits)) {
		n := c.WorkerLimits[s]
		if sec, err := ParseSector(s); err != nil || len(sec) != 1 || string(sec) != s {
			ps.add("test.workerLimits."+clip(s), "not a KSIC section letter")
			continue
		}
		if n <= 0 {
			ps.add("test.workerLimits."+s, "a limit of %d workers", n)
			continue
		}
		p.limits[s[0]-'A'] = n
	}
	for i, t := range c.Revenue {
		path := fmt.Sprintf("test.revenue[%d]", i)
		if err := checkInstant("from", t.From); err != nil {
			ps.errs = append(ps.errs, fmt.Errorf("%w: %s: %w", ErrConfig, path, err))
			continue
		}
		if i > 0 && !t.From.After(c.Revenue[i-1].From) {
			ps.add(path+".from", "%s is not after the table before", t.From.In(kst).Format(time.DateOnly))
			continue
		}
		ct, err := compileTable(t)
		if err != nil {
			ps.errs = append(ps.errs, fmt.Errorf("%w: %s: %w", ErrConfig, path, err))
			continue
		}
		for j, l := range ct.Lines {
			if l.Ceiling.Sign() < 0 {
				ps.errs = append(ps.errs, fmt.Errorf("%w: %s.lines[%d]: %w: ceiling %s", ErrConfig, path, j, ErrNegative, l.Ceiling))
			}
		}
		p.tables, c.Revenue[i] = append(p.tables, ct), ct.RevenueTable
	}
}

// declareBenefits checks and copies the benefits and compiles their
// conditions.
func (p *policy) declareBenefits(ps *problems) {
	c := &p.c
	c.Benefits = slices.Clone(c.Benefits)
	for i := range c.Benefits {
		b := &c.Benefits[i]
		path := fmt.Sprintf("benefits[%d]", i)
		switch err := CheckKey(b.Key); {
		case err != nil:
			ps.add(path+".key", "%q: %v", clip(b.Key), err)
		case p.benefitIndex(b.Key) >= 0:
			ps.add(path+".key", "%q repeated", b.Key)
		case b.Name.IsZero() || b.Rule == "":
			ps.add(path, "the benefit %q needs a name and a rule", b.Key)
		case (b.Grounds.Code == "") != b.Grounds.Text.IsZero():
			ps.add(path+".grounds", "the benefit %q: grounds need both a code and a text, or neither", b.Key)
		}
		n, err := p.compile(b.When, b)
		if err != nil {
			ps.errs = append(ps.errs, fmt.Errorf("%w: %s.when: %w", ErrConfig, path, err))
		}
		var g *reason
		if b.Grounds.Code != "" {
			g = &reason{rule: b.Rule, code: b.Grounds.Code, text: b.Grounds.Text}
			n.leafSize++
		}
		p.benefits, p.keys = append(p.benefits, n), append(p.keys, b.Key)
		p.blank = append(p.blank, Entitlement{Benefit: b.Key})
		p.grounds = append(p.grounds, g)
		p.reasons += n.leafSize
	}
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

// Zone returns the zone of the policy's days.
func (p Policy) Zone() *time.Location {
	if p.p == nil {
		return kst
	}
	return p.p.c.Zone
}

// Bases returns the bases the policy declares.
func (p Policy) Bases() []Base {
	if p.p == nil {
		return nil
	}
	return slices.Clone(p.p.c.Bases)
}

// Attributes returns the attributes the policy declares.
func (p Policy) Attributes() []Attribute {
	if p.p == nil {
		return nil
	}
	return slices.Clone(p.p.c.Attributes)
}
