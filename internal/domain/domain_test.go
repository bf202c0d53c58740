package domain

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestInstantsBelowAtAndAboveTheBounds(t *testing.T) {
	for _, tt := range []struct {
		at   time.Time
		want error
	}{
		{time.Time{}, ErrNoTime},
		{MinInstant.Add(-time.Nanosecond), ErrRange},
		{MinInstant, nil},
		{MaxInstant.Add(-time.Nanosecond), nil},
		{MaxInstant, ErrRange},
	} {
		if err := CheckInstant("t", tt.at); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("CheckInstant(%v) = %v, want %v", tt.at, err, tt.want)
		}
	}
}

func TestAmountsBelowAtAndAboveTheBounds(t *testing.T) {
	for _, tt := range []struct {
		d  decimal.Decimal
		ok bool
	}{
		{decimal.New(1, -MaxExponent), true}, {decimal.New(1, -MaxExponent-1), false},
		{decimal.New(1, MaxExponent), true}, {decimal.New(1, MaxExponent+1), false},
		{decimal.RequireFromString(strings.Repeat("9", MaxDigits)), true},
		{decimal.RequireFromString(strings.Repeat("9", MaxDigits+1)), false},
	} {
		err := CheckAmount("x", tt.d)
		if (err == nil) != tt.ok || InAmountRange(tt.d) != tt.ok || (err != nil && !errors.Is(err, ErrRange)) {
			t.Errorf("CheckAmount(exponent %d, %d digits) = %v, want ok %v", tt.d.Exponent(), tt.d.NumDigits(), err, tt.ok)
		}
	}
}

func TestCountsBelowAtAndAboveTheBounds(t *testing.T) {
	for n, ok := range map[int]bool{-1: false, 0: true, 10: true, 11: false} {
		if err := CheckCount("n", n, 10); (err == nil) != ok || (err != nil && !errors.Is(err, ErrRange)) {
			t.Errorf("CheckCount(%d, 10) = %v", n, err)
		}
	}
	if got := Clip(strings.Repeat("a", 70)); len(got) != 67 || Clip("abc") != "abc" {
		t.Errorf("Clip: %q", got)
	}
}

func TestZonesByName(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"", "KST"}, {"KST", "KST"}, {"Asia/Seoul", "KST"}, {"UTC", "UTC"}, {"Australia/Sydney", "Australia/Sydney"},
	} {
		z, err := ZoneOrKST(tt.name)
		if err != nil || z.String() != tt.want {
			t.Errorf("zone %q: %v, %v; want %s", tt.name, z, err, tt.want)
		}
	}
	for _, name := range []string{"Mars/Olympus", "../etc/passwd", ""} {
		if _, err := Zone(name); err == nil {
			t.Errorf("zone %q has a location", name)
		}
	}
	if ZoneName(nil) != "" || ZoneName(time.UTC) != "UTC" {
		t.Errorf("ZoneName(nil) = %q, ZoneName(UTC) = %q", ZoneName(nil), ZoneName(time.UTC))
	}
}
