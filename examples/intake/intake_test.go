package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
)

func TestEmbeddedIntakeMatchesThePublishedCounts(t *testing.T) {
	// [P-INTAKE-1, P-INTAKE-2]
	claims := Synthetic()
	tl := eligibility.Kakao1015().NewTally()
	for _, c := range claims {
		for _, r := range c.Reports {
			if err := tl.Add(c.Claimant.Kind, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	type counts struct{ Received, Cases, Small, Enterprise, General, Paid, FreeMoneyLost, NoMoneyLost int }
	want := counts{105_116, 87_195, 17_433, 151, 69_611, 14_918, 13_195, 59_082}
	got := counts{tl.Received, tl.Cases, tl.ByKind[eligibility.SmallBusiness], tl.ByKind[eligibility.Enterprise],
		tl.ByKind[eligibility.GeneralUser], tl.Paid, tl.FreeMoneyLost, tl.NoMoneyLost}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tally of the embedded intake mismatch (-want +got):\n%s", diff)
	}
}

// The embedded intake is the same claims every time, on every machine:
// a second generation equals the first in every field, and its JSON
// hashes to the digest in testdata (go test -update writes it).
func TestTheEmbeddedIntakeIsDeterministic(t *testing.T) {
	claims, again := Synthetic(), Synthetic()
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := json.Marshal(again); !bytes.Equal(b, b2) {
		for i := range min(len(claims), len(again)) {
			if diff := cmp.Diff(claims[i], again[i]); diff != "" {
				t.Fatalf("claim %d differs in a second generation (-first +second):\n%s", i, diff)
			}
		}
		t.Fatalf("a second generation has %d claims, the first %d", len(again), len(claims))
	}
	got := fmt.Sprintf("%x  %d claims\n", sha256.Sum256(b), len(claims))
	golden := filepath.Join("testdata", "synthetic.sha256")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("the embedded intake's digest (-golden +got):\n%s", diff)
	}
}

var update = flag.Bool("update", false, "write the golden digest")

func TestGenerateHasThePublishedMixAndIsSorted(t *testing.T) {
	const n = 200_000
	tl := eligibility.Kakao1015().NewTally()
	reports, last := 0, ""
	Generate(n, Seed, func(c programme.Claim) bool {
		if c.Claimant.ID <= last {
			t.Fatalf("claimant %s after %s: not sorted", c.Claimant.ID, last)
		}
		last = c.Claimant.ID
		for _, r := range c.Reports {
			reports++
			if err := tl.Add(c.Claimant.Kind, r); err != nil {
				t.Fatal(err)
			}
		}
		return true
	})
	if reports != n {
		t.Fatalf("%d reports, want %d", reports, n)
	}
	// [P-INTAKE-1, P-INTAKE-2] within half a point of the published shares.
	for _, tt := range []struct {
		what      string
		got, of   int
		published float64
	}{
		{"Kakao's cases", tl.Cases, tl.Received, 87_195.0 / 105_116},
		{"small businesses", tl.ByKind[eligibility.SmallBusiness], tl.Cases, 17_433.0 / 87_195},
		{"paid services", tl.Paid, tl.Cases, 14_918.0 / 87_195},
		{"no money lost", tl.NoMoneyLost, tl.Cases, 59_082.0 / 87_195},
	} {
		if share := float64(tt.got) / float64(tt.of); share < tt.published-0.005 || share > tt.published+0.005 {
			t.Errorf("%s: %.4f of reports, published %.4f", tt.what, share, tt.published)
		}
	}
}
