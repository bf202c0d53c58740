package programme

import (
	"github.com/outagerelief/relief/eligibility"
	"github.com/shopspring/decimal"
)

// A CompactRecord is a decision's compact JSON form, what the simulator's
// -json writes for each claimant unless its trace is asked for: about a
// tenth of [Record]'s bytes. It keeps what a decision decides, and drops
// what follows from it and the programme:
//   - granted lists the benefits granted (the composed review included),
//     in the policy's order: a benefit not listed is not granted;
//   - each award is its benefit, amount and band (the band's bounds,
//     amount and cap are the schedule's, [compensation.Schedule]);
//   - small and review appear only when true;
//   - the items are those of the granted benefits ([Plan.ItemsFor]), and
//     the trace is left out: [Record] has both.
//
// A claimant granted nothing has "granted":[].
type CompactRecord struct {
	Claimant string           `json:"claimant"`
	Kind     eligibility.Kind `json:"kind"`
	Small    bool             `json:"small,omitempty"`
	Loss     decimal.Decimal  `json:"loss"`
	Granted  []string         `json:"granted"`
	Awards   []CompactAward   `json:"awards,omitempty"`
	Review   bool             `json:"review,omitempty"`
	// Letter is the claimant's letter (Plan.Letter), where one is
	// asked for.
	Letter string `json:"letter,omitempty"`
}

// A CompactAward is a cash award in a [CompactRecord]: the benefit, the
// amount and the band's index in its schedule (-1 for none).
type CompactAward struct {
	Benefit string          `json:"benefit"`
	Amount  decimal.Decimal `json:"amount"`
	Band    int             `json:"band"`
}

// FillCompact sets *r to the decision's compact record, reusing the
// slices r holds from an earlier fill, as [Decision.FillRecord] does.
func (d Decision) FillCompact(r *CompactRecord) {
	e := d.Eligibility
	granted, awards := r.Granted[:0], r.Awards[:0]
	if granted == nil {
		granted = make([]string, 0, 8) // [] in JSON, never null
	}
	d.EachGranted(func(_ int, benefit string) { granted = append(granted, benefit) })
	for _, pay := range d.Payments {
		awards = append(awards, CompactAward{Benefit: pay.Benefit, Amount: pay.Award.Amount, Band: pay.Award.BandIndex()})
	}
	if len(awards) == 0 {
		awards = nil
	}
	*r = CompactRecord{Claimant: e.ClaimantID, Kind: e.Kind, Small: e.Small, Loss: e.Loss, Granted: granted, Awards: awards, Review: d.Review}
}

// MarshalJSON encodes the record as [CompactRecord.AppendJSON] does.
func (r CompactRecord) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil), nil }

// AppendJSON appends the record's JSON form to b and returns the extended
// buffer: the bytes encoding/json writes for its fields and tags, written
// without reflection, as [Record.AppendJSON] is.
func (r CompactRecord) AppendJSON(b []byte) []byte {
	b = appendCompactHead(b, r.Claimant, r.Kind, r.Small, r.Loss)
	b = appendList(b, r.Granted, appendString)
	if len(r.Awards) > 0 {
		b = append(b, `,"awards":`...)
		b = appendList(b, r.Awards, appendCompactAward)
	}
	return appendCompactTail(b, r.Review, r.Letter)
}

// AppendCompactJSON appends the decision's compact record, with the
// letter where it is not "", to b and returns the extended buffer: the
// bytes [Decision.FillCompact] then [CompactRecord.AppendJSON] write,
// without a record in between, for a simulator writing millions of them.
func (d Decision) AppendCompactJSON(b []byte, letter string) []byte {
	e := &d.Eligibility
	b = appendCompactHead(b, e.ClaimantID, e.Kind, e.Small, e.Loss)
	b = append(b, '[')
	n := 0
	for i, en := range e.Entitlements {
		if !grantedAt(&d, i) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		if d.p != nil && i < len(d.p.quoted) && d.p.benefits[i].Key == en.Benefit {
			b = append(b, d.p.quoted[i]...) // the key, encoded once for the programme
		} else {
			b = appendString(b, en.Benefit)
		}
	}
	b = append(b, ']')
	if len(d.Payments) > 0 {
		b = append(b, `,"awards":[`...)
		for i, pay := range d.Payments {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCompactAward(b, CompactAward{Benefit: pay.Benefit, Amount: pay.Award.Amount, Band: pay.Award.BandIndex()})
		}
		b = append(b, ']')
	}
	return appendCompactTail(b, d.Review, letter)
}

// appendCompactHead opens a compact record: its fields up to the list of
// benefits granted, which comes next.
func appendCompactHead(b []byte, claimant string, kind eligibility.Kind, small bool, loss decimal.Decimal) []byte {
	b = append(b, `{"claimant":`...)
	b = appendString(b, claimant)
	b = append(b, `,"kind":`...)
	b = appendString(b, string(kind))
	if small {
		b = append(b, `,"small":true`...)
	}
	b = append(b, `,"loss":`...)
	b = appendDecimal(b, loss)
	return append(b, `,"granted":`...)
}

// appendCompactTail closes a compact record after its awards.
func appendCompactTail(b []byte, review bool, letter string) []byte {
	if review {
		b = append(b, `,"review":true`...)
	}
	return appendLetterAndClose(b, letter)
}

func appendCompactAward(b []byte, a CompactAward) []byte {
	return append(appendAwardHead(b, a.Benefit, a.Amount, a.Band), '}')
}
