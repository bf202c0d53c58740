package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/identity"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/strictjson"
)

// maxBody is the largest request body accepted.
const maxBody = 1 << 20

var kst = eligibility.KST()

// server is the HTTP API over a programme and a ledger.
type server struct {
	p      programme.Plan
	ledger grants.Ledger
	// ping says whether the ledger's database answers; nil for a ledger in
	// memory, which always does.
	ping func(context.Context) error
	// clock is the issuer's clock: every issue happens at its time, never
	// at a time a request names.
	clock func() time.Time
	// token guards the issuing endpoints; "" leaves them open (serve then
	// listens on loopback only).
	token string
	// dbTimeout bounds every ledger call.
	dbTimeout time.Duration
	log       *slog.Logger
	metrics   *metrics
	issued    *issuedCache // GET /v1/items' counts; made by handler
}

// handler returns the API's routes:
//
//	POST /v1/claims           decide a claim and issue what it entitles (bearer token)
//	POST /v1/decisions        decide a claim as of a date, issuing nothing
//	GET  /v1/items/{id}       an item's issued count (at most a second old) and cap
//	GET  /healthz             the process lives
//	GET  /readyz              the ledger's database answers
//	GET  /metrics             Prometheus text format
//	GET  /openapi.json        the OpenAPI 3.1 document of all of these
func (s *server) handler() http.Handler {
	if s.metrics == nil {
		s.metrics = newMetrics()
	}
	if s.log == nil {
		s.log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	if s.issued == nil {
		s.issued = newIssuedCache(time.Now)
	}
	mux := http.NewServeMux()
	route := func(method, path, name string, h func(*request)) {
		mux.Handle(path, s.wrap(name, func(r *request) {
			if m := r.r.Method; m != method && !(method == http.MethodGet && m == http.MethodHead) {
				r.w.Header().Set("Allow", method)
				r.fail(http.StatusMethodNotAllowed, fmt.Errorf("method %s not allowed, use %s", m, method))
				return
			}
			h(r)
		}))
	}
	route(http.MethodPost, "/v1/claims", "claims", s.auth(s.claims))
	route(http.MethodPost, "/v1/decisions", "decisions", s.decide)
	route(http.MethodGet, "/v1/items/{id...}", "items", s.item)
	route(http.MethodGet, "/healthz", "healthz", func(r *request) { r.respond(http.StatusOK, map[string]string{"status": "ok"}) })
	route(http.MethodGet, "/readyz", "readyz", s.readyz)
	route(http.MethodGet, "/metrics", "metrics", func(r *request) {
		var body bytes.Buffer // encoded in full before the status is written
		if err := s.metrics.write(&body); err != nil {
			r.detail = err
			r.respondError(http.StatusInternalServerError, "internal error")
			return
		}
		r.w.Header().Set("Content-Type", string(textFormat))
		r.w.WriteHeader(http.StatusOK)
		r.w.Write(body.Bytes())
		r.status = http.StatusOK
	})
	route(http.MethodGet, "/openapi.json", "openapi", func(r *request) {
		r.w.Header().Set("Content-Type", "application/json")
		r.w.WriteHeader(http.StatusOK)
		r.w.Write(openAPI)
		r.status = http.StatusOK
	})
	mux.Handle("/", s.wrap("other", func(r *request) {
		r.fail(http.StatusNotFound, fmt.Errorf("no route %s %s", r.r.Method, clipPath(r.r.URL.Path)))
	}))
	return mux
}

// openAPI is the service's OpenAPI 3.1 document, served as it is in the
// repository; every request and response of the tests is validated
// against it.
//
//go:embed openapi.json
var openAPI []byte

// request is one request in flight: its ID, for the client and the log,
// and the status it was answered with.
type request struct {
	s      *server
	w      http.ResponseWriter
	r      *http.Request
	id     string
	status int
	detail error // logged, never sent
}

// wrap gives every request an ID, answers a method the route does not
// take with 405, logs it, counts it and recovers a panic as a 500.
func (s *server) wrap(name string, h func(*request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		start := time.Now()
		r := &request{s: s, w: w, r: hr, id: newRequestID()}
		w.Header().Set("X-Request-ID", r.id)
		defer func() {
			if p := recover(); p != nil {
				r.detail = fmt.Errorf("panic: %v", p)
				r.respondError(http.StatusInternalServerError, "internal error")
			}
			took := time.Since(start)
			s.metrics.request(name, r.status, took)
			level := slog.LevelInfo
			if r.status >= 500 {
				level = slog.LevelError
			}
			attrs := []any{"id", r.id, "method", clipPath(hr.Method), "path", clipPath(hr.URL.Path), "route", name, "status", r.status, "ms", took.Milliseconds()}
			if r.detail != nil {
				attrs = append(attrs, "error", clipLog(r.detail.Error()))
			}
			s.log.Log(hr.Context(), level, "request", attrs...)
		}()
		h(r)
	})
}

// clipPath shortens a path, or anything else a client wrote, quoted back
// to the client or logged: its first 64 bytes (a rune cut there is
// dropped).
func clipPath(p string) string {
	if len(p) > 64 {
		return strings.ToValidUTF8(p[:64], "") + "..."
	}
	return p
}

// clipLog bounds an error logged or answered: 512 bytes (a rune cut
// there is dropped).
func clipLog(s string) string {
	if len(s) > 512 {
		return strings.ToValidUTF8(s[:512], "") + "..."
	}
	return s
}

// statusClientClosed is the status logged for a request whose client
// went away before its answer (nginx's 499): nothing is sent.
const statusClientClosed = 499

// newRequestID returns 16 random hex digits.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// respond encodes v in full before it writes the status, so that a
// response is never half written.
func (r *request) respond(status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		r.detail = fmt.Errorf("encoding the response: %w", err)
		r.respondError(http.StatusInternalServerError, "internal error")
		return
	}
	r.w.Header().Set("Content-Type", "application/json")
	if r.r.Method == http.MethodHead {
		r.w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
		r.w.WriteHeader(status)
		r.status = status
		return
	}
	r.w.WriteHeader(status)
	r.w.Write(append(body, '\n'))
	r.status = status
}

// apiError is the body of every error response.
type apiError struct {
	Status    int    `json:"status"`
	Error     string `json:"error"`
	RequestID string `json:"requestId"`
}

// fail answers a client's error with its message.
func (r *request) fail(status int, err error) {
	r.detail = err
	r.respondError(status, err.Error())
}

func (r *request) respondError(status int, msg string) {
	r.respond(status, apiError{Status: status, Error: msg, RequestID: r.id})
}

// unavailable answers a ledger failure: 503 with Retry-After, the detail
// in the log only. A client that went away is no failure of the ledger:
// its request is logged with status 499 (client closed request), not as
// an error, not counted as a ledger error, and answered with nothing.
func (r *request) unavailable(err error) {
	if r.r.Context().Err() != nil {
		r.detail, r.status = fmt.Errorf("the client went away: %w", err), statusClientClosed
		return
	}
	r.detail = err
	r.s.metrics.dbError()
	r.w.Header().Set("Retry-After", "1")
	r.respondError(http.StatusServiceUnavailable, "the ledger is unavailable; retry")
}

// auth requires the bearer token, compared in constant time.
func (s *server) auth(h func(*request)) func(*request) {
	want := sha256.Sum256([]byte(s.token))
	return func(r *request) {
		if s.token == "" {
			h(r)
			return
		}
		// The scheme's name is case-insensitive (RFC 7235 section 2.1).
		scheme, got, _ := strings.Cut(r.r.Header.Get("Authorization"), " ")
		ok := strings.EqualFold(scheme, "Bearer")
		got = strings.TrimLeft(got, " ")
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			r.w.Header().Set("WWW-Authenticate", `Bearer realm="relief"`)
			r.fail(http.StatusUnauthorized, errors.New("a valid bearer token is required"))
			return
		}
		h(r)
	}
}

// decodeBody reads one JSON object into v: unknown fields, trailing data
// and bodies over maxBody are errors, with the status to answer. The
// Content-Type header is not required (curl -d sends a form type): the
// body is JSON or it is refused.
//
// The body is read whole (at most maxBody bytes) and decoded by
// strictjson.Decode: before anything is parsed, invalid UTF-8, a key twice,
// a key that matches a field only by case and a number of more than 100
// characters are refused; the error names the field, never a Go type.
func decodeBody(r *request, v any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(r.w, r.r.Body, maxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		r.fail(http.StatusRequestEntityTooLarge, fmt.Errorf("body over %d bytes", tooBig.Limit))
		return false
	case err != nil:
		r.fail(http.StatusBadRequest, errors.New("the body could not be read"))
		return false
	case len(bytes.TrimSpace(body)) == 0:
		r.fail(http.StatusBadRequest, errors.New("empty body, want a JSON object"))
		return false
	}
	if err := strictjson.Decode(body, v); err != nil {
		r.fail(http.StatusBadRequest, fmt.Errorf("bad JSON: %s", clipLog(strings.TrimPrefix(err.Error(), "json: "))))
		return false
	}
	return true
}

// checkIdentities refuses a claim whose claimant or report IDs are not
// in the identity domain (package identity): the rule the claims file's
// reader applies too.
func checkIdentities(r *request, req *claimRequest) bool {
	if err := identity.Check("claimant.id", req.Claimant.ID); err != nil {
		r.fail(http.StatusBadRequest, err)
		return false
	}
	for i, rep := range req.Reports {
		if err := identity.Check(fmt.Sprintf("reports[%d].id", i), rep.ID); err != nil {
			r.fail(http.StatusBadRequest, err)
			return false
		}
	}
	return true
}

// date is a calendar date in JSON, "2023-06-01", read as 00:00 of that
// day in UTC; the server takes it in the programme's zone (in).
type date struct{ time.Time }

// in is the date's 00:00 in zone.
func (d date) in(zone *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, zone)
}

// UnmarshalJSON reads "2023-06-01" as a calendar day.
func (d *date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("at: want a date string like \"2023-06-01\"")
	}
	t, err := time.ParseInLocation(time.DateOnly, s, time.UTC)
	if err != nil {
		return fmt.Errorf("at: %q is not a date like 2023-06-01", s)
	}
	d.Time = t
	return nil
}

type claimRequest struct {
	Claimant eligibility.Claimant `json:"claimant"`
	Reports  []eligibility.Report `json:"reports"`
}

type decisionRequest struct {
	claimRequest
	// At is the date the decision is about; the server's date when absent.
	At *date `json:"at"`
}

// decide answers what a claim would get on a date: a what-if that
// issues nothing.
func (s *server) decide(r *request) {
	var req decisionRequest
	if !decodeBody(r, &req) || !checkIdentities(r, &req.claimRequest) {
		return
	}
	at := s.clock()
	if req.At != nil {
		at = req.At.in(s.p.Zone())
	}
	d, err := s.p.Decide(programme.Claim{Claimant: req.Claimant, Reports: req.Reports}, at)
	if err != nil {
		r.fail(http.StatusBadRequest, err)
		return
	}
	lang, ok := langOf(r)
	if !ok {
		return
	}
	if lang == "" {
		r.respond(http.StatusOK, d.Record(""))
		return
	}
	rec := d.Record(lang)
	rec.Letter = s.p.Letter(d, lang)
	r.respond(http.StatusOK, rec)
}

// langOf reads ?lang=ko or ?lang=en: the trace's sentences and the
// letter, in that language. Without it, a decision carries codes only.
func langOf(r *request) (string, bool) {
	switch lang := r.r.URL.Query().Get("lang"); lang {
	case "", "ko", "en":
		return lang, true
	default:
		r.fail(http.StatusBadRequest, fmt.Errorf("lang: %q is not ko or en", clipPath(lang)))
		return "", false
	}
}

// grantOutcome is what a claim did with one item its decision entitles.
type grantOutcome struct {
	Item string `json:"item"`
	// Status is "issued" (now), "held" (issued before: a retry), or the
	// reason it was not: "sold-out", "not-open", "closed".
	Status string        `json:"status"`
	Grant  *grants.Grant `json:"grant,omitempty"`
}

type claimResponse struct {
	Decision programme.Record `json:"decision"`
	Grants   []grantOutcome   `json:"grants"`
	// Letter is the claimant's letter, with ?lang=ko or ?lang=en.
	Letter string `json:"letter,omitempty"`
}

// claims decides a claim at the server's clock and issues exactly the
// grants the decision entitles, idempotently: a retry answers the same
// grants, held. A sold-out item or a closed window is that item's
// outcome, not the claim's failure.
func (s *server) claims(r *request) {
	var req claimRequest
	if !decodeBody(r, &req) || !checkIdentities(r, &req) {
		return
	}
	lang, ok := langOf(r)
	if !ok {
		return
	}
	now := s.clock()
	c := programme.Claim{Claimant: req.Claimant, Reports: req.Reports}
	d, err := s.p.Decide(c, now)
	if err != nil {
		r.fail(http.StatusBadRequest, err)
		return
	}
	items := d.Items()
	ctx, cancel := context.WithTimeout(r.r.Context(), s.dbTimeout)
	defer cancel()
	out, err := grants.ClaimAll(ctx, s.ledger, items, c.Claimant.ID, now)
	switch {
	case errors.Is(err, grants.ErrInvalid):
		r.fail(http.StatusBadRequest, fmt.Errorf("claimant.id: %w", err))
		return
	case err != nil:
		r.unavailable(err)
		return
	}
	res := claimResponse{Decision: d.Record(lang), Grants: make([]grantOutcome, len(items))}
	if lang != "" {
		res.Letter = s.p.Letter(d, lang)
	}
	for i, o := range out {
		g := grantOutcome{Item: items[i].ID}
		switch {
		case o.Err == nil:
			g.Status, g.Grant = "held", &out[i].Grant
			if o.New {
				g.Status = "issued"
			}
		case errors.Is(o.Err, grants.ErrSoldOut):
			g.Status = "sold-out"
		case errors.Is(o.Err, grants.ErrNotOpen):
			g.Status = "not-open"
		case errors.Is(o.Err, grants.ErrClosed):
			g.Status = "closed"
		default:
			r.unavailable(o.Err)
			return
		}
		s.metrics.grant(g.Item, g.Status)
		res.Grants[i] = g
	}
	r.respond(http.StatusOK, res)
}

type itemResponse struct {
	Item   string `json:"item"`
	Name   string `json:"name"`
	Issued int64  `json:"issued"`
	Cap    int64  `json:"cap,omitempty"`
}

func (s *server) item(r *request) {
	id := r.r.PathValue("id")
	it, err := s.p.Catalogue().Item(id)
	if err != nil {
		r.fail(http.StatusNotFound, fmt.Errorf("unknown item %q", clipPath(id)))
		return
	}
	ctx, cancel := context.WithTimeout(r.r.Context(), s.dbTimeout)
	defer cancel()
	n, err := s.issued.get(ctx, it.ID, s.ledger.Issued)
	if err != nil {
		r.unavailable(err)
		return
	}
	r.respond(http.StatusOK, itemResponse{Item: it.ID, Name: it.Name.In(eligibility.English), Issued: n, Cap: it.Cap})
}

// issuedMaxAge is how old a count GET /v1/items answers with may be:
// counting an item's grants scans them, and the endpoint is open to
// anyone, so the ledger counts each item at most once a second however
// often it is asked.
const issuedMaxAge = time.Second

// issuedCache keeps each item's last issued count. One count runs at a
// time; a request waiting its turn gives up at its deadline.
type issuedCache struct {
	turn   chan struct{} // held while looking up or counting
	now    func() time.Time
	counts map[string]issuedCount
}

type issuedCount struct {
	n  int64
	at time.Time
}

func newIssuedCache(now func() time.Time) *issuedCache {
	return &issuedCache{turn: make(chan struct{}, 1), now: now, counts: map[string]issuedCount{}}
}

// get returns item's count, from count where the one kept is older than
// issuedMaxAge (or from the future: a clock set back).
func (c *issuedCache) get(ctx context.Context, item string, count func(context.Context, string) (int64, error)) (int64, error) {
	select {
	case c.turn <- struct{}{}:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	defer func() { <-c.turn }()
	now := c.now()
	if e, ok := c.counts[item]; ok && !now.Before(e.at) && now.Sub(e.at) < issuedMaxAge {
		return e.n, nil
	}
	n, err := count(ctx, item)
	if err != nil {
		return 0, err
	}
	c.counts[item] = issuedCount{n, now}
	return n, nil
}

// readyz answers whether the ledger's database answers, within the
// deadline.
func (s *server) readyz(r *request) {
	if s.ping != nil {
		ctx, cancel := context.WithTimeout(r.r.Context(), s.dbTimeout)
		defer cancel()
		if err := s.ping(ctx); err != nil {
			r.unavailable(err)
			return
		}
	}
	r.respond(http.StatusOK, map[string]string{"status": "ready"})
}
