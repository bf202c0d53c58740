package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/examples/programmes"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// chromium returns the browser for the page tests: $RELIEF_TEST_CHROMIUM
// (bash .ci/run installs Debian's Chromium and sets it: the test must run
// there), or /usr/bin/chromium where it is installed. Without one the
// test is skipped, except under CI=true, where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	path, named := os.LookupEnv("RELIEF_TEST_CHROMIUM")
	if !named {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		if named || os.Getenv("CI") == "true" {
			t.Fatalf("no Chromium at %s under CI=true: the report must be tested in a browser", path)
		}
		t.Skipf("no Chromium at %s (bash .ci/run installs it)", path)
	}
	return path
}

// render loads the page in headless Chromium and returns the document as
// the browser built it, after its load event, and what the browser said
// on stderr.
func render(t *testing.T, page string) (dom, log string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium(t), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+t.TempDir(),
		"--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", "file://"+page)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out), stderr.String()
}

// The -html report, as a real browser loads it: the load event runs, no
// script error or failed request is logged, it asks for nothing over the
// network, and every figure on it is the text summary's.
func TestTheReportInABrowserShowsTheSummarysFigures(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			page := filepath.Join(t.TempDir(), "report.html")
			code, summary, errOut := runSimulate(t, "-lang", lang, "-in", filepath.Join("testdata", "claims.csv"), "-html", page)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			raw, _ := os.ReadFile(page)
			if regexp.MustCompile(`(?i)(src|href)=["']?(https?:)?//`).Match(raw) {
				t.Error("the page links outside itself")
			}
			dom, log := render(t, page)
			if !strings.Contains(dom, `data-loaded="yes"`) {
				t.Errorf("the load event did not run:\n%.2000s", dom)
			}
			for _, bad := range []string{"Uncaught", "ERR_FILE_NOT_FOUND", "net::ERR", ":CONSOLE("} {
				if strings.Contains(log, bad) {
					t.Errorf("the browser logged %q:\n%s", bad, log)
				}
			}
			got := figures(dom)
			want := summaryFigures(t, summary)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the page's figures against the text summary's (-summary +page):\n%s", diff)
			}
		})
	}
}

// figures are the page's data-figure values, by name, in page order.
func figures(dom string) map[string][]string {
	out := map[string][]string{}
	for _, m := range regexp.MustCompile(`data-figure="([a-z]+)"[^>]*>([^<]*)<`).FindAllStringSubmatch(dom, -1) {
		out[m[1]] = append(out[m[1]], strings.TrimSpace(m[2]))
	}
	return out
}

// summaryFigures are the same figures read from the text summary: the
// counts of its head line, each tally row's count, the cash budget, the
// review referrals, and each capped item's issued count.
func summaryFigures(t *testing.T, summary string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	num := `([0-9][0-9,]*)`
	head := regexp.MustCompile(`(?:claimants:|신청인)\s+` + num + `\s+(?:reports:|신고)\s+` + num + `\s+(?:bad rows:|잘못된 행)\s+` + num).FindStringSubmatch(summary)
	if head == nil {
		t.Fatalf("no head line in the summary:\n%s", summary)
	}
	out["claimants"], out["reports"], out["bad"] = head[1:2], head[2:3], head[3:4]
	section := func(from, to string) []string {
		i := strings.Index(summary, from)
		j := strings.Index(summary[i:], to)
		return strings.Split(summary[i:i+j], "\n")
	}
	for _, line := range section("[P-INTAKE", "\n\n")[2:] {
		if f := regexp.MustCompile(`\s` + num + `\s+[0-9.]+%`).FindStringSubmatch(line); f != nil {
			out["tally"] = append(out["tally"], f[1])
		}
	}
	if m := regexp.MustCompile(`(?:cash budget|현금 예산)\s+[0-9,]+\s+` + num).FindStringSubmatch(summary); m != nil {
		out["budget"] = []string{m[1]}
	}
	if m := regexp.MustCompile(`(?:Review referrals:|개별 심사 대상:)\s+` + num).FindStringSubmatch(summary); m != nil {
		out["reviews"] = []string{m[1]}
	}
	items := regexp.MustCompile(`(?:Grants issued|지급한 물품)`).FindStringIndex(summary)
	for _, line := range strings.Split(summary[items[0]:], "\n") {
		if m := regexp.MustCompile(`\s` + num + `\s+([0-9][0-9,]*)$`).FindStringSubmatch(line); m != nil {
			out["issued"] = append(out["issued"], m[1]) // an item with a cap
		}
	}
	return out
}

// A capped item's series for the report stays within maxPoints however
// many claimants are decided, and still reaches the last step: one
// under, at and over the bound.
func TestTheItemSeriesIsBounded(t *testing.T) {
	p := programme.Kakao1015()
	for _, tt := range []struct {
		name      string
		claimants int
		want      int
	}{
		{"one under the bound keeps every claimant", maxPoints - 1, maxPoints - 1},
		{"at the bound keeps every claimant", maxPoints, maxPoints},
		{"one over the bound keeps every second", maxPoints + 1, maxPoints / 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSummary(p, time.Now(), "en")
			s.trackItems()
			capped := slices.IndexFunc(s.items, func(it grants.Item) bool { return it.Cap > 0 })
			for range tt.claimants {
				s.claimants++
				s.issued[capped]++
				s.track()
			}
			pts := s.series[capped].points
			if len(pts) != tt.want || pts[len(pts)-1][1] != pts[len(pts)-1][0] {
				t.Errorf("%d points, the last %v; want %d, issued as claimants", len(pts), pts[len(pts)-1], tt.want)
			}
		})
	}
	s := newSummary(p, time.Now(), "en")
	s.track() // without trackItems, nothing is kept
	if s.series != nil {
		t.Error("a summary without -html keeps a series")
	}
}

// In Korean a cash budget of 10,000 won or more is also written as Korean
// readers write a large sum; under it, and in English, it is not.
func TestALargeSumInKorean(t *testing.T) {
	for _, tt := range []struct {
		lang, amount, want string
	}{
		{"ko", "9999", ""},
		{"ko", "10000", "  (1만 원)"},
		{"ko", "10001", "  (1만 1 원)"},
		{"ko", "191360000", "  (1억 9,136만 원)"},
		{"en", "191360000", ""},
	} {
		s := newSummary(programme.Kakao1015(), time.Now(), tt.lang)
		if got := s.largeSum(decimal.RequireFromString(tt.amount)); got != tt.want {
			t.Errorf("largeSum(%s) in %s = %q, want %q", tt.amount, tt.lang, got, tt.want)
		}
	}
}

// A capped item's claims are counted by their time over its claim
// window [opens, closes): below, at and above each end, and with no time.
func TestClaimTimesAtTheWindowsEnds(t *testing.T) {
	opens := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	closes := opens.Add(96 * time.Hour) // an hour a stretch
	tests := []struct {
		name string
		at   time.Time
		want claimTimes
	}{
		{"a second before the window opens is before it", opens.Add(-time.Second), claimTimes{before: 1}},
		{"the instant it opens is in the first stretch", opens, claimTimes{buckets: [windowBuckets]int64{0: 1}}},
		{"a second into the second hour is in the second stretch", opens.Add(time.Hour + time.Second), claimTimes{buckets: [windowBuckets]int64{1: 1}}},
		{"a second before it closes is in the last stretch", closes.Add(-time.Second), claimTimes{buckets: [windowBuckets]int64{windowBuckets - 1: 1}}},
		{"the instant it closes is after it", closes, claimTimes{after: 1}},
		{"no time is no time", time.Time{}, claimTimes{unknown: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := claimTimes{opens: opens, closes: closes}
			got.add(tt.at)
			tt.want.opens, tt.want.closes = opens, closes
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(claimTimes{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// Over the window, the units run out at the end of the stretch in which
// the claims reach the cap: one under, at and over it.
func TestTheTimedChartSaysWhenTheUnitsRanOut(t *testing.T) {
	s := newSummary(programme.Kakao1015(), time.Now(), "en")
	opens := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	for _, tt := range []struct {
		name   string
		claims int
		want   string
	}{
		{"one claim under the cap leaves units", 9, ""},
		{"the claim that reaches the cap ends its stretch sold out", 10, "2023-01-05 13:00 KST"},
		{"one more is sold out at the same end", 11, "2023-01-05 13:00 KST"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ct := claimTimes{opens: opens, closes: opens.Add(96 * time.Hour)}
			for k := range tt.claims {
				ct.add(opens.Add(3*time.Hour + time.Duration(k)*time.Minute)) // in the fourth stretch
			}
			var ic itemChart
			s.timedChart(&ic, &ct, 10)
			if ic.SoldOut != tt.want || !ic.Timed || ic.Opens != "2023-01-05 09:00 KST" || ic.Closes != "2023-01-09 09:00 KST" {
				t.Errorf("%+v; want sold out at %q", ic, tt.want)
			}
		})
	}
	// The last stretch ends when the window closes.
	ct := claimTimes{opens: opens, closes: opens.Add(96*time.Hour + 30*time.Minute)}
	ct.add(ct.closes.Add(-time.Second))
	var ic itemChart
	s.timedChart(&ic, &ct, 1)
	if ic.SoldOut != "2023-01-09 09:30 KST" || ct.buckets[windowBuckets-1] != 1 {
		t.Errorf("a claim in the last stretch: sold out at %q, buckets %v; want the window's close", ic.SoldOut, ct.buckets)
	}
}

// With claim times in the claims file, the report charts a capped item's
// claims over its claim window and says when its units ran out: a Drawer
// pass capped at 3, claimed by four claimants in the window's first
// hours and by one before it opened.
func TestTheReportChartsClaimsOverTheWindow(t *testing.T) {
	dir := t.TempDir()
	data, err := programmes.Files.ReadFile("kakao1015.json")
	if err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "programme.json")
	if err := os.WriteFile(prog, bytes.Replace(data, []byte(`"cap": 3000000`), []byte(`"cap": 3`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	claims := "claimant_id,kind,report_id,filed_at,operator,domestic_phone,claimed_at\n" +
		"early,general,,,,true,2023-01-04 10:00\n" +
		"u1,general,,,,true,2023-01-05 09:00\n" +
		"u2,general,,,,true,2023-01-05 11:30\n" +
		"u3,general,,,,true,2023-01-05 14:10\n" +
		"u4,general,,,,true,2023-01-06 09:00\n" +
		"quiet,general,,,,true,\n"
	in := filepath.Join(dir, "claims.csv")
	if err := os.WriteFile(in, []byte(claims), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	if code, _, errOut := runSimulate(t, "-lang", "en", "-programme", prog, "-in", in, "-html", page); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	raw, _ := os.ReadFile(page)
	// The window is 2023-01-05 09:00 to 2023-01-21 00:00, 15 days 15 hours:
	// 96 stretches of 3 h 54 m 22.5 s; the third claim (14:10) is in the
	// second, which ends at 16:48.
	for _, want := range []string{
		`all issued by <time datetime="2023-01-05T16:48:45&#43;09:00">2023-01-05 16:48 KST</time>`, // html/template writes + as &#43; in an attribute
		"claims before the window 1 · after it 0 · with no claim time 1",
		"2023-01-05 09:00 KST</text>", "2023-01-21 00:00 KST (the claim window, first come, first served)",
	} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the page lacks %q:\n%s", want, regexp.MustCompile(`(?s)Capped items.*?</svg>`).Find(raw))
		}
	}
}
