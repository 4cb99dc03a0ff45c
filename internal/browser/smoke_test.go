package browser_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// strictCSP is a policy as strict as the real pages': no inline script or style, no eval.
const strictCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

const smokeGood = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Proefpagina</title><link rel="stylesheet" href="/site.css"></head>
<body><header><a href="/">Meldpunt</a></header>
<main><h1>Proefpagina</h1>
<form method="post" action="/form" novalidate>
<p><label for="naam">Naam</label> <input id="naam" name="naam" type="text" autocomplete="name"></p>
<fieldset><legend>Kleur</legend>
<p><input id="k1" type="checkbox" name="kleur" value="rood"> <label for="k1">Rood</label></p>
<p><input id="k2" type="checkbox" name="kleur" value="blauw"> <label for="k2">Blauw</label></p></fieldset>
<p><label for="tekst">Tekst</label> <textarea id="tekst" name="tekst"></textarea></p>
<p><button type="submit">Versturen</button></p>
</form></main></body></html>`

// smokeBroken has an image without alternative text, an input without a label, and a block wider
// than a phone.
const smokeBroken = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kapotte pagina</title><link rel="stylesheet" href="/site.css"></head>
<body><main><h1>Kapot</h1><img src="/logo.png"><p><input type="text" name="zonder-label"></p>
<div class="breed">Een blok van 900 pixels breed.</div></main></body></html>`

const smokeCSS = `body { font-family: sans-serif; margin: 1rem; } .breed { width: 900px; }`

// logoPNG is a 1×1 transparent PNG.
var logoPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// smokeServer serves the two test pages under a strict CSP and records the form posts.
func smokeServer(t *testing.T) (*httptest.Server, func() []url.Values) {
	t.Helper()
	var mu sync.Mutex
	var posts []url.Values
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", strictCSP)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /{$}", page(smokeGood))
	mux.HandleFunc("GET /broken", page(smokeBroken))
	mux.HandleFunc("GET /site.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, smokeCSS)
	})
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(logoPNG)
	})
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		posts = append(posts, r.PostForm)
		mu.Unlock()
		page(`<!doctype html><html lang="nl"><head><title>Ontvangen</title></head><body><main><h1 id="klaar">Ontvangen</h1></main></body></html>`)(w, r)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts, func() []url.Values {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(posts)
	}
}

// TestBrowserToolsFindFaults proves the checks of this package can fail: axe, run under a strict
// CSP without bypassing it, passes a clean page and finds the faults of a broken one; the reflow
// check finds a block wider than 320 px; and the keyboard helpers fill and send a form.
func TestBrowserToolsFindFaults(t *testing.T) {
	ts, posts := smokeServer(t)

	t.Run("axe passes a clean page under a strict CSP", func(t *testing.T) {
		tb := newTab(t)
		tb.open(ts.URL, "/", http.StatusOK)
		violations, err := runAxe(tb.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Errorf("violation on the clean page: %s", v)
		}
		if w := tb.reflowOverflow(); w != "" {
			t.Errorf("the clean page scrolls sideways at 320 px: %s", w)
		}
	})

	t.Run("axe and the reflow check find the faults of a broken page", func(t *testing.T) {
		tb := newTab(t)
		tb.open(ts.URL, "/broken", http.StatusOK)
		violations, err := runAxe(tb.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range violations {
			ids = append(ids, v.ID)
			if len(v.Targets) == 0 || v.Help == "" || v.Impact == "" {
				t.Errorf("violation %s lacks its target, help or impact: %+v", v.ID, v)
			}
		}
		for _, want := range []string{"image-alt", "label"} {
			if !slices.Contains(ids, want) {
				t.Errorf("axe did not report %s on the broken page; it reported %v", want, ids)
			}
		}
		if w := tb.reflowOverflow(); w == "" {
			t.Error("the reflow check did not notice a 900 px wide block at 320 px")
		}
	})

	t.Run("the keyboard fills and sends a form", func(t *testing.T) {
		tb := newTab(t)
		tb.open(ts.URL, "/", http.StatusOK)
		tb.tabTo("the name field", 10, func(f focused) bool { return f.Name == "naam" })
		tb.press("Jan Jansen")
		tb.tabTo("the colour blue", 10, func(f focused) bool { return f.Value == "blauw" })
		tb.press(" ")
		tb.tabTo("the text", 10, func(f focused) bool { return f.Name == "tekst" })
		tb.press("coördinatie")
		tb.tabTo("the submit button", 10, func(f focused) bool { return f.Type == "submit" })
		tb.navigating("send with Enter", chromedp.KeyEvent("\r"))
		got := posts()
		if len(got) != 1 {
			t.Fatalf("%d posts, want 1", len(got))
		}
		want := url.Values{"naam": {"Jan Jansen"}, "kleur": {"blauw"}, "tekst": {"coördinatie"}}
		if fmt.Sprint(got[0]) != fmt.Sprint(want) {
			t.Errorf("posted %v, want %v", got[0], want)
		}
	})
}
