package browser_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// stepTimeout bounds one step of a test: a navigation, a form post, an axe run.
const stepTimeout = 45 * time.Second

// tab is one browser tab of a test. Every step it takes is photographed; when the test fails, the
// photographs and one of the page at that moment are written to the screenshot folder.
type tab struct {
	t   *testing.T
	ctx context.Context // the tab's chromedp context

	mu     sync.Mutex // guards what the event listener writes
	status int        // HTTP status of the last document loaded
	docURL string
	csp    string // its Content-Security-Policy header

	shots []shot
}

type shot struct {
	name string
	png  []byte
}

// newTab opens a tab in the test binary's Chromium, closed when the test ends.
func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && e.Type == network.ResourceTypeDocument {
			tb.mu.Lock()
			tb.status, tb.docURL = int(e.Response.Status), e.Response.URL
			tb.csp = ""
			for k, v := range e.Response.Headers {
				if strings.EqualFold(k, "Content-Security-Policy") {
					tb.csp = fmt.Sprint(v)
				}
			}
			tb.mu.Unlock()
		}
	})
	// A tab that is not in front draws no frames in headless Chromium: screenshots and
	// requestAnimationFrame would wait forever once the viewport is emulated.
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatalf("open a browser tab: %v", err)
	}
	t.Cleanup(tb.saveOnFailure) // runs before cancel: cleanups run last-in first-out
	return tb
}

// lastDocument returns the HTTP status and URL of the last page loaded.
func (tb *tab) lastDocument() (int, string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.status, tb.docURL
}

// lastCSP returns the Content-Security-Policy of the last page loaded.
func (tb *tab) lastCSP() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.csp
}

// try runs actions with the step timeout.
func (tb *tab) try(actions ...chromedp.Action) error {
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, actions...)
}

// step runs actions as the named step, ends the test when they fail, and photographs the page.
func (tb *tab) step(name string, actions ...chromedp.Action) {
	tb.t.Helper()
	if err := tb.try(actions...); err != nil {
		tb.t.Fatalf("%s: %v", name, err)
	}
	tb.photograph(name)
}

// photograph keeps a screenshot of the visible part of the page under name.
func (tb *tab) photograph(name string) {
	var png []byte
	if err := tb.try(chromedp.CaptureScreenshot(&png)); err == nil {
		tb.shots = append(tb.shots, shot{name: name, png: png})
	}
}

// open loads path on base and checks the HTTP status.
func (tb *tab) open(base, path string, wantStatus int) {
	tb.t.Helper()
	tb.step("open "+path, chromedp.Navigate(base+path))
	if status, url := tb.lastDocument(); status != wantStatus {
		tb.t.Fatalf("GET %s answered %d, want %d", url, status, wantStatus)
	}
}

// eval evaluates a JavaScript expression in the page into res (nil to ignore the result).
func (tb *tab) eval(expr string, res any) {
	tb.t.Helper()
	if err := tb.try(chromedp.Evaluate(expr, res)); err != nil {
		tb.t.Fatalf("evaluate %s: %v", oneLine(expr, 120), err)
	}
}

// navigating marks the current document, runs actions that should load a new one (a click on a
// submit button, Enter in a form), and waits until the new document has loaded. name is the step.
func (tb *tab) navigating(name string, actions ...chromedp.Action) {
	tb.t.Helper()
	tb.eval(`window.__meldpuntOldPage = true`, nil)
	if err := tb.try(actions...); err != nil {
		tb.t.Fatalf("%s: %v", name, err)
	}
	deadline := time.Now().Add(stepTimeout)
	for {
		var loaded bool
		// Errors are expected while the old document unloads; keep asking.
		err := tb.try(chromedp.Evaluate(`!window.__meldpuntOldPage && document.readyState === 'complete'`, &loaded))
		if err == nil && loaded {
			break
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: no new page loaded within %s (last error: %v)", name, stepTimeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.photograph(name)
}

// submitWith clicks the submit button of the form that holds the field named field, and waits for
// the answer. It checks that the browser lets the form go: a form that the browser's own validation
// stops (required fields without novalidate) never reaches the server's error page.
func (tb *tab) submitWith(name, field string) {
	tb.t.Helper()
	sel := fmt.Sprintf(`form:has([name=%q]) [type=submit]`, field)
	var blocked bool
	tb.eval(fmt.Sprintf(`(() => { const f = document.querySelector('form:has([name=%q])');
		return !f.noValidate && !f.checkValidity(); })()`, field), &blocked)
	if blocked {
		tb.t.Errorf("%s: the browser's own validation stops the form with the field %s (required fields without novalidate): "+
			"the page's error summary is never shown; the test turns it off to go on", name, field)
		tb.eval(fmt.Sprintf(`document.querySelector('form:has([name=%q])').noValidate = true`, field), nil)
	}
	tb.navigating(name, chromedp.Click(sel, chromedp.ByQuery))
}

// press sends keys as the keyboard would (key down, character, key up).
func (tb *tab) press(keys string) {
	tb.t.Helper()
	if err := tb.try(chromedp.KeyEvent(keys)); err != nil {
		tb.t.Fatalf("press %q: %v", keys, err)
	}
}

// focused describes the focused element.
type focused struct {
	Tag   string `json:"tag"`
	Type  string `json:"type"`
	Name  string `json:"name"`
	ID    string `json:"id"`
	Value string `json:"value"`
	Text  string `json:"text"`
	// Checked is the state of a checkbox or radio button; Form whether the element belongs to a form.
	Checked bool `json:"checked"`
	Form    bool `json:"form"`
}

func (f focused) String() string {
	return fmt.Sprintf("<%s type=%q name=%q id=%q value=%q>%s", f.Tag, f.Type, f.Name, f.ID, f.Value, oneLine(f.Text, 40))
}

// focus returns the element that has the keyboard focus.
func (tb *tab) focus() focused {
	tb.t.Helper()
	var f focused
	tb.eval(`(() => { const e = document.activeElement || document.body;
		return {tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '', id: e.id || '',
			value: typeof e.value === 'string' ? e.value : '', text: e.textContent || '',
			checked: !!e.checked, form: !!e.form}; })()`, &f)
	return f
}

// tabTo presses Tab until the focused element matches, and fails when it does not come within
// limit presses. It returns the focused element.
func (tb *tab) tabTo(what string, limit int, match func(focused) bool) focused {
	tb.t.Helper()
	var seen []string
	for range limit {
		tb.press(kb.Tab)
		f := tb.focus()
		if match(f) {
			return f
		}
		seen = append(seen, f.String())
	}
	tb.t.Fatalf("Tab did not reach %s within %d presses; focus went through:\n  %s", what, limit,
		joinLines(seen))
	return focused{}
}

func joinLines(s []string) string { return strings.Join(s, "\n  ") }

// screenshotDir is where screenshots of failed tests go: $MELDPUNT_SCREENSHOTS, or this package's
// testdata/failures (git-ignored).
func screenshotDir() string {
	if d := os.Getenv("MELDPUNT_SCREENSHOTS"); d != "" {
		return d
	}
	d, err := filepath.Abs(filepath.Join("testdata", "failures"))
	if err != nil {
		return filepath.Join("testdata", "failures")
	}
	return d
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// saveOnFailure writes the step screenshots and one of the page as it is now, when the test failed,
// and logs where the page was and what it said.
func (tb *tab) saveOnFailure() {
	if !tb.t.Failed() {
		return
	}
	var location, text string
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	_ = chromedp.Run(ctx, chromedp.Location(&location), chromedp.Evaluate(`document.body ? document.body.innerText : ''`, &text))
	tb.t.Logf("the page at failure: %s\n%s", location, oneLine(text, 1500))
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err == nil {
		tb.shots = append(tb.shots, shot{name: "at failure", png: png})
	}
	dir := filepath.Join(screenshotDir(), unsafeName.ReplaceAllString(tb.t.Name(), "_"))
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Logf("screenshots: %v", err)
		return
	}
	for i, s := range tb.shots {
		name := fmt.Sprintf("%02d-%s.png", i+1, unsafeName.ReplaceAllString(s.name, "_"))
		if err := os.WriteFile(filepath.Join(dir, name), s.png, 0o644); err != nil {
			tb.t.Logf("screenshots: %v", err)
			return
		}
	}
	tb.t.Logf("screenshots of each step: %s", dir)
}

// reflowOverflow shows the page at 320 and at 640 CSS pixels wide and returns "" when the document
// does not scroll sideways at either, or what sticks out. The viewport is reset afterwards.
func (tb *tab) reflowOverflow() string {
	tb.t.Helper()
	// 320 CSS px is WCAG's reflow width (a 1280 px window at 400%); 640 CSS px is what a 1280 px
	// window shows at 200% zoom.
	for _, width := range []int64{320, 640} {
		if w := tb.overflowAt(width); w != "" {
			return w
		}
	}
	return ""
}

// overflowAt describes what sticks out of the page at a viewport width of width CSS px, or "".
func (tb *tab) overflowAt(width int64) string {
	tb.t.Helper()
	// Wait for a frame drawn at the new size before measuring.
	nextFrame := chromedp.Evaluate(`new Promise(r => requestAnimationFrame(() => r(true)))`, nil,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
	tb.step(fmt.Sprintf("%d px wide", width), chromedp.EmulateViewport(width, 800), nextFrame)
	defer func() {
		if err := tb.try(emulation.ClearDeviceMetricsOverride()); err != nil {
			tb.t.Fatalf("reset the viewport: %v", err)
		}
	}()
	var r struct {
		ScrollWidth int      `json:"scrollWidth"`
		InnerWidth  int      `json:"innerWidth"`
		Wide        []string `json:"wide"`
	}
	tb.eval(`(() => {
		const w = window.innerWidth, wide = [];
		for (const e of document.body.querySelectorAll('*')) {
			const r = e.getBoundingClientRect();
			if (r.right > w + 1 && wide.length < 5) {
				wide.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
					(e.classList.length ? '.' + [...e.classList].join('.') : '') + ' (right edge ' + Math.round(r.right) + ' px)');
			}
		}
		return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide};
	})()`, &r)
	if r.InnerWidth != int(width) {
		tb.t.Fatalf("the viewport is %d px wide, want %d", r.InnerWidth, width)
	}
	if r.ScrollWidth <= r.InnerWidth {
		return ""
	}
	return fmt.Sprintf("document %d px wide in a %d px window; sticking out: %v", r.ScrollWidth, r.InnerWidth, r.Wide)
}
