package eligibility

import (
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
	// No is the line's number in decree table 3, from 1; 0 for a note of
	// the table.
	No int `json:"no"`
	// Name is the line's heading as the table gives it.
	Name string `json:"name"`
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
// in the table's order, in 억 won (100,000,000 won), "up to and
// including" [P-SB-3]. The column from 2025-09-01 is the decree's text as
// the Ministry of Government Legislation publishes it (table 3 amended
// 2025-08-26, in force 2025-09-01, revised 2025-10-01 with the same
// figures): grade A. The earlier column is that table less the 12 lines
// the amendment raised, as public guides to the old decree give it:
// grade B.
var table3 = [...]struct {
	no       int
	name     string
	ksic     []Sector
	except   []Sector
	seats    bool
	before   int64 // 억 won, until 2025-08-31
	from2025 int64 // 억 won, from 2025-09-01
}{
	{1, "식료품 제조업 (food products)", []Sector{"C10"}, nil, false, 120, 120},
	{2, "음료 제조업 (beverages)", []Sector{"C11"}, nil, false, 120, 120},
	{3, "의복, 의복액세서리 및 모피제품 제조업 (wearing apparel)", []Sector{"C14"}, nil, false, 120, 120},
	{4, "가죽, 가방 및 신발 제조업 (leather, bags and footwear)", []Sector{"C15"}, nil, false, 120, 120},
	{5, "코크스, 연탄 및 석유정제품 제조업 (coke and refined petroleum)", []Sector{"C19"}, nil, false, 120, 140},
	{6, "화학물질 및 화학제품 제조업; 의약품 제외 (chemicals, except pharmaceuticals)", []Sector{"C20"}, nil, false, 120, 120},
	{7, "의료용 물질 및 의약품 제조업 (pharmaceuticals)", []Sector{"C21"}, nil, false, 120, 120},
	{8, "비금속 광물제품 제조업 (non-metallic mineral products)", []Sector{"C23"}, nil, false, 120, 120},
	{9, "1차 금속 제조업 (basic metals)", []Sector{"C24"}, nil, false, 120, 140},
	{10, "금속가공제품 제조업; 기계 및 가구 제외 (fabricated metal products)", []Sector{"C25"}, nil, false, 120, 120},
	{11, "전자부품, 컴퓨터, 영상, 음향 및 통신장비 제조업 (electronics)", []Sector{"C26"}, nil, false, 120, 120},
	{12, "전기장비 제조업 (electrical equipment)", []Sector{"C28"}, nil, false, 120, 120},
	{13, "그 밖의 기계 및 장비 제조업 (other machinery)", []Sector{"C29"}, nil, false, 120, 120},
	{14, "자동차 및 트레일러 제조업 (motor vehicles and trailers)", []Sector{"C30"}, nil, false, 120, 120},
	{15, "가구 제조업 (furniture)", []Sector{"C32"}, nil, false, 120, 120},
	{16, "전기, 가스, 증기 및 공기조절 공급업 (electricity, gas, steam)", []Sector{"D"}, nil, false, 120, 120},
	{17, "수도업 (water supply)", []Sector{"E36"}, nil, false, 120, 120},
	{18, "농업, 임업 및 어업 (agriculture, forestry and fishing)", []Sector{"A"}, nil, false, 80, 80},
	{19, "광업 (mining)", []Sector{"B"}, nil, false, 80, 80},
	{20, "담배 제조업 (tobacco)", []Sector{"C12"}, nil, false, 80, 80},
	{21, "섬유제품 제조업; 의복 제외 (textiles)", []Sector{"C13"}, nil, false, 80, 80},
	{22, "목재 및 나무제품 제조업; 가구 제외 (wood)", []Sector{"C16"}, nil, false, 80, 80},
	{23, "펄프, 종이 및 종이제품 제조업 (paper)", []Sector{"C17"}, nil, false, 80, 80},
	{24, "인쇄 및 기록매체 복제업 (printing)", []Sector{"C18"}, nil, false, 80, 80},
	{25, "고무 및 플라스틱제품 제조업 (rubber and plastics)", []Sector{"C22"}, nil, false, 80, 80},
	{26, "의료, 정밀, 광학기기 및 시계 제조업 (medical and precision instruments)", []Sector{"C27"}, nil, false, 80, 80},
	{27, "그 밖의 운송장비 제조업 (other transport equipment)", []Sector{"C31"}, nil, false, 80, 80},
	{28, "그 밖의 제품 제조업 (other products)", []Sector{"C33"}, nil, false, 80, 80},
	{29, "건설업 (construction)", []Sector{"F"}, nil, false, 80, 80},
	{30, "운수 및 창고업 (transport and storage)", []Sector{"H"}, nil, false, 80, 100},
	{31, "금융 및 보험업 (finance and insurance)", []Sector{"K"}, nil, false, 80, 100},
	{32, "도매 및 소매업 (wholesale and retail)", []Sector{"G"}, nil, false, 50, 60},
	{33, "정보통신업 (information and communication)", []Sector{"J"}, nil, false, 50, 50},
	{34, "수도, 하수 및 폐기물 처리, 원료 재생업; 수도업 제외 (sewage, waste, remediation)", []Sector{"E"}, []Sector{"E36"}, false, 30, 40},
	{35, "부동산업 (real estate)", []Sector{"L"}, nil, false, 30, 40},
	{36, "전문, 과학 및 기술 서비스업 (professional, scientific, technical)", []Sector{"M"}, nil, false, 30, 30},
	{37, "사업시설관리, 사업지원 및 임대 서비스업 (business facilities, support, rental)", []Sector{"N"}, nil, false, 30, 30},
	{38, "예술, 스포츠 및 여가 관련 서비스업 (arts, sports, recreation)", []Sector{"R"}, nil, false, 30, 30},
	{39, "산업용 기계 및 장비 수리업 (repair of industrial machinery)", []Sector{"C34"}, nil, false, 10, 15},
	{40, "숙박 및 음식점업 (accommodation and food service)", []Sector{"I"}, nil, false, 10, 15},
	{41, "교육 서비스업 (education)", []Sector{"P"}, nil, false, 10, 15},
	{42, "보건업 및 사회복지 서비스업 (health and social work)", []Sector{"Q"}, nil, false, 10, 15},
	{43, "수리 및 기타 개인 서비스업; 협회 및 단체 제외 (repair and other personal services)", []Sector{"S"}, []Sector{"S94"}, false, 10, 15},
	// Note 2: railway-vehicle seats (within C31202) and aircraft seats
	// (within C31322) are held to 120억.
	{0, "비고 2: 철도 차량용 의자 및 항공기용 의자 제조업 (railway-vehicle and aircraft seats)", []Sector{"C31202", "C31322"}, nil, true, 120, 120},
}

// table3Versions returns both versions of table 3 as revenue tables.
func table3Versions() []RevenueTable {
	lines := func(from2025 bool) []Line {
		out := make([]Line, len(table3))
		for i, r := range table3 {
			n := r.before
			if from2025 {
				n = r.from2025
			}
			out[i] = Line{No: r.no, Name: r.name, KSIC: slices.Clone(r.ksic), Except: slices.Clone(r.except),
				Seats: r.seats, Ceiling: decimal.NewFromInt(n * 100_000_000)}
		}
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
			// [P-SB-3] (A) table 3 as amended 2025-08-26, in force from 2025-09-01.
			From:   kstDate(2025, 9, 1),
			Source: "Framework Act on SMEs decree, table 3, amended 2025-08-26, in force 2025-09-01; the decree's text as the Ministry of Government Legislation publishes it (revised 2025-10-01, same figures) (A)",
			Lines:  lines(true),
		},
	}
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
			return c, fmt.Errorf("line %d (%s) covers no code", l.No, l.Name)
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
