package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// A Server is a throwaway PostgreSQL server: its own data directory in a
// temporary directory, on a free loopback port, trusting the user relief.
type Server struct {
	Bin, Data, Log, Port string
	// RunAs is the user the server runs as ("" for the current one): the
	// server refuses to run as root.
	RunAs string
	dir   string
}

// StartServer initialises and starts a server from the binaries in bin,
// run as runAs (see Server), with fsync on or off.
func StartServer(bin, runAs string, fsync bool) (*Server, error) {
	dir, err := os.MkdirTemp("", "relief-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Bin: bin, Data: filepath.Join(dir, "data"), Log: filepath.Join(dir, "log"), RunAs: runAs, dir: dir}
	if runAs != "" {
		u, err := user.Lookup(runAs)
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.Port = strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	if out, err := s.Cmd("initdb", "-D", s.Data, "-U", "relief", "-A", "trust").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=%s -c max_connections=200", s.Port, dir, map[bool]string{true: "on", false: "off"}[fsync])
	if out, err := s.PgCtl("start", "-w", "-t", "60", "-o", opts); err != nil {
		s.Stop()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s", err, out)
	}
	return s, nil
}

// URL is the server's connection URL, for the user relief.
func (s *Server) URL() string {
	return "postgres://relief@127.0.0.1:" + s.Port + "/postgres?sslmode=disable"
}

// Cmd is the server's program name (initdb, pg_ctl, ...) with args, run
// as the server's user, from /.
func (s *Server) Cmd(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.Bin, name)
	var c *exec.Cmd
	if s.RunAs != "" {
		c = exec.Command("runuser", append([]string{"-u", s.RunAs, "--", path}, args...)...)
	} else {
		c = exec.Command(path, args...)
	}
	c.Dir = "/"
	return c
}

// PgCtl runs pg_ctl on the server; the server's own output goes to its
// log, never to the pipe pg_ctl's output is read from.
func (s *Server) PgCtl(args ...string) ([]byte, error) {
	c := s.Cmd("pg_ctl", append([]string{"-D", s.Data, "-l", s.Log}, args...)...)
	c.WaitDelay = 5 * time.Second
	return c.CombinedOutput()
}

// Stop stops the server at once and removes its directory.
func (s *Server) Stop() {
	s.PgCtl("stop", "-m", "immediate")
	os.RemoveAll(s.dir)
}

// installedBin is the newest installed PostgreSQL's binaries (Debian's
// /usr/lib/postgresql/N/bin), or "".
func installedBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a < b
	})
	if len(dirs) == 0 {
		return ""
	}
	return dirs[len(dirs)-1]
}

// Main runs a package's tests (call it from TestMain). Where
// RELIEF_TEST_DATABASE_URL is unset and PostgreSQL is installed
// (RELIEF_TEST_PG_BIN, or Debian's /usr/lib/postgresql/N/bin), it starts
// a throwaway server for them first, sets the variables the tests read,
// and stops it after: so the README's test command runs the database
// tests wherever PostgreSQL is installed. Without PostgreSQL they fail,
// saying why, or skip where RELIEF_TEST_DATABASE=skip (see Env).
func Main(m *testing.M) int {
	if os.Getenv("RELIEF_TEST_DATABASE_URL") != "" {
		return m.Run()
	}
	bin := os.Getenv("RELIEF_TEST_PG_BIN")
	if bin == "" {
		bin = installedBin()
	}
	if bin == "" {
		return m.Run()
	}
	runAs := os.Getenv("RELIEF_TEST_PG_USER")
	if runAs == "" && os.Geteuid() == 0 {
		runAs = "postgres"
	}
	s, err := StartServer(bin, runAs, false)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: could not start PostgreSQL from %s: %v\n", bin, err)
		return m.Run()
	}
	defer s.Stop()
	os.Setenv("RELIEF_TEST_DATABASE_URL", s.URL())
	os.Setenv("RELIEF_TEST_PG_BIN", bin)
	os.Setenv("RELIEF_TEST_PG_USER", runAs)
	return m.Run()
}
