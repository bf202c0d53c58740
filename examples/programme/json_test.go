package programme_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// plainRecord is Record without its methods: what encoding/json's
// reflection writes for its fields and tags.
type plainRecord programme.Record

// sameAsReflection fails t where r's AppendJSON differs from encoding/json
// on its fields.
func sameAsReflection(t *testing.T, r programme.Record) {
	t.Helper()
	asReflection(t, plainRecord(r), r.AppendJSON)
	want, _ := json.Marshal(plainRecord(r))
	if viaMarshal, err := json.Marshal(r); err != nil || !bytes.Equal(viaMarshal, want) {
		t.Errorf("json.Marshal(Record) = %s, %v; want %s", viaMarshal, err, want)
	}
}

// asReflection fails t where appendJSON, a record's hand-written
// encoder, differs from what encoding/json writes for plain, the record's
// fields without its methods.
func asReflection(t *testing.T, plain any, appendJSON func([]byte) []byte) {
	t.Helper()
	want, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendJSON([]byte("prefix")); !bytes.Equal(got, append([]byte("prefix"), want...)) {
		t.Errorf("AppendJSON:\n got %s\nwant prefix%s", got, want)
	}
}

func TestAppendJSONWritesWhatEncodingJSONWrites(t *testing.T) {
	p := kakao(t)
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	for _, loss := range []int64{0, 299_999, 300_000, 499_999, 500_000, 500_001, 2_000_000} {
		for _, op := range []string{eligibility.Kakao, eligibility.KakaoMobility} {
			d, err := p.Decide(shop(loss, op), at)
			if err != nil {
				t.Fatal(err)
			}
			for _, lang := range []string{"", "ko", "en"} {
				r := d.Record(lang)
				sameAsReflection(t, r)
				r.Letter = p.Letter(d, lang)
				sameAsReflection(t, r)
			}
		}
	}
	// Empty and nil fields, as a caller may build them.
	sameAsReflection(t, programme.Record{Kind: eligibility.GeneralUser})
	sameAsReflection(t, programme.Record{Kind: eligibility.Enterprise, Entitlements: map[string]bool{}, Grants: []string{}, Trace: []programme.Step{}})
}

// FuzzAppendJSON holds the hand-written encoder to encoding/json on any
// strings (control characters, HTML, U+2028, invalid UTF-8) and amounts.
func FuzzAppendJSON(f *testing.F) {
	f.Add("c-1", "P-CASH-1", "신고 <r07>: \"ok\" & \u2028\u2029 \x00\x1f\x7f\b\f\n\r\t\\", "letter", int64(31234567), int32(-2), true)
	f.Add("\xff\xfe", "", "\xe2\x80", "", int64(-5), int32(3), false)
	f.Fuzz(func(t *testing.T, claimant, code, text, letter string, units int64, exp int32, open bool) {
		amount := decimal.New(units, exp%40)
		r := programme.Record{Claimant: claimant, Kind: eligibility.SmallBusiness, Small: true, Loss: amount,
			Entitlements: map[string]bool{eligibility.CashSupport: true, eligibility.EmoticonBundle: false, text: open, code: !open},
			Awards:       []programme.AwardRecord{{Benefit: code, Amount: amount, Band: int(exp), Over: amount, BandAmount: amount, Cap: amount, Capped: open}},
			Review:       open, Grants: []string{code, text},
			Trace:  []programme.Step{{Rule: code, Code: code, Subject: text, Text: text}, {Rule: text, Code: code}},
			Letter: letter}
		if !open {
			r.Awards[0].UpTo = &amount
		}
		sameAsReflection(t, r)
	})
}

func TestFillRecordAgainGivesTheRecord(t *testing.T) {
	p := kakao(t)
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	var r programme.Record
	for _, tt := range []struct {
		loss int64
		op   string
		lang string
	}{
		{420_000, eligibility.Kakao, "ko"}, {0, eligibility.Kakao, ""}, {600_000, eligibility.Kakao, "en"},
		{100_000, eligibility.KakaoMobility, ""}, {299_999, eligibility.Kakao, ""},
	} {
		d, err := p.Decide(shop(tt.loss, tt.op), at)
		if err != nil {
			t.Fatal(err)
		}
		d.FillRecord(&r, tt.lang)
		if diff := cmp.Diff(d.Record(tt.lang), r); diff != "" {
			t.Errorf("loss %d via %s in %q: a record filled again (-want +got):\n%s", tt.loss, tt.op, tt.lang, diff)
		}
	}
}
