package claimsfile

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, on any machine

	"github.com/google/go-cmp/cmp"
)

// readTime is what a time reads as: the instant, the zone's name and
// offset, whether it is in the local zone, or that it was not read.
type readTime struct {
	Unix       int64
	Zone       string
	Offset     int
	Local, Not bool
}

func readTimeOf(t time.Time, ok bool) readTime {
	if !ok {
		return readTime{Not: true}
	}
	name, offset := t.Zone()
	return readTime{t.Unix(), name, offset, t.Location() == time.Local, false}
}

// inZones runs f with the local zone set to UTC, to Korea's and to one
// with daylight saving time.
func inZones(t *testing.T, f func(t *testing.T)) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	defer func(l *time.Location) { time.Local = l }(time.Local)
	for _, zone := range []*time.Location{time.UTC, time.FixedZone("KST", 9*3600), ny} {
		time.Local = zone
		t.Run(zone.String(), f)
	}
}

// The short path for RFC 3339 times reads each as time.Parse does, and
// leaves to it what it does not read: the edges of each field, of the
// calendar and of the zone's offset.
func TestAPlainRFC3339TimeReadsAsTimeParseDoes(t *testing.T) {
	cases := []struct {
		name, s string
		plain   bool
	}{
		{"an offset is plain", "2022-10-20T14:00:00+09:00", true},
		{"Z is plain", "2022-10-20T05:00:00Z", true},
		{"a negative offset is plain", "2022-10-20T05:00:00-04:00", true},
		{"an offset of minutes is plain", "2022-10-20T05:00:00+05:45", true},
		{"-00:00 is plain", "2022-10-20T05:00:00-00:00", true},
		{"the largest offset is plain", "2022-10-20T05:00:00+23:59", true},
		{"an offset hour of 24 is left to time.Parse", "2022-10-20T05:00:00+24:00", false},
		{"an offset minute of 60 is left to time.Parse", "2022-10-20T05:00:00+09:60", false},
		{"year 0000 is plain", "0000-03-01T00:00:00Z", true},
		{"year 9999 is plain", "9999-12-31T23:59:59Z", true},
		{"the epoch is plain", "1970-01-01T00:00:00Z", true},
		{"the day before the epoch is plain", "1969-12-31T23:59:59Z", true},
		{"29 February of a leap year is plain", "2024-02-29T12:00:00+09:00", true},
		{"29 February of 2000 is plain", "2000-02-29T12:00:00Z", true},
		{"29 February of 1900 is refused", "1900-02-29T12:00:00Z", false},
		{"29 February of 2023 is refused", "2023-02-29T12:00:00Z", false},
		{"31 April is refused", "2022-04-31T12:00:00Z", false},
		{"day 00 is refused", "2022-10-00T12:00:00Z", false},
		{"month 13 is refused", "2022-13-01T12:00:00Z", false},
		{"hour 24 is refused", "2022-10-20T24:00:00Z", false},
		{"minute 60 is refused", "2022-10-20T23:60:00Z", false},
		{"second 60 is refused", "2022-10-20T23:59:60Z", false},
		{"a fraction is left to time.Parse", "2022-10-20T14:00:00.5+09:00", false},
		{"a lower-case z is left to time.Parse", "2022-10-20T14:00:00z", false},
		{"a space for T is left to time.Parse", "2022-10-20 14:00:00Z", false},
		{"a sign in a field is refused", "2022-+0-20T14:00:00Z", false},
		{"no zone is refused", "2022-10-20T14:00:00", false},
		{"a daylight-saving change is plain", "2022-03-13T02:30:00-05:00", true},
		{"a time after a daylight-saving change is plain", "2022-11-06T01:30:00-04:00", true},
	}
	inZones(t, func(t *testing.T) {
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				got, ok := plainRFC3339(tt.s)
				if ok != tt.plain {
					t.Errorf("plainRFC3339(%q): ok %v, want %v", tt.s, ok, tt.plain)
				}
				if !ok {
					return
				}
				want, err := time.Parse(time.RFC3339, tt.s)
				if diff := cmp.Diff(readTimeOf(want, err == nil), readTimeOf(got, true)); diff != "" {
					t.Errorf("plainRFC3339(%q) against time.Parse (-want +got):\n%s", tt.s, diff)
				}
			})
		}
	})
}

func FuzzPlainRFC3339(f *testing.F) {
	for _, s := range []string{"2022-10-20T14:00:00+09:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "2024-02-29T00:00:00Z"} {
		f.Add(s)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		defer func(l *time.Location) { time.Local = l }(time.Local)
		for _, zone := range []*time.Location{time.UTC, time.FixedZone("KST", 9*3600), ny} {
			time.Local = zone
			got, ok := plainRFC3339(s)
			want, err := time.Parse(time.RFC3339, s)
			switch {
			case ok && err != nil:
				t.Fatalf("local %s: plainRFC3339(%q) read %v; time.Parse refuses it: %v", zone, s, got, err)
			case ok:
				if diff := cmp.Diff(readTimeOf(want, true), readTimeOf(got, true)); diff != "" {
					t.Fatalf("local %s: plainRFC3339(%q) against time.Parse (-want +got):\n%s", zone, s, diff)
				}
			}
		}
	})
}

// Every day of a whole 400-year cycle of the calendar from year 0, of the
// years around 2000 and of the last years to 9999 reads as the instant
// time.Date gives (at noon, in UTC): the count of days holds at every
// month, leap day and century.
func TestEveryDayReadsAsTimeParseDoes(t *testing.T) {
	for _, years := range [][2]int{{0, 401}, {1899, 2101}, {9990, 9999}} {
		for d := time.Date(years[0], 1, 1, 12, 0, 0, 0, time.UTC); d.Year() <= years[1]; d = d.AddDate(0, 0, 1) {
			s := fmt.Sprintf("%04d-%02d-%02dT12:00:00Z", d.Year(), d.Month(), d.Day())
			if got, ok := plainRFC3339(s); !ok || !got.Equal(d) {
				t.Fatalf("plainRFC3339(%q) = %v, %v; want %v", s, got, ok, d)
			}
		}
	}
}

// FuzzPlainRFC3339Fields writes times of the plain form from their fields,
// in and out of range, so that most inputs reach the calendar's checks.
func FuzzPlainRFC3339Fields(f *testing.F) {
	f.Add(uint16(2022), uint8(10), uint8(20), uint8(14), uint8(0), uint8(0), int8(9), uint8(0))
	f.Add(uint16(2024), uint8(2), uint8(29), uint8(23), uint8(59), uint8(59), int8(-4), uint8(30))
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, year uint16, month, day, hour, minute, second uint8, zh int8, zm uint8) {
		sign, h := '+', int(zh)
		if zh < 0 {
			sign, h = '-', -h
		}
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year%10000, month%100, day%100, hour%100, minute%100, second%100, sign, h%100, zm%100)
		if zh == 0 && zm == 0 {
			s = s[:19] + "Z"
		}
		defer func(l *time.Location) { time.Local = l }(time.Local)
		for _, zone := range []*time.Location{time.UTC, time.FixedZone("KST", 9*3600), ny} {
			time.Local = zone
			got, ok := plainRFC3339(s)
			want, err := time.Parse(time.RFC3339, s)
			if !ok { // left to time.Parse
				continue
			}
			if diff := cmp.Diff(readTimeOf(want, err == nil), readTimeOf(got, ok)); diff != "" {
				t.Fatalf("local %s: plainRFC3339(%q) against time.Parse (-want +got):\n%s", zone, s, diff)
			}
		}
	})
}
