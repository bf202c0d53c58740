package grants

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func at(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, kst)
}

func TestExpiry(t *testing.T) {
	d90 := mustValidity(Days(90))
	m1 := mustValidity(Months(1))
	m13 := mustValidity(Months(13))
	tests := []struct {
		reason string
		rule   string
		v      Validity
		issued time.Time
		want   time.Time
	}{
		{"an emoticon downloaded at 00:00 on 2023-01-05 expires at 2023-04-05 00:00 KST", "P-EMO-1", d90, at(2023, 1, 5, 0, 0, 0), at(2023, 4, 5, 0, 0, 0)},
		{"an emoticon downloaded at 23:59:59 on 2023-01-05 expires at the same instant", "P-EMO-1", d90, at(2023, 1, 5, 23, 59, 59), at(2023, 4, 5, 0, 0, 0)},
		{"an emoticon downloaded at 2023-01-04 15:00 UTC (2023-01-05 00:00 KST) counts from Jan 5", "P-EMO-1", d90, time.Date(2023, 1, 4, 15, 0, 0, 0, time.UTC), at(2023, 4, 5, 0, 0, 0)},
		{"an emoticon downloaded at 2023-01-04 14:59:59 UTC (Jan 4 KST) expires a day earlier", "P-EMO-1", d90, time.Date(2023, 1, 4, 14, 59, 59, 0, time.UTC), at(2023, 4, 4, 0, 0, 0)},
		{"a one-month pass issued 2023-01-05 ends 2023-02-05 00:00 KST", "P-DRAWER-1", m1, at(2023, 1, 5, 9, 30, 0), at(2023, 2, 5, 0, 0, 0)},
		{"a one-month pass issued 2023-01-28 ends 2023-02-28", "P-DRAWER-1", m1, at(2023, 1, 28, 12, 0, 0), at(2023, 2, 28, 0, 0, 0)},
		{"a one-month pass issued 2023-01-29 is clamped to 2023-02-28", "P-DRAWER-1", m1, at(2023, 1, 29, 12, 0, 0), at(2023, 2, 28, 0, 0, 0)},
		{"a one-month pass issued 2023-01-31 ends 2023-02-28, not in March", "P-DRAWER-1", m1, at(2023, 1, 31, 12, 0, 0), at(2023, 2, 28, 0, 0, 0)},
		{"a one-month pass issued 2024-01-31 ends 2024-02-29 in a leap year", "P-DRAWER-1", m1, at(2024, 1, 31, 12, 0, 0), at(2024, 2, 29, 0, 0, 0)},
		{"a one-month pass issued 2024-01-30 ends 2024-02-29", "P-DRAWER-1", m1, at(2024, 1, 30, 12, 0, 0), at(2024, 2, 29, 0, 0, 0)},
		{"a one-month pass issued 2023-03-31 ends 2023-04-30", "P-DRAWER-1", m1, at(2023, 3, 31, 0, 0, 0), at(2023, 4, 30, 0, 0, 0)},
		{"a one-month pass issued 2022-12-31 ends 2023-01-31 across the year", "P-DRAWER-1", m1, at(2022, 12, 31, 0, 0, 0), at(2023, 1, 31, 0, 0, 0)},
		{"thirteen months from 2023-01-31 end 2024-02-29", "P-DRAWER-1", m13, at(2023, 1, 31, 0, 0, 0), at(2024, 2, 29, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, ok := tt.v.Expiry(tt.issued)
			if !ok {
				t.Fatal("no expiry")
			}
			if !got.Equal(tt.want) || got.Location().String() != "KST" {
				t.Errorf("[%s] %s from %s: expires %s, want %s", tt.rule, tt.v, tt.issued, got, tt.want)
			}
		})
	}
}

func TestNinetyDaysAtTheirEdges(t *testing.T) {
	// [P-EMO-1] downloaded 2023-01-05: usable through 2023-04-04, gone on 2023-04-05.
	exp, _ := mustValidity(Days(90)).Expiry(at(2023, 1, 5, 14, 0, 0))
	g := Grant{IssuedAt: at(2023, 1, 5, 14, 0, 0), Expires: exp}
	for _, tt := range []struct {
		reason string
		t      time.Time
		usable bool
	}{
		{"the moment before the download is not usable", at(2023, 1, 5, 13, 59, 59), false},
		{"the download day is day 1", at(2023, 1, 5, 14, 0, 0), true},
		{"day 90, 2023-04-04 at 23:59:59 KST, is usable", at(2023, 4, 4, 23, 59, 59), true},
		{"day 91, 2023-04-05 at 00:00 KST, is not", at(2023, 4, 5, 0, 0, 0), false},
		{"2023-04-04 14:59:59 UTC is still day 90 in KST", time.Date(2023, 4, 4, 14, 59, 59, 0, time.UTC), true},
		{"2023-04-04 15:00 UTC is day 91 in KST", time.Date(2023, 4, 4, 15, 0, 0, 0, time.UTC), false},
	} {
		if got := g.Usable(tt.t); got != tt.usable {
			t.Errorf("[P-EMO-1] %s: usable %v, want %v", tt.reason, got, tt.usable)
		}
	}
}

func TestForeverNeverExpires(t *testing.T) {
	if _, ok := Forever().Expiry(at(2023, 1, 5, 0, 0, 0)); ok {
		t.Error("[P-EMO-1] a forever emoticon has an expiry")
	}
	var zero Validity
	if !zero.IsForever() {
		t.Error("the zero Validity is not Forever")
	}
	g := Grant{IssuedAt: at(2023, 1, 5, 0, 0, 0)}
	if !g.Usable(at(2123, 1, 5, 0, 0, 0)) {
		t.Error("a grant with no expiry is not usable a century on")
	}
}

func TestValidityRefusesNoLength(t *testing.T) {
	for _, n := range []int{0, -1} {
		if _, err := Days(n); !errors.Is(err, ErrInvalid) {
			t.Errorf("Days(%d) error = %v, want ErrInvalid", n, err)
		}
		if _, err := Months(n); !errors.Is(err, ErrInvalid) {
			t.Errorf("Months(%d) error = %v, want ErrInvalid", n, err)
		}
	}
	var got []string
	for _, v := range []Validity{Forever(), mustValidity(Days(1)), mustValidity(Days(90)), mustValidity(Months(1)), mustValidity(Months(2))} {
		got = append(got, v.String())
	}
	if diff := cmp.Diff([]string{"forever", "1 day", "90 days", "1 month", "2 months"}, got); diff != "" {
		t.Errorf("String mismatch (-want +got):\n%s", diff)
	}
}

func TestValidityInKorean(t *testing.T) {
	for _, tt := range []struct {
		v        Validity
		ko, en   string
		language string
	}{
		{Forever(), "영구", "forever", "ko"},
		{mustValidity(Days(90)), "90일", "90 days", "ko-KR"},
		{mustValidity(Months(1)), "1개월", "1 month", ""},
	} {
		if got := tt.v.StringIn(tt.language, nil); got != tt.ko {
			t.Errorf("StringIn(%q) = %q, want %q", tt.language, got, tt.ko)
		}
		if got := tt.v.StringIn("en-GB", nil); got != tt.en {
			t.Errorf("StringIn(en-GB) = %q, want %q", got, tt.en)
		}
	}
}
