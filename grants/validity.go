package grants

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/outagerelief/relief/internal/words"
	"github.com/outagerelief/relief/strictjson"
)

// validityKind says how a Validity ends.
type validityKind uint8

const (
	forever validityKind = iota // the zero Validity
	days
	months
	until
)

// Validity is how long a grant stays usable after it is issued. All
// computations are in KST, whatever the zone of the issue time.
//
// The zero Validity is [Forever].
type Validity struct {
	kind validityKind
	n    int
	at   time.Time // until: the instant the grant ends
}

// Forever returns a validity that never ends [P-EMO-1].
func Forever() Validity { return Validity{} }

// Days returns a validity of n days counted from the issue day, the issue
// day being day 1 [P-EMO-1]: the grant expires at 00:00 KST on the issue
// day plus n. It returns an error wrapping [ErrInvalid] unless
// 0 < n <= [MaxValidityDays].
func Days(n int) (Validity, error) {
	if n <= 0 || n > MaxValidityDays {
		return Validity{}, fmt.Errorf("%w: validity of %d days", ErrInvalid, n)
	}
	return Validity{kind: days, n: n}, nil
}

// Months returns a validity of n calendar months: the grant expires at
// 00:00 KST on the same day of the month n months after the issue day,
// or on that month's last day when it has no such day (issued January 31,
// one month ends February 28, or 29 in a leap year). It never spills into
// the month after, as [time.Time.AddDate] would. It returns an error
// wrapping [ErrInvalid] unless 0 < n <= [MaxValidityMonths].
func Months(n int) (Validity, error) {
	if n <= 0 || n > MaxValidityMonths {
		return Validity{}, fmt.Errorf("%w: validity of %d months", ErrInvalid, n)
	}
	return Validity{kind: months, n: n}, nil
}

// Until returns a validity that ends at a fixed instant, whenever the
// grant is issued ("to be activated by the end of 2023"). It returns an
// error wrapping [ErrInvalid] for an instant outside the instant domain.
func Until(t time.Time) (Validity, error) {
	if err := CheckInstant("validity until", t); err != nil {
		return Validity{}, err
	}
	return Validity{kind: until, at: t}, nil
}

// mustValidity is for the catalogue's literals.
func mustValidity(v Validity, err error) Validity {
	if err != nil {
		panic(err)
	}
	return v
}

// valid reports whether v is one the constructors return.
func (v Validity) valid() bool {
	switch v.kind {
	case forever:
		return v.n == 0
	case days:
		return v.n > 0 && v.n <= MaxValidityDays
	case months:
		return v.n > 0 && v.n <= MaxValidityMonths
	case until:
		return v.n == 0 && CheckInstant("", v.at) == nil
	}
	return false
}

// IsForever reports whether the validity never ends.
func (v Validity) IsForever() bool { return v.kind == forever }

// Expiry returns the instant, in KST, from which a grant issued at issued
// is no longer usable; ok is false for a validity that never ends. It is
// [Validity.ExpiryIn] KST. It does not allocate.
func (v Validity) Expiry(issued time.Time) (expires time.Time, ok bool) {
	return v.ExpiryIn(issued, kst)
}

// ExpiryIn returns the instant from which a grant issued at issued is no
// longer usable, its days counted in zone: 00:00 of a day there, daylight
// saving included (a grant issued at 01:00 in Sydney counts that day as
// its first). ok is false for a validity that never ends. A validity
// until an instant ends then, whatever the issue.
func (v Validity) ExpiryIn(issued time.Time, zone *time.Location) (expires time.Time, ok bool) {
	if zone == nil {
		zone = kst
	}
	y, m, d := issued.In(zone).Date()
	switch v.kind {
	case days:
		return time.Date(y, m, d+v.n, 0, 0, 0, 0, zone), true
	case months:
		// Months from the first of the month cannot spill; then clamp the day.
		first := time.Date(y, m+time.Month(v.n), 1, 0, 0, 0, 0, zone)
		ey, em, _ := first.Date()
		return time.Date(ey, em, min(d, daysIn(ey, em)), 0, 0, 0, 0, zone), true
	case until:
		return v.at.In(zone), true
	}
	return time.Time{}, false
}

// EndsAt returns the instant of a validity until an instant; ok is false
// for any other.
func (v Validity) EndsAt() (time.Time, bool) { return v.at, v.kind == until }

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String describes the validity: "forever", "90 days" or "1 month".
func (v Validity) String() string {
	switch {
	case v.kind == days && v.n == 1:
		return "1 day"
	case v.kind == days:
		return fmt.Sprintf("%d days", v.n)
	case v.kind == months && v.n == 1:
		return "1 month"
	case v.kind == months:
		return fmt.Sprintf("%d months", v.n)
	case v.kind == until:
		return "until " + v.at.Format(time.RFC3339)
	}
	return "forever"
}

// StringIn describes the validity in lang: "ko" (Korean: "영구", "90일",
// "1개월") for a tag that is not English, as String does for "en"; a
// validity until an instant gives its day (and its time, where it is not
// midnight) in zone.
func (v Validity) StringIn(lang string, zone *time.Location) string {
	if zone == nil {
		zone = kst
	}
	if v.kind == until {
		at := v.at.In(zone)
		end := words.Date(at.Add(-time.Nanosecond), zone, lang) // the last day it is usable
		if h, m, s := at.Clock(); h != 0 || m != 0 || s != 0 || at.Nanosecond() != 0 {
			end = words.DateTime(at, zone, lang)
			if words.IsEnglish(lang) {
				return "until " + end
			}
			return end + "까지"
		}
		if words.IsEnglish(lang) {
			return "to the end of " + end
		}
		return end + "까지"
	}
	if words.IsEnglish(lang) {
		return v.String()
	}
	switch v.kind {
	case days:
		return fmt.Sprintf("%d일", v.n)
	case months:
		return fmt.Sprintf("%d개월", v.n)
	}
	return "영구"
}

// validityJSON is a Validity's JSON form: "forever", or an object of one
// key.
type validityJSON struct {
	Days   int       `json:"days,omitempty"`
	Months int       `json:"months,omitempty"`
	Until  time.Time `json:"until,omitzero"`
}

// MarshalJSON encodes the validity: "forever", {"days": 90},
// {"months": 1} or {"until": "2024-01-01T00:00:00+11:00"}.
func (v Validity) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case days:
		return json.Marshal(validityJSON{Days: v.n})
	case months:
		return json.Marshal(validityJSON{Months: v.n})
	case until:
		return json.Marshal(validityJSON{Until: v.at})
	}
	return []byte(`"forever"`), nil
}

// UnmarshalJSON decodes a validity as MarshalJSON writes it, through
// [Days], [Months] and [Until]; anything else is an error wrapping
// [ErrInvalid].
func (v *Validity) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		if s != "forever" {
			return fmt.Errorf("%w: validity %q: want \"forever\" or {\"days\": N}, {\"months\": N}, {\"until\": instant}", ErrInvalid, clip(s))
		}
		*v = Forever()
		return nil
	}
	var j struct {
		Days   *json.Number `json:"days"`
		Months *json.Number `json:"months"`
		Until  *time.Time   `json:"until"`
	}
	if err := strictjson.Decode(b, &j); err != nil {
		return fmt.Errorf("%w: validity: %w", ErrInvalid, err)
	}
	var out Validity
	var err error
	switch {
	case j.Days != nil && j.Months == nil && j.Until == nil:
		out, err = whole(*j.Days, "days", Days)
	case j.Months != nil && j.Days == nil && j.Until == nil:
		out, err = whole(*j.Months, "months", Months)
	case j.Until != nil && j.Days == nil && j.Months == nil:
		out, err = Until(*j.Until)
	default:
		err = fmt.Errorf("%w: validity %s: one of days, months or until", ErrInvalid, clip(string(b)))
	}
	if err != nil {
		return err
	}
	*v = out
	return nil
}

// whole reads a count of days or months for make: a whole number in its
// domain.
func whole(n json.Number, unit string, make func(int) (Validity, error)) (Validity, error) {
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil {
		return Validity{}, fmt.Errorf("%w: validity of %s %s: not a whole number of %[3]s in range", ErrInvalid, clip(string(n)), unit)
	}
	return make(int(i))
}

// same reports whether v and w are the same validity.
func (v Validity) same(w Validity) bool { return v.kind == w.kind && v.n == w.n && v.at.Equal(w.at) }
