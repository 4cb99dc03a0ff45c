package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// hostileValues is the corpus sent in every place a request carries text: dates that do not exist
// or lie outside any calendar a term can be counted in, numbers too large for any column, NUL bytes
// (PostgreSQL's text refuses them) and bytes that are not UTF-8.
var hostileValues = []string{
	"0000-01-01", "9999-12-31", "2026-02-30", "275760-09-13", "99999-01-01",
	"-1", "99999999999999999999", "\x00", "a\x00b", "\xff\xfe", "caf\xe9", "\xed\xa0\x80",
}

// encodingOnly reports whether v is refused for its bytes alone, wherever it appears.
func encodingOnly(v string) bool {
	return strings.ContainsRune(v, 0) || !json.Valid([]byte(`"`+v+`"`)) || !utf8Valid(v)
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// hostileQueryKeys are the query parameters the handlers read.
var hostileQueryKeys = []string{"lang", "status", "klaar", "limit", "days", "after", "year", "next", "na", "from", "q",
	"life_domain", "language", "channel", "neighbourhood", "quarter", "jaar", "kwartaal"}

// hostileVariant is one hostile request derived from a matrix cell.
type hostileVariant struct {
	where, value string
	path         string
	body         any
	// acts is set on a form the matrix sends empty, filled with every field the pages read: for a
	// route that reads none of them it is a valid request, so it may act; refused, it must change
	// nothing.
	acts bool
}

// hostileVariants derives from the concrete request (path, body) of route: every path parameter
// replaced by each hostile value, every query parameter the handlers read set to it, and every string
// of a form or JSON body set to it. Values that are refused only as dates go into the query of reads
// and into date fields, so that a request they do not reach is not counted as a change.
func hostileVariants(method, route, path string, body any) []hostileVariant {
	var out []hostileVariant
	rawPath, rawQuery, _ := strings.Cut(path, "?")
	routeSegs := strings.Split(route, "/")
	pathSegs := strings.Split(rawPath, "/")
	for _, v := range hostileValues {
		for i, seg := range routeSegs {
			if i >= len(pathSegs) || (!strings.HasPrefix(seg, ":") && !strings.HasPrefix(seg, "*")) {
				continue
			}
			segs := slices.Clone(pathSegs)
			if strings.HasPrefix(seg, "*") {
				segs = segs[:i+1]
			}
			segs[i] = url.PathEscape(v)
			p := strings.Join(segs, "/")
			if rawQuery != "" {
				p += "?" + rawQuery
			}
			out = append(out, hostileVariant{"path " + seg, v, p, body, false})
		}
		if method == "GET" || encodingOnly(v) {
			q, _ := url.ParseQuery(rawQuery)
			for _, k := range hostileQueryKeys {
				q.Set(k, v)
			}
			out = append(out, hostileVariant{"query", v, rawPath + "?" + q.Encode(), body, false})
		}
		if (body == nil || isEmptyForm(body)) && method != "GET" && pageRoute(route) {
			// A form post the matrix sends empty: fill every field the pages read.
			f := url.Values{}
			for _, k := range pageFormFields {
				if encodingOnly(v) || dateField(k) {
					f.Set(k, v)
				}
			}
			out = append(out, hostileVariant{"form", v, path, f, true})
			continue
		}
		switch b := body.(type) {
		case nil:
		case url.Values:
			f, changed := url.Values{}, false
			for k, vs := range b {
				if !encodingOnly(v) && !dateField(k) {
					f[k] = vs
					continue
				}
				for range vs {
					f.Add(k, v)
					changed = true
				}
			}
			if changed {
				out = append(out, hostileVariant{"form", v, path, f, false})
			}
		default:
			data, err := json.Marshal(b)
			if err != nil {
				panic(err)
			}
			var doc any
			if err := json.Unmarshal(data, &doc); err != nil {
				continue
			}
			if _, ok := doc.(map[string]any); !ok {
				continue
			}
			if changed := hostileJSON(doc, "", v); !jsonEqual(changed, doc) {
				out = append(out, hostileVariant{"json", v, path, rawJSON{changed}, false})
			}
		}
	}
	return out
}

// pageFormFields are the names of the fields the pages' handlers read.
var pageFormFields = strings.Fields(`advices answer channel city closing_en closing_nl complainant complainant_city
	complainant_email complainant_name complainant_phone complainant_postcode complainant_street conclusions confirm
	consent date days desired_outcome earlier_reference email findings granted_share ground grounds hearing held_on
	kind lang language life_domains meer name next not_involved note occurred_on organisation_id organisation_ids party
	password phone place postcode reason reasons received_on recommendations record recs reference role skip_note
	skipped status street summary supporter supporter_city supporter_consent supporter_email supporter_name
	supporter_phone supporter_postcode supporter_street time tracking_code verdict year text code current_password
	staff admin description_nl description_en languages neighbourhoods groups contact.phone contact.phone_hours
	contact.email contact.whatsapp contact.walk_in_address contact.walk_in_hours contact.home_visits contact.website
	independence client_label started_on topic noted_on on_date minutes to_supporter_id to_organisation ended_on outcome
	soort regel`)

func isEmptyForm(body any) bool {
	f, ok := body.(url.Values)
	return ok && len(f) == 0
}

// dateField reports whether a field's name says it holds a date.
func dateField(name string) bool {
	for _, s := range []string{"_on", "date", "day", "year", "from", "until"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// hostileJSON replaces the strings of doc by v: every string for values refused by their bytes,
// the strings of date fields for the others.
func hostileJSON(doc any, key, v string) any {
	switch d := doc.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range d {
			m[k] = hostileJSON(e, k, v)
		}
		return m
	case []any:
		l := make([]any, len(d))
		for i, e := range d {
			l[i] = hostileJSON(e, key, v)
		}
		return l
	case string:
		if encodingOnly(v) || dateField(key) {
			return v
		}
	}
	return doc
}

// rawJSON writes doc as JSON with its strings' bytes as they are: invalid UTF-8 stays invalid (Go's
// encoder would replace it) and a NUL byte is sent as \u0000.
type rawJSON struct{ doc any }

func jsonEqual(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

func encodeRaw(doc any) []byte {
	var b strings.Builder
	var walk func(any)
	walk = func(d any) {
		switch d := d.(type) {
		case map[string]any:
			b.WriteByte('{')
			keys := make([]string, 0, len(d))
			for k := range d {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for i, k := range keys {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(k)
				b.WriteByte(':')
				walk(d[k])
			}
			b.WriteByte('}')
		case []any:
			b.WriteByte('[')
			for i, e := range d {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(e)
			}
			b.WriteByte(']')
		case string:
			b.WriteByte('"')
			for i := 0; i < len(d); i++ {
				switch c := d[i]; {
				case c == '"' || c == '\\':
					b.WriteByte('\\')
					b.WriteByte(c)
				case c < 0x20:
					fmt.Fprintf(&b, `\u%04x`, c)
				default:
					b.WriteByte(c)
				}
			}
			b.WriteByte('"')
		default:
			data, _ := json.Marshal(d)
			b.Write(data)
		}
	}
	walk(doc)
	return []byte(b.String())
}

// TestHostileInputNever5xx sends the hostile corpus to every route of the routes table (the rows of
// TestAuthzMatrix) as every caller, in path parameters, queries, form fields and JSON strings, and
// checks that no answer is a 5xx and that none of them changed the database.
func TestHostileInputNever5xx(t *testing.T) {
	h := newHarness(t)
	s := newMatrixShared(h)
	rows := matrixRows()
	slices.SortStableFunc(rows, func(a, b matrixRow) int {
		switch {
		case a.last == b.last:
			return 0
		case a.last:
			return 1
		}
		return -1
	})
	sent := 0
	for _, row := range rows {
		for _, as := range allRoles {
			path, body := row.cell(h, s, as)
			variants := hostileVariants(row.method, row.route, path, body)
			if row.method == "GET" {
				// A read may store what it serves the first time (an annual report's first edition
				// in the language a hostile ?lang= falls back to): send the reads once before counting.
				for _, v := range variants {
					if res := h.send(request{method: row.method, path: v.path, as: as}); res.status >= 500 {
						t.Errorf("%s %s as %s, %s %q: %s", row.method, row.route, as, v.where, v.value, res)
					}
				}
			}
			send := func(v hostileVariant) *response {
				b := v.body
				if r, ok := b.(rawJSON); ok {
					b = encodeRaw(r.doc)
				}
				res := h.send(request{method: row.method, path: v.path, as: as, body: b})
				sent++
				if res.status >= 500 {
					t.Errorf("%s %s as %s, %s %q: %s", row.method, row.route, as, v.where, v.value, res)
				}
				return res
			}
			before := h.fingerprint()
			var seen []string
			for _, v := range variants {
				if !v.acts {
					res := send(v)
					seen = append(seen, fmt.Sprintf("%s=%q→%d", v.where, v.value, res.status))
				}
			}
			if after := h.fingerprint(); after != before && !row.last {
				t.Errorf("%s %s as %s: hostile input changed the database (%s):\n before %s\n after  %s",
					row.method, row.route, as, strings.Join(seen, ", "), before, after)
			}
			for _, v := range variants {
				if !v.acts {
					continue
				}
				before := h.fingerprint()
				res := send(v)
				if after := h.fingerprint(); after != before && res.status >= 400 && !row.last {
					t.Errorf("%s %s as %s, %s %q was refused with %d but changed the database", row.method, row.route,
						as, v.where, v.value, res.status)
				}
			}
		}
	}
	if strings.Contains(h.logs.String(), "panic") {
		t.Errorf("a hostile request panicked: see the log")
	}
	t.Logf("%d hostile requests over %d routes × %d callers", sent, len(rows), len(allRoles))
	if sent < len(rows)*len(allRoles) {
		t.Fatalf("sent only %d hostile requests", sent)
	}
}

// TestHostileInputAnswers: what the corpus gets back. A NUL byte or bytes that are not UTF-8 in a
// path or query are a malformed request (400: a problem for the API, an error page for pages), in
// a form field or JSON string an invalid field (422, the form shown again); dates that exist but lie absurdly far ahead are invalid fields (422).
func TestHostileInputAnswers(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/api/v1/complaints/MP-2026-%00", "/api/v1/complaints/MP-2026-%FF",
		"/api/v1/complaints?status=%00", "/api/v1/advices?status=caf%E9"} {
		h.refused(request{method: "GET", path: path, as: staff}, http.StatusBadRequest, "malformed_request")
	}
	for _, path := range []string{"/werk/zaak/MP-2026-%00", "/klacht?lang=%FF"} {
		res := h.send(request{method: "GET", path: path, as: staff})
		if res.status != http.StatusBadRequest || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s, want a 400 page", path, res.status, res.header.Get("Content-Type"))
		}
	}
	// In a form field: the form comes back (422) with the field's error and everything else typed.
	before := h.fingerprint()
	form := complaintForm(h.orgA)
	form.Set("summary", "Ik werd\x00 niet geholpen.")
	back := h.postForm("/klacht", form, nil)
	wantPage(t, back, http.StatusUnprocessableEntity, "nl")
	wantErrors(t, back, "summary")
	if !strings.Contains(back.body, piiStreet) {
		t.Errorf("the form with a NUL byte lost what was typed: %s", back)
	}
	if h.fingerprint() != before {
		t.Error("a form with a NUL byte changed the database")
	}

	ref := h.inTreatment(h.orgA)
	p := h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/hearing-invitations", as: staff,
		body: map[string]any{"party": "complainant", "date": "9999-12-31", "time": "10:30", "place": "Stadhuis"}},
		http.StatusUnprocessableEntity, "validation_failed", "date")
	if !strings.Contains(p.Errors[0].Message, "a year ahead") {
		t.Errorf("invitation in 9999: %+v", p.Errors)
	}
	for _, day := range []string{"9999-12-31", "2020-01-01"} {
		h.refused(request{method: "POST", path: "/api/v1/equated-days", as: admin,
			body: map[string]any{"day": day, "label": "Gelijkgestelde dag"}}, http.StatusUnprocessableEntity, "validation_failed", "day")
	}
	for _, day := range []string{"0000-01-01", "2026-02-30", "275760-09-13"} {
		h.refused(request{method: "POST", path: "/api/v1/equated-days", as: admin,
			body: map[string]any{"day": day, "label": "Gelijkgestelde dag"}}, http.StatusBadRequest, "malformed_request")
	}
	h.call("POST", "/api/v1/equated-days", admin, map[string]any{"day": "2027-05-06", "label": "Gelijkgestelde dag"}).
		want(t, http.StatusCreated)
}
