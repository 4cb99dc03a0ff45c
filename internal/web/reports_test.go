package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestAnnualReportEditions: the council downloads every edition; the first request of an edition
// stores it; a POST of staff stores a new version; the headers identify it; a stored version comes
// back byte for byte.
func TestAnnualReportEditions(t *testing.T) {
	h := newHarness(t)
	h.advised(h.orgA) // one complaint with an advice in 2026, the harness's year
	types := map[string]string{"pdf": "application/pdf", "csv": "text/csv; charset=utf-8", "json": "application/json"}
	for ext, ctype := range types {
		r := h.call("GET", "/api/v1/reports/annual/2026."+ext, council, nil).want(t, http.StatusOK)
		if got := r.header.Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q, want %q", ext, got, ctype)
		}
		if got := r.header.Get("Content-Disposition"); got != fmt.Sprintf(`attachment; filename="jaarrapportage-2026-v1.%s"`, ext) {
			t.Errorf("%s: Content-Disposition %q", ext, got)
		}
		if r.header.Get("X-Report-Version") != "1" || r.header.Get("X-Report-Draft") != "true" || len(r.header.Get("X-Report-Sha256")) != 64 {
			t.Errorf("%s: headers %v", ext, r.header)
		}
		switch ext {
		case "pdf":
			if !bytes.HasPrefix(r.body, []byte("%PDF-")) {
				t.Error("not a PDF")
			}
		case "csv":
			if _, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll(); err != nil {
				t.Errorf("CSV: %v", err)
			}
		case "json":
			var doc struct {
				Figures struct {
					Summary struct {
						Received int `json:"received"`
					} `json:"summary"`
				} `json:"figures"`
			}
			r.into(t, &doc)
			if doc.Figures.Summary.Received != 1 {
				t.Errorf("JSON: %d complaints received in 2026, want 1", doc.Figures.Summary.Received)
			}
		}
	}
	again := h.call("GET", "/api/v1/reports/annual/2026.pdf?lang=en", staff, nil).want(t, http.StatusOK)
	if again.header.Get("X-Report-Version") != "1" || !strings.Contains(again.header.Get("Content-Disposition"), "2026-en-v1.pdf") {
		t.Errorf("English edition: %v", again.header)
	}
	again = h.call("POST", "/api/v1/reports/annual/2026.pdf", admin, nil).want(t, http.StatusCreated)
	if again.header.Get("X-Report-Version") != "2" {
		t.Errorf("second Dutch PDF is version %q, want 2", again.header.Get("X-Report-Version"))
	}
	var state struct {
		Final    bool `json:"final"`
		Versions []struct {
			ID      int64  `json:"id"`
			Format  string `json:"format"`
			Version int    `json:"version"`
			SHA256  string `json:"sha256"`
		} `json:"versions"`
	}
	h.call("GET", "/api/v1/reports/years/2026", council, nil).ok(t, http.StatusOK, &state)
	if state.Final || len(state.Versions) != 5 {
		t.Fatalf("state: final %v, %d versions, want 5", state.Final, len(state.Versions))
	}
	newest := state.Versions[0]
	stored := h.call("GET", fmt.Sprintf("/api/v1/reports/versions/%d", newest.ID), council, nil).want(t, http.StatusOK)
	if !bytes.Equal(stored.body, again.body) || stored.header.Get("X-Report-Sha256") != newest.SHA256 {
		t.Error("the stored version differs from what was served")
	}
}

// TestAnnualReportGetStoresNothing: a GET serves the newest stored edition, byte for byte the
// same, and stores one version only when none was stored, also when many ask at once; a POST of
// staff or admin makes a new edition, which GETs serve from then on; the council cannot make one.
func TestAnnualReportGetStoresNothing(t *testing.T) {
	h := newHarness(t)
	h.advised(h.orgA)
	versions := func() int {
		t.Helper()
		return h.count(`SELECT count(*) FROM report_versions WHERE year = 2026 AND format = 'pdf' AND language = 'nl'`)
	}
	// Eight downloads at the same moment: one edition is made, and all eight get it.
	bodies := make(chan []byte, 8)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			res, err := h.try(request{method: "GET", path: "/api/v1/reports/annual/2026.pdf", as: council})
			switch {
			case err != nil:
				errs <- err
			case res.status != http.StatusOK:
				errs <- fmt.Errorf("status %d: %s", res.status, res)
			default:
				bodies <- res.body
			}
		}()
	}
	var first []byte
	for range 8 {
		select {
		case err := <-errs:
			t.Fatal(err)
		case b := <-bodies:
			if first == nil {
				first = b
			} else if !bytes.Equal(b, first) {
				t.Fatal("concurrent downloads got different bytes")
			}
		}
	}
	if n := versions(); n != 1 {
		t.Fatalf("%d versions stored after the first downloads, want 1", n)
	}
	// Later, with more complaints: a GET still serves the stored edition and stores nothing.
	h.clock.Advance(48 * time.Hour)
	h.advised(h.orgB)
	for _, as := range []role{council, staff, admin} {
		r := h.call("GET", "/api/v1/reports/annual/2026.pdf", as, nil).want(t, http.StatusOK)
		if !bytes.Equal(r.body, first) || r.header.Get("X-Report-Version") != "1" {
			t.Errorf("%s: GET served version %q, not the stored edition byte for byte", as, r.header.Get("X-Report-Version"))
		}
	}
	if n := versions(); n != 1 {
		t.Fatalf("%d versions stored after more downloads, want 1", n)
	}
	// The council cannot make an edition; staff can, and GETs serve it from then on.
	h.refused(request{method: "POST", path: "/api/v1/reports/annual/2026.pdf", as: council}, 403, "forbidden")
	if n := versions(); n != 1 {
		t.Fatalf("%d versions stored after the council's POST, want 1", n)
	}
	made := h.call("POST", "/api/v1/reports/annual/2026.pdf", staff, nil).want(t, http.StatusCreated)
	if made.header.Get("X-Report-Version") != "2" || bytes.Equal(made.body, first) ||
		made.header.Get("Location") != "/api/v1/reports/versions/"+made.header.Get("X-Report-Id") {
		t.Fatalf("POST: version %q, Location %q", made.header.Get("X-Report-Version"), made.header.Get("Location"))
	}
	if n := versions(); n != 2 {
		t.Fatalf("%d versions stored after the POST, want 2", n)
	}
	for range 2 {
		r := h.call("GET", "/api/v1/reports/annual/2026.pdf", council, nil).want(t, http.StatusOK)
		if !bytes.Equal(r.body, made.body) || r.header.Get("X-Report-Version") != "2" {
			t.Errorf("GET after the POST served version %q, want the new edition 2", r.header.Get("X-Report-Version"))
		}
	}
	// The council's downloads follow the same rule.
	for range 2 {
		r := h.send(request{method: "GET", path: "/raad/jaar/2026/rapport-nl.pdf", as: council}).want(t, http.StatusOK)
		if !bytes.Equal(r.body, made.body) {
			t.Error("the council page's download is not the newest stored edition")
		}
	}
	if n := versions(); n != 2 {
		t.Fatalf("%d versions stored after the council page's downloads, want 2", n)
	}
	// The council's page says that the files of a draft are the latest draft made, not today's.
	if p := h.pageAs("GET", "/raad/jaar/2026", council, nil); !strings.Contains(p.body, `id="concept-download"`) ||
		!strings.Contains(p.body, "laatste concept") {
		t.Error("the council's year page does not say that the downloads are the latest draft made")
	}
	if n := h.count(`SELECT count(*) FROM report_versions WHERE year = 2026`); n != 2 {
		t.Errorf("%d versions of 2026 in all, want 2", n)
	}
}

// TestAnnualReportFinalEditionAfterDrafts: a year finalised after drafts were stored gets its
// first final edition from the next GET, once; the drafts are not served as the report.
func TestAnnualReportFinalEditionAfterDrafts(t *testing.T) {
	h := newHarness(t)
	draft := h.call("GET", "/api/v1/reports/annual/2025.json", council, nil).want(t, http.StatusOK)
	if draft.header.Get("X-Report-Draft") != "true" {
		t.Fatalf("2025 before finalising: draft %q", draft.header.Get("X-Report-Draft"))
	}
	h.call("PUT", "/api/v1/reports/years/2025/closing", staff, map[string]any{"text": "Het meldpunt sluit het jaar af."}).want(t, http.StatusOK)
	h.call("POST", "/api/v1/reports/years/2025/finalise", staff, nil).want(t, http.StatusOK)
	final := h.call("GET", "/api/v1/reports/annual/2025.json", council, nil).want(t, http.StatusOK)
	if final.header.Get("X-Report-Draft") != "false" || final.header.Get("X-Report-Version") != "2" {
		t.Fatalf("after finalising: draft %q, version %q; want the final version 2",
			final.header.Get("X-Report-Draft"), final.header.Get("X-Report-Version"))
	}
	again := h.call("GET", "/api/v1/reports/annual/2025.json", council, nil).want(t, http.StatusOK)
	if !bytes.Equal(again.body, final.body) || again.header.Get("X-Report-Version") != "2" {
		t.Error("a second GET of the final report did not serve the stored final edition")
	}
	if n := h.count(`SELECT count(*) FROM report_versions WHERE year = 2025`); n != 2 {
		t.Errorf("%d versions of 2025, want 2 (the draft and the final)", n)
	}
}

// TestAnnualReportRefusesBadRequests: a malformed or future year, an unknown edition or language
// give a clear problem and store nothing.
func TestAnnualReportRefusesBadRequests(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		path, code string
		status     int
		field      string
	}{
		{"/api/v1/reports/annual/2027.pdf", "validation_failed", 422, "year"}, // the harness's clock is in 2026
		{"/api/v1/reports/annual/1999.pdf", "validation_failed", 422, "year"},
		{"/api/v1/reports/annual/20x5.pdf", "validation_failed", 422, "year"},
		{"/api/v1/reports/annual/202.json", "validation_failed", 422, "year"},
		{"/api/v1/reports/annual/2025.docx", "not_found", 404, ""},
		{"/api/v1/reports/annual/2025", "not_found", 404, ""},
		{"/api/v1/reports/annual/2025.pdf?lang=de", "validation_failed", 422, "lang"},
		{"/api/v1/reports/years/2030", "validation_failed", 422, "year"},
		{"/api/v1/reports/versions/999999", "not_found", 404, ""},
		{"/api/v1/reports/versions/abc", "not_found", 404, ""},
		{"/api/v1/recommendations?status=maybe", "validation_failed", 422, "status"},
		{"/api/v1/recommendations?year=1800", "validation_failed", 422, "year"},
	} {
		var fields []string
		if c.field != "" {
			fields = []string{c.field}
		}
		as := council
		if strings.HasPrefix(c.path, "/api/v1/recommendations") {
			as = staff
		}
		p := h.refused(request{method: "GET", path: c.path, as: as}, c.status, c.code, fields...)
		if p.Detail == "" && len(p.Errors) == 0 {
			t.Errorf("%s: no explanation in %+v", c.path, p)
		}
	}
}

// TestClosingTextFinaliseAndFollowUp walks staff through the year's report: a closing text, the
// follow-up of a recommendation, finalising; after that the text is fixed and reports are final.
func TestClosingTextFinaliseAndFollowUp(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA)
	ruling := foundedRuling(h.orgA)
	ruling["recommendations"] = []map[string]any{{"life_domain": "youth_care", "text": "Maak overbruggingszorg de standaard."}}
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, ruling).want(t, http.StatusOK)
	id := h.complaint(ref).Recommendations[0].ID
	path := fmt.Sprintf("/api/v1/recommendations/%d/follow-up", id)

	h.refused(request{method: "POST", path: path, as: staff, body: map[string]any{"status": "maybe"}}, 422, "validation_failed", "status")
	h.refused(request{method: "POST", path: path, as: staff, body: map[string]any{"status": "adopted"}}, 422, "validation_failed", "note")
	h.refused(request{method: "POST", path: "/api/v1/recommendations/424242/follow-up", as: staff,
		body: map[string]any{"status": "adopted", "note": "Gedaan."}}, 404, "not_found")
	var rec struct {
		Status, Note, Reference string
	}
	h.call("POST", path, staff, map[string]any{"status": "adopted", "note": "Opgenomen in het jeugdbeleid 2027."}).ok(t, http.StatusOK, &rec)
	if rec.Status != "adopted" || rec.Reference != ref {
		t.Errorf("follow-up answer %+v", rec)
	}
	var list struct {
		Recommendations []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"recommendations"`
	}
	h.call("GET", "/api/v1/recommendations?year=2026&status=adopted", staff, nil).ok(t, http.StatusOK, &list)
	if len(list.Recommendations) != 1 || list.Recommendations[0].ID != id {
		t.Errorf("adopted recommendations of 2026: %+v", list)
	}
	// The follow-up is in the complaint's audit trail.
	if n := h.count(`SELECT count(*) FROM events WHERE action = 'recommendation_follow_up' AND internal`); n != 1 {
		t.Errorf("%d follow-up events, want 1", n)
	}

	closing := "/api/v1/reports/years/2025/closing"
	h.refused(request{method: "PUT", path: closing, as: staff, body: map[string]any{"language": "fr", "text": "Bonjour."}}, 422, "validation_failed", "language")
	h.refused(request{method: "PUT", path: closing, as: staff, body: map[string]any{"text": strings.Repeat("lang ", 5000)}}, 422, "validation_failed", "text")
	h.refused(request{method: "POST", path: "/api/v1/reports/years/2025/finalise", as: staff}, 422, "validation_failed", "closing_nl")
	h.call("PUT", closing, staff, map[string]any{"text": "Het meldpunt vraagt de raad om één loket voor jeugdhulp."}).want(t, http.StatusOK)
	h.call("PUT", closing, staff, map[string]any{"language": "en", "text": "The meldpunt asks the council for one desk for youth care."}).want(t, http.StatusOK)
	h.call("POST", "/api/v1/reports/years/2025/finalise", staff, nil).want(t, http.StatusOK)
	h.refused(request{method: "PUT", path: closing, as: staff, body: map[string]any{"text": "Toch iets anders."}}, 409, "invalid_transition")
	h.refused(request{method: "POST", path: "/api/v1/reports/years/2025/finalise", as: admin}, 409, "invalid_transition")
	h.refused(request{method: "POST", path: "/api/v1/reports/years/2026/finalise", as: admin}, 409, "invalid_transition")
	r := h.call("GET", "/api/v1/reports/annual/2025.json", council, nil).want(t, http.StatusOK)
	var doc struct {
		Report struct {
			Draft bool `json:"draft"`
		} `json:"report"`
		ClosingText string `json:"closing_text"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Report.Draft || r.header.Get("X-Report-Draft") != "false" || !strings.Contains(doc.ClosingText, "één loket") {
		t.Errorf("the finalised report: %+v, draft header %q", doc, r.header.Get("X-Report-Draft"))
	}
}
