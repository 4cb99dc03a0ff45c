package web_test

import (
	"crypto/sha256"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// Tests of the staff's office pages: the print queue and the letters, organisations, users,
// recommendation follow-up and the annual report. The authorisation of every route is in
// staffOfficeMatrix (authz_staff_office_test.go).

// wantOfficePage checks an office page like wantPage, that no id occurs twice, and that an English
// page stays English in every link and form.
func wantOfficePage(t *testing.T, p page, status int, l string) {
	t.Helper()
	wantPage(t, p, status, l)
	ids := map[string]int{}
	for _, m := range idPattern.FindAllStringSubmatch(p.body, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q occurs %d times", id, n)
		}
	}
	if l == "en" {
		wantEnglishLinks(t, p)
	}
}

// wantOfficeDone checks the success message of a page after a redirect.
func wantOfficeDone(t *testing.T, p page, text string) {
	t.Helper()
	if !strings.Contains(p.body, `<div class="melding" role="status"><p id="klaar">`+html.EscapeString(text)+`</p></div>`) {
		t.Errorf("the page does not say %q in a status message: %s", text, p)
	}
}

// officeFollow fetches the page a redirect leads to, as the same role.
func (h *harness) officeFollow(p page, as role) page {
	h.t.Helper()
	if p.status != http.StatusSeeOther {
		h.t.Fatalf("want a redirect: %s", p)
	}
	return h.pageAs("GET", p.header.Get("Location"), as, nil)
}

// officeUnchanged runs do and checks that it left the database as it was.
func (h *harness) officeUnchanged(what string, do func()) {
	h.t.Helper()
	before := h.fingerprint()
	do()
	if after := h.fingerprint(); after != before {
		h.t.Errorf("%s changed the database:\n before %s\n after  %s", what, before, after)
	}
}

// wantOfficeValue checks that a text field shows value.
func wantOfficeValue(t *testing.T, p page, id, value string) {
	t.Helper()
	if !strings.Contains(p.body, `id="`+id+`" name=`) {
		t.Fatalf("no field %s", id)
	}
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `" name="[^"]*" value="([^"]*)"`)
	m := re.FindStringSubmatch(p.body)
	if m == nil || html.UnescapeString(m[1]) != value {
		t.Errorf("field %s shows %v, want %q", id, m, value)
	}
}

// wantOfficeChecked checks that the choice with this id is checked.
func wantOfficeChecked(t *testing.T, p page, id string) {
	t.Helper()
	if !regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `" name="[^"]*" value="[^"]*" checked`).MatchString(p.body) {
		t.Errorf("choice %s is not checked", id)
	}
}

func officeText(key string, l int) string { return officeTexts[key][l] }

// officeTexts are the messages the tests look for, as the pages write them.
var officeTexts = map[string][2]string{
	"posted":       {"De brief is gemarkeerd als verstuurd.", "The letter has been marked as posted."},
	"notPrint":     {"Deze brief staat niet meer klaar om te printen", "This letter is no longer waiting to be printed"},
	"orgAdded":     {"De organisatie is toegevoegd.", "The organisation has been added."},
	"userAdded":    {"De gebruiker is toegevoegd en kan nu inloggen.", "The user has been added and can now sign in."},
	"signedOut":    {"De gebruiker is overal uitgelogd. Bij de volgende pagina moet hij of zij opnieuw inloggen.", ""},
	"followedUp":   {"De opvolging is opgeslagen.", "The follow-up has been saved."},
	"made":         {"Het verslag is gemaakt. De nieuwe versies staan hieronder.", ""},
	"closingSaved": {"De slottekst is opgeslagen.", ""},
	"final":        {"Het verslag is nu definitief.", "The report is now final."},
}

// ---- the print queue and the letters ----

func TestStaffOfficePrintQueue(t *testing.T) {
	h := newHarness(t)
	var refs []string
	for range 3 {
		refs = append(refs, h.file(h.orgA).Reference)
	}
	h.deliverAll()
	var ids []int64
	for _, ref := range refs {
		ids = append(ids, h.notice(ref, "acknowledgement", 0))
	}

	for _, l := range []string{"nl", "en"} {
		path := "/werk/post"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.pageAs("GET", path, staff, nil)
		wantOfficePage(t, p, http.StatusOK, l)
		// Oldest first; each with its case, the PDF and the form to mark it posted.
		last := -1
		for i, id := range ids {
			at := strings.Index(p.body, fmt.Sprintf(`<tr id="brief-%d">`, id))
			if at < 0 || at < last {
				t.Errorf("%s: letter %d is missing or out of order", l, id)
			}
			last = at
			for _, want := range []string{`href="/werk/klacht/` + refs[i], fmt.Sprintf(`href="/werk/brief/%d`, id),
				fmt.Sprintf(`action="/werk/post/%d/verstuurd`, id)} {
				if !strings.Contains(p.body, want) {
					t.Errorf("%s: letter %d has no %s", l, id, want)
				}
			}
		}
		for _, want := range map[string][]string{"nl": {"Ontvangstbevestiging", "klager", "3 maart 2026"},
			"en": {"Acknowledgement of receipt", "complainant", "3 March 2026"}}[l] {
			if !strings.Contains(p.body, want) {
				t.Errorf("%s: the queue does not say %q", l, want)
			}
		}
		// The queue shows no personal data beyond what staff need: not the complainant's address.
		if s, ok := containsAny([]byte(p.body), piiStreet, piiEmail, piiPhone); ok {
			t.Errorf("%s: the print queue shows %q", l, s)
		}
	}

	t.Run("marking a letter posted takes it from the queue", func(t *testing.T) {
		p := h.pageAs("POST", fmt.Sprintf("/werk/post/%d/verstuurd", ids[0]), staff, url.Values{})
		wantRedirect(t, p, "/werk/post?klaar=verstuurd")
		if n := h.count(`SELECT count(*) FROM notices WHERE id = $1 AND status = 'posted' AND posted_at IS NOT NULL`, ids[0]); n != 1 {
			t.Fatal("the letter is not marked posted in the database")
		}
		after := h.officeFollow(p, staff)
		wantOfficePage(t, after, http.StatusOK, "nl")
		wantOfficeDone(t, after, officeText("posted", 0))
		if strings.Contains(after.body, fmt.Sprintf(`id="brief-%d"`, ids[0])) || !strings.Contains(after.body, fmt.Sprintf(`id="brief-%d"`, ids[1])) {
			t.Error("the posted letter is still listed, or the others are not")
		}
		en := h.pageAs("POST", fmt.Sprintf("/werk/post/%d/verstuurd", ids[1]), admin, url.Values{"lang": {"en"}})
		wantRedirect(t, en, "/werk/post?klaar=verstuurd&lang=en")
		wantOfficeDone(t, h.officeFollow(en, admin), officeText("posted", 1))
	})

	t.Run("a letter not in the queue is refused with 409", func(t *testing.T) {
		h.officeUnchanged("posting a posted letter again", func() {
			p := h.pageAs("POST", fmt.Sprintf("/werk/post/%d/verstuurd", ids[0]), staff, url.Values{})
			wantOfficePage(t, p, http.StatusConflict, "nl")
			if !strings.Contains(errorSummary(t, p), officeText("notPrint", 0)) {
				t.Errorf("the 409 page does not explain: %s", p)
			}
			if !strings.Contains(p.body, fmt.Sprintf(`id="brief-%d"`, ids[2])) {
				t.Error("the 409 page does not show the queue")
			}
		})
		pending := h.notice(h.file(h.orgB).Reference, "acknowledgement", 0)
		h.officeUnchanged("posting a letter that goes by e-mail", func() {
			p := h.pageAs("POST", fmt.Sprintf("/werk/post/%d/verstuurd?lang=en", pending), staff, url.Values{"lang": {"en"}})
			wantOfficePage(t, p, http.StatusConflict, "en")
			if !strings.Contains(errorSummary(t, p), officeText("notPrint", 1)) {
				t.Errorf("the English 409 page does not explain: %s", p)
			}
		})
	})

	t.Run("unknown letters are not found", func(t *testing.T) {
		for _, path := range []string{"/werk/post/999999/verstuurd", "/werk/post/abc/verstuurd", "/werk/post/-1/verstuurd"} {
			h.officeUnchanged(path, func() { wantPage(t, h.pageAs("POST", path, staff, url.Values{}), http.StatusNotFound, "nl") })
		}
		wantPage(t, h.pageAs("GET", "/werk/post?na=abc", staff, nil), http.StatusNotFound, "nl")
	})

	t.Run("letters to organisations name the organisation", func(t *testing.T) {
		ref := h.inTreatment(h.orgA, h.orgB)
		h.deliverAll()
		p := h.pageAs("GET", "/werk/post", staff, nil)
		for _, org := range []int64{h.orgA, h.orgB} {
			id := h.notice(ref, "copy_to_organisation", org)
			row := regexp.MustCompile(fmt.Sprintf(`(?s)<tr id="brief-%d">.*?</tr>`, id)).FindString(p.body)
			name := map[int64]string{h.orgA: orgAName, h.orgB: orgBName}[org]
			if !strings.Contains(row, "<td>Kopie van de klacht</td>") || !strings.Contains(row, "<td>organisatie: "+name+"</td>") {
				t.Errorf("the copy to %s is listed as %q", name, row)
			}
		}
	})

	t.Run("others may not", func(t *testing.T) {
		for _, as := range []role{orgA, council, supporter} {
			h.officeUnchanged("posting as "+string(as), func() {
				wantPage(t, h.pageAs("POST", fmt.Sprintf("/werk/post/%d/verstuurd", ids[2]), as, url.Values{}), http.StatusForbidden, "nl")
			})
		}
		h.officeUnchanged("posting without a session", func() {
			wantRedirect(t, h.pageAs("POST", fmt.Sprintf("/werk/post/%d/verstuurd", ids[2]), anon, url.Values{}), "/inloggen")
		})
	})
}

func TestStaffOfficePrintQueuePages(t *testing.T) {
	h := newHarness(t)
	for range 52 {
		h.file(h.orgA)
	}
	h.deliverAll()
	var ids []int64
	if err := h.db.Select(&ids, `SELECT id FROM notices WHERE status = 'print' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 52 {
		t.Fatalf("%d letters in the queue, want 52", len(ids))
	}
	first := h.pageAs("GET", "/werk/post?lang=en", staff, nil)
	wantOfficePage(t, first, http.StatusOK, "en")
	if n := strings.Count(first.body, `<tr id="brief-`); n != 50 {
		t.Errorf("the first page shows %d letters, want 50", n)
	}
	next := fmt.Sprintf(`<input type="hidden" name="na" value="%d">`, ids[49])
	if !strings.Contains(first.body, next) || !strings.Contains(first.body, `<form method="get" action="/werk/post?lang=en">`) {
		t.Fatalf("no form to the next page after letter %d: %s", ids[49], first)
	}
	second := h.pageAs("GET", fmt.Sprintf("/werk/post?lang=en&na=%d", ids[49]), staff, nil)
	wantOfficePage(t, second, http.StatusOK, "en")
	for i, id := range ids {
		if shown := strings.Contains(second.body, fmt.Sprintf(`id="brief-%d"`, id)); shown != (i >= 50) {
			t.Errorf("letter %d (number %d) shown on the second page: %v", id, i, shown)
		}
	}
	if strings.Contains(second.body, `name="na"`) || !strings.Contains(second.body, `href="/werk/post?lang=en"`) {
		t.Error("the last page offers a next page, or no way back to the first")
	}
	// An empty queue says so.
	if _, err := h.db.Exec(`UPDATE notices SET status = 'posted'`); err != nil {
		t.Fatal(err)
	}
	empty := h.pageAs("GET", "/werk/post", staff, nil)
	wantOfficePage(t, empty, http.StatusOK, "nl")
	if !strings.Contains(empty.body, `id="geen-post"`) || strings.Contains(empty.body, "<table") {
		t.Error("an empty queue does not say so")
	}
}

func TestStaffOfficeLetterDownload(t *testing.T) {
	h := newHarness(t)
	ref := h.file(h.orgA).Reference
	pending := h.notice(ref, "acknowledgement", 0)

	// Not yet written by the dispatcher: a page that says so, in both languages.
	for _, l := range []string{"nl", "en"} {
		p := h.pageAs("GET", fmt.Sprintf("/werk/brief/%d?lang=%s", pending, l), staff, nil)
		wantPage(t, p, http.StatusConflict, l)
		if want := map[string]string{"nl": "Deze brief wordt nog gemaakt", "en": "This letter is still being made"}[l]; !strings.Contains(p.body, want) {
			t.Errorf("%s: the page does not say %q: %s", l, want, p)
		}
	}

	h.deliverAll()
	res := h.send(request{method: "GET", path: fmt.Sprintf("/werk/brief/%d", pending), as: admin})
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" ||
		res.header.Get("Content-Disposition") != fmt.Sprintf(`attachment; filename="%s-acknowledgement-%d.pdf"`, ref, pending) ||
		string(res.body) != string(standInPDF(pending)) {
		t.Fatalf("download: %s %q", res, res.header.Get("Content-Disposition"))
	}
	for _, path := range []string{"/werk/brief/999999", "/werk/brief/abc", "/werk/brief/0"} {
		wantPage(t, h.pageAs("GET", path, staff, nil), http.StatusNotFound, "nl")
	}
	// Organisations download their own letters through their pages and the API, never here.
	wantPage(t, h.pageAs("GET", fmt.Sprintf("/werk/brief/%d", pending), orgA, nil), http.StatusForbidden, "nl")
}

func TestStaffOfficeRetryLetter(t *testing.T) {
	h := newHarness(t)
	id := h.officeFailedLetter()
	p := h.pageAs("POST", fmt.Sprintf("/werk/brief/%d/opnieuw", id), staff, url.Values{})
	wantRedirect(t, p, "/werk?klaar=opnieuw")
	if n := h.count(`SELECT count(*) FROM notices WHERE id = $1 AND status = 'pending' AND attempts = 0`, id); n != 1 {
		t.Fatal("the letter is not back in the outbox")
	}
	// Now it is waiting, not failed: a second retry is refused and changes nothing.
	h.officeUnchanged("retrying a waiting letter", func() {
		p := h.pageAs("POST", fmt.Sprintf("/werk/brief/%d/opnieuw", id), staff, url.Values{"lang": {"en"}})
		wantPage(t, p, http.StatusConflict, "en")
		if !strings.Contains(p.body, "Only a letter that could not be sent can be sent again.") {
			t.Errorf("the 409 page does not explain: %s", p)
		}
	})
	en := h.pageAs("POST", fmt.Sprintf("/werk/brief/%d/opnieuw", h.officeFailedLetter()), admin, url.Values{"lang": {"en"}})
	wantRedirect(t, en, "/werk?klaar=opnieuw&lang=en")
	h.officeUnchanged("retrying an unknown letter", func() {
		wantPage(t, h.pageAs("POST", "/werk/brief/999999/opnieuw", staff, url.Values{}), http.StatusNotFound, "nl")
	})
}

// ---- organisations ----

func TestStaffOfficeOrganisations(t *testing.T) {
	h := newHarness(t)

	t.Run("staff see the organisations but cannot add one", func(t *testing.T) {
		p := h.pageAs("GET", "/werk/organisaties", staff, nil)
		wantOfficePage(t, p, http.StatusOK, "nl")
		for _, want := range []string{orgAName, orgBName, "Zorgaanbieder", "Sociaal wijkteam", "directie@anker.example",
			"Postbus 2, 2000 AB Haarlem", `id="alleen-beheerder"`, `href="/werk/organisaties" aria-current="page"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the page does not show %s", want)
			}
		}
		if strings.Contains(p.body, `action="/werk/organisaties"`) || strings.Contains(p.body, `name="kind"`) {
			t.Error("staff who are not admin see the form to add an organisation")
		}
		h.officeUnchanged("staff adding an organisation", func() {
			p := h.pageAs("POST", "/werk/organisaties", staff, url.Values{"name": {"Stiekem BV"}, "kind": {"other"}})
			wantPage(t, p, http.StatusForbidden, "nl")
		})
	})

	t.Run("the admin adds one; what was typed comes out as text", func(t *testing.T) {
		form := h.pageAs("GET", "/werk/organisaties?lang=en", admin, nil)
		wantOfficePage(t, form, http.StatusOK, "en")
		for _, want := range []string{`<form method="post" action="/werk/organisaties?lang=en" novalidate>`,
			`id="name" name="name"`, `id="kind" name="kind" value="municipality"`, `id="kind-housing" name="kind" value="housing"`,
			`id="email" name="email"`, `id="street" name="street"`, `id="postcode" name="postcode"`, `id="city" name="city"`,
			`<label for="name">`} {
			if !strings.Contains(form.body, want) {
				t.Errorf("the form has no %s", want)
			}
		}
		name := `Stichting <script>alert(1)</script> "Thuis"`
		p := h.pageAs("POST", "/werk/organisaties", admin, url.Values{"name": {name}, "kind": {"housing"},
			"email": {"info@thuis.example"}, "street": {`Postbus 9 <b>`}, "postcode": {"2000ac"}, "city": {"Haarlem"}})
		wantRedirect(t, p, "/werk/organisaties?klaar=organisatie")
		if n := h.count(`SELECT count(*) FROM organisations WHERE name = $1 AND kind = 'housing' AND email = 'info@thuis.example'
			AND street = 'Postbus 9 <b>' AND postcode = '2000 AC' AND city = 'Haarlem'`, name); n != 1 {
			t.Fatal("the organisation is not stored with its address in three parts")
		}
		after := h.officeFollow(p, admin)
		wantOfficePage(t, after, http.StatusOK, "nl")
		wantOfficeDone(t, after, officeText("orgAdded", 0))
		wantEscaped(t, "organisations page", after, name, `Postbus 9 <b>`)
		// Staff see it too, escaped.
		wantEscaped(t, "organisations page for staff", h.pageAs("GET", "/werk/organisaties", staff, nil), name)
		if strings.Contains(h.logs.String(), "Stichting") || strings.Contains(h.logs.String(), "info@thuis.example") {
			t.Error("the log holds what was typed")
		}
	})

	t.Run("an empty form is refused with 422 and messages at the fields", func(t *testing.T) {
		h.officeUnchanged("an empty form", func() {
			p := h.pageAs("POST", "/werk/organisaties", admin, url.Values{})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
			msgs := wantErrors(t, p, "name", "kind")
			if msgs["name"] != "Vul de naam in." || msgs["kind"] != "Kies de soort organisatie." {
				t.Errorf("messages %v", msgs)
			}
			if !strings.Contains(p.body, `id="name" name="name" value="" aria-describedby="name-fout" aria-required="true" aria-invalid="true"`) {
				t.Errorf("the name field is not marked invalid: %s", p)
			}
			if !strings.HasPrefix(title(p), "Fout: ") {
				t.Errorf("title %q", title(p))
			}
		})
	})

	t.Run("a bad e-mail address keeps everything typed", func(t *testing.T) {
		h.officeUnchanged("a bad address", func() {
			p := h.pageAs("POST", "/werk/organisaties?lang=en", admin, url.Values{"lang": {"en"}, "name": {"Buurtzorg <Noord>"},
				"kind": {"care_provider"}, "email": {"geen adres"}, "street": {"Markt 1"}, "postcode": {"2011 AB"}, "city": {"Haarlem"}})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "en")
			msgs := wantErrors(t, p, "email")
			if msgs["email"] != "Enter an e-mail address like name@example.com." {
				t.Errorf("message %q", msgs["email"])
			}
			wantOfficeValue(t, p, "name", "Buurtzorg <Noord>")
			wantOfficeValue(t, p, "email", "geen adres")
			wantOfficeValue(t, p, "street", "Markt 1")
			wantOfficeValue(t, p, "postcode", "2011 AB")
			wantOfficeChecked(t, p, "kind-care_provider")
		})
	})

	t.Run("half an address is refused at the fields that are missing", func(t *testing.T) {
		h.officeUnchanged("half an address", func() {
			p := h.pageAs("POST", "/werk/organisaties", admin, url.Values{"name": {"Buurthuis De Brug"},
				"kind": {"other"}, "street": {"Brugstraat 4"}})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
			msgs := wantErrors(t, p, "postcode", "city")
			if !strings.HasPrefix(msgs["postcode"], "Vul voor het postadres straat en huisnummer") {
				t.Errorf("message %q", msgs["postcode"])
			}
			wantOfficeValue(t, p, "street", "Brugstraat 4")
		})
	})

	t.Run("an address the migration could not split shows as incomplete", func(t *testing.T) {
		if _, err := h.db.Exec(`INSERT INTO organisations (name, kind, street, created_at) VALUES ('Buurthuis Oost', 'other', 'Spaarne 96 Haarlem', now())`); err != nil {
			t.Fatal(err)
		}
		p := h.pageAs("GET", "/werk/organisaties", staff, nil)
		if !strings.Contains(p.body, "Spaarne 96 Haarlem <strong>(onvolledig: postcode of plaats ontbreekt)</strong>") ||
			strings.Count(p.body, "onvolledig") != 1 {
			t.Errorf("the incomplete address is not marked, or a complete one is: %s", p)
		}
	})

	t.Run("a name that exists is refused with 409", func(t *testing.T) {
		h.officeUnchanged("a duplicate", func() {
			p := h.pageAs("POST", "/werk/organisaties", admin, url.Values{"name": {orgAName}, "kind": {"care_provider"}})
			wantOfficePage(t, p, http.StatusConflict, "nl")
			msgs := wantErrors(t, p, "name")
			if !strings.Contains(msgs["name"], "Er is al een organisatie met deze naam") {
				t.Errorf("message %q", msgs["name"])
			}
			wantOfficeValue(t, p, "name", orgAName)
		})
	})
}

// ---- users ----

func TestStaffOfficeUsers(t *testing.T) {
	h := newHarness(t)
	const password = "een heel geheim wachtwoord 42"

	t.Run("only the admin sees the users", func(t *testing.T) {
		for _, as := range []role{staff, orgA, council, supporter} {
			wantPage(t, h.pageAs("GET", "/werk/gebruikers", as, nil), http.StatusForbidden, "nl")
		}
		if strings.Contains(h.pageAs("GET", "/werk", staff, nil).body, `href="/werk/gebruikers"`) {
			t.Error("the menu of staff leads to the users page")
		}
		p := h.pageAs("GET", "/werk/gebruikers", admin, nil)
		wantOfficePage(t, p, http.StatusOK, "nl")
		for r, u := range h.w.users {
			if !strings.Contains(p.body, fmt.Sprintf(`action="/werk/gebruikers/%d/afmelden"`, u.ID)) || !strings.Contains(p.body, html.EscapeString(u.Name)) {
				t.Errorf("the users page does not list %s with a sign-out form", r)
			}
		}
		for _, want := range []string{"Beheerder", "Gemeenteraad of griffie", orgAName, `id="email" name="email"`, `id="role" name="role" value="staff"`,
			fmt.Sprintf(`id="organisation_id-%d" name="organisation_id" value="%d"`, h.orgA, h.orgA),
			`id="organisation_id" name="organisation_id" value="" checked`, `type="password" id="password" name="password" autocomplete="new-password"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the users page has no %s", want)
			}
		}
		wantOfficePage(t, h.pageAs("GET", "/werk/gebruikers?lang=en", admin, nil), http.StatusOK, "en")
	})

	t.Run("the admin adds a user who can then sign in", func(t *testing.T) {
		p := h.pageAs("POST", "/werk/gebruikers", admin, url.Values{"email": {"nieuwe.collega@meldpunt.example"},
			"name": {"Nieuwe <b>Collega</b>"}, "role": {"staff"}, "organisation_id": {""}, "password": {password}})
		wantRedirect(t, p, "/werk/gebruikers?klaar=gebruiker")
		after := h.officeFollow(p, admin)
		wantOfficeDone(t, after, officeText("userAdded", 0))
		wantEscaped(t, "users page", after, "Nieuwe <b>Collega</b>")
		if strings.Contains(after.body, password) {
			t.Error("the page shows the password")
		}
		signedIn, _ := h.signIn("nieuwe.collega@meldpunt.example", password, nil)
		wantRedirect(t, signedIn, "/werk")

		// An organisation's account, in English.
		org := h.pageAs("POST", "/werk/gebruikers?lang=en", admin, url.Values{"lang": {"en"}, "email": {"directie2@anker.example"},
			"name": {"Tweede Directeur"}, "role": {"organisation"}, "organisation_id": {strconv.FormatInt(h.orgA, 10)}, "password": {password}})
		wantRedirect(t, org, "/werk/gebruikers?klaar=gebruiker&lang=en")
		wantOfficeDone(t, h.officeFollow(org, admin), officeText("userAdded", 1))
		if n := h.count(`SELECT count(*) FROM users WHERE email = 'directie2@anker.example' AND role = 'organisation' AND organisation_id = $1`, h.orgA); n != 1 {
			t.Error("the organisation's account is not stored with its organisation")
		}
		if strings.Contains(h.logs.String(), password) || strings.Contains(h.logs.String(), "nieuwe.collega") {
			t.Error("the log holds the password or the address")
		}
	})

	t.Run("refusals keep what was typed but never the password", func(t *testing.T) {
		cases := []struct {
			name   string
			form   url.Values
			status int
			fields map[string]string
		}{
			{"empty", url.Values{}, http.StatusUnprocessableEntity, map[string]string{"email": "Vul het e-mailadres in.",
				"name": "Vul de naam in.", "role": "Kies de rol van de gebruiker.", "password": "Vul een wachtwoord in."}},
			{"organisation without its organisation", url.Values{"email": {"x@anker.example"}, "name": {"X"}, "role": {"organisation"},
				"password": {"Kx7!qZ"}}, http.StatusUnprocessableEntity, map[string]string{
				"organisation_id": "Kies de organisatie waarvoor deze persoon werkt.",
				"password":        "Het wachtwoord is te kort. Gebruik minstens 12 tekens."}},
			{"staff with an organisation", url.Values{"email": {"y@meldpunt.example"}, "name": {"Y"}, "role": {"staff"},
				"organisation_id": {strconv.FormatInt(h.orgB, 10)}, "password": {password}}, http.StatusUnprocessableEntity,
				map[string]string{"organisation_id": "Alleen een account met de rol Organisatie hoort bij een organisatie. Kies Geen organisatie, of kies de rol Organisatie."}},
			{"an unknown organisation", url.Values{"email": {"z@anker.example"}, "name": {"Z"}, "role": {"organisation"},
				"organisation_id": {"abc"}, "password": {password}}, http.StatusUnprocessableEntity,
				map[string]string{"organisation_id": "Kies de organisatie waarvoor deze persoon werkt."}},
			{"an address in use", url.Values{"email": {"staff@meldpunt.example"}, "name": {"Dubbel"}, "role": {"admin"},
				"password": {password}}, http.StatusConflict, map[string]string{"email": "Er is al een gebruiker met dit e-mailadres."}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				h.officeUnchanged(c.name, func() {
					p := h.pageAs("POST", "/werk/gebruikers", admin, c.form)
					wantOfficePage(t, p, c.status, "nl")
					var ids []string
					for id := range c.fields {
						ids = append(ids, id)
					}
					msgs := wantErrors(t, p, ids...)
					for id, want := range c.fields {
						if html.UnescapeString(msgs[id]) != want {
							t.Errorf("%s: %q, want %q", id, html.UnescapeString(msgs[id]), want)
						}
					}
					if pw := c.form.Get("password"); pw != "" && strings.Contains(p.body, pw) {
						t.Error("the refused form shows the password")
					}
					if !strings.Contains(p.body, `type="password" id="password" name="password" autocomplete`) {
						t.Error("no empty password field")
					}
					if e := c.form.Get("email"); e != "" {
						wantOfficeValue(t, p, "email", e)
					}
					if r := c.form.Get("role"); r != "" {
						id := "role-" + r
						if r == "staff" { // the first choice has the field's name as id
							id = "role"
						}
						wantOfficeChecked(t, p, id)
					}
				})
			})
		}
	})

	t.Run("signing a user out everywhere ends their sessions", func(t *testing.T) {
		if p := h.pageAs("GET", "/werk/post", staff, nil); p.status != http.StatusOK {
			t.Fatalf("staff before: %d", p.status)
		}
		// Staff may not sign others out.
		before := h.count(`SELECT count(*) FROM web_sessions WHERE revoked_at IS NULL`)
		wantPage(t, h.pageAs("POST", fmt.Sprintf("/werk/gebruikers/%d/afmelden", h.w.users[council].ID), staff, url.Values{}), http.StatusForbidden, "nl")
		if h.count(`SELECT count(*) FROM web_sessions WHERE revoked_at IS NULL`) != before {
			t.Fatal("a refused sign-out revoked sessions")
		}
		p := h.pageAs("POST", fmt.Sprintf("/werk/gebruikers/%d/afmelden", h.w.users[staff].ID), admin, url.Values{})
		wantRedirect(t, p, "/werk/gebruikers?klaar=afgemeld")
		wantOfficeDone(t, h.officeFollow(p, admin), officeText("signedOut", 0))
		// The staff member's next page asks them to sign in; their API token is gone too.
		wantRedirect(t, h.pageAs("GET", "/werk/post", staff, nil), "/inloggen?next=%2Fwerk%2Fpost")
		h.call("GET", "/api/v1/me", staff, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
		if p := h.pageAs("GET", "/raad", council, nil); p.status != http.StatusOK {
			t.Errorf("the council was signed out too: %d", p.status)
		}
		h.officeUnchanged("signing out an unknown user", func() {
			wantPage(t, h.pageAs("POST", "/werk/gebruikers/999999/afmelden", admin, url.Values{}), http.StatusNotFound, "nl")
		})
	})
}

// ---- recommendations ----

// officeRecommendation rules a complaint about B founded with a recommendation of text; it returns
// the complaint's reference and the recommendation's id.
func (h *harness) officeRecommendation(text string) (string, int64) {
	h.t.Helper()
	ref := h.readyToRule(h.orgB)
	ruling := foundedRuling(h.orgB)
	ruling["recommendations"] = []map[string]any{{"life_domain": "care", "text": text}}
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, ruling).want(h.t, http.StatusOK)
	return ref, h.complaint(ref).Recommendations[0].ID
}

func TestStaffOfficeRecommendations(t *testing.T) {
	h := newHarness(t)
	evil := "Leg doorlooptijden vast <script>alert(1)</script> en meld ze aan de raad."
	ref, id := h.officeRecommendation(evil)
	_, other := h.officeRecommendation("Zorg voor een vaste contactpersoon.")
	note := fmt.Sprintf("note-%d", id)
	status := fmt.Sprintf("status-%d", id)

	p := h.pageAs("GET", "/werk/aanbevelingen", staff, nil)
	wantOfficePage(t, p, http.StatusOK, "nl")
	wantEscaped(t, "recommendations", p, evil)
	for _, want := range []string{`href="/werk/klacht/` + ref + `"`, "Zorg", fmt.Sprintf(`<dd id="stand-%d">Nog open</dd>`, id),
		fmt.Sprintf(`action="/werk/aanbevelingen/%d"`, id), fmt.Sprintf(`action="/werk/aanbevelingen/%d"`, other),
		`id="year" name="year" value=""`, `id="status" name="status" value="" checked`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	wantOfficeChecked(t, p, status)
	wantOfficePage(t, h.pageAs("GET", "/werk/aanbevelingen?lang=en", staff, nil), http.StatusOK, "en")

	t.Run("a note is required unless the recommendation is open", func(t *testing.T) {
		h.officeUnchanged("adopted without a note", func() {
			p := h.pageAs("POST", fmt.Sprintf("/werk/aanbevelingen/%d", id), staff, url.Values{"status": {"adopted"}, "note": {"  "}})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
			msgs := wantErrors(t, p, note)
			if msgs[note] != "Schrijf kort hoe of waarom de aanbeveling (deels) wel of niet is overgenomen." {
				t.Errorf("message %q", msgs[note])
			}
			wantOfficeChecked(t, p, status+"-adopted")
			if !strings.Contains(p.body, fmt.Sprintf(`<textarea id="%s" name="note" rows="6" aria-describedby="%s-hulp %s-fout" aria-invalid="true">  </textarea>`, note, note, note)) {
				t.Errorf("the note is not kept and marked: %s", p)
			}
		})
		h.officeUnchanged("an unknown status", func() {
			p := h.pageAs("POST", fmt.Sprintf("/werk/aanbevelingen/%d?lang=en", id), staff, url.Values{"lang": {"en"}, "status": {"bogus"}, "note": {"x"}})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "en")
			if msgs := wantErrors(t, p, status); msgs[status] != "Choose a status from the list." {
				t.Errorf("message %q", msgs[status])
			}
		})
	})

	t.Run("the follow-up is stored and shown", func(t *testing.T) {
		followUp := `Opgenomen in het beleidsplan 2027 <img src=x onerror=alert(1)>`
		p := h.pageAs("POST", fmt.Sprintf("/werk/aanbevelingen/%d", id), admin, url.Values{"status": {"adopted"}, "note": {followUp},
			"filter_year": {"2026"}, "filter_status": {"open"}})
		wantRedirect(t, p, "/werk/aanbevelingen?klaar=opvolging&status=open&year=2026")
		if n := h.count(`SELECT count(*) FROM recommendations WHERE id = $1 AND status = 'adopted' AND note = $2`, id, followUp); n != 1 {
			t.Fatal("the follow-up is not stored")
		}
		after := h.pageAs("GET", "/werk/aanbevelingen?klaar=opvolging", staff, nil)
		wantOfficeDone(t, after, officeText("followedUp", 0))
		wantEscaped(t, "after the follow-up", after, followUp)
		if !strings.Contains(after.body, fmt.Sprintf(`<dd id="stand-%d">Overgenomen</dd>`, id)) {
			t.Error("the new status is not shown")
		}
		wantOfficeChecked(t, after, status+"-adopted")
		en := h.pageAs("POST", fmt.Sprintf("/werk/aanbevelingen/%d", other), staff, url.Values{"lang": {"en"}, "status": {"open"}, "note": {""},
			"filter_year": {"20x6"}})
		wantRedirect(t, en, "/werk/aanbevelingen?klaar=opvolging&lang=en")
		wantOfficeDone(t, h.officeFollow(en, staff), officeText("followedUp", 1))
	})

	t.Run("the filter narrows the list", func(t *testing.T) {
		adopted := h.pageAs("GET", "/werk/aanbevelingen?year=2026&status=adopted", staff, nil)
		wantOfficePage(t, adopted, http.StatusOK, "nl")
		if !strings.Contains(adopted.body, fmt.Sprintf(`id="aanbeveling-%d"`, id)) || strings.Contains(adopted.body, fmt.Sprintf(`id="aanbeveling-%d"`, other)) {
			t.Error("the filter by status does not work")
		}
		wantOfficeValue(t, adopted, "year", "2026")
		wantOfficeChecked(t, adopted, "status-adopted")
		for _, want := range []string{`<input type="hidden" name="filter_year" value="2026">`, `<input type="hidden" name="filter_status" value="adopted">`,
			`href="/werk/aanbevelingen">Alle aanbevelingen tonen`} {
			if !strings.Contains(adopted.body, want) {
				t.Errorf("the filtered page has no %s", want)
			}
		}
		none := h.pageAs("GET", "/werk/aanbevelingen?year=2025", staff, nil)
		wantOfficePage(t, none, http.StatusOK, "nl")
		if !strings.Contains(none.body, `id="geen-aanbevelingen"`) {
			t.Error("an empty result does not say so")
		}
		for _, q := range []string{"year=abc", "year=2099", "year=1999&lang=en"} {
			l := "nl"
			if strings.Contains(q, "lang=en") {
				l = "en"
			}
			p := h.pageAs("GET", "/werk/aanbevelingen?"+q, staff, nil)
			wantOfficePage(t, p, http.StatusUnprocessableEntity, l)
			msgs := wantErrors(t, p, "year")
			if !strings.Contains(msgs["year"], "2000") || !strings.Contains(msgs["year"], "2026") {
				t.Errorf("%s: message %q", q, msgs["year"])
			}
			if strings.Contains(p.body, `class="aanbeveling"`) {
				t.Errorf("%s: a refused filter lists recommendations", q)
			}
		}
		p := h.pageAs("GET", "/werk/aanbevelingen?status=%3Cb%3E", staff, nil)
		wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
		wantErrors(t, p, "status")
	})

	t.Run("unknown recommendations and other roles", func(t *testing.T) {
		for _, path := range []string{"/werk/aanbevelingen/999999", "/werk/aanbevelingen/x"} {
			h.officeUnchanged(path, func() {
				wantPage(t, h.pageAs("POST", path, staff, url.Values{"status": {"open"}}), http.StatusNotFound, "nl")
			})
		}
		for _, as := range []role{orgB, council, supporter} {
			wantPage(t, h.pageAs("GET", "/werk/aanbevelingen", as, nil), http.StatusForbidden, "nl")
			h.officeUnchanged("a follow-up as "+string(as), func() {
				wantPage(t, h.pageAs("POST", fmt.Sprintf("/werk/aanbevelingen/%d", other), as,
					url.Values{"status": {"not_adopted"}, "note": {"Nee."}}), http.StatusForbidden, "nl")
			})
		}
	})
}

// ---- the annual report ----

func TestStaffOfficeAnnualReport(t *testing.T) {
	h := newHarness(t)
	h.advised(h.orgA)
	h.file(h.orgB)

	t.Run("the start goes to the last year that ended", func(t *testing.T) {
		wantRedirect(t, h.pageAs("GET", "/werk/jaarverslag", staff, nil), "/werk/jaarverslag/2025")
		wantRedirect(t, h.pageAs("GET", "/werk/jaarverslag?lang=en", admin, nil), "/werk/jaarverslag/2025?lang=en")
	})

	t.Run("the running year: a draft with today's figures", func(t *testing.T) {
		var rep struct {
			Figures struct {
				Summary map[string]any `json:"summary"`
			} `json:"figures"`
		}
		h.call("GET", "/api/v1/reports/annual/2026.json", staff, nil).ok(t, http.StatusOK, &rep)
		p := h.pageAs("GET", "/werk/jaarverslag/2026", staff, nil)
		wantOfficePage(t, p, http.StatusOK, "nl")
		for _, key := range []string{"received", "ruled", "advices_issued"} {
			if want := fmt.Sprint(rep.Figures.Summary[key]); !strings.Contains(p.body, `<td id="k-`+key+`">`+want+`</td>`) {
				t.Errorf("%s is not %s on the page", key, want)
			}
		}
		for _, want := range []string{"Concept", `href="/raad/jaar/2026"`, `action="/werk/jaarverslag/2026/maken"`,
			`action="/werk/jaarverslag/2026/slottekst"`, `action="/werk/jaarverslag/2026/definitief"`, `id="nog-niet"`, "1 januari 2027",
			`id="confirm" name="confirm" value="yes"`, `href="/werk/jaarverslag/2026" aria-current="page"`, `href="/werk/jaarverslag/2021"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the page has no %s", want)
			}
		}
		en := h.pageAs("GET", "/werk/jaarverslag/2026?lang=en", admin, nil)
		wantOfficePage(t, en, http.StatusOK, "en")
		if !strings.Contains(en.body, "Draft") || !strings.Contains(en.body, "1 January 2027") {
			t.Error("the English page is not in English")
		}
		// Finalising before the year has ended is refused with the date it becomes possible.
		h.officeUnchanged("finalising the running year", func() {
			p := h.pageAs("POST", "/werk/jaarverslag/2026/definitief", staff, url.Values{"confirm": {"yes"}})
			wantOfficePage(t, p, http.StatusConflict, "nl")
			if s := errorSummary(t, p); !strings.Contains(s, "Het jaar 2026 is nog niet voorbij") || !strings.Contains(s, "1 januari 2027") {
				t.Errorf("the refusal does not explain: %s", s)
			}
		})
	})

	t.Run("making the report stores every edition", func(t *testing.T) {
		before := h.count(`SELECT count(*) FROM report_versions WHERE year = 2025`)
		p := h.pageAs("POST", "/werk/jaarverslag/2025/maken", staff, url.Values{})
		wantRedirect(t, p, "/werk/jaarverslag/2025?klaar=gemaakt")
		var editions []string
		if err := h.db.Select(&editions, `SELECT format || '/' || language || '/' || version FROM report_versions WHERE year = 2025 ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		if len(editions) != before+4 || !slices.Equal(editions[before:], []string{"pdf/nl/1", "pdf/en/1", "csv/nl/1", "json/nl/1"}) {
			t.Fatalf("stored editions %v", editions)
		}
		after := h.officeFollow(p, staff)
		wantOfficePage(t, after, http.StatusOK, "nl")
		wantOfficeDone(t, after, officeText("made", 0))
		var versions []struct {
			ID     int64  `db:"id"`
			Format string `db:"format"`
			SHA    []byte `db:"sha256"`
		}
		if err := h.db.Select(&versions, `SELECT id, format, sha256 FROM report_versions WHERE year = 2025`); err != nil {
			t.Fatal(err)
		}
		for _, v := range versions {
			row := regexp.MustCompile(fmt.Sprintf(`(?s)<tr id="versie-%d">.*?</tr>`, v.ID)).FindString(after.body)
			if row == "" || !strings.Contains(row, fmt.Sprintf("%x", v.SHA)[:12]) || !strings.Contains(row, "op verzoek") ||
				!strings.Contains(row, "concept") || !strings.Contains(row, fmt.Sprintf(`href="/werk/jaarverslag/versie/%d"`, v.ID)) {
				t.Errorf("version %d is not listed with its hash, trigger, state and link: %q", v.ID, row)
			}
			res := h.send(request{method: "GET", path: fmt.Sprintf("/werk/jaarverslag/versie/%d", v.ID), as: admin})
			if sum := sha256.Sum256(res.body); res.status != http.StatusOK || string(sum[:]) != string(v.SHA) ||
				!strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
				t.Errorf("version %d downloads as %d with another hash", v.ID, res.status)
			}
		}
		for _, path := range []string{"/werk/jaarverslag/versie/999999", "/werk/jaarverslag/versie/abc"} {
			wantPage(t, h.pageAs("GET", path, staff, nil), http.StatusNotFound, "nl")
		}
	})

	t.Run("the closing text and finalising", func(t *testing.T) {
		// Without the box ticked, nothing happens.
		h.officeUnchanged("finalising without confirming", func() {
			p := h.pageAs("POST", "/werk/jaarverslag/2025/definitief", staff, url.Values{})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
			if msgs := wantErrors(t, p, "confirm"); !strings.Contains(msgs["confirm"], "Zet een vinkje") {
				t.Errorf("message %q", msgs["confirm"])
			}
		})
		// Without a Dutch closing text, the text is asked for.
		h.officeUnchanged("finalising without a closing text", func() {
			p := h.pageAs("POST", "/werk/jaarverslag/2025/definitief", staff, url.Values{"confirm": {"yes"}, "lang": {"en"}})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "en")
			if msgs := wantErrors(t, p, "closing_nl"); !strings.Contains(msgs["closing_nl"], "First write the closing text in Dutch") {
				t.Errorf("message %q", msgs["closing_nl"])
			}
			wantOfficeChecked(t, p, "confirm")
		})
		// Too long a text is refused, and kept.
		long := strings.Repeat("a", casework.MaxClosingText+1)
		h.officeUnchanged("too long a closing text", func() {
			p := h.pageAs("POST", "/werk/jaarverslag/2025/slottekst", staff, url.Values{"closing_nl": {"Kort."}, "closing_en": {long}})
			wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
			if msgs := wantErrors(t, p, "closing_en"); msgs["closing_en"] != "Dit is te lang. Gebruik hoogstens 20000 tekens." {
				t.Errorf("message %q", msgs["closing_en"])
			}
			if !strings.Contains(p.body, ">Kort.</textarea>") || !strings.Contains(p.body, ">"+long+"</textarea>") {
				t.Error("the texts typed are not kept")
			}
		})

		nl := "Het meldpunt beveelt aan: <script>alert(1)</script> & meer."
		en := `The complaints point recommends "more" </textarea><b>`
		p := h.pageAs("POST", "/werk/jaarverslag/2025/slottekst", staff, url.Values{"closing_nl": {nl}, "closing_en": {en}})
		wantRedirect(t, p, "/werk/jaarverslag/2025?klaar=slottekst")
		if n := h.count(`SELECT count(*) FROM annual_reports WHERE year = 2025 AND closing_nl = $1 AND closing_en = $2 AND finalised_at IS NULL`, nl, en); n != 1 {
			t.Fatal("the closing texts are not stored")
		}
		after := h.officeFollow(p, staff)
		wantOfficeDone(t, after, officeText("closingSaved", 0))
		wantEscaped(t, "closing form", after, nl, en)

		h.clock.Advance(time.Hour)
		fin := h.pageAs("POST", "/werk/jaarverslag/2025/definitief", admin, url.Values{"confirm": {"yes"}, "lang": {"en"}})
		wantRedirect(t, fin, "/werk/jaarverslag/2025?klaar=definitief&lang=en")
		if n := h.count(`SELECT count(*) FROM annual_reports WHERE year = 2025 AND finalised_at IS NOT NULL AND figures IS NOT NULL`); n != 1 {
			t.Fatal("the report is not final in the database")
		}
		final := h.officeFollow(fin, admin)
		wantOfficePage(t, final, http.StatusOK, "en")
		wantOfficeDone(t, final, officeText("final", 1))
		if !strings.Contains(final.body, "Final since 3 March 2026") {
			t.Error("the page does not say the report is final")
		}
		for _, gone := range []string{"/slottekst", "/definitief", `name="closing_nl"`} {
			if strings.Contains(final.body, gone) {
				t.Errorf("a final report still has %s", gone)
			}
		}
		wantEscaped(t, "final report", final, nl, en)

		// Once final, the closing text and finalising are refused and change nothing.
		h.officeUnchanged("changing a final report", func() {
			p := h.pageAs("POST", "/werk/jaarverslag/2025/slottekst", staff, url.Values{"closing_nl": {"Nieuw."}})
			wantOfficePage(t, p, http.StatusConflict, "nl")
			if !strings.Contains(errorSummary(t, p), "Het verslag is al definitief") {
				t.Error("the refusal does not explain")
			}
			p = h.pageAs("POST", "/werk/jaarverslag/2025/definitief", staff, url.Values{"confirm": {"yes"}})
			wantOfficePage(t, p, http.StatusConflict, "nl")
			if !strings.Contains(errorSummary(t, p), "Het verslag is al definitief") {
				t.Error("the refusal does not explain")
			}
		})
		// A new edition is final, with the frozen figures.
		wantRedirect(t, h.pageAs("POST", "/werk/jaarverslag/2025/maken", staff, url.Values{}), "/werk/jaarverslag/2025?klaar=gemaakt")
		if n := h.count(`SELECT count(*) FROM report_versions WHERE year = 2025 AND NOT draft`); n != 4 {
			t.Errorf("%d final editions, want 4", n)
		}
	})

	t.Run("years without a report are not found", func(t *testing.T) {
		for _, y := range []string{"1999", "2099", "2027", "abcd", "20251", "-202"} {
			p := h.pageAs("GET", "/werk/jaarverslag/"+y, staff, nil)
			wantOfficePage(t, p, http.StatusNotFound, "nl")
			if !strings.Contains(p.body, "Er is alleen een jaarverslag over de jaren 2000 tot en met 2026") {
				t.Errorf("%s: the page does not explain: %s", y, p)
			}
			for _, action := range []string{"maken", "slottekst", "definitief"} {
				h.officeUnchanged(y+" "+action, func() {
					p := h.pageAs("POST", "/werk/jaarverslag/"+y+"/"+action, staff, url.Values{"closing_nl": {"x"}, "confirm": {"yes"}})
					wantPage(t, p, http.StatusNotFound, "nl")
				})
			}
		}
	})

	t.Run("others may not", func(t *testing.T) {
		for _, as := range []role{council, orgA, supporter} {
			wantPage(t, h.pageAs("GET", "/werk/jaarverslag/2025", as, nil), http.StatusForbidden, "nl")
		}
	})
}

// TestStaffOfficePagesRenderInBothLanguages: every office page in Dutch and English, with the menu
// item marked and the language switch to the same page.
func TestStaffOfficePagesRenderInBothLanguages(t *testing.T) {
	h := newHarness(t)
	h.officeRecommendation("Zorg voor een vaste contactpersoon.")
	h.officePrintLetter()
	for _, c := range []struct {
		path, nav string
		as        role
	}{
		{"/werk/post", "/werk/post", staff}, {"/werk/organisaties", "/werk/organisaties", admin},
		{"/werk/gebruikers", "/werk/gebruikers", admin}, {"/werk/aanbevelingen", "/werk/aanbevelingen", staff},
		{"/werk/jaarverslag/2025", "/werk/jaarverslag", staff},
	} {
		for _, l := range []string{"nl", "en"} {
			t.Run(strings.TrimPrefix(c.path, "/werk/")+"_"+l, func(t *testing.T) {
				u, nav, other, otherURL := c.path, c.nav, "en", c.path+"?lang=en"
				if l == "en" {
					u, nav, other, otherURL = c.path+"?lang=en", c.nav+"?lang=en", "nl", c.path
				}
				p := h.pageAs("GET", u, c.as, nil)
				wantOfficePage(t, p, http.StatusOK, l)
				if strings.HasPrefix(title(p), "Fout") || strings.HasPrefix(title(p), "Error") {
					t.Errorf("title %q of a page without errors", title(p))
				}
				if !strings.Contains(p.body, `href="`+nav+`" aria-current="page"`) {
					t.Errorf("the menu does not mark %s", nav)
				}
				if !strings.Contains(p.body, `href="`+otherURL+`" lang="`+other+`"`) {
					t.Errorf("no language switch to %s", otherURL)
				}
			})
		}
	}
}

// TestStaffOfficePostsWithoutSession: every form post of the office pages without a session goes to
// the sign-in page and changes nothing.
func TestStaffOfficePostsWithoutSession(t *testing.T) {
	h := newHarness(t)
	_, rec := h.officeRecommendation("Zorg voor een vaste contactpersoon.")
	letter, failed := h.officePrintLetter(), h.officeFailedLetter()
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{fmt.Sprintf("/werk/post/%d/verstuurd", letter), url.Values{}},
		{fmt.Sprintf("/werk/brief/%d/opnieuw", failed), url.Values{}},
		{"/werk/organisaties", url.Values{"name": {"Anoniem BV"}, "kind": {"other"}}},
		{"/werk/gebruikers", url.Values{"email": {"a@b.example"}, "name": {"A"}, "role": {"admin"}, "password": {"een lang wachtwoord"}}},
		{fmt.Sprintf("/werk/gebruikers/%d/afmelden", h.w.users[staff].ID), url.Values{}},
		{fmt.Sprintf("/werk/aanbevelingen/%d", rec), url.Values{"status": {"adopted"}, "note": {"Ja."}}},
		{"/werk/jaarverslag/2025/maken", url.Values{}},
		{"/werk/jaarverslag/2025/slottekst", url.Values{"closing_nl": {"Anoniem."}}},
		{"/werk/jaarverslag/2025/definitief", url.Values{"confirm": {"yes"}}},
	} {
		h.officeUnchanged(c.path, func() {
			wantRedirect(t, h.pageAs("POST", c.path, anon, c.form), "/inloggen")
		})
	}
	if p := h.pageAs("GET", "/werk/post", staff, nil); p.status != http.StatusOK {
		t.Error("an anonymous post signed staff out")
	}
	if n := h.count(`SELECT count(*) FROM report_versions`); n != 0 {
		t.Errorf("anonymous posts made %d report versions", n)
	}
}

// TestStaffOfficeCrossOriginPostsRefused: a form post from another site is refused before it reaches
// the office pages, even with a valid session.
func TestStaffOfficeCrossOriginPostsRefused(t *testing.T) {
	h := newHarness(t)
	h.officeUnchanged("a cross-site post", func() {
		p, _ := h.sendPage("POST", "/werk/organisaties", url.Values{"name": {"Van elders BV"}, "kind": {"other"}},
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, h.sessions[admin])
		wantPage(t, p, http.StatusForbidden, "nl")
	})
}

// TestStaffOfficeRecommendationsAreCapped: the page shows the newest 100 and asks for a filter; a
// refused follow-up of an older one still shows that one's form, first, with what was typed.
func TestStaffOfficeRecommendationsAreCapped(t *testing.T) {
	h := newHarness(t)
	_, oldest := h.officeRecommendation("De oudste aanbeveling.")
	// 102 more on the same complaint, each a minute newer.
	if _, err := h.db.Exec(`INSERT INTO recommendations (complaint_id, life_domain, text, status, note, created_at)
		SELECT complaint_id, life_domain, 'Aanbeveling ' || g, 'open', '', created_at + g * interval '1 minute'
		FROM recommendations, generate_series(1, 102) g WHERE id = $1`, oldest); err != nil {
		t.Fatal(err)
	}
	p := h.pageAs("GET", "/werk/aanbevelingen", staff, nil)
	wantOfficePage(t, p, http.StatusOK, "nl")
	if n := strings.Count(p.body, `<section class="aanbeveling"`); n != 100 {
		t.Errorf("%d recommendations shown, want 100", n)
	}
	if !strings.Contains(p.body, `id="meer-aanbevelingen"`) || strings.Contains(p.body, fmt.Sprintf(`id="aanbeveling-%d"`, oldest)) {
		t.Errorf("the page does not say there are more, or shows the oldest")
	}

	p = h.pageAs("POST", fmt.Sprintf("/werk/aanbevelingen/%d", oldest), staff, url.Values{"status": {"adopted"}, "note": {" "}})
	wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
	first := strings.Index(p.body, `<section class="aanbeveling"`)
	if first < 0 || !strings.HasPrefix(p.body[first:], fmt.Sprintf(`<section class="aanbeveling" id="aanbeveling-%d"`, oldest)) {
		t.Errorf("the refused recommendation is not shown first")
	}
	wantErrors(t, p, fmt.Sprintf("note-%d", oldest))

	// A narrower filter shows them all without the note.
	p = h.pageAs("GET", "/werk/aanbevelingen?status=adopted", staff, nil)
	if strings.Contains(p.body, `id="meer-aanbevelingen"`) {
		t.Errorf("a filter matching none says there are more")
	}
}
