package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/examples/programmes"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// The drawer pass's cap in the tests' programme: below the claimants
// entitled, so that the job sells it out on the way.
const testCap = 6000

// fixture writes the tests' inputs into dir: a claims file of rows rows
// (the synthetic intake) and Kakao 1015 with the drawer pass capped at
// testCap.
func fixture(t *testing.T, dir string, rows int) (claims, prog string) {
	t.Helper()
	data, err := programmes.Files.ReadFile("kakao1015.json")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"cap": 3000000`), []byte(fmt.Sprintf(`"cap": %d`, testCap)), 1)
	prog = filepath.Join(dir, "programme.json")
	if err := os.WriteFile(prog, data, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := programme.LoadFile(prog)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := claimsfile.NewSchema(p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := claimsfile.NewWriter(&buf, sch)
	intake.Generate(rows, intake.Seed, func(c programme.Claim) bool { return w.Write(c) == nil })
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	claims = filepath.Join(dir, "claims.csv")
	if err := os.WriteFile(claims, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return claims, prog
}

// build compiles the job into dir.
func build(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "issue")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// schemaURL is the test server's URL with the schema as search path.
func schemaURL(t *testing.T, schema string) string {
	url := pgtest.Env(t, "RELIEF_TEST_DATABASE_URL")
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

// ledgerRows is the ledger's grants, but for serials, in order, and each
// capped item's serials checked: unique and within the cap.
func ledgerRows(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT item || ' ' || recipient || ' ' || issued_at::text || ' ' || coalesce(expires::text, '-')
		FROM relief_held ORDER BY item COLLATE "C", recipient COLLATE "C"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var bad int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM relief_held WHERE item = 'kakao1015/talk-drawer-plus-1m' AND (serial < 1 OR serial > $1)`, testCap).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%d drawer serials outside 1..%d (%v)", bad, testCap, err)
	}
	return out
}

// A job killed (SIGKILL) mid-run, twice, and run again with the same
// arguments, ends with the ledger an uninterrupted run leaves: the same
// grants, to the same recipients, at the same times, the capped item
// sold out at its cap to the same first claimants, nothing twice.
func TestAKilledJobResumes(t *testing.T) {
	dir := t.TempDir()
	claims, prog := fixture(t, dir, 12000)
	bin := build(t, dir)
	args := func(schema string) []string {
		return []string{"-db", schemaURL(t, schema), "-in", claims, "-programme", prog, "-at", "2023-01-05T09:00:00", "-batch", "1500", "-every", "0"}
	}
	whole, killed := pgtest.NewSchema(), pgtest.NewSchema()
	wholePool, killedPool := pgtest.Pool(t, whole), pgtest.Pool(t, killed)

	out, err := exec.Command(bin, args(whole)...).CombinedOutput()
	if err != nil {
		t.Fatalf("the uninterrupted run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "kakao1015/talk-drawer-plus-1m") {
		t.Fatalf("no summary:\n%s", out)
	}

	ctx := context.Background()
	kills := 0
	for kills < 2 {
		cmd := exec.Command(bin, args(killed)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill it once it has recorded progress past the last kill's.
		var done int64
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			err := killedPool.QueryRow(ctx, `SELECT done FROM relief_jobs`).Scan(&done)
			if err == nil && done > int64(kills)*3000 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		cmd.Process.Kill()
		err := cmd.Wait()
		if cmd.ProcessState.Success() {
			t.Logf("run %d ended before the kill", kills+1)
			break
		}
		if ws := cmd.ProcessState.String(); !strings.Contains(ws, "killed") {
			t.Fatalf("run %d: %v (%s)", kills+1, err, ws)
		}
		kills++
	}
	var finished bool
	if err := killedPool.QueryRow(ctx, `SELECT finished FROM relief_jobs`).Scan(&finished); err != nil {
		t.Fatal(err)
	}
	if finished && kills > 0 {
		t.Error("a killed job is recorded finished")
	}
	out, err = exec.Command(bin, args(killed)...).CombinedOutput()
	if err != nil {
		t.Fatalf("the run after the kills: %v\n%s", err, out)
	}
	if kills == 0 {
		t.Fatal("the job was never killed mid-run: make the input larger")
	}
	want, got := ledgerRows(t, wholePool), ledgerRows(t, killedPool)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the ledger after %d kills and a resume, against an uninterrupted run's (-want +got):\n%s", kills, diff)
	}
	pgtest.CheckSoldOut(t, killedPool, "kakao1015/talk-drawer-plus-1m", testCap)
	pgtest.CheckSoldOut(t, wholePool, "kakao1015/talk-drawer-plus-1m", testCap)
}
