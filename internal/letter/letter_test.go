package letter

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/term"
)

// pdfText returns the text of a PDF as poppler's pdftotext -layout reads it, with every run of
// white space collapsed to one space so that wrapped sentences compare as one line.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 20)])
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (apt-get install -y poppler-utils)")
	}
	file := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// testData is SampleData with texts full of Dutch diacritics, an amount in euros and a
// multi-line rejection.
func testData(kind Kind, lang casework.Language) Data {
	d := SampleData(kind, lang)
	d.Findings = "De cliënt vroeg om coördinatie van haar zorg. Het ging om € 161.500, verdeeld over één jaar."
	d.Conclusions = "Het wijkteam had de coördinatie eerder moeten regelen."
	d.Advice = "Betaal de cliënt € 161.500 terug en regel de coördinatie binnen één week."
	d.RejectionReasons = "Wij kunnen € 161.500 niet betalen: dat bedrag is niet begroot.\nDe coördinatie regelen wij wel binnen één week."
	d.PostponementReason = "Wij wachten op het dossier van de cliënt."
	return d
}

func TestCheckAcceptsTheBuiltInTemplates(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
}

// TestEveryKindInBothLanguages renders every letter as a PDF, reads it back with pdftotext and
// checks what the law and DOMAIN.md §5 want it to say.
func TestEveryKindInBothLanguages(t *testing.T) {
	common := map[casework.Language][]string{
		casework.LanguageDutch:   {"MSD-2026-0042", "Haarlem, 7 december 2026", "Ons kenmerk", "Met vriendelijke groet,", "pagina 1 van", "Heeft u vragen?"},
		casework.LanguageEnglish: {"MSD-2026-0042", "Haarlem, 7 December 2026", "Our reference", "Kind regards,", "page 1 of", "Any questions?"},
	}
	want := map[casework.Language]map[Kind][]string{
		casework.LanguageDutch: {
			Acknowledgement: {"Wij hebben uw klacht ontvangen", "Beste Fatima el Amrani,", "maandag 26 oktober 2026",
				"uiterlijk op maandag 7 december 2026", "uitspraak", "cliëntondersteuner",
				"het kenmerk MSD-2026-0042", "Uw volgcode is: 7K2M-QX9P-4RTW-HB3N-C8VD", "/status/nieuwe-code"},
			NewTrackingCode: {"Uw nieuwe volgcode", "kenmerk MSD-2026-0042", "Uw nieuwe volgcode is: 7K2M-QX9P-4RTW-HB3N-C8VD",
				"De oude volgcode werkt vanaf nu niet meer."},
			CopyToOrganisation: {"Kopie van een klacht over Sociaal Wijkteam Haarlem-Noord", "Geachte directie,", "artikel 9:9",
				"uiterlijk op maandag 7 december 2026", "Fatima el Amrani"},
			Inadmissible: {"Wij behandelen uw klacht niet", "meer dan een jaar voordat de klacht bij ons binnenkwam", "Nationale ombudsman",
				"uiterlijk 7 december 2027", "3 maart 2025"},
			Postponement: {"meer tijd nodig", "maandag 7 december 2026", "maandag 4 januari 2027",
				"Wij wachten op het dossier van de cliënt.", "één keer"},
			HearingInvitation: {"hoorzitting", "dinsdag 15 december 2026", "14:30 uur", "Stadhuis Haarlem, Grote Markt 2"},
			Ruling: {"Onze uitspraak over uw klacht: deels gegrond", "cliënt", "coördinatie", "€ 161.500", "één",
				"de klacht is deels gegrond", "Het wijkteam had de coördinatie eerder moeten regelen.",
				"Nationale ombudsman", "tot een jaar na de datum van deze brief, dus uiterlijk 7 december 2027",
				"Wij geven een bindend advies aan Sociaal Wijkteam Haarlem-Noord.", "Advies aan Sociaal Wijkteam Haarlem-Noord",
				"Sociaal Wijkteam Haarlem-Noord moet ons uiterlijk 21 december 2026 laten weten",
				"Wij hebben met u gesproken op dinsdag 24 november 2026", "Verslag van het gesprek met u op 24 november 2026",
				"zes keer heeft gebeld", "Kopie aan: Cliëntenbelang Haarlem",
				"Het verslag van ons gesprek met u hebben wij u op woensdag 25 november 2026 gestuurd."},
			AdviceIssued: {"Bindend advies: reageer uiterlijk op maandag 21 december 2026", "Geachte directie,",
				"Betaal de cliënt € 161.500 terug en regel de coördinatie binnen één week.", "bindend",
				"tot en met maandag 21 december 2026", "vóór 00:00 uur op dinsdag 22 december 2026",
				"onverkort uitgevoerd", "gemotiveerd afwijzen"},
			ResponseAccepted: {"Sociaal Wijkteam Haarlem-Noord voert ons advies uit", "aanneemt"},
			ResponseRejected: {"wijst ons advies af",
				"Wij kunnen € 161.500 niet betalen: dat bedrag is niet begroot. De coördinatie regelen wij wel binnen één week.",
				"Nationale ombudsman"},
			EnforcedComplainant: {"moet ons advies helemaal uitvoeren", "niet op tijd gereageerd", "onverkort uitgevoerd",
				"maandag 21 december 2026"},
			EnforcedOrganisation: {"U moet het bindend advies nu helemaal uitvoeren", "onverkort uitgevoerd",
				"vóór 00:00 uur op dinsdag 22 december 2026", "Laat ons weten wanneer het advies is uitgevoerd"},
			Reminder: {"Herinnering", "nog 5 werkdagen", "maandag 21 december 2026", "vóór 00:00 uur op dinsdag 22 december 2026",
				"onverkort uitgevoerd"},
			Closed: {"Wij hebben uw klacht afgesloten", "elke organisatie heeft het advies uitgevoerd of met redenen afgewezen", "Nationale ombudsman"},
			HearingReport: {"Verslag van ons gesprek over uw klacht", "Op dinsdag 24 november 2026 hebben wij met u gesproken",
				"Het verslag", "Niemand belde haar terug.", "€ 45 aanmaningskosten", "Klopt het verslag?",
				"uiterlijk op maandag 7 december 2026"},
			EnforcementCorrected: {"Correctie: Sociaal Wijkteam Haarlem-Noord heeft op tijd gereageerd", "per brief",
				"vrijdag 18 december 2026", "tot en met maandag 21 december 2026", "hoeft het advies niet meer te worden uitgevoerd",
				"Onze excuses", "Nationale ombudsman"},
			CaseEnded: {"Geen uitspraak over de klacht met kenmerk MSD-2026-0042", "Geachte directie,",
				"De klager heeft de klacht op maandag 7 december 2026 ingetrokken.", "geen uitspraak en geen bindend advies",
				"maandag 26 oktober 2026"},
		},
		casework.LanguageEnglish: {
			Acknowledgement: {"We have received your complaint", "Dear Fatima el Amrani,", "Monday 26 October 2026", "Monday 7 December 2026 at the latest",
				"the reference MSD-2026-0042", "Your tracking code is: 7K2M-QX9P-4RTW-HB3N-C8VD", "/status/nieuwe-code"},
			NewTrackingCode: {"Your new tracking code", "reference MSD-2026-0042", "Your new tracking code is: 7K2M-QX9P-4RTW-HB3N-C8VD",
				"The old tracking code no longer works."},
			CopyToOrganisation: {"Copy of a complaint about Sociaal Wijkteam Haarlem-Noord", "Dear Sir or Madam,", "article 9:9"},
			Inadmissible:       {"We will not deal with your complaint", "more than a year before the complaint reached us", "National Ombudsman", "by 7 December 2027 at the latest"},
			Postponement:       {"We need more time", "Monday 7 December 2026", "Monday 4 January 2027", "Wij wachten op het dossier van de cliënt."},
			HearingInvitation:  {"hearing", "Tuesday 15 December 2026", "14:30", "Stadhuis Haarlem"},
			Ruling: {"Our ruling on your complaint: partly justified", "€ 161.500", "coördinatie", "the complaint is partly justified",
				"National Ombudsman", "up to one year after the date of this letter, so by 7 December 2027 at the latest",
				"We are giving a binding advice to Sociaal Wijkteam Haarlem-Noord.", "Advice to Sociaal Wijkteam Haarlem-Noord",
				"Sociaal Wijkteam Haarlem-Noord must tell us by 21 December 2026 at the latest", "Record of the meeting with you on 24 November 2026",
				"We sent you the report of our meeting with you on Wednesday 25 November 2026."},
			AdviceIssued: {"Binding advice: please respond by Monday 21 December 2026", "up to and including Monday 21 December 2026",
				"before 00:00 on Tuesday 22 December 2026", "carried out in full", "reasoned rejection"},
			ResponseAccepted: {"will carry out our advice"},
			ResponseRejected: {"rejects our advice",
				"Wij kunnen € 161.500 niet betalen: dat bedrag is niet begroot. De coördinatie regelen wij wel binnen één week."},
			EnforcedComplainant:  {"must carry out our advice in full", "did not respond in time", "Monday 21 December 2026"},
			EnforcedOrganisation: {"You must now carry out the binding advice in full", "before 00:00 on Tuesday 22 December 2026"},
			Reminder:             {"Reminder", "5 working days left", "before 00:00 on Tuesday 22 December 2026"},
			Closed:               {"We have closed your complaint", "National Ombudsman"},
			HearingReport: {"Report of our meeting about your complaint", "On Tuesday 24 November 2026 we talked with you",
				"Nobody called her back.", "Is the report correct?", "Monday 7 December 2026 at the latest"},
			EnforcementCorrected: {"Correction: Sociaal Wijkteam Haarlem-Noord did respond in time", "by letter", "Friday 18 December 2026",
				"no longer has to be carried out", "We apologise"},
			CaseEnded: {"No ruling on the complaint with reference MSD-2026-0042", "Dear Sir or Madam,",
				"The complainant withdrew the complaint on Monday 7 December 2026.", "no ruling and no binding advice"},
		},
	}
	for _, lang := range casework.Languages {
		for _, kind := range Kinds {
			t.Run(string(lang)+"/"+string(kind), func(t *testing.T) {
				t.Parallel()
				phrases, ok := want[lang][kind]
				if !ok {
					t.Fatal("no expectations for this letter")
				}
				b, err := PDF(kind, testData(kind, lang))
				if err != nil {
					t.Fatal(err)
				}
				text := pdfText(t, b)
				for _, p := range append(common[lang], phrases...) {
					if !strings.Contains(text, p) {
						t.Errorf("letter lacks %q:\n%s", p, text)
					}
				}
				if strings.Contains(text, "<no value>") || strings.Contains(text, "%!") {
					t.Errorf("letter shows a template slip:\n%s", text)
				}
			})
		}
	}
}

func TestOrganisationLettersNeverShowTheComplainantsAddress(t *testing.T) {
	for _, lang := range casework.Languages {
		for _, kind := range Kinds {
			if !kind.ForOrganisation() {
				continue
			}
			d := SampleData(kind, lang)
			b, err := PDF(kind, d)
			if err != nil {
				t.Fatal(err)
			}
			if text := pdfText(t, b); strings.Contains(text, "Kleverparkweg") {
				t.Errorf("%s/%s shows the complainant's street", lang, kind)
			}
		}
	}
}

func TestReminderCountsWorkingDays(t *testing.T) {
	tests := []struct {
		lang casework.Language
		left int
		want string
	}{
		{casework.LanguageDutch, 5, "U heeft nog 5 werkdagen om te reageren."},
		{casework.LanguageDutch, 1, "U heeft nog één werkdag om te reageren."},
		{casework.LanguageDutch, 0, "Vandaag is de laatste dag om te reageren."},
		{casework.LanguageEnglish, 1, "You have one working day left to respond."},
		{casework.LanguageEnglish, 0, "Today is the last day to respond."},
	}
	for _, tt := range tests {
		d := SampleData(Reminder, tt.lang)
		d.WorkingDaysLeft = tt.left
		doc, err := Render(Reminder, d)
		if err != nil {
			t.Fatal(err)
		}
		if got := bodyText(doc); !strings.Contains(got, tt.want) {
			t.Errorf("%s, %d days: body lacks %q:\n%s", tt.lang, tt.left, tt.want, got)
		}
	}
}

func bodyText(doc pdf.LetterDoc) string {
	var b strings.Builder
	for _, p := range doc.Body {
		b.WriteString(p.Text)
		b.WriteString(strings.Join(p.Items, " "))
		b.WriteString("\n")
	}
	return b.String()
}

func TestRenderBuildsTheLetter(t *testing.T) {
	d := testData(ResponseRejected, casework.LanguageDutch)
	d.Salutation = "Beste mevrouw El Amrani,"
	doc, err := Render(ResponseRejected, d)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Opening != "Beste mevrouw El Amrani," {
		t.Errorf("opening %q, want the salutation", doc.Opening)
	}
	if doc.Date != "7 december 2026" || doc.Place != "Haarlem" || doc.Reference != "MSD-2026-0042" {
		t.Errorf("date line %q, %q, reference %q", doc.Place, doc.Date, doc.Reference)
	}
	if strings.Join(doc.Signature, "|") != "Anouk de Vries|Meldpunt Sociaal Domein" {
		t.Errorf("signature %q", doc.Signature)
	}
	var quote *pdf.Paragraph
	for i, p := range doc.Body {
		if p.Kind == pdf.Quote && strings.Contains(p.Text, "begroot") {
			quote = &doc.Body[i]
		}
	}
	if quote == nil || quote.Text != d.RejectionReasons {
		t.Errorf("the rejection reasons are not quoted word for word, line breaks included: %+v", quote)
	}
	if doc.Labels != pdf.DutchLabels() {
		t.Errorf("labels %+v", doc.Labels)
	}
	again, err := Render(ResponseRejected, d)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := pdf.Letter(doc)
	b, _ := pdf.Letter(again)
	if !bytes.Equal(a, b) {
		t.Error("rendering the same letter twice gives different PDFs")
	}
}

func TestRenderRefusesIncompleteLetters(t *testing.T) {
	tests := []struct {
		name   string
		kind   Kind
		change func(*Data)
		want   string
	}{
		{"unknown kind", Kind("thank_you"), func(*Data) {}, "unknown kind"},
		{"unknown language", Ruling, func(d *Data) { d.Language = "fr" }, "language"},
		{"no letter date", Ruling, func(d *Data) { d.Date = term.Date{} }, "date of the letter"},
		{"advice without a last day", AdviceIssued, func(d *Data) { d.RespondBy = term.Date{} }, "date is missing"},
		{"advice without a deadline instant", AdviceIssued, func(d *Data) { d.Deadline = time.Time{} }, "missing"},
		{"advice without the advice", AdviceIssued, func(d *Data) { d.Advice = " " }, "Advice is missing"},
		{"rejection with emoji for reasons", ResponseRejected, func(d *Data) { d.RejectionReasons = "👎 👎" }, "RejectionReasons is missing"},
		{"rejection without reasons", ResponseRejected, func(d *Data) { d.RejectionReasons = "" }, "RejectionReasons is missing"},
		{"ruling without a verdict", Ruling, func(d *Data) { d.Verdict = "" }, "verdict"},
		{"inadmissible without a ground", Inadmissible, func(d *Data) { d.InadmissibleGround = "boring" }, "ground"},
		{"postponement without a reason", Postponement, func(d *Data) { d.PostponementReason = "" }, "PostponementReason is missing"},
		{"postponement without a new date", Postponement, func(d *Data) { d.NewLastDay = term.Date{} }, "date is missing"},
		{"copy of a complaint without the complaint", CopyToOrganisation, func(d *Data) { d.Summary = "" }, "Summary is missing"},
		{"hearing without a time", HearingInvitation, func(d *Data) { d.HearingAt = time.Time{} }, "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := SampleData(tt.kind, casework.LanguageDutch)
			tt.change(&d)
			_, err := Render(tt.kind, d)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestEmptyLanguageMeansDutch(t *testing.T) {
	d := SampleData(Closed, "")
	doc, err := Render(Closed, d)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Subject != "Wij hebben uw klacht afgesloten" {
		t.Errorf("subject %q, want the Dutch one", doc.Subject)
	}
}

func TestOptionalFieldsMayBeEmpty(t *testing.T) {
	for _, lang := range casework.Languages {
		for _, kind := range Kinds {
			t.Run(string(lang)+"/"+string(kind), func(t *testing.T) {
				t.Parallel()
				optionalFieldsEmpty(t, kind, lang)
			})
		}
	}
}

func optionalFieldsEmpty(t *testing.T, kind Kind, lang casework.Language) {
	d := SampleData(kind, lang)
	d.Sender = pdf.Sender{Name: "Meldpunt Sociaal Domein"}
	d.Recipient = pdf.Address{Name: "F. el Amrani"}
	d.HandlerName, d.ComplainantName, d.Closing, d.InadmissibleReasons = "", "", "", ""
	if kind != CopyToOrganisation { // the copy of a complaint needs the complaint
		d.Summary = ""
	}
	d.Organisations, d.CopyTo = nil, nil
	if kind != AdviceIssued && kind != EnforcedOrganisation {
		d.Advice = ""
	}
	b, err := PDF(kind, d)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, b); strings.Contains(text, "<no value>") {
		t.Error("the letter shows <no value>")
	}
}

func TestHostileDataStillGivesALetter(t *testing.T) {
	d := testData(ResponseRejected, casework.LanguageDutch)
	d.Recipient.Name = "Fatima el Amrani 🌸"
	d.RejectionReasons = "Nee 😡\r\nمرحبا שלום\n" + strings.Repeat("x", 300)
	d.Organisation = "Zorg\x00groep"
	b, err := PDF(ResponseRejected, d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	for _, want := range []string{"Beste Fatima el Amrani,", "Nee", "Zorggroep wijst ons advies af"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q:\n%s", want, text)
		}
	}
}

func TestDateWords(t *testing.T) {
	tests := []struct {
		lang casework.Language
		date term.Date
		want string
	}{
		{casework.LanguageDutch, term.NewDate(2026, time.December, 7), "maandag 7 december 2026"},
		{casework.LanguageEnglish, term.NewDate(2026, time.December, 7), "Monday 7 December 2026"},
		{casework.LanguageDutch, term.NewDate(2026, time.December, 22), "dinsdag 22 december 2026"},
		{casework.LanguageDutch, term.NewDate(2027, time.January, 1), "vrijdag 1 januari 2027"},
		{casework.LanguageDutch, term.NewDate(2028, time.February, 29), "dinsdag 29 februari 2028"},
		{casework.LanguageDutch, term.NewDate(2026, time.March, 4), "woensdag 4 maart 2026"},
		{casework.LanguageDutch, term.NewDate(2026, time.May, 14), "donderdag 14 mei 2026"},
		{casework.LanguageDutch, term.NewDate(2026, time.August, 1), "zaterdag 1 augustus 2026"},
		{casework.LanguageDutch, term.NewDate(2026, time.April, 5), "zondag 5 april 2026"},
		{casework.LanguageEnglish, term.NewDate(2026, time.October, 31), "Saturday 31 October 2026"},
	}
	for _, tt := range tests {
		if got := DateWords(tt.lang, tt.date); got != tt.want {
			t.Errorf("DateWords(%s, %s) = %q, want %q", tt.lang, tt.date, got, tt.want)
		}
	}
}

func TestDateAndClockOfAnInstantAreInAmsterdam(t *testing.T) {
	// 23:30 UTC on 21 December is 00:30 on 22 December in Amsterdam (winter time).
	at := time.Date(2026, time.December, 21, 23, 30, 0, 0, time.UTC)
	if got, _ := dutch.date(at); got != "dinsdag 22 december 2026" {
		t.Errorf("date = %q", got)
	}
	if got, _ := dutch.clock(at); got != "00:30 uur" {
		t.Errorf("clock = %q", got)
	}
	// The deadline instant after a last day in summer time is still 00:00.
	deadline := term.DeadlineInstant(term.NewDate(2026, time.July, 6))
	if got, _ := english.clock(deadline); got != "00:00" {
		t.Errorf("clock = %q", got)
	}
	if _, err := dutch.date(42); err == nil {
		t.Error("date accepted a number")
	}
}

func TestEveryVerdictAndGroundHasWords(t *testing.T) {
	for _, w := range []words{dutch, english} {
		for _, v := range casework.Verdicts {
			if s, err := w.verdict(v); err != nil || s == "" {
				t.Errorf("%s: verdict %s has no words", w.lang, v)
			}
		}
		for _, g := range casework.InadmissibleGrounds {
			if s, err := w.ground(g); err != nil || s == "" {
				t.Errorf("%s: ground %s has no words", w.lang, g)
			}
		}
	}
	for _, lang := range casework.Languages {
		if _, ok := wordsFor(lang); !ok {
			t.Errorf("language %s has no words", lang)
		}
	}
}

func TestList(t *testing.T) {
	tests := []struct {
		w    words
		in   []string
		want string
	}{
		{dutch, nil, ""},
		{dutch, []string{"A"}, "A"},
		{dutch, []string{"A", "B"}, "A en B"},
		{dutch, []string{"A", " ", "B", "C"}, "A, B en C"},
		{english, []string{"A", "B", "C"}, "A, B and C"},
	}
	for _, tt := range tests {
		if got := tt.w.list(tt.in); got != tt.want {
			t.Errorf("list(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseBody(t *testing.T) {
	text := "Eerste regel\nloopt door.\n\n## Kop\n- een\n- twee\n  gaat verder\n\n> citaat\n>\n> tweede alinea\nNa het citaat.\n\n\n"
	got := parseBody(text)
	want := []pdf.Paragraph{
		{Kind: pdf.Text, Text: "Eerste regel loopt door."},
		{Kind: pdf.Heading, Text: "Kop"},
		{Kind: pdf.List, Items: []string{"een", "twee gaat verder"}},
		{Kind: pdf.Quote, Text: "citaat\n\ntweede alinea"},
		{Kind: pdf.Text, Text: "Na het citaat."},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d paragraphs %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || got[i].Text != want[i].Text ||
			strings.Join(got[i].Items, "|") != strings.Join(want[i].Items, "|") {
			t.Errorf("paragraph %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestQuoteKeepsEveryLine(t *testing.T) {
	if got := quote("een\r\n\r\ntwee\n"); got != "> een\n>\n> twee" {
		t.Errorf("quote = %q", got)
	}
	if got := quote(" \n "); got != "" {
		t.Errorf("quote of blank text = %q", got)
	}
}

// validTemplates returns a complete template folder; tests break it on purpose.
func validTemplates() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, lang := range casework.Languages {
		fsys[string(lang)+"/common.tmpl"] = &fstest.MapFile{Data: []byte(
			`{{define "opening"}}Hallo,{{end}}{{define "closing"}}Groet,{{end}}{{define "signature"}}{{.Sender.Name}}{{end}}`)}
		for _, kind := range Kinds {
			fsys[string(lang)+"/"+string(kind)+".tmpl"] = &fstest.MapFile{Data: []byte(
				`{{define "subject"}}Onderwerp{{end}}{{define "body"}}Tekst {{.Reference}}.{{end}}`)}
		}
	}
	return fsys
}

func TestNewFindsBrokenTemplates(t *testing.T) {
	if _, err := New(validTemplates()); err != nil {
		t.Fatalf("a complete folder: %v", err)
	}
	tests := []struct {
		name  string
		spoil func(fstest.MapFS)
		want  string
	}{
		{"a kind without its file", func(f fstest.MapFS) { delete(f, "en/reminder.tmpl") }, "reminder"},
		{"a language without common parts", func(f fstest.MapFS) { delete(f, "nl/common.tmpl") }, "common"},
		{"a file without a body", func(f fstest.MapFS) {
			f["nl/ruling.tmpl"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}x{{end}}`)}
		}, `"body" is not defined`},
		{"a syntax error", func(f fstest.MapFS) {
			f["nl/closed.tmpl"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}{{if}}{{end}}`)}
		}, "closed"},
		{"a misspelt file name", func(f fstest.MapFS) {
			f["nl/acknowledgment.tmpl"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}x{{end}}`)}
		}, "acknowledgment"},
		{"an unknown function", func(f fstest.MapFS) {
			f["en/closed.tmpl"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}{{shout .Reference}}{{end}}{{define "body"}}x{{end}}`)}
		}, "shout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validTemplates()
			tt.spoil(fsys)
			_, err := New(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
}

func TestCheckFindsAFieldThatDoesNotExist(t *testing.T) {
	fsys := validTemplates()
	fsys["en/ruling.tmpl"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}x{{end}}{{define "body"}}{{.Verdikt}}{{end}}`)}
	tpl, err := New(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if err := tpl.Check(); err == nil || !strings.Contains(err.Error(), "Verdikt") {
		t.Fatalf("Check = %v, want an error about the unknown field", err)
	}
}

// TestTheRulingSpeaksToTheOrganisationAsYou: the organisation's copy of a ruling tells it what it
// must do in the second person, with its last day.
func TestTheRulingSpeaksToTheOrganisationAsYou(t *testing.T) {
	for lang, want := range map[casework.Language]struct{ has, hasNot string }{
		casework.LanguageDutch:   {"U moet ons uiterlijk 21 december 2026 laten weten of u dit advies uitvoert.", "Haarlem-Noord moet ons uiterlijk"},
		casework.LanguageEnglish: {"You must tell us by 21 December 2026 at the latest whether you will carry out this advice.", "Haarlem-Noord must tell us"},
	} {
		b, err := PDF(Ruling, SampleToOrganisation(Ruling, lang))
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, b)
		if !strings.Contains(text, want.has) || strings.Contains(text, want.hasNot) {
			t.Errorf("%s: the organisation's ruling does not address it as you:\n%s", lang, text)
		}
	}
}

// TestKeptCopyOfTheAcknowledgementHasNoCode: the copy of an acknowledgement that the meldpunt keeps
// (CodeKept, no code) says where the code went and how to get a new one, and holds no code.
func TestKeptCopyOfTheAcknowledgementHasNoCode(t *testing.T) {
	want := map[casework.Language][]string{
		casework.LanguageDutch:   {"Uw volgcode stond in de brief die wij u stuurden.", "/status/nieuwe-code", "MSD-2026-0042"},
		casework.LanguageEnglish: {"Your tracking code was in the letter we sent you.", "/status/nieuwe-code", "MSD-2026-0042"},
	}
	for _, lang := range casework.Languages {
		for _, kind := range []Kind{Acknowledgement, NewTrackingCode} {
			t.Run(string(lang)+"/"+string(kind), func(t *testing.T) {
				t.Parallel()
				d := SampleData(kind, lang)
				code := d.TrackingCode
				d.TrackingCode, d.CodeKept = "", true
				b, err := PDF(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				text := pdfText(t, b)
				if strings.Contains(text, code) || strings.Contains(text, "7K2M") {
					t.Errorf("the kept copy holds the code:\n%s", text)
				}
				if kind == Acknowledgement {
					for _, p := range want[lang] {
						if !strings.Contains(text, p) {
							t.Errorf("kept copy lacks %q:\n%s", p, text)
						}
					}
				}
			})
		}
	}
}
