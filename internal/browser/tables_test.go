package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
)

// tableReport is what tableCheckJS finds on a page: its tables, the words, numbers, dates and
// references that a table lays out on more than one line, and the tables that are not in a
// focusable, labelled region that scrolls sideways.
type tableReport struct {
	Tables  []string `json:"tables"`
	Broken  []string `json:"broken"`
	Regions []string `json:"regions"`
	Wide    string   `json:"wide"`
}

// tableCheckJS reads every rendered table cell with the DOM Range API: each number, date or
// reference (MP-2026-000123, 03-03-2026, 9.00–17.00, 1.234,5) and, outside cells of prose
// (td.vrij), each word, is measured with range.getClientRects(); rects on more than one line mean
// the table split it. Visually hidden text (.vh) and the options of a select are not laid out as
// lines and are skipped. It also checks each table's region: a [role=region] ancestor of class
// tabel-regio that takes focus (tabindex 0), scrolls sideways (overflow-x auto), and is labelled by
// the table's own caption, with a label no other region on the page has.
const tableCheckJS = `(() => {
	const number = /[A-Z]{2,}-\d[\w-]*|\d[\d.,:\/\u2013-]*\d/g;
	const word = /[\p{L}\p{N}]+/gu;
	const out = {tables: [], broken: [], regions: [], wide: ''};
	const lines = range => {
		const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
		if (rects.length < 2) return 1;
		const tops = [];
		for (const r of rects) if (!tops.some(t => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
		return tops.length;
	};
	const labels = {};
	for (const region of document.querySelectorAll('[role=region]')) {
		const by = region.getAttribute('aria-labelledby') || '';
		const label = (document.getElementById(by) || {textContent: ''}).textContent.trim();
		labels[label] = (labels[label] || 0) + 1;
	}
	document.querySelectorAll('table').forEach((table, i) => {
		const caption = table.caption ? table.caption.textContent.trim().replace(/\s+/g, ' ') : '';
		const name = '#' + (table.id || 'table-' + (i + 1)) + ' "' + caption + '"';
		out.tables.push(name);
		const region = table.closest('[role=region]');
		if (!region) {
			out.regions.push(name + ': not inside a [role=region]');
		} else {
			const by = region.getAttribute('aria-labelledby') || '';
			const labelledBy = document.getElementById(by);
			const label = labelledBy ? labelledBy.textContent.trim() : '';
			const problems = [];
			if (!region.classList.contains('tabel-regio')) problems.push('its class is not tabel-regio');
			if (region.tabIndex !== 0 || region.getAttribute('tabindex') !== '0') problems.push('it does not take focus (tabindex 0)');
			if (!['auto', 'scroll'].includes(getComputedStyle(region).overflowX)) problems.push('it does not scroll sideways');
			if (!label) problems.push('aria-labelledby="' + by + '" names no element with text');
			else if (labelledBy !== table.caption) problems.push('it is not labelled by the table\'s caption');
			if (label && labels[label] > 1) problems.push('its label "' + label + '" is not unique on the page');
			if (problems.length) out.regions.push(name + ': region ' + problems.join('; '));
		}
		for (const cell of table.querySelectorAll('th, td')) {
			const prose = cell.matches('td.vrij');
			const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
			for (let n; (n = walker.nextNode()); ) {
				const el = n.parentElement;
				if (el.closest('.vh, select, option, script, template')) continue;
				const seen = new Set();
				for (const re of prose ? [number] : [number, word]) {
					for (const m of n.data.matchAll(re)) {
						const key = m.index + ':' + m[0];
						if (seen.has(key)) continue;
						seen.add(key);
						const range = document.createRange();
						range.setStart(n, m.index);
						range.setEnd(n, m.index + m[0].length);
						const k = lines(range);
						if (k > 1) {
							out.broken.push(name + ': "' + m[0] + '" on ' + k + ' lines (cell "' +
								cell.textContent.trim().replace(/\s+/g, ' ').slice(0, 80) + '")');
						}
					}
				}
			}
		}
	});
	if (document.documentElement.scrollWidth > window.innerWidth) {
		out.wide = 'the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window';
	}
	return out;
})()`

// tableWidths are the widths the tables are read at: 320 CSS px (WCAG's reflow width, a 1280 px
// window at 400%) and a 1280 px window at 200% zoom (640 CSS px at a device scale of 2).
var tableWidths = []struct {
	name   string
	width  int64
	scale  float64
	height int64
}{
	{"320 px", 320, 1, 800},
	{"200% zoom", 640, 2, 450},
}

// inLanguage adds the language query q ("" or "?lang=en") to path, which may have a query of its own.
func inLanguage(path, q string) string {
	if q == "" || !strings.Contains(path, "?") {
		return path + q
	}
	return path + "&" + strings.TrimPrefix(q, "?")
}

// readTables shows the tab's page at the given width and returns what tableCheckJS finds.
func (tb *tab) readTables(width int64, scale float64, height int64) tableReport {
	tb.t.Helper()
	nextFrame := chromedp.Evaluate(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, nil,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
	tb.step(fmt.Sprintf("%d px wide at scale %g", width, scale),
		chromedp.EmulateViewport(width, height, chromedp.EmulateScale(scale)), nextFrame)
	var r tableReport
	tb.eval(tableCheckJS, &r)
	return r
}

// TestTablesKeepWordsWhole reads every table of the pages that have tables, for every role the world
// offers — the staff's worklist, case pages, print queue, organisations and annual report; the
// admin's users, pool and destruction list; the privacy officer's access log; the organisation's
// advices; the council's year pages; the municipality's figures; the supporter's start page,
// requests and trajectories — in Dutch and English, at 320 px and at 200% zoom. No number, date,
// reference or word in a table may be laid out on more than one line (only cells of prose, td.vrij,
// may break words), every table sits in a focusable region its caption labels, the page itself does
// not scroll sideways, and axe-core finds no WCAG 2.1 AA violation at either width. A last subtest
// shows the check fails when cells may wrap anywhere. With MELDPUNT_TABLE_SHOTS set to a folder, it
// writes whole-page pictures at 320 px of the worklist and the access log there.
func TestTablesKeepWordsWhole(t *testing.T) {
	w := newPrivacyWorld(t)
	s := w.s
	ctx := context.Background()
	staff := casework.ActorOf(w.acc.staff)

	// An organisation with a long name, and complaints about it: long words in narrow columns.
	long, err := s.store.CreateOrganisation(ctx, casework.Organisation{Name: "Stichting Maatschappelijke Dienstverlening Zuid-Kennemerland",
		Kind: casework.OrgDistrictTeam, Email: "klachtencoordinator@maatschappelijkedienstverlening.example",
		Street: "Postbus 9", Postcode: "2000 AZ", City: "Haarlem"})
	if err != nil {
		t.Fatal(err)
	}
	s.advise(t, w.acc.staff, casework.RecommendationInput{LifeDomain: casework.DomainHousing,
		Text: "Leg vaste doorlooptijden vast voor aanvragen van woningaanpassingen."})
	for range 2 {
		if _, err := s.store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
			Complainant:     casework.Contact{Name: "Wilhelmina Schimmelpenninck van der Oye", Email: "w.schimmelpenninck@bewoner.example"},
			OrganisationIDs: []int64{long.ID, s.orgs[1].ID}, Grounds: []casework.Ground{casework.GroundTreatment},
			LifeDomains: []casework.LifeDomain{casework.DomainSocialSupport},
			Summary:     "De huishoudelijke ondersteuning werd zonder overleg stopgezet."}); err != nil {
			t.Fatal(err)
		}
	}
	s.deliverLetters(t)
	// One letter failed, for the worklist.
	if _, err := s.store.SQL().Exec(`UPDATE notices SET status = 'failed',
		last_error = '550 5.1.1 <w.schimmelpenninck@bewoner.example>: Recipient address rejected: mailbox unavailable'
		WHERE id = (SELECT min(id) FROM notices WHERE status <> 'failed')`); err != nil {
		t.Fatal(err)
	}
	// The pool: a supporter with requests, a client's case and trajectories; the municipality.
	pool := s.addSupportPool(t, w.admin)
	s.ask(t, pool.clientenbelang.ID, "Joke de Vries-Oosterhuis")
	s.ask(t, pool.clientenbelang.ID, "Mehmet Yılmaz")
	client, err := s.store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
		Complainant:     casework.Contact{Name: "Anna de Boer", Email: "anna@bewoner.example"},
		OrganisationIDs: []int64{s.orgs[0].ID, long.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary:     "De zorgaanbieder zegde mijn begeleiding op zonder gesprek.",
		SupporterID: pool.clientenbelang.ID, SupporterConsent: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.TakeUp(ctx, staff, client.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	sup := casework.ActorOf(pool.supporter)
	for i := range 3 {
		tr, err := s.store.CreateTrajectory(ctx, sup, casework.TrajectoryInput{ClientLabel: fmt.Sprintf("Cliënt %02d", i+1),
			StartedOn: fmt.Sprintf("2027-01-%02d", 5+i), LifeDomains: []casework.LifeDomain{casework.DomainCare}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.AddTrajectoryIssue(ctx, sup, tr.ID, casework.IssueInput{Topic: casework.TopicHouseholdHelp, NotedOn: tr.StartedOn}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.AddTrajectoryActivity(ctx, sup, tr.ID, casework.ActivityInput{OnDate: "2027-02-16",
			Channel: casework.ActivityHomeVisit, Minutes: 75}); err != nil {
			t.Fatal(err)
		}
	}
	const muniPassword = "een lang en geheim wachtwoord van de gemeente"
	municipality, err := s.store.CreateUser(ctx, casework.NewUser{Email: "beleid@gemeente.example", Name: "Bea Beleid",
		Role: casework.RoleMunicipality, Password: muniPassword})
	if err != nil {
		t.Fatal(err)
	}
	password := func(u casework.User) string {
		switch u.ID {
		case municipality.ID:
			return muniPassword
		case pool.supporter.ID:
			return pool.password
		}
		if p := w.password[u.ID]; p != "" {
			return p
		}
		return w.acc.password[u.ID]
	}
	year := s.clock.Now().Year()

	visits := []struct {
		who   casework.User
		pages []string
	}{
		{w.acc.staff, []string{"/werk", casePage(client.Reference, ""), "/werk/post",
			"/werk/organisaties", fmt.Sprintf("/werk/jaarverslag/%d", year-1)}},
		{w.admin, []string{"/werk/gebruikers", "/werk/ondersteuners", "/werk/vernietigen"}},
		{w.fg, []string{"/toegangslog"}},
		{w.acc.org, []string{"/organisatie"}},
		{w.acc.council, []string{fmt.Sprintf("/raad/jaar/%d", year-1), fmt.Sprintf("/raad/jaar/%d", year)}},
		{municipality, []string{fmt.Sprintf("/gemeente?jaar=%d&kwartaal=1", year)}},
		{pool.supporter, []string{"/ondersteuner", "/ondersteuner/verzoeken", "/ondersteuner/trajecten"}},
	}

	tables := 0
	for _, lang := range languages {
		for _, v := range visits {
			t.Run(string(v.who.Role)+" in "+lang.code, func(t *testing.T) {
				tb := newTab(t)
				tb.step("forget cookies", network.ClearBrowserCookies())
				tb.signIn(s.url, lang.query, v.who, password(v.who), http.StatusOK)
				for _, p := range v.pages {
					for _, wd := range tableWidths {
						tb.open(s.url, inLanguage(p, lang.query), http.StatusOK)
						r := tb.readTables(wd.width, wd.scale, wd.height)
						where := fmt.Sprintf("%s in %s at %s", p, lang.code, wd.name)
						if len(r.Tables) == 0 {
							t.Errorf("%s: no table to read", where)
						}
						if wd.scale == 1 {
							tables += len(r.Tables)
						}
						for i, b := range r.Broken {
							if i == 10 {
								t.Errorf("%s: and %d more broken across lines", where, len(r.Broken)-10)
								break
							}
							t.Errorf("%s: table %s", where, b)
						}
						for _, reg := range r.Regions {
							t.Errorf("%s: table %s", where, reg)
						}
						if r.Wide != "" {
							t.Errorf("%s: %s", where, r.Wide)
						}
						violations, err := runAxe(tb.ctx)
						if err != nil {
							t.Fatal(err)
						}
						for _, v := range violations {
							t.Errorf("%s: %s", where, v)
						}
						t.Logf("%s: %d tables", where, len(r.Tables))
					}
				}
			})
		}
	}
	if tables < 2*30 {
		t.Errorf("read %d tables at 320 px in both languages, want at least 60", tables)
	}

	t.Run("the check finds words broken when cells may wrap anywhere", func(t *testing.T) {
		tb := newTab(t)
		tb.step("forget cookies", network.ClearBrowserCookies())
		tb.signIn(s.url, "", w.acc.staff, password(w.acc.staff), http.StatusOK)
		tb.open(s.url, "/werk", http.StatusOK)
		// What the site's stylesheet did before the fix: cells inherit the body's overflow-wrap.
		tb.eval(`(() => { const sh = document.styleSheets[0];
			sh.insertRule('th, td { overflow-wrap: anywhere !important }', sh.cssRules.length); return true })()`, nil)
		r := tb.readTables(320, 1, 800)
		if len(r.Broken) == 0 {
			t.Fatalf("with overflow-wrap: anywhere on the cells, the check finds nothing broken in %d tables", len(r.Tables))
		}
		t.Logf("found %d broken, first: %s", len(r.Broken), r.Broken[0])
	})

	if dir := os.Getenv("MELDPUNT_TABLE_SHOTS"); dir != "" {
		t.Run("pictures at 320 px", func(t *testing.T) {
			for _, sh := range []struct {
				name, path string
				who        casework.User
			}{
				{"werklijst-320", "/werk", w.acc.staff},
				{"toegangslog-320", "/toegangslog", w.fg},
				{"raad-jaar-320", fmt.Sprintf("/raad/jaar/%d", year-1), w.acc.council},
			} {
				tb := newTab(t)
				tb.step("forget cookies", network.ClearBrowserCookies())
				tb.signIn(s.url, "", sh.who, password(sh.who), http.StatusOK)
				tb.open(s.url, sh.path, http.StatusOK)
				tb.readTables(320, 1, 800)
				var height int64
				tb.eval(`document.documentElement.scrollHeight`, &height)
				var shot []byte
				tb.step("photograph "+sh.name, chromedp.ActionFunc(func(ctx context.Context) error {
					var err error
					shot, err = page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng).WithCaptureBeyondViewport(true).
						WithClip(&page.Viewport{Width: 320, Height: float64(height), Scale: 1}).Do(ctx)
					return err
				}))
				if err := os.WriteFile(filepath.Join(dir, sh.name+".png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
