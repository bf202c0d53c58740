package words

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestLang(t *testing.T) {
	for tag, want := range map[string]string{
		"en": English, "EN": English, "en-US": English, "en_GB": English,
		"ko": Korean, "ko-KR": Korean, "": Korean, "fr": Korean, "eng": Korean, "e": Korean,
	} {
		if got := Lang(tag); got != want {
			t.Errorf("Lang(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestTextFallsBackToTheOtherLanguage(t *testing.T) {
	both, ko, en := Text{Ko: "가", En: "a"}, Text{Ko: "가"}, Text{En: "a"}
	for _, tt := range []struct {
		t          Text
		lang, want string
	}{
		{both, "ko", "가"}, {both, "en", "a"}, {ko, "en", "가"}, {en, "ko", "a"}, {Text{}, "ko", ""},
	} {
		if got := tt.t.In(tt.lang); got != tt.want {
			t.Errorf("%+v.In(%q) = %q, want %q", tt.t, tt.lang, got, tt.want)
		}
	}
	if !(Text{}).IsZero() || both.IsZero() || (Text{}).Check("x") == nil || en.Check("x") != nil {
		t.Error("IsZero or Check is wrong")
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "300000": "300,000", "1234567": "1,234,567",
		"300000.5": "300,000.5", "-1234": "-1,234", "0.25": "0.25",
	} {
		if got := Number(decimal.RequireFromString(in)); got != want {
			t.Errorf("Number(%s) = %q, want %q", in, got, want)
		}
	}
	if got := Number(decimal.New(7, 65)); got != "7e65" {
		t.Errorf("an exponent out of range: %q, want 7e65", got)
	}
	if Won(decimal.NewFromInt(420_000), "ko") != "420,000원" || Won(decimal.NewFromInt(420_000), "en") != "420,000 won" {
		t.Error("Won")
	}
}

func TestDates(t *testing.T) {
	kst := time.FixedZone("KST", 9*60*60)
	at := time.Date(2023, 1, 5, 0, 30, 0, 0, time.UTC) // 09:30 KST
	for _, tt := range []struct{ got, want string }{
		{Date(at, kst, "ko"), "2023년 1월 5일"},
		{Date(at, kst, "en"), "5 January 2023"},
		{DateTime(at, kst, "ko"), "2023년 1월 5일 09:30"},
		{DateTime(at, kst, "en"), "5 January 2023, 09:30 KST"},
		{Date(LastDay(time.Date(2023, 1, 21, 0, 0, 0, 0, kst)), kst, "ko"), "2023년 1월 20일"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestCurrencies(t *testing.T) {
	aud := Currency{Code: "AUD", Minor: 2}
	d := decimal.RequireFromString
	for _, tt := range []struct {
		c          Currency
		amount     string
		lang, want string
	}{
		{KRW, "420000", "ko", "420,000원"}, {KRW, "420000", "en", "420,000 won"},
		{aud, "1041.67", "en", "A$1,041.67"}, {aud, "5", "en", "A$5.00"}, {aud, "1041.67", "ko", "1,041.67 호주 달러"},
		{aud, "-2.5", "en", "-A$2.50"}, {Currency{Code: "NZD", Minor: 2}, "3", "en", "3.00 NZD"},
		{aud, "0.125", "en", "A$0.125"}, // more places than the currency has: shown as they are
	} {
		if got := tt.c.Format(d(tt.amount), tt.lang); got != tt.want {
			t.Errorf("%s %s in %s = %q, want %q", tt.c.Code, tt.amount, tt.lang, got, tt.want)
		}
	}
	for _, tt := range []struct {
		c            Currency
		amount, want string
	}{{KRW, "8180825", "8,180,825"}, {aud, "8180825.1", "8,180,825.10"}, {aud, "0", "0.00"}, {aud, "0.125", "0.125"}} {
		if got := tt.c.Digits(d(tt.amount)); got != tt.want {
			t.Errorf("%s %s in digits = %q, want %q", tt.c.Code, tt.amount, got, tt.want)
		}
	}
	for _, tt := range []struct {
		c      Currency
		amount string
		fits   bool
	}{{KRW, "1", true}, {KRW, "1.5", false}, {KRW, "1.0", true}, {aud, "1.25", true}, {aud, "1.255", false}, {aud, "100", true}} {
		if got := tt.c.Fits(d(tt.amount)); got != tt.fits {
			t.Errorf("%s fits %s: %v, want %v", tt.c.Code, tt.amount, got, tt.fits)
		}
	}
	for _, c := range []Currency{{}, {Code: "krw"}, {Code: "AUDD", Minor: 2}, {Code: "AUD", Minor: 5}, {Code: "AUD", Minor: -1}} {
		if c.Check() == nil {
			t.Errorf("%+v is a currency", c)
		}
	}
	if KRW.Check() != nil || aud.Check() != nil {
		t.Error("KRW or AUD refused")
	}
}

func TestCountInKoreanUnits(t *testing.T) {
	for _, tt := range []struct {
		n      int64
		ko, en string
	}{
		{0, "0", "0"}, {9_999, "9,999", "9,999"}, {10_000, "1만", "10,000"}, {10_001, "1만 1", "10,001"},
		{105_116, "10만 5,116", "105,116"}, {3_000_000, "300만", "3,000,000"}, {99_999_999, "9,999만 9,999", "99,999,999"},
		{100_000_000, "1억", "100,000,000"}, {191_560_000, "1억 9,156만", "191,560,000"}, {-3_000_000, "-300만", "-3,000,000"},
		{1_0000_0000_0000, "1조", "1,000,000,000,000"},
	} {
		if got := CountIn(tt.n, "ko"); got != tt.ko {
			t.Errorf("CountIn(%d, ko) = %q, want %q", tt.n, got, tt.ko)
		}
		if got := CountIn(tt.n, "en"); got != tt.en {
			t.Errorf("CountIn(%d, en) = %q, want %q", tt.n, got, tt.en)
		}
	}
}

func TestParticle(t *testing.T) {
	for _, tt := range []struct{ word, with, without, want string }{
		{"톡서랍 플러스", "이", "가", "톡서랍 플러스가"}, {"이용권", "이", "가", "이용권이"}, {"이용권", "을", "를", "이용권을"},
		{"쿠폰", "은", "는", "쿠폰은"}, {"캐시", "은", "는", "캐시는"}, {"Plus", "을", "를", "Plus를"}, {"", "이", "가", "가"},
	} {
		if got := Particle(tt.word, tt.with, tt.without); got != tt.want {
			t.Errorf("Particle(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
