package notice_test

import (
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// TestHearingReportsAndTheRulingThatNamesThem: the report of each hearing goes to the party heard
// (the complainant and their supporter, or the organisation) with the record, before the ruling;
// the ruling letter tells each reader when their report was sent. An organisation added to the
// complaint later gets the copy of the complaint.
func TestHearingReportsAndTheRulingThatNamesThem(t *testing.T) {
	f := newFx(t)
	team := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	gemeente := f.org("Gemeente Haarlem", "", "Postbus 511, 2003 PB Haarlem")
	ref := f.file(casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"},
		&casework.Contact{Name: "Cliëntenbelang Haarlem", Email: "ondersteuning@clientenbelang.example"}, team.ID)
	f.must(f.db.TakeUp(f.ctx, f.staff, ref, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.AddOrganisation(f.ctx, f.staff, ref, gemeente.ID))

	const fatimaSaid = "Klaagster vertelt dat zij tussen juni en september vier keer heeft gebeld."
	const teamSaid = "De teamleider erkent dat de terugbelverzoeken zijn blijven liggen."
	_, err := f.db.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyComplainant,
		HeldOn: "2026-11-23", Record: fatimaSaid})
	f.must(err)
	f.clock.Set(time.Date(2026, time.November, 24, 11, 0, 0, 0, ams))
	_, err = f.db.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: team.ID,
		HeldOn: "2026-11-24", Record: teamSaid})
	f.must(err)
	_, err = f.db.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: gemeente.ID,
		Skipped: casework.SkipWaived, SkipNote: "De gemeente ziet af van horen."})
	f.must(err)
	f.clock.Set(time.Date(2026, time.November, 25, 11, 0, 0, 0, ams))
	_, err = f.db.Rule(f.ctx, f.staff, ref, casework.Ruling{Verdict: casework.VerdictFounded,
		Findings: "De klaagster is drie maanden niet teruggebeld.", Conclusions: "Het wijkteam heeft niet zorgvuldig gehandeld.",
		Advices: []casework.AdviceInput{{OrganisationID: team.ID, Text: "Bel klaagster binnen een week terug."}}})
	f.must(err)
	f.pass(f.d)

	letters := map[string]string{} // kind/recipient/name → text
	for _, n := range f.notices() {
		if n.Kind != postgres.NoticeHearingReport && n.Kind != postgres.NoticeRuling && n.Kind != postgres.NoticeCopyToOrganisation {
			continue
		}
		if n.PDF == nil {
			t.Fatalf("%s: no letter", n)
		}
		letters[n.Kind+"/"+n.Recipient+"/"+n.Name] = pdfText(t, n.PDF)
	}
	check := func(key string, want []string, not ...string) {
		t.Helper()
		text, ok := letters[key]
		if !ok {
			t.Errorf("no letter %s (letters: %v)", key, sortedKeys(letters))
			return
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", key, w, text)
			}
		}
		for _, n := range not {
			if strings.Contains(text, n) {
				t.Errorf("%s says %q:\n%s", key, n, text)
			}
		}
	}
	check("hearing_report/complainant/Fatima el Amrani", []string{"Verslag van ons gesprek over uw klacht",
		"Op maandag 23 november 2026 hebben wij met u gesproken", fatimaSaid, "Klopt het verslag?"}, teamSaid)
	check("hearing_report/supporter/Cliëntenbelang Haarlem", []string{fatimaSaid}, teamSaid)
	check("hearing_report/organisation/Sociaal Wijkteam Schalkwijk", []string{"Verslag van ons gesprek over de klacht " + ref,
		"Op dinsdag 24 november 2026 hebben wij met u gesproken over de klacht " + ref + " over uw organisatie", teamSaid, "Geachte directie"}, fatimaSaid, "fatima@example.nl")
	if _, ok := letters["hearing_report/organisation/Gemeente Haarlem"]; ok {
		t.Error("a report went to the organisation whose hearing was skipped")
	}
	check("copy_to_organisation/organisation/Gemeente Haarlem", []string{"Kopie van een klacht over Gemeente Haarlem", ref})
	check("ruling/complainant/Fatima el Amrani",
		[]string{"Het verslag van ons gesprek met u hebben wij u op maandag 23 november 2026 gestuurd."})
	check("ruling/supporter/Cliëntenbelang Haarlem",
		[]string{"Het verslag van ons gesprek met uw cliënt hebben wij uw cliënt op maandag 23 november 2026 gestuurd."},
		"gesprek met u hebben")
	check("ruling/organisation/Sociaal Wijkteam Schalkwijk",
		[]string{"Het verslag van ons gesprek met u hebben wij u op dinsdag 24 november 2026 gestuurd."})
	check("ruling/organisation/Gemeente Haarlem", []string{"Onze uitspraak"}, "Het verslag van ons gesprek")
}
