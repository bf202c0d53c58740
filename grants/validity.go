package grants

import (
	"fmt"
	"time"

	"github.com/outagerelief/relief/internal/words"
)

// validityKind says how a Validity ends.
type validityKind uint8

const (
	forever validityKind = iota // the zero Validity
	days
	months
)

// Validity is how long a grant stays usable after it is issued. All
// computations are in KST, whatever the zone of the issue time.
//
// The zero Validity is [Forever].
type Validity struct {
	kind validityKind
	n    int
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
	}
	return false
}

// IsForever reports whether the validity never ends.
func (v Validity) IsForever() bool { return v.kind == forever }

// Expiry returns the instant, in KST, from which a grant issued at issued
// is no longer usable; ok is false for a validity that never ends. It does
// not allocate.
func (v Validity) Expiry(issued time.Time) (expires time.Time, ok bool) {
	y, m, d := issued.In(kst).Date()
	switch v.kind {
	case days:
		return time.Date(y, m, d+v.n, 0, 0, 0, 0, kst), true
	case months:
		// Months from the first of the month cannot spill; then clamp the day.
		first := time.Date(y, m+time.Month(v.n), 1, 0, 0, 0, 0, kst)
		ey, em, _ := first.Date()
		return time.Date(ey, em, min(d, daysIn(ey, em)), 0, 0, 0, 0, kst), true
	}
	return time.Time{}, false
}

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
	}
	return "forever"
}

// StringIn describes the validity in lang: "ko" (Korean: "영구", "90일",
// "1개월") for a tag that is not English, as String does for "en".
func (v Validity) StringIn(lang string) string {
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

// MarshalText encodes the validity as [Validity.String] writes it.
func (v Validity) MarshalText() ([]byte, error) { return []byte(v.String()), nil }
