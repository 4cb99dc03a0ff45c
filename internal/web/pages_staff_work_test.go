package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/term"
)

// tableOf returns the table with this id from a page, or "" when the page has none.
func tableOf(body, id string) string {
	start := strings.Index(body, `<table class="tabel" id="`+id+`">`)
	if start < 0 {
		return ""
	}
	end := strings.Index(body[start:], "</table>")
	if end < 0 {
		return ""
	}
	return body[start : start+end]
}

// localAt is the instant of hour o'clock on day d in Amsterdam.
func localAt(d term.Date, hour int) time.Time {
	return term.DeadlineInstant(d.AddDays(-1)).Add(time.Duration(hour) * time.Hour)
}

// caseLink is how a worklist row links to a case page.
func caseLink(ref string) string { return `href="/werk/klacht/` + ref + `"` }

// TestWorklistShowsWhatNeedsAttention builds each kind of work and finds it in its own table: new
// complaints, the handler's own cases (not another's), handling terms close and past, advices close
// to their last day, enforced advices, and letters that failed, with the retry form.
func TestWorklistShowsWhatNeedsAttention(t *testing.T) {
	h := newHarness(t)
	fresh := h.file(h.w.orgA.ID).Reference
	mine := h.inTreatment(h.w.orgA.ID) // taken up by staff
	advisedRef, advs := h.advised(h.w.orgA.ID, h.w.orgB.ID)

	p := h.pageAs("GET", "/werk", staff, nil)
	wantPage(t, p, http.StatusOK, "nl")
	if !strings.Contains(tableOf(p.body, "nieuwe"), caseLink(fresh)) || strings.Contains(tableOf(p.body, "nieuwe"), caseLink(mine)) {
		t.Errorf("new complaints: want %s and not %s:\n%s", fresh, mine, tableOf(p.body, "nieuwe"))
	}
	if got := tableOf(p.body, "mijnzaken"); !strings.Contains(got, caseLink(mine)) || !strings.Contains(got, caseLink(advisedRef)) ||
		strings.Contains(got, caseLink(fresh)) {
		t.Errorf("my cases: want %s and %s, not %s:\n%s", mine, advisedRef, fresh, got)
	}
	for _, want := range []string{"Geen klachten waarvan de behandeltermijn binnen 5 dagen eindigt.",
		"Geen adviezen waarvan de laatste dag binnen 5 dagen valt.", "Geen adviezen die wachten op uitvoering.",
		"Alle brieven zijn verstuurd."} {
		if !strings.Contains(p.body, want) {
			t.Errorf("a quiet day should say %q", want)
		}
	}
	// The admin took nothing up: their own cases are empty, the new complaints are the same.
	a := h.pageAs("GET", "/werk", admin, nil)
	if tableOf(a.body, "mijnzaken") != "" || !strings.Contains(a.body, "U heeft geen open zaken.") ||
		!strings.Contains(tableOf(a.body, "nieuwe"), caseLink(fresh)) {
		t.Errorf("the admin's worklist: %s", a)
	}

	// Two days before the advices' last day: both are listed with their days left.
	last, err := term.ParseDate(advs[h.w.orgA.ID].RespondBy)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Set(localAt(last.AddDays(-2), 12))
	p = h.pageAs("GET", "/werk", staff, nil)
	due := tableOf(p.body, "bijnaverlopen")
	if strings.Count(due, caseLink(advisedRef)) != 2 || !strings.Contains(due, "nog 2 dagen") ||
		!strings.Contains(due, h.w.orgA.Name) || !strings.Contains(due, h.w.orgB.Name) {
		t.Errorf("advices near their last day:\n%s", due)
	}

	// After the last day the sweep enforces both: they wait for execution.
	h.clock.Set(localAt(last.AddDays(1), 9))
	if res, err := h.store.Sweep(context.Background(), 10); err != nil || res.Enforced != 2 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	p = h.pageAs("GET", "/werk", staff, nil)
	if got := tableOf(p.body, "afgedwongen"); strings.Count(got, caseLink(advisedRef)) != 2 {
		t.Errorf("enforced advices:\n%s", got)
	}
	if tableOf(p.body, "bijnaverlopen") != "" {
		t.Errorf("enforced advices are still listed as near their last day")
	}

	// The handling terms of the complaint taken up and the fresh one: near, then past.
	c := h.complaint(mine)
	hl, err := term.ParseDate(c.HandlingLastDay)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Set(localAt(hl.AddDays(-3), 10))
	p = h.pageAs("GET", "/werk", staff, nil)
	if got := tableOf(p.body, "termijnen"); !strings.Contains(got, caseLink(mine)) || !strings.Contains(got, "nog 3 dagen") ||
		!strings.Contains(got, staffName) {
		t.Errorf("handling terms ending soon:\n%s", got)
	}
	h.clock.Set(localAt(hl.AddDays(4), 10))
	p = h.pageAs("GET", "/werk", staff, nil)
	if got := tableOf(p.body, "termijnen"); !strings.Contains(got, caseLink(mine)) || !strings.Contains(got, "4 dagen over de termijn") ||
		!strings.Contains(got, `class="termijn dringend"`) {
		t.Errorf("handling terms past:\n%s", got)
	}

	// A letter that failed is listed with a form to send it again.
	id := h.notice(fresh, "acknowledgement", 0)
	if _, err := h.db.Exec(`UPDATE notices SET status = 'failed', last_error = '550 mailbox unavailable' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	p = h.pageAs("GET", "/werk?lang=en", staff, nil)
	wantPage(t, p, http.StatusOK, "en")
	failed := tableOf(p.body, "mislukte-brieven")
	for _, want := range []string{caseLink(fresh + "?lang=en"), "Acknowledgement of receipt", "550 mailbox unavailable",
		fmt.Sprintf(`action="/werk/brief/%d/opnieuw?lang=en"`, id), `<input type="hidden" name="lang" value="en">`} {
		if !strings.Contains(failed, want) {
			t.Errorf("failed letters: no %s in\n%s", want, failed)
		}
	}
	if !strings.Contains(p.body, "Worklist") || !strings.Contains(p.body, "Letters that were not delivered") {
		t.Errorf("the English worklist is not in English")
	}
}

// TestWorklistSaysHowManyMore: a list longer than the page shows its first 50 and counts the rest.
func TestWorklistSaysHowManyMore(t *testing.T) {
	h := newHarness(t)
	var first string
	for i := range 53 {
		r := h.file(h.w.orgA.ID)
		if i == 0 {
			first = r.Reference
		}
	}
	p := h.pageAs("GET", "/werk", staff, nil)
	if got := strings.Count(tableOf(p.body, "nieuwe"), `<th scope="row">`); got != 50 {
		t.Errorf("%d new complaints shown, want 50", got)
	}
	if !strings.Contains(p.body, "En nog 3.") {
		t.Errorf("the page does not say how many more")
	}
	// The oldest waits longest: it comes first.
	if i, j := strings.Index(p.body, caseLink(first)), strings.Index(p.body, `<th scope="row">`); i < 0 || i < j {
		t.Errorf("the oldest new complaint is not first")
	}

	// Three days before their handling term ends, all 53 are also near their term: that list too
	// shows 50 and counts the rest.
	last, err := term.ParseDate(h.complaint(first).HandlingLastDay)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Set(localAt(last.AddDays(-3), 10))
	p = h.pageAs("GET", "/werk", staff, nil)
	if got := strings.Count(tableOf(p.body, "termijnen"), `<th scope="row">`); got != 50 {
		t.Errorf("%d complaints near their term shown, want 50", got)
	}
	// Their four weeks to be declared inadmissible (Awb 9:8) have passed too: a third list.
	if got := strings.Count(tableOf(p.body, "nietontvankelijk"), `<th scope="row">`); got != 50 {
		t.Errorf("%d complaints past their inadmissibility term shown, want 50", got)
	}
	if n := strings.Count(p.body, "En nog 3."); n != 3 {
		t.Errorf(`"En nog 3." %d times, want under the new complaints, the handling terms and the inadmissibility terms`, n)
	}
}
