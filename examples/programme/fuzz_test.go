package programme_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// FuzzLoad holds the loader to its promises on any bytes: it never
// panics; a file that loads writes a file that loads to the same file;
// and what it loads decides a claimant of each kind, writes its notice
// and each decision's letter, without a panic.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"kakao1015.json", "kt2021.json", "ktahyeon2018.json", "optus2023.json", "testdata/madeup-cad.json"} {
		data, err := os.ReadFile(filepath.Join("..", "programmes", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"currency": {"code": "AUD", "minor": 2}, "zone": "Mars/Olympus"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := programme.Load(data)
		if err != nil {
			if p.IsValid() {
				t.Fatalf("Load refused the file (%v) and returned a programme", err)
			}
			return
		}
		out, err := p.MarshalJSON()
		if err != nil {
			t.Fatalf("a loaded programme does not write: %v", err)
		}
		again, err := programme.Load(out)
		if err != nil {
			t.Fatalf("the file a programme writes does not load: %v\n%s", err, out)
		}
		if out2, _ := again.MarshalJSON(); !bytes.Equal(out, out2) {
			t.Fatalf("writing the programme read back changes it:\n%s\n%s", out, out2)
		}
		at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		if end := p.End(); !end.IsZero() {
			at = end
		}
		_ = p.Notice("ko") + p.Notice("en")
		bases := map[string]decimal.Decimal{}
		for _, b := range p.Eligibility().Bases() {
			bases[b.Key] = decimal.NewFromInt(50)
		}
		for _, k := range p.Eligibility().Kinds() {
			d, err := p.Decide(programme.Claim{Claimant: eligibility.Claimant{ID: "x", Kind: k.Key, Bases: bases}}, at)
			if err == nil {
				_ = p.Letter(d, "ko") + p.Letter(d, "en")
			}
		}
	})
}
