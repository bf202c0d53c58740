package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
)

// maxBody is the largest request body accepted.
const maxBody = 1 << 20

var kst = eligibility.KST()

// server is the HTTP API over a programme and a ledger.
type server struct {
	p      programme.Programme
	ledger grants.Ledger
	now    func() time.Time // the default time of a request that names none
}

// handler returns the API's routes:
//
//	POST /v1/decisions        decide a claimant's case
//	POST /v1/grants           issue a grant (idempotent)
//	GET  /v1/items/{id}       an item's issued count and cap
//	GET  /healthz             liveness
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/decisions", only(http.MethodPost, s.decide))
	mux.HandleFunc("/v1/grants", only(http.MethodPost, s.issue))
	mux.HandleFunc("/v1/items/{id...}", only(http.MethodGet, s.item))
	mux.HandleFunc("/healthz", only(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Errorf("no route %s %s", r.Method, r.URL.Path))
	})
	return mux
}

// only answers other methods with 405 and a JSON error.
func only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			w.Header().Set("Allow", method)
			writeError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s not allowed, use %s", r.Method, method))
			return
		}
		h(w, r)
	}
}

// apiError is the body of every error response.
type apiError struct {
	Status int    `json:"status"`
	Error  string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, apiError{Status: status, Error: err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decodeBody reads one JSON object into v: unknown fields, trailing data
// and bodies over maxBody are errors, with the status to answer. The
// Content-Type header is not required (curl -d sends a form type): the
// body is JSON or it is refused.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) (int, error) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Errorf("body over %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return http.StatusBadRequest, errors.New("empty body, want a JSON object")
	case err != nil:
		return http.StatusBadRequest, fmt.Errorf("bad JSON: %w", err)
	case dec.More():
		return http.StatusBadRequest, errors.New("bad JSON: more than one value in the body")
	}
	return 0, nil
}

// date is a KST calendar date in JSON, "2023-04-14".
type date struct{ time.Time }

// UnmarshalJSON reads "2023-04-14" as 00:00 KST of that day.
func (d *date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: want a string like \"2023-04-14\"")
	}
	t, err := time.ParseInLocation(time.DateOnly, s, kst)
	if err != nil {
		return fmt.Errorf("date %q: want a date like 2023-04-14", s)
	}
	d.Time = t
	return nil
}

type decisionRequest struct {
	Claimant eligibility.Claimant `json:"claimant"`
	Reports  []eligibility.Report `json:"reports"`
	// At is the date the decision is about; the server's date when absent.
	At *date `json:"at"`
}

func (s *server) decide(w http.ResponseWriter, r *http.Request) {
	var req decisionRequest
	if status, err := decodeBody(w, r, &req); err != nil {
		writeError(w, status, err)
		return
	}
	at := s.now()
	if req.At != nil {
		at = req.At.Time
	}
	d, err := s.p.Decide(programme.Claim{Claimant: req.Claimant, Reports: req.Reports}, at)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return
	}
	writeJSON(w, http.StatusOK, d.Record())
}

type grantRequest struct {
	Item      string `json:"item"`
	Recipient string `json:"recipient"`
	// At is the instant of the claim; the server's clock when absent.
	At *time.Time `json:"at"`
}

func (s *server) issue(w http.ResponseWriter, r *http.Request) {
	var req grantRequest
	if status, err := decodeBody(w, r, &req); err != nil {
		writeError(w, status, err)
		return
	}
	it, err := s.p.Catalogue().Item(req.Item)
	if err != nil {
		writeError(w, http.StatusNotFound, err)
		return
	}
	at := s.now()
	if req.At != nil {
		at = *req.At
	}
	g, err := it.Claim(r.Context(), s.ledger, req.Recipient, at)
	switch {
	case errors.Is(err, grants.ErrSoldOut):
		writeError(w, http.StatusConflict, err)
	case errors.Is(err, grants.ErrNotOpen), errors.Is(err, grants.ErrClosed):
		writeError(w, http.StatusForbidden, err)
	case errors.Is(err, grants.ErrInvalid):
		writeError(w, http.StatusBadRequest, err)
	case err != nil:
		writeError(w, http.StatusInternalServerError, err)
	default:
		writeJSON(w, http.StatusOK, g)
	}
}

type itemResponse struct {
	Item   string `json:"item"`
	Name   string `json:"name"`
	Issued int64  `json:"issued"`
	Cap    int64  `json:"cap,omitempty"`
}

func (s *server) item(w http.ResponseWriter, r *http.Request) {
	it, err := s.p.Catalogue().Item(r.PathValue("id"))
	if err != nil {
		writeError(w, http.StatusNotFound, err)
		return
	}
	n, err := s.ledger.Issued(r.Context(), it.ID)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, itemResponse{Item: it.ID, Name: it.Name, Issued: n, Cap: it.Cap})
}
