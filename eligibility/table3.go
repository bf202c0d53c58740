package eligibility

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Line is one line of a revenue table: the KSIC codes it covers and the
// ceiling on average annual sales, in won, at or below which a business
// whose main line of business it is stays a small enterprise [P-SB-3].
type Line struct {
	// No is the line's number in its version of decree table 3, from 1;
	// 0 for a note of the table. Each version numbers its lines in its own
	// order [P-SB-3].
	No int `json:"no"`
	// Name is the line's heading: in Korean as the table gives it, and in
	// English.
	Name Text `json:"name"`
	// KSIC lists the codes the line covers: each code and every finer
	// code within it.
	KSIC []Sector `json:"ksic"`
	// Except lists codes within KSIC that the line leaves out; a code
	// that no other line covers is then outside the table.
	Except []Sector `json:"except,omitempty"`
	// Seats marks note 2 of the table: the line covers only makers of
	// railway-vehicle and aircraft seats within its codes, a business
	// whose [Business.Seats] is true.
	Seats bool `json:"seats,omitempty"`
	// Ceiling is the ceiling in won, inclusive.
	Ceiling decimal.Decimal `json:"ceiling"`
}

// RevenueTable is a version of decree table 3, the small-enterprise
// revenue ceilings by main line of business, in force from From, 00:00
// KST [P-SB-3].
type RevenueTable struct {
	From   time.Time `json:"from"`
	Source string    `json:"source"`
	Lines  []Line    `json:"lines"`
}

// table3 is decree table 3 of the Framework Act on SMEs (별표 3, 주된
// 업종별 평균매출액등의 소기업 규모 기준) in both versions, line by line,
// in the earlier version's order, in 억 won (100,000,000 won), "up to
// and including" [P-SB-3]. Each version numbers its lines in its own
// order: before is the line's number until 2025-08-31, from2025 its
// number from 2025-09-01 (C19 is line 1 there). The column from
// 2025-09-01 and its numbers are the decree's text as the Ministry of
// Government Legislation publishes it (table 3 as amended by decree
// 제35723호, decided by the Cabinet 2025-08-26, promulgated and in force
// 2025-09-01; revised 2025-10-01 with the same figures): grade A.
// The earlier column is that table less the 12 lines the amendment
// raised, as public guides to the old decree give it: grade B. The
// headings are the current decree's.
var table3 = [...]struct {
	noBefore int // the line's number until 2025-08-31
	no2025   int // its number from 2025-09-01
	name     Text
	ksic     []Sector
	except   []Sector
	seats    bool
	before   int64 // 억 won, until 2025-08-31
	from2025 int64 // 억 won, from 2025-09-01
}{
	{1, 3, Text{Ko: "식료품 제조업", En: "food products"}, []Sector{"C10"}, nil, false, 120, 120},
	{2, 4, Text{Ko: "음료 제조업", En: "beverages"}, []Sector{"C11"}, nil, false, 120, 120},
	{3, 5, Text{Ko: "의복, 의복 액세서리 및 모피제품 제조업", En: "wearing apparel"}, []Sector{"C14"}, nil, false, 120, 120},
	{4, 6, Text{Ko: "가죽, 가방 및 신발 제조업", En: "leather, bags and footwear"}, []Sector{"C15"}, nil, false, 120, 120},
	{5, 1, Text{Ko: "코크스, 연탄 및 석유정제품 제조업", En: "coke and refined petroleum"}, []Sector{"C19"}, nil, false, 120, 140},
	{6, 7, Text{Ko: "화학물질 및 화학제품 제조업(의약품 제조업은 제외한다)", En: "chemicals, except pharmaceuticals"}, []Sector{"C20"}, nil, false, 120, 120},
	{7, 8, Text{Ko: "의료용 물질 및 의약품 제조업", En: "pharmaceuticals"}, []Sector{"C21"}, nil, false, 120, 120},
	{8, 9, Text{Ko: "비금속 광물제품 제조업", En: "non-metallic mineral products"}, []Sector{"C23"}, nil, false, 120, 120},
	{9, 2, Text{Ko: "1차 금속 제조업", En: "basic metals"}, []Sector{"C24"}, nil, false, 120, 140},
	{10, 10, Text{Ko: "금속가공제품 제조업(기계 및 가구 제조업은 제외한다)", En: "fabricated metal products"}, []Sector{"C25"}, nil, false, 120, 120},
	{11, 11, Text{Ko: "전자부품, 컴퓨터, 영상, 음향 및 통신장비 제조업", En: "electronics"}, []Sector{"C26"}, nil, false, 120, 120},
	{12, 12, Text{Ko: "전기장비 제조업", En: "electrical equipment"}, []Sector{"C28"}, nil, false, 120, 120},
	{13, 13, Text{Ko: "기타 기계 및 장비 제조업", En: "other machinery"}, []Sector{"C29"}, nil, false, 120, 120},
	{14, 14, Text{Ko: "자동차 및 트레일러 제조업", En: "motor vehicles and trailers"}, []Sector{"C30"}, nil, false, 120, 120},
	{15, 15, Text{Ko: "가구 제조업", En: "furniture"}, []Sector{"C32"}, nil, false, 120, 120},
	{16, 16, Text{Ko: "전기, 가스, 증기 및 공기조절 공급업", En: "electricity, gas, steam"}, []Sector{"D"}, nil, false, 120, 120},
	{17, 17, Text{Ko: "수도업", En: "water supply"}, []Sector{"E36"}, nil, false, 120, 120},
	{18, 20, Text{Ko: "농업, 임업 및 어업", En: "agriculture, forestry and fishing"}, []Sector{"A"}, nil, false, 80, 80},
	{19, 21, Text{Ko: "광업", En: "mining"}, []Sector{"B"}, nil, false, 80, 80},
	{20, 22, Text{Ko: "담배 제조업", En: "tobacco"}, []Sector{"C12"}, nil, false, 80, 80},
	{21, 23, Text{Ko: "섬유제품 제조업(의복 제조업은 제외한다)", En: "textiles"}, []Sector{"C13"}, nil, false, 80, 80},
	{22, 24, Text{Ko: "목재 및 나무제품 제조업(가구 제조업은 제외한다)", En: "wood"}, []Sector{"C16"}, nil, false, 80, 80},
	{23, 25, Text{Ko: "펄프, 종이 및 종이제품 제조업", En: "paper"}, []Sector{"C17"}, nil, false, 80, 80},
	{24, 26, Text{Ko: "인쇄 및 기록매체 복제업", En: "printing"}, []Sector{"C18"}, nil, false, 80, 80},
	{25, 27, Text{Ko: "고무 및 플라스틱제품 제조업", En: "rubber and plastics"}, []Sector{"C22"}, nil, false, 80, 80},
	{26, 28, Text{Ko: "의료, 정밀, 광학기기 및 시계 제조업", En: "medical and precision instruments"}, []Sector{"C27"}, nil, false, 80, 80},
	{27, 29, Text{Ko: "기타 운송장비 제조업", En: "other transport equipment"}, []Sector{"C31"}, nil, false, 80, 80},
	{28, 30, Text{Ko: "기타 제품 제조업", En: "other products"}, []Sector{"C33"}, nil, false, 80, 80},
	{29, 31, Text{Ko: "건설업", En: "construction"}, []Sector{"F"}, nil, false, 80, 80},
	{30, 18, Text{Ko: "운수 및 창고업", En: "transport and storage"}, []Sector{"H"}, nil, false, 80, 100},
	{31, 19, Text{Ko: "금융 및 보험업", En: "finance and insurance"}, []Sector{"K"}, nil, false, 80, 100},
	{32, 32, Text{Ko: "도매 및 소매업", En: "wholesale and retail"}, []Sector{"G"}, nil, false, 50, 60},
	{33, 33, Text{Ko: "정보통신업", En: "information and communication"}, []Sector{"J"}, nil, false, 50, 50},
	{34, 34, Text{Ko: "수도, 하수 및 폐기물 처리, 원료 재생업(수도업은 제외한다)", En: "sewage, waste, remediation"}, []Sector{"E"}, []Sector{"E36"}, false, 30, 40},
	{35, 35, Text{Ko: "부동산업", En: "real estate"}, []Sector{"L"}, nil, false, 30, 40},
	{36, 36, Text{Ko: "전문, 과학 및 기술 서비스업", En: "professional, scientific, technical"}, []Sector{"M"}, nil, false, 30, 30},
	{37, 37, Text{Ko: "사업시설 관리, 사업 지원 및 임대 서비스업", En: "business facilities, support, rental"}, []Sector{"N"}, nil, false, 30, 30},
	{38, 38, Text{Ko: "예술, 스포츠 및 여가관련 서비스업", En: "arts, sports, recreation"}, []Sector{"R"}, nil, false, 30, 30},
	{39, 39, Text{Ko: "산업용 기계 및 장비 수리업", En: "repair of industrial machinery"}, []Sector{"C34"}, nil, false, 10, 15},
	{40, 40, Text{Ko: "숙박 및 음식점업", En: "accommodation and food service"}, []Sector{"I"}, nil, false, 10, 15},
	{41, 41, Text{Ko: "교육 서비스업", En: "education"}, []Sector{"P"}, nil, false, 10, 15},
	{42, 42, Text{Ko: "보건업 및 사회복지 서비스업", En: "health and social work"}, []Sector{"Q"}, nil, false, 10, 15},
	{43, 43, Text{Ko: "수리 및 기타 개인 서비스업(협회 및 단체는 제외한다)", En: "repair and other personal services"}, []Sector{"S"}, []Sector{"S94"}, false, 10, 15},
	// Note 2: railway-vehicle seats (within C31202) and aircraft seats
	// (within C31322) are held to 120억.
	{0, 0, Text{Ko: "비고 2: 철도 차량용 의자 및 항공기용 의자 제조업", En: "note 2: railway-vehicle and aircraft seats"}, []Sector{"C31202", "C31322"}, nil, true, 120, 120},
}

// table3Versions returns both versions of table 3 as revenue tables.
func table3Versions() []RevenueTable {
	lines := func(from2025 bool) []Line {
		out := make([]Line, len(table3))
		for i, r := range table3 {
			n, no := r.before, r.noBefore
			if from2025 {
				n, no = r.from2025, r.no2025
			}
			out[i] = Line{No: no, Name: r.name, KSIC: slices.Clone(r.ksic), Except: slices.Clone(r.except),
				Seats: r.seats, Ceiling: decimal.NewFromInt(n * 100_000_000)}
		}
		// Each version in its own order, its notes last.
		slices.SortStableFunc(out, func(a, b Line) int { return cmp.Compare(noOrder(a.No), noOrder(b.No)) })
		return out
	}
	return []RevenueTable{
		{
			// [P-SB-3] (B) table 3 before the 2025-08-26 amendment. Its start is where
			// the dates of this package's programmes begin, not the table's own: an
			// earlier date is refused.
			From:   kstDate(2016, 1, 1),
			Source: "Framework Act on SMEs decree, table 3, as in force until 2025-08-31: the table from 2025-09-01 less the 12 lines the amendment raised, as public guides to the old decree give it (B)",
			Lines:  lines(false),
		},
		{
			// [P-SB-3] (A) table 3 as amended by decree 제35723호, promulgated and in
			// force 2025-09-01.
			From:   kstDate(2025, 9, 1),
			Source: "Framework Act on SMEs decree, table 3, as amended by decree 제35723호 (decided by the Cabinet 2025-08-26, promulgated and in force 2025-09-01); the decree's text as the Ministry of Government Legislation publishes it (revised 2025-10-01, same figures) (A)",
			Lines:  lines(true),
		},
	}
}

// noOrder sorts a note (line 0) after the numbered lines.
func noOrder(no int) int {
	if no == 0 {
		return int(^uint(0) >> 1)
	}
	return no
}

// compiledTable is a revenue table indexed by KSIC code for lookup.
type compiledTable struct {
	RevenueTable
	// codes maps each code a line names to its line; an excluded code
	// (one in a line's Except that no line covers) maps to nil.
	codes map[Sector]*Line
	// seats maps the codes of note lines (Seats) to their line.
	seats map[Sector]*Line
	// broad holds every proper prefix of a code in codes: a code this
	// broad spans lines and resolves to none.
	broad map[Sector]bool
	// sections and divisions hold what resolve finds for each section
	// letter and each division (by letter and number), found once; fine
	// marks the divisions within which codes names a finer code, whose
	// codes resolve finds by walking the maps.
	sections  [21]resolved
	divisions [21][100]resolved
	fine      [21][100]bool
}

// resolved is what resolve finds for a code without seats.
type resolved struct {
	line      *Line
	ok, broad bool
}

// compileTable validates t and indexes it. It returns a description of
// the fault, for NewPolicy to wrap.
func compileTable(t RevenueTable) (compiledTable, error) {
	c := compiledTable{RevenueTable: t, codes: map[Sector]*Line{}, seats: map[Sector]*Line{}, broad: map[Sector]bool{}}
	c.Lines = make([]Line, len(t.Lines))
	var excluded []Sector
	for i, l := range t.Lines {
		l.KSIC, l.Except = slices.Clone(l.KSIC), slices.Clone(l.Except)
		c.Lines[i] = l
		line := &c.Lines[i]
		if err := checkAmount("ceiling", l.Ceiling); err != nil {
			return c, fmt.Errorf("line %d: %w", l.No, err)
		}
		if len(l.KSIC) == 0 {
			return c, fmt.Errorf("line %d (%s) covers no code", l.No, l.Name.In(English))
		}
		for _, code := range slices.Concat(l.KSIC, l.Except) {
			if !code.IsValid() {
				return c, fmt.Errorf("line %d: %w: %q", l.No, ErrSector, clip(string(code)))
			}
		}
		index := c.codes
		if l.Seats {
			index = c.seats
		}
		for _, code := range l.KSIC {
			if index[code] != nil {
				return c, fmt.Errorf("line %d: code %s is also line %d's", l.No, code, index[code].No)
			}
			index[code] = line
		}
		excluded = append(excluded, l.Except...)
	}
	for _, code := range excluded {
		if _, ok := c.codes[code]; !ok {
			c.codes[code] = nil
		}
	}
	for code := range c.codes {
		for n := 1; n < len(code); n++ {
			c.broad[code[:n]] = true
		}
		if len(code) > 3 {
			c.fine[code[0]-'A'][int(code[1]-'0')*10+int(code[2]-'0')] = true
		}
	}
	for sec, r := range ksicSections {
		letter := string(rune('A' + sec))
		c.sections[sec] = c.walk(Sector(letter))
		for div := r.first; div <= r.last; div++ {
			c.divisions[sec][div] = c.walk(Sector(fmt.Sprintf("%s%02d", letter, div)))
		}
	}
	return c, nil
}

// walk resolves a code without seats through the maps: broad, or the
// line of the longest prefix of s that a line names.
func (t *compiledTable) walk(s Sector) resolved {
	if t.broad[s] {
		return resolved{broad: true}
	}
	for code := s; code != ""; code = code[:len(code)-1] {
		if l, found := t.codes[code]; found {
			return resolved{line: l, ok: l != nil}
		}
	}
	return resolved{}
}

// resolve finds the line of t for a business in sector s (with seats, a
// maker of the seats of note 2). ok is false when the table does not
// cover s; err is an [ErrAmbiguousSector] when s is too broad to name one
// line.
func (t *compiledTable) resolve(s Sector, seats bool) (line *Line, ok bool, err error) {
	if seats {
		for code := s; code != ""; code = code[:len(code)-1] {
			if l := t.seats[code]; l != nil {
				return l, true, nil
			}
		}
		return nil, false, fmt.Errorf("%w: %s: seats are a note only to %s", ErrSector, s, joinCodes(t.seatCodes()))
	}
	// s is a valid Sector: a section letter, then none or 2 to 5 digits of
	// a division of it.
	var r resolved
	sec := s[0] - 'A'
	switch {
	case len(s) == 1:
		r = t.sections[sec]
	case t.fine[sec][int(s[1]-'0')*10+int(s[2]-'0')]:
		r = t.walk(s)
	default: // nothing finer than the division: the division's line
		r = t.divisions[sec][int(s[1]-'0')*10+int(s[2]-'0')]
	}
	if r.broad {
		return nil, false, fmt.Errorf("%w: %s spans several lines of the table from %s: give the division or a finer code",
			ErrAmbiguousSector, s, t.From.In(kst).Format(time.DateOnly))
	}
	return r.line, r.ok, nil
}

func (t *compiledTable) seatCodes() []Sector {
	var out []Sector
	for code := range t.seats {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}

func joinCodes(codes []Sector) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}
