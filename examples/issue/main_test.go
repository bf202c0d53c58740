package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// startUntil starts the job and returns it once its record on pool says
// more than past claimants are done.
func startUntil(t *testing.T, bin string, args []string, pool *pgxpool.Pool, past int64) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var done int64
		if err := pool.QueryRow(context.Background(), `SELECT done FROM relief_jobs`).Scan(&done); err == nil && done > past {
			return cmd
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatalf("the job recorded no more than %d claimants done in 60 s", past)
	return nil
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

	kills := 0
	for kills < 2 {
		cmd := startUntil(t, bin, args(killed), killedPool, int64(kills)*3000)
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
	ctx := context.Background()
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

// Bad arguments exit 2 with one line naming what is wrong, before the
// database is touched.
func TestBadArgumentsExitTwo(t *testing.T) {
	dir := t.TempDir()
	ids := filepath.Join(dir, "ids.txt")
	if err := os.WriteFile(ids, []byte("u1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := "postgres://relief@127.0.0.1:1/none?connect_timeout=1"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no database", []string{"-db", "", "-in", ids}, "-db: no database"},
		{"no input", []string{"-db", db}, "give one input"},
		{"two inputs", []string{"-db", db, "-in", ids, "-recipients", ids, "-kind", "general"}, "give one input"},
		{"recipients without a kind", []string{"-db", db, "-recipients", ids}, "give -kind"},
		{"a kind with a claims file", []string{"-db", db, "-in", ids, "-kind", "general"}, "-kind and -attrs go with -recipients"},
		{"a batch of none", []string{"-db", db, "-in", ids, "-batch", "0"}, "-batch 0: want 1 to 262144"},
		{"a batch past the bound", []string{"-db", db, "-in", ids, "-batch", "262145"}, "-batch 262145: want 1 to 262144"},
		{"no streams", []string{"-db", db, "-in", ids, "-streams", "0"}, "-streams 0: want 1 to 16"},
		{"too many streams", []string{"-db", db, "-in", ids, "-streams", "17"}, "-streams 17: want 1 to 16"},
		{"a negative period", []string{"-db", db, "-in", ids, "-every", "-1s"}, "-every -1s: want 0 or more"},
		{"an argument left over", []string{"-db", db, "-in", ids, "more"}, `unexpected argument "more"`},
		{"a missing input", []string{"-db", db, "-in", filepath.Join(dir, "none.csv")}, "no such file"},
		{"a job name outside the identity domain", []string{"-db", db, "-in", ids, "-job", " x"}, "-job"},
		{"a malformed database URL", []string{"-db", "postgres://%zz", "-in", ids}, "-db:"},
		{"a missing programme", []string{"-db", db, "-in", ids, "-programme", filepath.Join(dir, "none.json")}, "none.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errOut)
			if code != 2 || !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut.String(), tt.want)
			}
		})
	}
}

// The -at instant: RFC 3339, or a local date and time in the programme's
// zone, within the instant domain.
// The instant domain is [1970-01-01, 2200-01-01) KST (grants.CheckInstant).
func TestParseAt(t *testing.T) {
	kst := programme.Kakao1015().Zone()
	tests := []struct {
		name, in string
		want     time.Time
		bad      bool
	}{
		{"an RFC 3339 instant", "2023-01-05T09:00:00+09:00", time.Date(2023, 1, 5, 9, 0, 0, 0, kst), false},
		{"a local time in the programme's zone", "2023-01-05T09:00:00", time.Date(2023, 1, 5, 9, 0, 0, 0, kst), false},
		{"a date alone", "2023-01-05", time.Time{}, true},
		{"the domain's first instant", "1970-01-01T00:00:00", time.Date(1970, 1, 1, 0, 0, 0, 0, kst), false},
		{"before the domain", "1969-12-31T23:59:59", time.Time{}, true},
		{"the domain's last second", "2199-12-31T23:59:59", time.Date(2199, 12, 31, 23, 59, 59, 0, kst), false},
		{"after the domain", "2200-01-01T00:00:00", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAt(tt.in, kst)
			if (err != nil) != tt.bad || !tt.bad && !got.Equal(tt.want) {
				t.Errorf("parseAt(%q) = %v, %v; want %v (bad %t)", tt.in, got, err, tt.want, tt.bad)
			}
		})
	}
}

// A recipients file credits each recipient as a claimant of -kind with
// -attrs; blank lines and comments are skipped, and a line outside the
// identity domain is a bad row. Run again, the job issues nothing.
func TestARecipientsFile(t *testing.T) {
	dir := t.TempDir()
	ids := filepath.Join(dir, "ids.txt")
	if err := os.WriteFile(ids, []byte("# every domestic user\nu1\nu2\r\n\n u3\nu4"), 0o644); err != nil {
		t.Fatal(err)
	}
	schema := pgtest.NewSchema()
	pool := pgtest.Pool(t, schema)
	args := []string{"-db", schemaURL(t, schema), "-recipients", ids, "-kind", "general", "-attrs", "domestic-phone", "-at", "2023-01-05T09:00:00", "-every", "0"}
	for run1, want := range []string{"kakao1015/emoticon-forever  3  0", "kakao1015/emoticon-forever  0  0"} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 0 {
			t.Fatalf("run %d: exit %d: %s", run1+1, code, errOut.String())
		}
		if !strings.Contains(strings.Join(strings.Fields(out.String()), "  "), strings.Join(strings.Fields(want), "  ")) {
			t.Errorf("run %d: summary lacks %q:\n%s", run1+1, want, out.String())
		}
		if !strings.Contains(errOut.String(), `line 5:`) || !strings.Contains(out.String(), "bad rows 1") {
			t.Errorf("run %d: the line \" u3\" is not a bad row: %s%s", run1+1, out.String(), errOut.String())
		}
	}
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM relief_held WHERE recipient IN ('u1', 'u2', 'u4')`).Scan(&n); err != nil || n != 18 {
		t.Errorf("%d grants to u1, u2 and u4 (%v); want 6 each", n, err)
	}
	for _, bad := range [][]string{{"-kind", "nobody"}, {"-kind", "general", "-attrs", "domestic-phone,nothing"}} {
		var out, errOut bytes.Buffer
		args := append([]string{"-db", schemaURL(t, schema), "-recipients", ids, "-at", "2023-01-05T09:00:00", "-every", "0"}, bad...)
		if code := run(context.Background(), args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), bad[1]) {
			t.Errorf("%v: exit %d, %q; want 2 naming it", bad, code, errOut.String())
		}
	}
	// The job's issue time is its first run's: another -at is refused.
	var out0, err0 bytes.Buffer
	other := append(append([]string{}, args[:len(args)-4]...), "-at", "2023-01-06T09:00:00", "-every", "0")
	if code := run(context.Background(), other, &out0, &err0); code != 2 || !strings.Contains(err0.String(), "issues at 2023-01-05T09:00:00+09:00, not 2023-01-06T09:00:00+09:00") {
		t.Errorf("another -at: exit %d, %q; want 2 naming both times", code, err0.String())
	}
	// A line of 4,096 bytes is read (and is a bad row: an identity is at
	// most 256 bytes); one of 4,097 makes the file unreadable.
	atBound := filepath.Join(dir, "bound.txt")
	if err := os.WriteFile(atBound, []byte("u1\n"+strings.Repeat("x", 4096)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(context.Background(), []string{"-db", schemaURL(t, schema), "-recipients", atBound, "-kind", "general", "-at", "2023-01-05T09:00:00", "-every", "0", "-job", "bound"}, io.Discard, io.Discard); code != 0 {
		t.Errorf("a line of 4,096 bytes: exit %d, want 0", code)
	}
	long := filepath.Join(dir, "long.txt")
	if err := os.WriteFile(long, []byte("u1\n"+strings.Repeat("x", 4097)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-db", schemaURL(t, schema), "-recipients", long, "-kind", "general", "-at", "2023-01-05T09:00:00", "-every", "0", "-job", "long"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "line 2") || !strings.Contains(errOut.String(), "at most 4096 bytes") {
		t.Errorf("a line over 4,096 bytes: exit %d, %q; want 2 naming line 2 and the bound", code, errOut.String())
	}
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM relief_jobs WHERE job NOT IN ('long', 'bound')`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d jobs recorded (%v); want one: a bad -kind records none", n, err)
	}
}

// A job whose database crashes and restarts under it (pg_ctl restart -m
// immediate, fsync on) fails, saying to run it again; run again, it ends
// with the ledger an uninterrupted run leaves.
func TestAJobResumesAfterTheDatabaseRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("the test restarts a database server")
	}
	bin := pgtest.Env(t, "RELIEF_TEST_PG_BIN")
	srv, err := pgtest.StartServer(bin, os.Getenv("RELIEF_TEST_PG_USER"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	dir := t.TempDir()
	claims, prog := fixture(t, dir, 12000)
	job := build(t, dir)
	args := func(url string) []string {
		return []string{"-db", url, "-in", claims, "-programme", prog, "-at", "2023-01-05T09:00:00", "-batch", "1500", "-every", "0"}
	}
	whole := pgtest.NewSchema()
	wholePool := pgtest.Pool(t, whole)
	if out, err := exec.Command(job, args(schemaURL(t, whole))...).CombinedOutput(); err != nil {
		t.Fatalf("the uninterrupted run: %v\n%s", err, out)
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	cmd := startUntil(t, job, args(srv.URL()), pool, 0)
	if out, err := srv.PgCtl("restart", "-m", "immediate", "-w", "-t", "60"); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	if err := cmd.Wait(); err == nil {
		t.Log("the run ended before the restart reached it")
	} else if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("the run the restart broke: exit %d (%v), want 1", code, err)
	}
	if out, err := exec.Command(job, args(srv.URL())...).CombinedOutput(); err != nil {
		t.Fatalf("the run after the restart: %v\n%s", err, out)
	}
	if diff := cmp.Diff(ledgerRows(t, wholePool), ledgerRows(t, pool)); diff != "" {
		t.Errorf("the ledger after a restart and a resume, against an uninterrupted run's (-want +got):\n%s", diff)
	}
	pgtest.CheckSoldOut(t, pool, "kakao1015/talk-drawer-plus-1m", testCap)
}

// The ETA counts an input's rows: a CSV file's lines but its header, a
// JSON Lines file's or a recipients file's every line, a workbook's
// none it can know.
func TestInputRows(t *testing.T) {
	for _, tt := range []struct {
		name string
		o    options
		want int64
	}{
		{"a CSV file less its header", options{in: "claims.csv"}, 9},
		{"a JSON Lines file", options{in: "claims.JSONL"}, 10},
		{"an NDJSON file", options{in: "claims.ndjson"}, 10},
		{"a workbook is unknown", options{in: "claims.xlsx"}, 0},
		{"a recipients file", options{recipients: "ids.txt"}, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := inputRows(tt.o, 10); got != tt.want {
				t.Errorf("inputRows = %d, want %d", got, tt.want)
			}
		})
	}
	if got := inputRows(options{in: "empty.csv"}, 0); got != 0 {
		t.Errorf("an empty CSV file: %d rows, want 0", got)
	}
}

// -batch and -streams at each end of their domains are taken (the values
// past them are refused in TestBadArgumentsExitTwo).
func TestBoundsAreTaken(t *testing.T) {
	for _, args := range [][]string{
		{"-batch", "1"}, {"-batch", "262144"}, {"-streams", "1"}, {"-streams", "16"}, {"-every", "0"},
	} {
		o, err := parseFlags(append([]string{"-db", "postgres://x", "-in", "c.csv"}, args...), io.Discard)
		if err != nil {
			t.Errorf("%v: %v", args, err)
		}
		if args[0] == "-batch" && strconv.Itoa(o.batch) != args[1] || args[0] == "-streams" && strconv.Itoa(o.streams) != args[1] {
			t.Errorf("%v: got %+v", args, o)
		}
	}
}
