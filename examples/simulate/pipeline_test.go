package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/programme"
)

// decideInALoop is the pipeline's plain reference: one goroutine reads
// the claims, parses each claimant's rows, decides the claim and writes
// its record (full with trace, else compact), in the order Read hands
// them on.
func decideInALoop(t *testing.T, name string, p programme.Plan, at time.Time, lang string, trace bool) string {
	t.Helper()
	sch, err := claimsfile.NewSchema(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	var rec programme.Record
	var compact programme.CompactRecord
	var reports []eligibility.Report
	err = claimsfile.Read(name, sch, claimsfile.Options{}, func(g claimsfile.Group) bool {
		c, ok, _ := sch.Claim(g.Rows, &reports)
		if !ok {
			return true
		}
		d, err := p.Decide(c, at)
		if err != nil {
			return true // a bad row of the run's
		}
		if trace {
			d.FillRecord(&rec, lang)
			rec.Letter = p.Letter(d, lang)
			out = append(rec.AppendJSON(out), '\n')
		} else {
			d.FillCompact(&compact)
			compact.Letter = p.Letter(d, lang)
			out = append(compact.AppendJSON(out), '\n')
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// The pipeline (a reader, a worker a core deciding batches, a gatherer
// putting them back in order) writes what a loop deciding one claim
// after another writes, byte for byte, on the test files in both
// languages and both record forms, and on a generated file of several
// batches.
func TestThePipelineDecidesAsALoopDoes(t *testing.T) {
	var gen bytes.Buffer
	if code := run([]string{"-gen", "1500"}, nil, &gen, io.Discard); code != 0 { // five batches and more
		t.Fatalf("-gen exit %d", code)
	}
	generated := filepath.Join(t.TempDir(), "generated.csv")
	if err := os.WriteFile(generated, gen.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2023, 6, 1, 0, 0, 0, 0, programme.Kakao1015().Zone())
	for _, file := range []string{filepath.Join("testdata", "claims.csv"), filepath.Join("testdata", "claims.jsonl"), generated} {
		for _, form := range []struct {
			lang  string
			trace bool
		}{{"ko", true}, {"en", true}, {"ko", false}, {"en", false}} {
			if file == generated && (form.lang == "en" || form.trace) {
				continue // the order across batches depends on neither
			}
			t.Run(fmt.Sprintf("%s in %s, trace %t", filepath.Base(file), form.lang, form.trace), func(t *testing.T) {
				args := []string{"-in", file, "-json", "-lang", form.lang, "-letter"}
				if form.trace {
					args = append(args, "-trace")
				}
				code, out, errOut := runSimulate(t, args...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				want := decideInALoop(t, file, programme.Kakao1015(), at, form.lang, form.trace)
				if strings.Count(want, "\n") < 2 {
					t.Fatalf("the loop decided %d claims: the test tests little", strings.Count(want, "\n"))
				}
				if diff := cmp.Diff(want, out); diff != "" {
					t.Errorf("the pipeline's records (-loop +pipeline):\n%.3000s", diff)
				}
			})
		}
	}
}
