package programme_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// plainCompact is CompactRecord without its methods.
type plainCompact programme.CompactRecord

// compactAsReflection fails t where r's AppendJSON differs from
// encoding/json on its fields.
func compactAsReflection(t *testing.T, r programme.CompactRecord) {
	t.Helper()
	asReflection(t, plainCompact(r), r.AppendJSON)
}

// The compact record says what the full record says of what is decided:
// the benefits granted (in the policy's order), each award's benefit,
// amount and band, the review, the small-business test; and encodes as
// encoding/json would. Filled again, it is the record filled afresh; and
// Decision.AppendCompactJSON writes its bytes without it.
func TestTheCompactRecordAgreesWithTheFullRecord(t *testing.T) {
	p := kakao(t)
	at := time.Date(2023, 4, 14, 0, 0, 0, 0, kst)
	var again programme.CompactRecord
	for _, loss := range []int64{0, 299_999, 300_000, 300_001, 499_999, 500_000, 500_001, 2_000_000} {
		for _, op := range []string{eligibility.Kakao, eligibility.KakaoMobility} {
			d, err := p.Decide(shop(loss, op), at)
			if err != nil {
				t.Fatal(err)
			}
			full := d.Record("")
			want := programme.CompactRecord{Claimant: full.Claimant, Kind: full.Kind, Small: full.Small, Loss: full.Loss, Granted: []string{}, Review: full.Review}
			for _, b := range p.Eligibility().Benefits() {
				if full.Entitlements[b.Key] {
					want.Granted = append(want.Granted, b.Key)
				}
			}
			for _, a := range full.Awards {
				want.Awards = append(want.Awards, programme.CompactAward{Benefit: a.Benefit, Amount: a.Amount, Band: a.Band})
			}
			d.FillCompact(&again)
			if diff := cmp.Diff(want, again); diff != "" {
				t.Errorf("loss %d via %s (-want +got):\n%s", loss, op, diff)
			}
			compactAsReflection(t, again)
			lettered := again
			lettered.Letter = p.Letter(d, "en")
			if got, want := d.AppendCompactJSON([]byte("x"), lettered.Letter), lettered.AppendJSON([]byte("x")); string(got) != string(want) {
				t.Errorf("loss %d via %s: AppendCompactJSON\n got %s\nwant %s", loss, op, got, want)
			}
			var back programme.CompactRecord
			if err := json.Unmarshal(again.AppendJSON(nil), &back); err != nil || !cmp.Equal(want, back) {
				t.Errorf("loss %d via %s: read back %+v, %v", loss, op, back, err)
			}
			if c, f := len(again.AppendJSON(nil)), len(full.AppendJSON(nil)); c*3 > f {
				t.Errorf("loss %d via %s: compact %d bytes, full %d: want a third or less", loss, op, c, f)
			}
		}
	}
	compactAsReflection(t, programme.CompactRecord{Kind: eligibility.GeneralUser})
	var zero programme.Decision
	zero.FillCompact(&again)
	if got, want := zero.AppendCompactJSON(nil, ""), again.AppendJSON(nil); string(got) != string(want) {
		t.Errorf("the zero Decision: AppendCompactJSON\n got %s\nwant %s", got, want)
	}
}

// FuzzCompactAppendJSON holds the compact encoder to encoding/json on any
// strings and amounts.
func FuzzCompactAppendJSON(f *testing.F) {
	f.Add("c-1", "cash-support", "신고 <r07>: \"ok\" & \u2028 \x00\x1f\x7f", int64(31234567), int32(-2), true)
	f.Add("\xff\xfe", "", "\xe2\x80", int64(-5), int32(3), false)
	f.Fuzz(func(t *testing.T, claimant, benefit, letter string, units int64, exp int32, flag bool) {
		amount := decimal.New(units, exp%40)
		compactAsReflection(t, programme.CompactRecord{Claimant: claimant, Kind: eligibility.Kind(benefit), Small: flag, Loss: amount,
			Granted: []string{benefit, claimant}, Awards: []programme.CompactAward{{Benefit: benefit, Amount: amount, Band: int(exp)}},
			Review: !flag, Letter: letter})
	})
}
