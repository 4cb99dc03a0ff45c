package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

const wantHSTS = "max-age=31536000; includeSubDomains"

// TestHSTSOnlyOverTLS: HSTS is on every response (API, pages, sign-in, refusals, unknown paths) to
// a request that came over TLS, directly or through a trusted proxy that says https, and the
// session cookie is Secure then; over plain HTTP, and when an untrusted client claims https, there
// is no HSTS and the cookie is not Secure.
func TestHSTSOnlyOverTLS(t *testing.T) {
	cfg := testConfig
	cfg.TrustedProxies = []string{"127.0.0.2"}
	h := newHarnessWith(t, cfg)
	form := url.Values{"email": {"griffie@gemeente.example"}, "password": {h.w.passwords[council]}}
	// Every response of a client: a public page, the API (also a refusal), an unknown path, a health
	// check, and signing in on the page (with its cookie).
	type probe struct {
		method, path string
		form         url.Values
		status       int
	}
	probes := []probe{
		{"GET", "/", nil, http.StatusOK},
		{"GET", "/api/v1/openapi.json", nil, http.StatusOK},
		{"GET", "/api/v1/complaints", nil, http.StatusUnauthorized},
		{"GET", "/bestaat-niet", nil, http.StatusNotFound},
		{"GET", "/healthz", nil, http.StatusOK},
		{"POST", "/inloggen", form, http.StatusSeeOther},
	}
	check := func(t *testing.T, client *http.Client, base string, header map[string][]string, tls bool) {
		t.Helper()
		for _, p := range probes {
			var body *strings.Reader
			if p.form != nil {
				body = strings.NewReader(p.form.Encode())
			} else {
				body = strings.NewReader("")
			}
			req, err := http.NewRequest(p.method, base+p.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if p.form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for k, vs := range header {
				for _, v := range vs {
					req.Header.Add(k, v)
				}
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != p.status {
				t.Errorf("%s %s: status %d, want %d", p.method, p.path, res.StatusCode, p.status)
			}
			got := res.Header.Get("Strict-Transport-Security")
			switch {
			case tls && got != wantHSTS:
				t.Errorf("%s %s: Strict-Transport-Security %q, want %q", p.method, p.path, got, wantHSTS)
			case !tls && got != "":
				t.Errorf("%s %s: Strict-Transport-Security %q over plain HTTP", p.method, p.path, got)
			}
			if p.form != nil {
				if ck := sessionCookieOf(res); ck == nil || ck.Secure != tls {
					t.Errorf("%s %s: cookie %v, want Secure=%v", p.method, p.path, res.Header["Set-Cookie"], tls)
				}
			}
		}
	}

	t.Run("directly over TLS: HSTS and a Secure cookie", func(t *testing.T) {
		ts := httptest.NewTLSServer(h.server.Handler())
		t.Cleanup(ts.Close)
		client := ts.Client()
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		check(t, client, ts.URL, nil, true)
	})
	t.Run("through the trusted proxy that says https: HSTS and a Secure cookie", func(t *testing.T) {
		check(t, h.clientFrom("127.0.0.2"), h.ts.URL, map[string][]string{"X-Forwarded-Proto": {"https"}}, true)
		check(t, h.clientFrom("127.0.0.2"), h.ts.URL, map[string][]string{"X-Forwarded-Proto": {"HTTPS "}}, true)
	})
	t.Run("through the trusted proxy over plain HTTP: no HSTS", func(t *testing.T) {
		check(t, h.clientFrom("127.0.0.2"), h.ts.URL, nil, false)
		check(t, h.clientFrom("127.0.0.2"), h.ts.URL, map[string][]string{"X-Forwarded-Proto": {"http"}}, false)
	})
	t.Run("a trusted proxy that appends instead of setting: not believed", func(t *testing.T) {
		check(t, h.clientFrom("127.0.0.2"), h.ts.URL, map[string][]string{"X-Forwarded-Proto": {"https, http"}}, false)
		check(t, h.clientFrom("127.0.0.2"), h.ts.URL, map[string][]string{"X-Forwarded-Proto": {"https", "http"}}, false)
	})
	t.Run("an untrusted client claiming https: no HSTS, no Secure cookie", func(t *testing.T) {
		check(t, h.clientFrom("127.0.0.3"), h.ts.URL, map[string][]string{"X-Forwarded-Proto": {"https"}}, false)
		check(t, h.clientFrom(""), h.ts.URL, map[string][]string{"X-Forwarded-Proto": {"https"}}, false)
	})
	t.Run("plain HTTP: no HSTS", func(t *testing.T) {
		check(t, h.clientFrom(""), h.ts.URL, nil, false)
	})
}

// TestClientAddressOnlyFromTrustedForwardedFor: the client address that the intake limit counts by
// is the connecting address, or the X-Forwarded-For of a trusted proxy; X-Real-IP is never read,
// and an untrusted client cannot name itself in X-Forwarded-For.
func TestClientAddressOnlyFromTrustedForwardedFor(t *testing.T) {
	cfg := testConfig
	cfg.TrustedProxies = []string{"127.0.0.2"}
	cfg.IntakeLimit = 1
	h := newHarnessWith(t, cfg)
	proxy := h.clientFrom("127.0.0.2")
	file := func(client *http.Client, header map[string]string) *response {
		return h.send(request{method: "POST", path: "/api/v1/complaints", body: intakeBody(h.orgA), client: client, header: header})
	}
	// Through the proxy: two residents with addresses of their own each file once.
	file(proxy, map[string]string{"X-Forwarded-For": "198.51.100.7"}).want(t, http.StatusCreated)
	file(proxy, map[string]string{"X-Forwarded-For": "198.51.100.8"}).want(t, http.StatusCreated)
	file(proxy, map[string]string{"X-Forwarded-For": "198.51.100.7"}).problem(t, http.StatusTooManyRequests, "rate_limited")
	// X-Real-IP names nobody: without X-Forwarded-For the proxy's own address counts (once).
	file(proxy, map[string]string{"X-Real-IP": "198.51.100.9"}).want(t, http.StatusCreated)
	file(proxy, map[string]string{"X-Real-IP": "198.51.100.10"}).problem(t, http.StatusTooManyRequests, "rate_limited")
	// A client that is not the proxy cannot choose its address.
	direct := h.clientFrom("127.0.0.3")
	file(direct, map[string]string{"X-Forwarded-For": "198.51.100.11"}).want(t, http.StatusCreated)
	file(direct, map[string]string{"X-Forwarded-For": "198.51.100.12", "X-Real-IP": "198.51.100.13"}).
		problem(t, http.StatusTooManyRequests, "rate_limited")
}
