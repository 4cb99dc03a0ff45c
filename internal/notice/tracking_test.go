package notice_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// The tracking code reaches everyone, and the database keeps no usable code once the letter is
// written (issue 14, point 1).

// codeForms are the ways a tracking code can be written down: as given, and without its dashes.
func codeForms(code string) []string {
	return []string{code, strings.ReplaceAll(code, "-", "")}
}

// placesHolding returns every place in the database that holds code in the clear: each table whose
// rows mention it as text (tables.column for the PDFs), and each PDF column (any bytea starting
// with %PDF-) whose text, read back with pdftotext, shows it.
func (f *fx) placesHolding(code string) []string {
	f.t.Helper()
	var hits []string
	var tables []string
	f.must(f.sql.SelectContext(f.ctx, &tables, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`))
	for _, tbl := range tables {
		for _, form := range codeForms(code) {
			var n int
			f.must(f.sql.GetContext(f.ctx, &n, `SELECT count(*) FROM `+pq.QuoteIdentifier(tbl)+` t WHERE strpos(upper(t::text), upper($1)) > 0`, form))
			if n > 0 {
				hits = append(hits, tbl)
				break
			}
		}
	}
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	f.must(f.sql.SelectContext(f.ctx, &cols, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY 1, 2`))
	for _, c := range cols {
		var files [][]byte
		f.must(f.sql.SelectContext(f.ctx, &files, `SELECT `+pq.QuoteIdentifier(c.Column)+` FROM `+pq.QuoteIdentifier(c.Table)+
			` WHERE substr(`+pq.QuoteIdentifier(c.Column)+`, 1, 5) = '%PDF-'::bytea`))
		for _, file := range files {
			text := strings.ToUpper(pdfText(f.t, file))
			if strings.Contains(text, strings.ToUpper(code)) || strings.Contains(strings.ReplaceAll(text, "-", ""), strings.ReplaceAll(strings.ToUpper(code), "-", "")) {
				hits = append(hits, c.Table+"."+c.Column)
				break
			}
		}
	}
	return hits
}

// postAll marks every letter of the print queue as posted, as staff do after printing.
func (f *fx) postAll() {
	f.t.Helper()
	list, err := f.db.Notices(f.ctx, postgres.NoticeFilter{Status: "print"})
	f.must(err)
	for _, n := range list {
		f.must(f.db.MarkPosted(f.ctx, f.staff, n.ID))
	}
}

// printed returns the text of the letter that staff print for notice id.
func (f *fx) printed(id int64) string {
	f.t.Helper()
	file, _, err := f.db.NoticePDF(f.ctx, f.staff, id)
	f.must(err)
	return pdfText(f.t, file)
}

// ackOf returns the complainant's acknowledgement of ref.
func (f *fx) ackOf(ref string) row {
	f.t.Helper()
	for _, n := range f.notices() {
		if n.Reference == ref && n.Kind == postgres.NoticeAcknowledgement && n.Recipient == "complainant" {
			return n
		}
	}
	f.t.Fatalf("no acknowledgement to the complainant of %s", ref)
	return row{}
}

// TestEveryChannelsAcknowledgementCarriesReferenceAndCode: the public form and the complaints staff
// register by phone, letter and counter each give the complainant an acknowledgement with the
// reference and the tracking code, e-mailed (the letter attached, or the short notice to an address
// typed on the public form) or printed from the print queue. Once the letters are written, the
// code is nowhere in the database but in the print copies waiting in the queue (notices.print_pdf);
// once they are posted, nowhere at all: every table scanned as text, every PDF read back.
func TestEveryChannelsAcknowledgementCarriesReferenceAndCode(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	postal := func(name string) casework.Contact {
		return casework.Contact{Name: name, Street: "Kerkstraat 12", Postcode: "2011 AB", City: "Haarlem"}
	}
	intake := func(ch casework.Channel, c casework.Contact) casework.Intake {
		return casework.Intake{Channel: ch, Complainant: c, OrganisationIDs: []int64{o.ID},
			Grounds: []casework.Ground{casework.GroundTreatment}, LifeDomains: []casework.LifeDomain{casework.DomainCare},
			Summary: "Ik wacht al drie maanden op een antwoord over mijn hulp bij het huishouden."}
	}
	web := postal("Sanne Visser")
	web.Email = "sanne@example.nl"
	letterMail := casework.Contact{Name: "Ahmet Yilmaz", Email: "ahmet@example.nl"}
	cases := []struct {
		name    string
		actor   casework.Actor
		in      casework.Intake
		emailed string // the address the acknowledgement is e-mailed to; "" when printed only
		printed bool
	}{
		{"public form", casework.ResidentActor, intake(casework.ChannelWeb, web), "sanne@example.nl", true},
		{"phone", f.staff, intake(casework.ChannelPhone, postal("Piet de Boer")), "", true},
		{"letter", f.staff, intake(casework.ChannelLetter, letterMail), "ahmet@example.nl", false},
		{"counter", f.staff, intake(casework.ChannelCounter, postal("Maria Jansen")), "", true},
	}
	codes := map[string]string{}
	refs := map[string]string{}
	for _, c := range cases {
		r, err := f.db.FileComplaint(f.ctx, c.actor, c.in)
		f.must(err)
		if r.TrackingCode == "" {
			t.Fatalf("%s: no tracking code in the receipt", c.name)
		}
		codes[c.name], refs[c.name] = r.TrackingCode, r.Reference
	}
	f.pass(f.d)

	byTo := map[string]string{}
	for _, m := range f.srv.Messages() {
		files, text := attachments(t, m.Raw)
		all := m.Subject + "\n" + text
		for _, file := range files {
			all += "\n" + pdfText(t, file.Data)
		}
		byTo[m.To[0]] += all
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, ref := codes[c.name], refs[c.name]
			if c.emailed != "" {
				got := strings.Join(strings.Fields(byTo[c.emailed]), " ")
				if !strings.Contains(got, ref) || !strings.Contains(got, code) {
					t.Errorf("the e-mail to %s lacks the reference %s or the code %s:\n%s", c.emailed, ref, code, got)
				}
			}
			ack := f.ackOf(ref)
			if c.printed {
				if ack.Status != "print" {
					t.Fatalf("acknowledgement %s, want it in the print queue", ack)
				}
				if text := f.printed(ack.ID); !strings.Contains(text, ref) || !strings.Contains(text, code) {
					t.Errorf("the printed acknowledgement lacks the reference %s or the code %s:\n%s", ref, code, text)
				}
			}
			kept := pdfText(t, ack.PDF)
			if strings.Contains(kept, code) || !strings.Contains(kept, ref) {
				t.Errorf("the kept acknowledgement shows the code, or lacks the reference:\n%s", kept)
			}
			want := []string{}
			if c.printed {
				want = []string{"notices.print_pdf"}
			}
			if got := f.placesHolding(code); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("after the letter was written the code is in %v, want %v", got, want)
			}
			if _, err := f.db.LookupComplaint(f.ctx, ref, code); err != nil {
				t.Errorf("the code does not open the case: %v", err)
			}
		})
	}
	f.postAll()
	for name, code := range codes {
		if got := f.placesHolding(code); len(got) > 0 {
			t.Errorf("%s: the code is still in %v after the letters were posted", name, got)
		}
		if _, err := f.db.LookupComplaint(f.ctx, refs[name], code); err != nil {
			t.Errorf("%s: the code no longer opens the case: %v", name, err)
		}
	}
}

var newCodeLine = regexp.MustCompile(`Uw nieuwe volgcode is: ([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})`)

// TestNewTrackingCodeGoesToTheAddressOnFile: a resident who lost the code asks for a new one with
// the reference and the e-mail address on file: the old code stops at once, the new one arrives by
// e-mail only there and opens the case, and is kept nowhere once sent. A wrong e-mail address, a
// wrong postcode, an unknown reference and a destroyed case get the same answer and write nothing.
// A resident with a postcode only gets the new code in a printed letter.
func TestNewTrackingCodeGoesToTheAddressOnFile(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	byMail, err := f.db.FileComplaint(f.ctx, f.staff, casework.Intake{Channel: casework.ChannelPhone,
		Complainant:     casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"},
		OrganisationIDs: []int64{o.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainCare}, Summary: "Niemand belt mij terug over mijn aanvraag."})
	f.must(err)
	byPost, err := f.db.FileComplaint(f.ctx, f.staff, casework.Intake{Channel: casework.ChannelCounter,
		Complainant:     casework.Contact{Name: "Piet de Boer", Street: "Kerkstraat 12", Postcode: "2011 AB", City: "Haarlem"},
		OrganisationIDs: []int64{o.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainCare}, Summary: "Mijn hulp bij het huishouden is gestopt."})
	f.must(err)
	f.pass(f.d)
	f.postAll()
	before := len(f.srv.Messages())

	t.Run("a mismatch sends and writes nothing", func(t *testing.T) {
		notices, events := f.count(`SELECT count(*) FROM notices`), f.count(`SELECT count(*) FROM events`)
		for _, ask := range [][2]string{{byMail.Reference, "iemand@example.nl"}, {byMail.Reference, "2011 AB"},
			{byPost.Reference, "2011 AC"}, {byPost.Reference, "fatima@example.nl"}, {"MP-2026-999999", "fatima@example.nl"},
			{byMail.Reference, ""}, {"", "2011 AB"}} {
			if err := f.db.RequestNewTrackingCode(f.ctx, ask[0], ask[1]); err != nil {
				t.Errorf("%v: %v, want the same answer as a match", ask, err)
			}
		}
		if n, e := f.count(`SELECT count(*) FROM notices`), f.count(`SELECT count(*) FROM events`); n != notices || e != events {
			t.Errorf("a mismatch wrote %d notices and %d events", n-notices, e-events)
		}
		f.pass(f.d)
		if got := len(f.srv.Messages()); got != before {
			t.Errorf("a mismatch sent %d e-mails", got-before)
		}
		for _, r := range []casework.Receipt{byMail, byPost} {
			if _, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode); err != nil {
				t.Errorf("a mismatch stopped the code of %s: %v", r.Reference, err)
			}
		}
	})

	t.Run("by e-mail: the old code stops, the new one arrives there and works", func(t *testing.T) {
		f.must(f.db.RequestNewTrackingCode(f.ctx, " "+strings.ToLower(byMail.Reference)+" ", "Fatima@Example.nl "))
		if _, err := f.db.LookupComplaint(f.ctx, byMail.Reference, byMail.TrackingCode); err == nil {
			t.Error("the old code still opens the case")
		}
		if n := f.count(`SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id
			WHERE c.reference = $1 AND e.action = 'new_tracking_code'`, byMail.Reference); n != 1 {
			t.Errorf("%d audit events of the new code, want 1", n)
		}
		f.pass(f.d)
		msgs := f.srv.Messages()[before:]
		if len(msgs) != 1 || msgs[0].To[0] != "fatima@example.nl" {
			t.Fatalf("%d e-mails (%v), want one to the address on file", len(msgs), msgs)
		}
		files, _ := attachments(t, msgs[0].Raw)
		if len(files) != 1 {
			t.Fatalf("%d attachments, want the letter", len(files))
		}
		text := pdfText(t, files[0].Data)
		m := newCodeLine.FindStringSubmatch(text)
		if m == nil || !strings.Contains(text, byMail.Reference) {
			t.Fatalf("the letter lacks the reference or a new code:\n%s", text)
		}
		code := m[1]
		if _, err := f.db.LookupComplaint(f.ctx, byMail.Reference, code); err != nil {
			t.Errorf("the new code does not open the case: %v", err)
		}
		if got := f.placesHolding(code); len(got) > 0 {
			t.Errorf("the new code is in %v after it was e-mailed", got)
		}
		var events string
		f.must(f.sql.GetContext(f.ctx, &events, `SELECT string_agg(e::text, ' ') FROM events e`))
		if strings.Contains(events, code) {
			t.Error("an audit event holds the code")
		}
		before = len(f.srv.Messages())
	})

	t.Run("by postcode only: the new code goes in a printed letter", func(t *testing.T) {
		f.must(f.db.RequestNewTrackingCode(f.ctx, byPost.Reference, "2011ab"))
		if _, err := f.db.LookupComplaint(f.ctx, byPost.Reference, byPost.TrackingCode); err == nil {
			t.Error("the old code still opens the case")
		}
		f.pass(f.d)
		if got := len(f.srv.Messages()); got != before {
			t.Errorf("%d e-mails for a resident without an e-mail address", got-before)
		}
		list, err := f.db.Notices(f.ctx, postgres.NoticeFilter{Status: "print"})
		f.must(err)
		if len(list) != 1 || list[0].Kind != postgres.NoticeNewTrackingCode || list[0].Recipient != "complainant" {
			t.Fatalf("print queue %+v, want the letter with the new code", list)
		}
		text := f.printed(list[0].ID)
		m := newCodeLine.FindStringSubmatch(text)
		if m == nil || !strings.Contains(text, "Kerkstraat 12") {
			t.Fatalf("the printed letter lacks the address or the new code:\n%s", text)
		}
		if _, err := f.db.LookupComplaint(f.ctx, byPost.Reference, m[1]); err != nil {
			t.Errorf("the new code does not open the case: %v", err)
		}
		if got := f.placesHolding(m[1]); strings.Join(got, ",") != "notices.print_pdf" {
			t.Errorf("while the letter waits to be posted the code is in %v, want the print copy only", got)
		}
		f.postAll()
		if got := f.placesHolding(m[1]); len(got) > 0 {
			t.Errorf("the new code is in %v after the letter was posted", got)
		}
	})

	t.Run("at most NewCodesPerDay new codes a case a day", func(t *testing.T) {
		events := func() int {
			return f.count(`SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id
				WHERE c.reference = $1 AND e.action = 'new_tracking_code'`, byPost.Reference)
		}
		for events() < postgres.NewCodesPerDay {
			f.must(f.db.RequestNewTrackingCode(f.ctx, byPost.Reference, "2011 AB"))
		}
		notices := f.count(`SELECT count(*) FROM notices`)
		f.must(f.db.RequestNewTrackingCode(f.ctx, byPost.Reference, "2011 AB"))
		if n := f.count(`SELECT count(*) FROM notices`); n != notices || events() != postgres.NewCodesPerDay {
			t.Errorf("a new code beyond the day's limit: %d notices, %d events", n-notices, events())
		}
		f.clock.Advance(25 * time.Hour)
		f.must(f.db.RequestNewTrackingCode(f.ctx, byPost.Reference, "2011 AB"))
		if events() != postgres.NewCodesPerDay+1 {
			t.Error("no new code the next day")
		}
	})

	t.Run("a destroyed case: nothing", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		_, err := f.sql.ExecContext(f.ctx, `UPDATE complaints SET destroyed_at = $2 WHERE reference = $1`, byPost.Reference, f.clock.Now())
		f.must(err)
		notices, events := f.count(`SELECT count(*) FROM notices`), f.count(`SELECT count(*) FROM events`)
		f.must(f.db.RequestNewTrackingCode(f.ctx, byPost.Reference, "2011 AB"))
		if n, e := f.count(`SELECT count(*) FROM notices`), f.count(`SELECT count(*) FROM events`); n != notices || e != events {
			t.Errorf("a destroyed case got %d notices and %d events", n-notices, e-events)
		}
	})
}

var ackCodeLine = regexp.MustCompile(`Uw volgcode is: ([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})`)

// TestRewrittenAcknowledgementGetsANewCode: an acknowledgement in the print queue whose address
// staff correct before it is posted goes back to the outbox; its code was wiped when it was first
// written, so it is written again with a new code, which works, while the old one (that nobody was
// sent) stops. The print copy with the old code is gone at once.
func TestRewrittenAcknowledgementGetsANewCode(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	r, err := f.db.FileComplaint(f.ctx, f.staff, casework.Intake{Channel: casework.ChannelPhone,
		Complainant:     casework.Contact{Name: "Piet de Boer", Street: "Kerkstraat 12", Postcode: "2011 AB", City: "Haarlem"},
		OrganisationIDs: []int64{o.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainCare}, Summary: "Mijn hulp bij het huishouden is gestopt."})
	f.must(err)
	f.pass(f.d)
	if got := f.placesHolding(r.TrackingCode); strings.Join(got, ",") != "notices.print_pdf" {
		t.Fatalf("the code is in %v, want the print copy only", got)
	}
	_, err = f.db.Rectify(f.ctx, f.staff, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: "Piet de Boer",
		Street: "Kerkstraat 14", Postcode: "2011 AB", City: "Haarlem"}, Reason: "huisnummer verbeterd"})
	f.must(err)
	if got := f.placesHolding(r.TrackingCode); len(got) > 0 {
		t.Errorf("the old code is still in %v after the letter went back to the outbox", got)
	}
	if _, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode); err == nil {
		t.Error("the old code still opens the case")
	}
	f.pass(f.d)
	ack := f.ackOf(r.Reference)
	text := f.printed(ack.ID)
	m := ackCodeLine.FindStringSubmatch(text)
	if ack.Status != "print" || m == nil || !strings.Contains(text, "Kerkstraat 14") {
		t.Fatalf("%s: the letter written again lacks the new address or a code:\n%s", ack, text)
	}
	if _, err := f.db.LookupComplaint(f.ctx, r.Reference, m[1]); err != nil {
		t.Errorf("the new code does not open the case: %v", err)
	}
	f.postAll()
	if got := f.placesHolding(m[1]); len(got) > 0 {
		t.Errorf("the new code is in %v after the letter was posted", got)
	}
}
