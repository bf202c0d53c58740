package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/outagerelief/relief/grants"
)

var (
	apiOnce   sync.Once
	apiRouter routers.Router
	apiErr    error
)

// apiDoc loads openapi.json, validated, and its router, once.
func apiDoc(t testing.TB) routers.Router {
	t.Helper()
	apiOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(openAPI)
		if err == nil {
			err = doc.Validate(loader.Context)
		}
		if err == nil {
			apiRouter, err = legacy.NewRouter(doc)
		}
		apiErr = err
	})
	if apiErr != nil {
		t.Fatalf("openapi.json: %v", apiErr)
	}
	return apiRouter
}

// validated is h with every response checked against openapi.json (its
// status, headers and body), and every request the service accepted
// (answered 2xx) too: a request it refused may be outside the document on
// purpose. A mismatch fails t, so the document cannot drift from the
// service. A request whose client hung up was answered nothing, and is
// not checked. An item ID's slashes are escaped to find its route, and HEAD
// is checked as GET without a body.
func validated(t testing.TB, h http.Handler) http.Handler {
	router := apiDoc(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		if f, ok := w.(http.Flusher); ok {
			f.Flush() // the client has its answer before the check: timings are the service's
		}
		if r.Context().Err() != nil {
			return // the client hung up: nothing was answered
		}
		if err := checkExchange(router, r, body, rec); err != nil {
			t.Errorf("%s %s answered %d, against openapi.json: %v", r.Method, r.URL.Path, rec.Code, err)
		}
	})
}

// checkExchange validates one request and its response against the
// document.
func checkExchange(router routers.Router, r *http.Request, body []byte, rec *httptest.ResponseRecorder) error {
	probe := r.Clone(context.Background())
	probe.Body = io.NopCloser(bytes.NewReader(body))
	// The service reads a body as JSON whatever its Content-Type says, as
	// the document's description of the bodies says.
	probe.Header.Set("Content-Type", "application/json")
	if probe.Method == http.MethodHead {
		probe.Method = http.MethodGet
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/v1/items/"); ok {
		probe.URL.Path, probe.URL.RawPath = "/v1/items/"+id, "/v1/items/"+url.PathEscape(id)
	}
	u := *probe.URL
	u.Scheme, u.Host = "http", "127.0.0.1:8080"
	probe.URL = &u
	route, params, err := router.FindRoute(probe)
	if err != nil {
		if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
			return nil // a path or method the service does not have, refused as it should be
		}
		return err
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: opts}
	if rec.Code >= 200 && rec.Code < 300 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return err
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: r.Method == http.MethodHead}}
	out.SetBodyBytes(rec.Body.Bytes())
	return openapi3filter.ValidateResponse(context.Background(), out)
}

// The document is served as it is in the repository, and is a valid
// OpenAPI 3.1 document naming every route the service has.
func TestTheOpenAPIDocumentIsServed(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	defer ts.Close()
	res, err := http.Get(ts.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(got, openAPI) {
		t.Fatalf("/openapi.json: %d, %d bytes; want 200 and the document", res.StatusCode, len(got))
	}
	doc, err := openapi3.NewLoader().LoadFromData(got)
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi %q, want 3.1", doc.OpenAPI)
	}
	for _, path := range []string{"/v1/claims", "/v1/decisions", "/v1/items/{id}", "/healthz", "/readyz", "/metrics", "/openapi.json"} {
		if doc.Paths.Find(path) == nil {
			t.Errorf("the document lacks %s", path)
		}
	}
}

// The check is not a formality: an answer the document does not allow
// fails it, one it allows passes.
func TestTheCheckRefusesWhatTheDocumentDoesNot(t *testing.T) {
	router := apiDoc(t)
	for _, tt := range []struct {
		name   string
		path   string
		status int
		body   string
		ok     bool
	}{
		{"a status the document allows passes", "/healthz", 200, `{"status":"ok"}`, true},
		{"a status outside its enum fails", "/healthz", 200, `{"status":"fine"}`, false},
		{"a field it does not declare fails", "/v1/items/kakao1015/talk-drawer-plus-1m", 200, `{"item":"x","name":"x","issued":1,"extra":1}`, false},
		{"an error without its request ID fails", "/healthz", 503, `{"status":503,"error":"down"}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, tt.path, nil)
			rec := httptest.NewRecorder()
			rec.Header().Set("Content-Type", "application/json")
			rec.WriteHeader(tt.status)
			rec.WriteString(tt.body)
			if err := checkExchange(router, r, nil, rec); (err == nil) != tt.ok {
				t.Errorf("check: %v, want ok %v", err, tt.ok)
			}
		})
	}
}
