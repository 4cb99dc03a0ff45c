package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
)

// TestThePDFShowsTheFigures reads the fixture's PDF back with pdftotext and finds the hand-worked
// figures of figures_test.go in it, in Dutch and in English.
func TestThePDFShowsTheFigures(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	want := map[casework.Language][]string{
		casework.LanguageDutch: {
			"Jaarrapportage 2025", "CONCEPT",
			"In 2025 ontving het meldpunt 9 klachten over het sociaal domein; in 2024 waren dat er 3.",
			"Het meldpunt deed 5 uitspraken. In 4 daarvan (80 %) kreeg de klager geheel of gedeeltelijk gelijk.",
			"Daaruit volgden 5 bindende adviezen aan organisaties.",
			"Ontvangen 9", "In behandeling genomen 7", "Niet-ontvankelijk 1", "Ingetrokken 1", "Naar tevredenheid opgelost 1",
			"Uitspraak gedaan 5", "gegrond 3", "deels gegrond 1", "ongegrond 1", "Toegekend (gegrond of deels gegrond) 4 (80 %)",
			"Uitspraak binnen de termijn 4 (80 %)", "Mediaan dagen tot uitspraak 30 dagen", "Nog in behandeling 1",
			"Behandeltermijn verdaagd 1", "Met cliëntondersteuner 2 (22,2 %)", "Beleidsaanbevelingen 3",
			"Gegeven 5", "Aanvaard 1", "Met redenen afgewezen 2", "Onverkort uitgevoerd (termijn verstreken) 1",
			"Termijn loopt nog 1", "Uitvoering bevestigd 2",
			// Breakdowns: the bar charts and the table.
			"Zorg 4 2", "Inkomen 2 1", "Maatschappelijke ondersteuning 1 0", "Preventieve zorg 0 0",
			"Bejegening 3", "De geboden oplossing 3", "De procedure 4",
			"Website 3", "Telefoon 2", "Sociale media 1", "maart 2", "december 1",
			"Sociaal wijkteam 7", "Zorgaanbieder <5",
			"Sociaal Wijkteam Coördinatie Zuid Sociaal wijkteam 7 <5", "Zorggroep Ëlan Zorgaanbieder <5 <5",
			// Advice outcomes and the reasons for rejection.
			"Zorggroep Ëlan <5 <5 <5 <5 <5 <5", "Wet of regels staan het in de weg <5",
			"Financiële bezwaren <5", "\"x\": weggelaten omdat anders een aantal onder de vijf",
			// Recommendations, by life domain, and the follow-up of earlier years.
			"Aanbeveling C5: leg vaste doorlooptijden vast. (Stand: overgenomen)",
			"Aanbeveling C4: leg vaste doorlooptijden vast. (Stand: open)",
			"Aanbeveling C9: leg vaste doorlooptijden vast. (Stand: open)",
			"2024 0 1 1 0", "2025 2 1 0 0",
			"Daaruit volgden 5 bindende adviezen aan organisaties. Eén advies is onverkort uitgevoerd",
			"2024 Wonen: Aanbeveling P2: leg vaste doorlooptijden", "Deels overgenomen in het",
			"Het meldpunt heeft de slotbeschouwing nog niet geschreven.",
			// Comparison with the year before.
			"Vergelijking met 2024", "Ontvangen 9 3 +6", "Uitspraak gedaan 5 2 +3", "Mediaan dagen tot uitspraak 30 dagen 25 dagen +5",
			"Uitspraak binnen de termijn 80 % 100 % −20",
		},
		casework.LanguageEnglish: {
			"Annual report 2025", "DRAFT",
			"In 2025 the meldpunt received 9 complaints about the social domain; in 2024 there were 3.",
			"The meldpunt gave 5 rulings. In 4 of them (80 %) the complainant was found right in full or in part.",
			"One advice was executed in full", "Received 9", "Ruling given 5", "Median days to ruling 30 days", "With a client supporter 2 (22.2 %)",
			"Care 4 2", "Social district team 7", "Zorggroep Ëlan Care provider <5 <5", "Financial objections <5",
			"Aanbeveling C5: leg vaste doorlooptijden vast. (Status: adopted)", "Comparison with 2024", "Received 9 3 +6",
		},
	}
	for lang, phrases := range want {
		res, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF, Language: lang})
		f.must(err)
		text := pdftotext(t, res.Content, "-layout")
		for _, p := range phrases {
			if !contains(text, p) {
				t.Errorf("%s: the PDF does not show %q", lang, p)
			}
		}
		if t.Failed() {
			t.Logf("PDF text:\n%s", text)
		}
	}
}

// TestTheEditionsShareTheirFigures checks that the CSV holds exactly the figures of the JSON.
func TestTheEditionsShareTheirFigures(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	js, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	cs, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.CSV})
	f.must(err)
	if !bytes.Equal(js.Version.FiguresSHA256, cs.Version.FiguresSHA256) {
		t.Errorf("JSON and CSV were made from different figures")
	}
	rows, err := csv.NewReader(bytes.NewReader(cs.Content)).ReadAll()
	f.must(err)
	if got := strings.Join(rows[0], ","); got != "section,category,key,measure,value" {
		t.Fatalf("CSV header %q", got)
	}
	csvValue := map[string]string{}
	for _, r := range rows[1:] {
		csvValue[r[0]+"|"+r[2]+"|"+r[3]] = r[4]
	}
	var doc struct {
		Figures casework.AnnualFigures `json:"figures"`
	}
	f.must(json.Unmarshal(js.Content, &doc))
	fig := doc.Figures
	check := func(section, key, measure, want string) {
		t.Helper()
		if got, ok := csvValue[section+"|"+key+"|"+measure]; !ok || got != want {
			t.Errorf("CSV %s %s %s = %q (present %v), JSON says %q", section, key, measure, got, ok, want)
		}
	}
	check("summary", "", "received", "9")
	check("summary", "", "granted_share", "80.0")
	check("summary", "", "with_supporter_share", "22.2")
	check("summary", "", "median_days_to_ruling", "30.0")
	check("previous_year", "", "received", "3")
	for _, b := range fig.ByLifeDomain {
		check("by_life_domain", b.Key, "complaints", itoa(b.Complaints))
		check("by_life_domain", b.Key, "granted", itoa(b.Granted))
		check("by_life_domain", b.Key, "previous_year", itoa(b.Previous))
	}
	for _, b := range fig.ByMonth {
		check("by_month", b.Key, "complaints", itoa(b.Complaints))
	}
	for _, o := range fig.ByOrganisation {
		check("by_organisation", o.Organisation, "complaints", o.Complaints.String())
		check("by_organisation", o.Organisation, "granted", o.Granted.String())
	}
	for _, o := range fig.AdviceOutcomes {
		check("advice_outcomes", o.Organisation, "issued", o.Issued.String())
		check("advice_outcomes", o.Organisation, "rejected", o.Rejected.String())
	}
	for _, g := range fig.RejectionGrounds {
		check("rejection_grounds", string(g.Ground), "rejected", g.Count.String())
	}
	for _, r := range fig.Recommendations {
		check("recommendations", itoa(int(r.ID)), "status", string(r.Status))
	}
	for _, c := range fig.FollowUp {
		check("recommendation_follow_up", itoa(c.Year), "open", itoa(c.Open))
	}
}

func itoa(n int) string { return fmtInt(n) }

func fmtInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
