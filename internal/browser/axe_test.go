package browser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeVersion is the axe-core release the accessibility checks run; it is installed from the npm
// registry by the test set-up, never committed.
const axeVersion = "4.14.1"

// axeTags are the rule sets checked: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeSource is the text of axe.min.js, read once by TestMain.
var axeSource string

// loadAxe returns axe.min.js, installing axe-core with npm into the user's cache directory first
// when it is not there yet. The install goes to a temporary folder that is renamed into place, so
// that two test runs at once do not see a half-installed package.
func loadAxe() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	parent := filepath.Join(cache, "meldpunt")
	dir := filepath.Join(parent, "axe-core-"+axeVersion)
	file := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(file); err != nil {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return "", err
		}
		tmp, err := os.MkdirTemp(parent, "install-")
		if err != nil {
			return "", err
		}
		defer os.RemoveAll(tmp)
		out, err := npmCommand("install", "--no-save", "--no-audit", "--no-fund", "--no-package-lock",
			"--prefix", tmp, "axe-core@"+axeVersion)
		if err != nil {
			return "", fmt.Errorf("npm install axe-core@%s: %w\n%s", axeVersion, err, out)
		}
		if err := os.Rename(tmp, dir); err != nil {
			if _, statErr := os.Stat(file); statErr != nil { // not a concurrent install that won
				return "", fmt.Errorf("install axe-core into %s: %w", dir, err)
			}
		}
	}
	var pkg struct {
		Version string `json:"version"`
	}
	meta, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "package.json"))
	if err == nil {
		err = json.Unmarshal(meta, &pkg)
	}
	if err != nil || pkg.Version != axeVersion {
		return "", fmt.Errorf("%s holds axe-core %q, want %s (%v): remove the folder and run again", dir, pkg.Version, axeVersion, err)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	return string(src), nil
}

// axeViolation is one failed axe rule and the elements it failed on.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Targets []string `json:"targets"`
	HTML    []string `json:"html"`
	Summary []string `json:"summary"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n", v.ID, v.Impact, v.Help)
	for i, t := range v.Targets {
		fmt.Fprintf(&b, "      at %s", t)
		if i < len(v.HTML) {
			fmt.Fprintf(&b, "  %s", oneLine(v.HTML[i], 160))
		}
		if i < len(v.Summary) && v.Summary[i] != "" {
			fmt.Fprintf(&b, "\n         %s", oneLine(v.Summary[i], 300))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// oneLine squeezes s onto one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// axeRun is the script that runs axe on the whole document and reduces its violations to what a
// failing test prints. Targets are CSS selectors (nested arrays for iframes and shadow DOM).
const axeRun = `(async () => {
	const r = await axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']});
	return {passes: r.passes.length, violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' | ')),
		html: v.nodes.map(n => n.html),
		summary: v.nodes.map(n => n.failureSummary || ''),
	}))};
})()`

// runAxe injects axe-core into the page in ctx (unless it is there already) and returns the WCAG
// 2.1 A/AA violations. Runtime.evaluate runs in the page's context but is not subject to its
// Content-Security-Policy, and axe itself needs no eval, so the pages' strict CSP stays on
// (TestAxeFindsViolations serves its pages with such a policy to prove it).
func runAxe(ctx context.Context) ([]axeViolation, error) {
	var present bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`typeof window.axe === 'object'`, &present)); err != nil {
		return nil, fmt.Errorf("look for axe: %w", err)
	}
	if !present {
		if err := chromedp.Run(ctx, chromedp.Evaluate(axeSource+"\n;true", nil)); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	var res struct {
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}
	err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(axeRun, tags), &res,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		return nil, fmt.Errorf("run axe: %w", err)
	}
	if res.Passes == 0 && len(res.Violations) == 0 {
		return nil, fmt.Errorf("axe checked nothing on the page (no rule passed or failed)")
	}
	return res.Violations, nil
}
