package grants

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// ItemKind is what sort of grant an item is. The zero ItemKind is not
// valid: [NewCatalogue] refuses it.
type ItemKind uint8

// The kinds of item.
const (
	Emoticon   ItemKind = iota + 1 // an emoticon set [P-EMO-1]
	Coupon                         // a discount coupon [P-COUPON-1]
	Pass                           // a subscription pass [P-DRAWER-1]
	Credit                         // cash credited to an account: advertising cash [P-CHANNEL-1]
	BillCredit                     // an amount taken off a bill, the cash decision's [KT21-1, AH-1]
	Data                           // a data allowance, a quantity and its unit [OP-1]
	Voucher                        // a voucher of a face value
)

var kindNames = [...]string{Emoticon: "emoticon", Coupon: "coupon", Pass: "pass", Credit: "credit",
	BillCredit: "bill-credit", Data: "data", Voucher: "voucher"}

// String returns the kind's name, e.g. "coupon".
func (k ItemKind) String() string {
	if k.IsValid() {
		return kindNames[k]
	}
	return fmt.Sprintf("ItemKind(%d)", uint8(k))
}

// IsValid reports whether k is one of the ItemKind constants.
func (k ItemKind) IsValid() bool { return k >= Emoticon && k <= Voucher }

// MarshalText encodes the kind by name.
func (k ItemKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a kind by name; an unknown one is an error
// wrapping [ErrInvalid].
func (k *ItemKind) UnmarshalText(b []byte) error {
	for v := Emoticon; v <= Voucher; v++ {
		if kindNames[v] == string(b) {
			*k = v
			return nil
		}
	}
	return fmt.Errorf("%w: item kind %q (want emoticon, coupon, pass, credit, bill-credit, data or voucher)", ErrInvalid, clip(string(b)))
}

// Item is one grant of a programme's catalogue. Items are values; the
// catalogue's are built by [Kakao1015]. [NewCatalogue] checks each field's
// domain.
type Item struct {
	// ID is stable across versions: ledgers key on it. It is in the
	// identity domain ([CheckIdentity]).
	ID string `json:"id"`
	// Name is the item as people read it: {"톡서랍 플러스 1개월 이용권",
	// "Talk Drawer Plus, one month"}.
	Name Text     `json:"name"`
	Kind ItemKind `json:"kind"`
	Rule string   `json:"rule"` // the policy tag it implements
	// Benefit names the benefit of the programme the item fulfils, by
	// the key the programme declares it with (e.g. "emoticon-bundle"): a
	// host maps a decision's granted benefits to items with
	// [Catalogue.ForBenefit], and checks every item's key against the
	// declared benefits when it composes a programme.
	Benefit string `json:"benefit"`
	// Validity is how long a grant stays usable.
	Validity Validity `json:"validity"`
	// Cap is how many may be issued in all; 0 is no cap.
	Cap int64 `json:"cap,omitempty"`
	// Window is when the item may be claimed. An item whose window is the
	// zero ClaimWindow can never be claimed.
	Window ClaimWindow `json:"window"`
	// Value is the face value in the catalogue's currency: a coupon's
	// discount, Channel cash, a voucher.
	Value decimal.Decimal `json:"value,omitzero"`
	// ValueFrom names the cash benefit whose award is the item's amount:
	// a bill credit of what the cash decision pays. A composition checks
	// it names a cash benefit; Value is then zero.
	ValueFrom string `json:"valueFrom,omitempty"`
	// Quantity and Unit are a data allowance's size: 200 and {"GB",
	// "GB"}; a quantity of zero with a unit names an allowance without a
	// size ("unlimited weekend data").
	Quantity decimal.Decimal `json:"quantity,omitzero"`
	Unit     Text            `json:"unit,omitzero"`
	// MinOrder is a coupon's minimum order [P-COUPON-1].
	MinOrder decimal.Decimal `json:"minOrder,omitzero"`
	// Delivery says how the item reaches its holder, where it is not
	// claimed in the programme's channel; where the sources do not say,
	// it says that they do not [P-CHANNEL-1]. Empty: the programme's
	// channel.
	Delivery Text `json:"delivery,omitzero"`
	// Renews is the subscription the item's free time renews into unless
	// cancelled [P-DRAWER-1]; nil for an item that does not renew.
	Renews *Renewal `json:"renews,omitempty"`
	// Zone is where the item's days are counted (a validity of days or
	// months); the catalogue sets it to its own. Nil is KST.
	Zone *time.Location `json:"-"`
}

// Grant is one issued unit of an item to a recipient.
type Grant struct {
	Item      string `json:"item"`
	Recipient string `json:"recipient"`
	// Serial identifies the grant among its item's, from 1; the ledger
	// assigns it. A capped item's serials are within 1..cap, but not
	// necessarily in the order of issue (see [Ledger]).
	Serial   int64     `json:"serial"`
	IssuedAt time.Time `json:"issuedAt"`
	// Expires is the instant from which the grant is no longer usable;
	// the zero Time for a grant that never expires.
	Expires time.Time `json:"expires,omitzero"`
}

// Usable reports whether the grant can be used at t: from its issue until
// it expires, the expiry instant excluded.
func (g Grant) Usable(t time.Time) bool {
	return !t.Before(g.IssuedAt) && (g.Expires.IsZero() || t.Before(g.Expires))
}

// Claim issues the item to recipient at the instant at through ledger:
// it checks the claim window, computes the expiry, and asks the ledger to
// issue within the item's cap. A retry returns the grant already issued.
//
// Claim returns an error wrapping:
//   - [ErrInvalid] for a recipient outside the identity domain
//     ([CheckIdentity]) or an at outside the instant domain
//     ([CheckInstant]);
//   - [ErrNotOpen] or [ErrClosed] outside the window (a [*WindowError]);
//   - [ErrSoldOut] when the cap is reached;
//   - the context's error when ctx is done;
//   - whatever else the ledger returns.
func (it Item) Claim(ctx context.Context, ledger Ledger, recipient string, at time.Time) (Grant, error) {
	r, err := it.Request(recipient, at)
	if err != nil {
		return Grant{}, err
	}
	return ledger.Issue(ctx, r.Grant, r.Cap)
}

// Request returns the request a claim of the item by recipient at the
// instant at puts to a ledger: the grant, with its expiry, and the item's
// cap. Put many of them, to many recipients, in one [Ledger.IssueBatch]
// to issue in bulk. It returns the errors of [Item.Claim] that come
// before the ledger: [ErrInvalid] for a recipient or an instant outside
// its domain, and a [*WindowError] outside the claim window.
func (it Item) Request(recipient string, at time.Time) (Request, error) {
	if err := CheckIdentity("recipient", recipient); err != nil {
		return Request{}, fmt.Errorf("claim %s: %w", it.ID, err)
	}
	if err := CheckInstant("claim time", at); err != nil {
		return Request{}, fmt.Errorf("claim %s: %w", it.ID, err)
	}
	if err := it.Window.Check(at); err != nil {
		return Request{}, fmt.Errorf("claim %s: %w", it.ID, err)
	}
	zone := it.Zone
	if zone == nil {
		zone = kst
	}
	if end, ok := it.Validity.EndsAt(); ok && !end.After(at) {
		return Request{}, fmt.Errorf("claim %s: %w", it.ID, &WindowError{Window: it.Window, At: at, Err: ErrClosed})
	}
	g := Grant{Item: it.ID, Recipient: recipient, IssuedAt: at.In(zone)}
	g.Expires, _ = it.Validity.ExpiryIn(at, zone)
	return Request{Grant: g, Cap: it.Cap}, nil
}

// Discount returns what a coupon takes off an order of order won: its
// Value, but never more than the order [P-COUPON-1]. It returns an error
// wrapping [ErrNotCoupon] for another kind of item, [ErrRange] for an
// order that is negative or outside the amount domain ([MaxDigits],
// [MaxExponent]), and [ErrBelowMinimum] for an order below MinOrder.
func (it Item) Discount(order decimal.Decimal) (decimal.Decimal, error) {
	if it.Kind != Coupon {
		return decimal.Decimal{}, fmt.Errorf("%s: %w", it.ID, ErrNotCoupon)
	}
	if err := checkAmount("order", order); err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s: %w", it.ID, err)
	}
	switch {
	case order.Cmp(it.MinOrder) < 0:
		return decimal.Decimal{}, fmt.Errorf("%s: %w: order of %s won, minimum %s won", it.ID, ErrBelowMinimum, order, it.MinOrder)
	}
	return decimal.Min(it.Value, order), nil
}
