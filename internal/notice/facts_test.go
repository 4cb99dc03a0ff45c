package notice_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

// pdfLines returns the lines of a letter as pdftotext lays them out, spaces kept: the envelope
// window's last line is "2011 AB  HAARLEM", with two spaces.
func pdfLines(t *testing.T, data []byte) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(string(out), "\n")
}

// internalText is what staff wrote for colleagues only: a note on the timeline and the notes on
// skipped hearings. No letter may show any of it.
var internalText = regexp.MustCompile(`INTERN|voicemail|collega`)

// lettersCase is a complaint about three organisations, with a supporter who has a postal address:
// heard (the complainant and one organisation, with records), skipped (no answer; waived, with
// staff notes), and ruled partly founded with binding advice to two of the three.
type lettersCase struct {
	ref                 string
	centrum, thuis, cjg casework.Organisation
}

func (f *fx) lettersCase() lettersCase {
	f.t.Helper()
	c := lettersCase{
		centrum: f.org("Sociaal Wijkteam Centrum", "", "Zijlsingel 2, 2011 AB Haarlem"),
		thuis:   f.org("Thuiszorg Kennemerland", "", "Spaarndamseweg 230, 2021 KA Haarlem"),
		cjg:     f.org("CJG Haarlem", "", "Kennemerplein 6, 2011 MJ Haarlem"),
	}
	c.ref = f.file(casework.Contact{Name: "Fatima el Amrani", Street: "Kleverparkweg 12", Postcode: "2023 CE", City: "Haarlem"},
		&casework.Contact{Name: "Jan de Wit", Street: "Spaarne 96", Postcode: "2011cl", City: "Haarlem"},
		c.centrum.ID, c.thuis.ID, c.cjg.ID)
	f.must(f.db.TakeUp(f.ctx, f.staff, c.ref, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.AddNote(f.ctx, f.staff, c.ref, "INTERN: klaagster belt vaak, overleg met een collega voor het gesprek."))
	today := "2026-11-23"
	for _, h := range []casework.Hearing{
		{Party: casework.PartyComplainant, HeldOn: today, Record: "Mevrouw El Amrani vertelde dat zij zes keer heeft gebeld."},
		{Party: casework.PartyOrganisation, OrganisationID: c.centrum.ID, HeldOn: today,
			Record: "Het wijkteam erkent dat de terugbelafspraak is vergeten."},
		{Party: casework.PartyOrganisation, OrganisationID: c.thuis.ID, Skipped: casework.SkipWaived,
			SkipNote: "INTERN: twee keer gebeld, alleen de voicemail; de directie zag toen af."},
		{Party: casework.PartyOrganisation, OrganisationID: c.cjg.ID, Skipped: casework.SkipWaived,
			SkipNote: "INTERN: CJG ziet af van horen, zegt een collega."},
	} {
		_, err := f.db.RecordHearing(f.ctx, f.staff, c.ref, h)
		f.must(err)
	}
	_, err := f.db.Rule(f.ctx, f.staff, c.ref, casework.Ruling{Verdict: casework.VerdictPartlyFounded,
		Findings:    "Het wijkteam belde drie maanden niet terug. De thuiszorg kwam op wisselende tijden.",
		Conclusions: "Het wijkteam en de thuiszorg hebben niet zorgvuldig gehandeld. Het CJG trof geen verwijt.",
		Advices: []casework.AdviceInput{
			{OrganisationID: c.centrum.ID, Text: "Bel mevrouw El Amrani binnen een week terug en bied excuses aan."},
			{OrganisationID: c.thuis.ID, Text: "Zet een vast team van hoogstens drie medewerkers in."},
		}})
	f.must(err)
	return c
}

// letter returns the delivered letter of kind to recipient ("organisation:<id>" for one organisation).
func (f *fx) letter(ref, kind, recipient string) []byte {
	f.t.Helper()
	var pdf []byte
	f.must(f.sql.GetContext(f.ctx, &pdf, `SELECT n.pdf FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.kind = $2 AND (n.recipient = $3 OR n.recipient || ':' || n.organisation_id = $3)`,
		ref, kind, recipient))
	if pdf == nil {
		f.t.Fatalf("no %s letter to %s", kind, recipient)
	}
	return pdf
}

// TestLettersTellTheFactsOfTheirDay: the letters of a ruling are rendered after the handler's name,
// an organisation's name and address, the advice and the findings changed; they still tell what was
// true when the case was ruled. The ruling names exactly the two organisations that got binding
// advice, each with its text and last day as a date, and reports the hearings; the supporter's copy
// goes to the supporter's address and speaks of the client; the organisation's address block ends
// with postcode and town as PostNL asks; no staff note shows anywhere.
func TestLettersTellTheFactsOfTheirDay(t *testing.T) {
	f := newFx(t)
	c := f.lettersCase()
	// A second complaint is resolved, with the staff's note on how.
	resolved := f.file(casework.Contact{Name: "Jan Jansen", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"}, nil, c.cjg.ID)
	f.must(f.db.TakeUp(f.ctx, f.staff, resolved, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.Resolve(f.ctx, f.staff, resolved, casework.Closing{Reason: "INTERN: opgelost na een telefoontje van een collega."}))

	// Everything changes after the ruling, before the dispatcher renders a letter.
	f.must(exec0(f, `UPDATE users SET name = 'Bram Bakker' WHERE id = $1`, f.staff.UserID))
	f.must(exec0(f, `UPDATE organisations SET name = 'Wijkteam Centrum-Oost', street = 'Nieuwe Gracht 1', postcode = '2011 NB', city = 'Haarlem'
		WHERE id = $1`, c.centrum.ID))
	f.must(exec0(f, `UPDATE advices SET text = 'Een andere tekst.' WHERE organisation_id = $1`, c.thuis.ID))
	f.must(exec0(f, `UPDATE complaints SET findings = 'Andere bevindingen.', complainant_name = 'F. Anders'`))
	f.pass(f.d)

	ruling := pdfText(t, f.letter(c.ref, "ruling", "complainant"))
	for _, want := range []string{
		"Beste Fatima el Amrani,", "Anna de Vries",
		"Wij geven een bindend advies aan Sociaal Wijkteam Centrum en Thuiszorg Kennemerland.",
		"Advies aan Sociaal Wijkteam Centrum Bel mevrouw El Amrani binnen een week terug en bied excuses aan.",
		"Sociaal Wijkteam Centrum moet ons uiterlijk 7 december 2026 laten weten",
		"Advies aan Thuiszorg Kennemerland Zet een vast team van hoogstens drie medewerkers in.",
		"Thuiszorg Kennemerland moet ons uiterlijk 7 december 2026 laten weten",
		"Het wijkteam belde drie maanden niet terug.", "Het CJG trof geen verwijt.",
		"Wij hebben met u gesproken op maandag 23 november 2026.",
		"Thuiszorg Kennemerland wilde geen gesprek.",
		"CJG Haarlem wilde geen gesprek.",
		"Verslag van het gesprek met u op 23 november 2026 Mevrouw El Amrani vertelde dat zij zes keer heeft gebeld.",
		"Verslag van het gesprek met Sociaal Wijkteam Centrum op 23 november 2026 Het wijkteam erkent",
		"Nationale ombudsman", "uiterlijk 23 november 2027",
		"Kopie aan: Jan de Wit",
	} {
		if !strings.Contains(ruling, want) {
			t.Errorf("the complainant's ruling lacks %q:\n%s", want, ruling)
		}
	}
	for _, later := range []string{"Bram Bakker", "Wijkteam Centrum-Oost", "Een andere tekst.", "Andere bevindingen.", "F. Anders",
		"Advies aan CJG Haarlem", "binnen 14 dagen"} {
		if strings.Contains(ruling, later) {
			t.Errorf("the ruling shows %q:\n%s", later, ruling)
		}
	}

	copyText := pdfText(t, f.letter(c.ref, "ruling", "supporter"))
	for _, want := range []string{"Kopie: Onze uitspraak over de klacht van uw cliënt: deels gegrond", "Beste Jan de Wit,",
		"Jan de Wit Spaarne 96 2011 CL HAARLEM", "Uw cliënt Fatima el Amrani heeft een klacht bij ons ingediend",
		"Wij hebben met uw cliënt gesproken op maandag 23 november 2026.", "Dan kan uw cliënt naar de Nationale ombudsman."} {
		if !strings.Contains(copyText, want) {
			t.Errorf("the supporter's copy lacks %q:\n%s", want, copyText)
		}
	}
	if strings.Contains(copyText, "Kleverparkweg") || strings.Contains(copyText, "Beste Fatima") || strings.Contains(copyText, "Kopie aan") {
		t.Errorf("the supporter's copy shows the complainant's address, greets the complainant or lists a copy:\n%s", copyText)
	}

	advice := f.letter(c.ref, "advice_issued", "organisation:"+itoa(c.centrum.ID))
	lines := pdfLines(t, advice)
	if !containsLine(lines, "Sociaal Wijkteam Centrum", "t.a.v. de directie", "Zijlsingel 2", "2011 AB HAARLEM") {
		t.Errorf("the organisation's address block is not name / t.a.v. de directie / Zijlsingel 2 / 2011 AB  HAARLEM:\n%s",
			strings.Join(lines, "\n"))
	}
	// Between postcode and town there are two spaces: a gap twice the one inside the postcode.
	if inner, outer := wordGap(t, advice, "2011", "AB"), wordGap(t, advice, "AB", "HAARLEM"); !(outer > 1.7*inner) {
		t.Errorf("gap between postcode and town %.2f pt, inside the postcode %.2f pt: want two spaces", outer, inner)
	}
	adviceText := pdfText(t, advice)
	if !strings.Contains(adviceText, "Sociaal Wijkteam Centrum") || strings.Contains(adviceText, "Nieuwe Gracht") ||
		strings.Contains(adviceText, "Wijkteam Centrum-Oost") || strings.Contains(adviceText, "Bram Bakker") {
		t.Errorf("the advice letter does not tell the facts of its day:\n%s", adviceText)
	}
	orgRuling := pdfText(t, f.letter(c.ref, "ruling", "organisation:"+itoa(c.thuis.ID)))
	if !strings.Contains(orgRuling, "Zet een vast team") || strings.Contains(orgRuling, "Bel mevrouw") ||
		strings.Contains(orgRuling, "zes keer heeft gebeld") || !strings.Contains(orgRuling, "wilde geen gesprek") {
		t.Errorf("an organisation's ruling must hold its own advice and hearing only:\n%s", orgRuling)
	}

	closed := pdfText(t, f.letter(resolved, "closed", "complainant"))
	if !strings.Contains(closed, "Wij hebben gehoord dat de klacht is opgelost.") {
		t.Errorf("the closing letter does not say why in its own words:\n%s", closed)
	}

	// No staff note in any letter.
	for _, n := range f.notices() {
		if n.PDF == nil {
			t.Errorf("%s: no letter", n)
			continue
		}
		if m := internalText.FindString(pdfText(t, n.PDF)); m != "" {
			t.Errorf("%s: the letter shows the staff's note (%q)", n, m)
		}
	}
}

// TestNoticeWithoutFactsIsRenderedFromTheCase: a notice written before notices kept their facts is
// still rendered, from the case as it stands.
func TestNoticeWithoutFactsIsRenderedFromTheCase(t *testing.T) {
	f := newFx(t)
	c := f.lettersCase()
	f.must(exec0(f, `UPDATE notices SET facts = NULL WHERE kind = 'ruling' AND recipient = 'complainant'`))
	f.must(exec0(f, `UPDATE users SET name = 'Bram Bakker' WHERE id = $1`, f.staff.UserID))
	f.pass(f.d)
	text := pdfText(t, f.letter(c.ref, "ruling", "complainant"))
	for _, want := range []string{"Bram Bakker", "Sociaal Wijkteam Centrum moet ons uiterlijk 7 december 2026 laten weten",
		"Kopie aan: Jan de Wit"} {
		if !strings.Contains(text, want) {
			t.Errorf("the old notice's ruling lacks %q:\n%s", want, text)
		}
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE status = 'failed'`); n != 0 {
		t.Errorf("%d notices failed", n)
	}
}

func exec0(f *fx, query string, args ...any) error {
	_, err := f.sql.ExecContext(f.ctx, query, args...)
	return err
}

// containsLine reports whether the lines hold want, one after the other, each at the start of its
// line (the envelope window is at the left; the reference block may follow on the same line).
func containsLine(lines []string, want ...string) bool {
	for i := range lines {
		ok := i+len(want) <= len(lines)
		for j := 0; ok && j < len(want); j++ {
			l := strings.TrimSpace(lines[i+j])
			ok = l == want[j] || strings.HasPrefix(l, want[j]+"   ")
		}
		if ok {
			return true
		}
	}
	return false
}

var bboxWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`)

// wordGap is the horizontal gap between the first word a and the word b that follows it on the
// same line, in points.
func wordGap(t *testing.T, data []byte, a, b string) float64 {
	t.Helper()
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	words := bboxWord.FindAllStringSubmatch(string(out), -1)
	num := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
	for i := 0; i+1 < len(words); i++ {
		if words[i][4] == a && words[i+1][4] == b && num(words[i][2]) == num(words[i+1][2]) {
			return num(words[i+1][1]) - num(words[i][3])
		}
	}
	t.Fatalf("no %q followed by %q in the letter", a, b)
	return 0
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
