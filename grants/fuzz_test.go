package grants

import (
	"testing"
	"time"
)

// FuzzExpiry checks that no issue time or length panics, that an expiry
// is never before its issue, always at 00:00 KST, and that a month's end
// never spills past the month it aims at.
func FuzzExpiry(f *testing.F) {
	f.Add(int64(1672876800), 90, true)
	f.Add(int64(1675090800), 1, false)
	f.Add(int64(-62135596800), 1, false)
	f.Fuzz(func(t *testing.T, unix int64, n int, inDays bool) {
		if n > 100_000 || unix < -50_000_000_000 || unix > 50_000_000_000 {
			return // beyond any year time.Date represents sanely
		}
		issued := time.Unix(unix, 0)
		var v Validity
		var err error
		if inDays {
			v, err = Days(n)
		} else {
			v, err = Months(n)
		}
		if err != nil {
			if n > 0 {
				t.Fatalf("n = %d refused: %v", n, err)
			}
			return
		}
		exp, ok := v.Expiry(issued)
		if !ok {
			t.Fatal("a bounded validity has no expiry")
		}
		if !exp.After(issued) {
			t.Errorf("%s from %v expires %v, not after the issue", v, issued, exp)
		}
		if h, m, s := exp.In(kst).Clock(); h != 0 || m != 0 || s != 0 || exp.Nanosecond() != 0 {
			t.Errorf("%s from %v expires %v, not at 00:00 KST", v, issued, exp)
		}
		if !inDays {
			y, mo, _ := issued.In(kst).Date()
			want := (int(mo) - 1 + n) % 12
			if got := int(exp.In(kst).Month()) - 1; got != want || exp.In(kst).Year() != y+(int(mo)-1+n)/12 {
				t.Errorf("%s from %v ends %v, outside the target month", v, issued, exp)
			}
		}
	})
}
