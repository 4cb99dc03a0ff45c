package report_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
)

// generateAll makes every edition of year and checks that each is a valid document: the PDF
// parses (pdfinfo) and has every section, the JSON and CSV parse. It returns the JSON figures.
func generateAll(t *testing.T, f *fixture, year int) casework.AnnualFigures {
	t.Helper()
	var figures casework.AnnualFigures
	for _, r := range []report.Request{
		{Year: year, Format: report.PDF, Language: casework.LanguageDutch},
		{Year: year, Format: report.PDF, Language: casework.LanguageEnglish},
		{Year: year, Format: report.CSV},
		{Year: year, Format: report.JSON},
	} {
		res, err := f.gen.Generate(f.ctx, r)
		if err != nil {
			t.Fatalf("%s %s: %v", r.Format, r.Language, err)
		}
		switch r.Format {
		case report.PDF:
			if pdfPages(t, res.Content) < 10 {
				t.Errorf("%s PDF has fewer pages than sections", r.Language)
			}
			text := pdftotext(t, res.Content)
			for _, want := range sectionTitles[r.Language] {
				if !contains(text, want) {
					t.Errorf("%s PDF lacks %q", r.Language, want)
				}
			}
		case report.JSON:
			var doc struct {
				Figures casework.AnnualFigures `json:"figures"`
			}
			if err := json.Unmarshal(res.Content, &doc); err != nil {
				t.Fatalf("JSON: %v", err)
			}
			figures = doc.Figures
		case report.CSV:
			if !bytes.HasPrefix(res.Content, []byte("section,category,key,measure,value\n")) {
				t.Errorf("CSV starts %q", res.Content[:min(60, len(res.Content))])
			}
		}
	}
	return figures
}

func TestAYearWithoutComplaints(t *testing.T) {
	f := newFixture(t, at(2026, 3, 1, 10, 0))
	got := generateAll(t, f, 2025)
	s := got.Summary
	if s.Received != 0 || s.Ruled != 0 || s.GrantedShare != nil || s.MedianDaysToRuling != nil || s.WithSupporterShare != nil {
		t.Errorf("empty year summary: %+v", s)
	}
	if len(got.ByLifeDomain) != len(casework.LifeDomains) || len(got.ByMonth) != 12 || len(got.ByOrganisation) != 0 {
		t.Errorf("empty year breakdowns: %d domains, %d months, %d organisations", len(got.ByLifeDomain), len(got.ByMonth), len(got.ByOrganisation))
	}
	res, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF})
	f.must(err)
	if text := pdftotext(t, res.Content); !contains(text, "In 2025 ontving het meldpunt geen klachten.") {
		t.Error("the empty year's PDF does not say there were no complaints")
	}
}

func TestAYearWithOneComplaint(t *testing.T) {
	f := newFixture(t, at(2025, 6, 1, 10, 0))
	org := f.org("Gemeente Één", casework.OrgMunicipality)
	f.file(complaint{at(2025, 6, 2, 10, 0), casework.ChannelWeb, []casework.LifeDomain{casework.DomainCare},
		[]casework.Ground{casework.GroundTreatment}, []int64{org.ID}, false})
	f.clock.Set(at(2026, 1, 5, 10, 0))
	got := generateAll(t, f, 2025)
	if got.Summary.Received != 1 || got.Summary.Open != 1 || len(got.ByOrganisation) != 1 || !got.ByOrganisation[0].Complaints.Hidden {
		t.Errorf("one complaint: %+v, organisations %+v", got.Summary, got.ByOrganisation)
	}
}

// TestHostileOrganisationNames: diacritics, a name of the longest length allowed (200 characters), a word of 120 letters and an
// emoji all give a valid report, with the name kept as far as the PDF can show it.
func TestHostileOrganisationNames(t *testing.T) {
	f := newFixture(t, at(2025, 2, 1, 10, 0))
	long := strings.Repeat("Maatschappelijke Dienstverlening ", 9) + "Kennemerland"
	word := strings.Repeat("Zorgcoördinatie", 8)
	names := []string{"Cliëntenbelang Coöperatie ’s-Gravenhage – één", long[:casework.MaxName], word, "Wijkteam 🌷 Noord", "=Formule+Bedrijf"}
	var ids []int64
	for i, n := range names {
		ids = append(ids, f.org(n, casework.OrgKinds[i%len(casework.OrgKinds)]).ID)
	}
	// Six complaints about each, so their counts are shown, not hidden.
	for i := range 6 {
		f.file(complaint{at(2025, 2, 2+i, 10, 0), casework.ChannelWeb, []casework.LifeDomain{casework.DomainCare},
			[]casework.Ground{casework.GroundTreatment}, ids, false})
	}
	f.clock.Set(at(2026, 1, 5, 10, 0))
	got := generateAll(t, f, 2025)
	if len(got.ByOrganisation) != len(names) {
		t.Fatalf("%d organisations in the report, want %d", len(got.ByOrganisation), len(names))
	}
	for _, o := range got.ByOrganisation {
		if o.Complaints.Hidden || o.Complaints.N != 6 {
			t.Errorf("%q: %v complaints, want 6", o.Organisation, o.Complaints)
		}
	}
	res, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF})
	f.must(err)
	text := pdftotext(t, res.Content)
	for _, want := range []string{"Cliëntenbelang Coöperatie ’s-Gravenhage – één", "Wijkteam Noord"} {
		if !contains(text, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	csv, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.CSV})
	f.must(err)
	if !bytes.Contains(csv.Content, []byte(",'=Formule+Bedrijf,")) {
		t.Error("a name that a spreadsheet would run as a formula is not defused in the CSV")
	}
}

func TestParseYear(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, ams)
	for in, want := range map[string]int{"2025": 2025, "2026": 2026, "2000": 2000} {
		if got, err := report.ParseYear(in, now); err != nil || got != want {
			t.Errorf("ParseYear(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"2027", "9999", "1999", "0000", "26", "20x5", "２０２５", "-2025", "2025 ", "", "2025.5", "20255"} {
		_, err := report.ParseYear(in, now)
		var e *casework.Error
		if !errors.As(err, &e) || e.Code != casework.CodeValidation || len(e.Fields) != 1 || e.Fields[0].Field != "year" {
			t.Errorf("ParseYear(%q) = %v, want a validation error on year", in, err)
		}
	}
	// New Year's Eve, 23:30 in Amsterdam, is still the old year there although UTC says so too;
	// at 00:30 on 1 January the new year may be asked for although UTC is still in the old year.
	if _, err := report.ParseYear("2027", time.Date(2027, 1, 1, 0, 30, 0, 0, ams)); err != nil {
		t.Errorf("2027 just after midnight in Amsterdam: %v", err)
	}
}

// TestEveryGenerationIsANewVersion: generating again stores a new version and overwrites
// nothing; the same data gives the same figures; stored reports cannot be changed.
func TestEveryGenerationIsANewVersion(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	first, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	f.clock.Advance(time.Hour)
	second, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	if first.Version.Version != 1 || second.Version.Version != 2 || first.Version.ID == second.Version.ID {
		t.Fatalf("versions %+v and %+v", first.Version, second.Version)
	}
	if !bytes.Equal(first.Version.FiguresSHA256, second.Version.FiguresSHA256) {
		t.Error("the same data gave different figures")
	}
	if bytes.Equal(first.Version.SHA256, second.Version.SHA256) {
		t.Error("two generations an hour apart have the same bytes; the generation time is not in the report")
	}
	pdf1, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF})
	f.must(err)
	if pdf1.Version.Version != 1 || !bytes.Equal(pdf1.Version.FiguresSHA256, first.Version.FiguresSHA256) {
		t.Errorf("the PDF is version %d with figures %x", pdf1.Version.Version, pdf1.Version.FiguresSHA256)
	}
	// Every version is kept exactly as generated.
	for _, r := range []report.Result{first, second, pdf1} {
		v, content, err := f.store.ReportContent(f.ctx, r.Version.ID)
		f.must(err)
		sum := sha256.Sum256(content)
		if !bytes.Equal(content, r.Content) || !bytes.Equal(sum[:], v.SHA256) || v.Size != len(content) {
			t.Errorf("version %d is not stored as generated", r.Version.ID)
		}
	}
	versions, err := f.store.ReportVersions(f.ctx, 2025)
	f.must(err)
	if len(versions) != 3 {
		t.Errorf("%d versions stored, want 3", len(versions))
	}
	for _, q := range []string{`UPDATE report_versions SET content = 'x'`, `DELETE FROM report_versions`, `TRUNCATE report_versions`} {
		if _, err := f.store.SQL().Exec(q); err == nil || !strings.Contains(err.Error(), "never changed") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// Changed data, changed figures.
	f.file(complaint{at(2025, 7, 7, 10, 0), casework.ChannelWeb, []casework.LifeDomain{casework.DomainCare},
		[]casework.Ground{casework.GroundTreatment}, []int64{f.orgA.ID}, false})
	f.clock.Set(at(2026, 1, 3, 10, 0))
	third, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	if third.Version.Version != 3 || bytes.Equal(third.Version.FiguresSHA256, first.Version.FiguresSHA256) {
		t.Errorf("after a new complaint: version %d, figures unchanged %v", third.Version.Version,
			bytes.Equal(third.Version.FiguresSHA256, first.Version.FiguresSHA256))
	}
}

// TestFinalisingTheReport: drafts until staff finalise a year that has ended, with a closing
// text; then the text is fixed and later generations are final.
func TestFinalisingTheReport(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	f.clock.Set(at(2025, 12, 30, 10, 0))
	_, err := f.store.FinaliseReport(f.ctx, f.staff, 2025)
	wantCode(t, err, casework.CodeInvalidTransition) // the year has not ended
	f.clock.Set(at(2026, 1, 10, 10, 0))
	_, err = f.store.FinaliseReport(f.ctx, f.staff, 2025)
	wantCode(t, err, casework.CodeValidation) // no closing text yet
	_, err = f.store.SetClosingText(f.ctx, f.staff, 2025, casework.ClosingText{Language: casework.LanguageDutch, Text: "  \n\t  "})
	f.must(err)
	_, err = f.store.FinaliseReport(f.ctx, f.staff, 2025)
	wantCode(t, err, casework.CodeValidation) // blank is no closing text
	closing := "Het meldpunt ziet dat klachten over wachttijden in de zorg toenemen. Wij vragen de raad om één loket."
	_, err = f.store.SetClosingText(f.ctx, f.staff, 2025, casework.ClosingText{Language: casework.LanguageDutch, Text: closing})
	f.must(err)
	draft, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF})
	f.must(err)
	if !draft.Version.Draft || !contains(pdftotext(t, draft.Content), "CONCEPT") || !contains(pdftotext(t, draft.Content), closing) {
		t.Error("a report before finalising is not a draft with the closing text")
	}
	en, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF, Language: casework.LanguageEnglish})
	f.must(err)
	if text := pdftotext(t, en.Content); !contains(text, "Written in Dutch") || !contains(text, closing) {
		t.Error("the English edition does not show the Dutch closing text with a note")
	}
	state, err := f.store.FinaliseReport(f.ctx, f.staff, 2025)
	f.must(err)
	if !state.Final() {
		t.Fatal("not final")
	}
	_, err = f.store.SetClosingText(f.ctx, f.staff, 2025, casework.ClosingText{Language: casework.LanguageDutch, Text: "Anders."})
	wantCode(t, err, casework.CodeInvalidTransition)
	_, err = f.store.FinaliseReport(f.ctx, f.staff, 2025)
	wantCode(t, err, casework.CodeInvalidTransition)
	final, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF})
	f.must(err)
	// The figures are fixed with the report: a late change to the data does not change them.
	f.file(complaint{at(2025, 8, 8, 10, 0), casework.ChannelWeb, []casework.LifeDomain{casework.DomainCare},
		[]casework.Ground{casework.GroundTreatment}, []int64{f.orgA.ID}, false})
	_, err = f.store.UpdateRecommendation(f.ctx, f.staff, f.recs["C4"], casework.FollowUp{Status: casework.RecommendationNotAdopted, Note: "Te duur."})
	f.must(err)
	f.clock.Set(at(2026, 2, 1, 10, 0))
	later, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	if !bytes.Equal(later.Version.FiguresSHA256, final.Version.FiguresSHA256) || later.Version.Draft {
		t.Error("a final report's figures changed with the data")
	}
	var doc struct {
		Figures casework.AnnualFigures `json:"figures"`
	}
	f.must(json.Unmarshal(later.Content, &doc))
	if doc.Figures.Summary.Received != 9 || doc.Figures.Recommendations[1].Status != casework.RecommendationOpen {
		t.Errorf("the final figures moved: %d received, C4 %s", doc.Figures.Summary.Received, doc.Figures.Recommendations[1].Status)
	}
	if live, err := f.store.AnnualFigures(f.ctx, 2025); err != nil || live.Summary.Received != 10 {
		t.Errorf("the live figures: %v, %d received", err, live.Summary.Received)
	}
	text := pdftotext(t, final.Content)
	if final.Version.Draft || contains(text, "CONCEPT") || !contains(text, "Vastgesteld op 10 januari 2026") || !contains(text, closing) {
		t.Errorf("the finalised report: draft %v, text %q", final.Version.Draft, text[:min(len(text), 400)])
	}
}

func wantCode(t *testing.T, err error, code casework.Code) {
	t.Helper()
	if got := casework.ErrorCode(err); got != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

// TestLongListsAreShortenedInThePDFOnly: past 25 recommendations in a life domain the PDF says how
// many more there are; the JSON lists every one.
func TestLongListsAreShortenedInThePDFOnly(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	// 30 more recommendations on care, made with c5's ruling (the fixture's other care one is C5).
	if _, err := f.store.SQL().Exec(`INSERT INTO recommendations (complaint_id, life_domain, text, created_at)
		SELECT complaint_id, 'care', 'Extra aanbeveling ' || g, created_at
		FROM recommendations, generate_series(1, 30) g WHERE id = $1`, f.recs["C5"]); err != nil {
		t.Fatal(err)
	}
	js, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	var doc struct {
		Figures casework.AnnualFigures `json:"figures"`
	}
	f.must(json.Unmarshal(js.Content, &doc))
	if n := len(doc.Figures.Recommendations); n != 33 {
		t.Errorf("JSON lists %d recommendations, want 33", n)
	}
	pdf, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF})
	f.must(err)
	text := pdftotext(t, pdf.Content)
	if !contains(text, "… en nog 6 aanbevelingen op dit levensgebied") || !contains(text, "Aanbeveling C9") {
		t.Error("the PDF does not shorten the care list to 25 with a count of the rest, or lost the next domain")
	}
}

// TestConcurrentGenerationsGetConsecutiveVersions: generations asked for at the same moment are
// made one after the other and numbered without gaps or doubles.
func TestConcurrentGenerationsGetConsecutiveVersions(t *testing.T) {
	f := newFixture(t, at(2026, 2, 1, 10, 0))
	const n = 6
	versions := make(chan int, n)
	errs := make(chan error, n)
	for range n {
		go func() {
			res, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.CSV})
			errs <- err
			versions <- res.Version.Version
		}()
	}
	seen := map[int]bool{}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		seen[<-versions] = true
	}
	for v := 1; v <= n; v++ {
		if !seen[v] {
			t.Errorf("version %d missing: %v", v, seen)
		}
	}
}

// TestReportsNeverWaitForEachOthersConnections: with a pool of two connections, four reports at
// once all finish (each can work on the one connection it has), and the pool stays usable.
func TestReportsNeverWaitForEachOthersConnections(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, pgtest.NewURL(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := postgres.New(db, pgtest.NewClock(at(2026, 2, 1, 10, 0)).Now, postgres.DefaultTerms)
	errs := make(chan error, 4)
	for range 4 {
		go func() { _, err := store.AnnualFigures(ctx, 2025); errs <- err }()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var one int
	if err := db.GetContext(ctx, &one, `SELECT 1`); err != nil {
		t.Fatal(err)
	}
}

// TestLatestStoresTheFirstEditionOnceAcrossReplicas: several generators on one database (as
// several replicas are) asked at the same moment for an edition that was never made store it once
// and all serve it; later requests store nothing; Generate makes a new edition, which Latest serves
// from then on.
func TestLatestStoresTheFirstEditionOnceAcrossReplicas(t *testing.T) {
	f := newFixture(t, at(2026, 2, 1, 10, 0))
	const replicas = 4
	gens := []*report.Generator{f.gen}
	for range replicas - 1 {
		g, err := report.New(f.store, letter.SampleSender())
		f.must(err)
		gens = append(gens, g)
	}
	type answer struct {
		res report.Result
		err error
	}
	answers := make(chan answer, 2*replicas)
	for _, g := range gens {
		for range 2 {
			go func() {
				res, err := g.Latest(f.ctx, report.Request{Year: 2025, Format: report.JSON})
				answers <- answer{res, err}
			}()
		}
	}
	var first report.Result
	for i := range 2 * replicas {
		a := <-answers
		if a.err != nil {
			t.Fatal(a.err)
		}
		if i == 0 {
			first = a.res
		} else if a.res.Version.ID != first.Version.ID || !bytes.Equal(a.res.Content, first.Content) {
			t.Errorf("replicas served versions %d and %d", first.Version.ID, a.res.Version.ID)
		}
	}
	versions, err := f.store.ReportVersions(f.ctx, 2025)
	f.must(err)
	if len(versions) != 1 {
		t.Fatalf("%d versions stored by concurrent first requests, want 1", len(versions))
	}
	made, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	if made.Version.Version != 2 {
		t.Fatalf("Generate made version %d, want 2", made.Version.Version)
	}
	for _, g := range gens {
		res, err := g.Latest(f.ctx, report.Request{Year: 2025, Format: report.JSON})
		f.must(err)
		if res.Version.ID != made.Version.ID || !bytes.Equal(res.Content, made.Content) {
			t.Errorf("Latest served version %d after Generate made %d", res.Version.Version, made.Version.Version)
		}
	}
	if versions, _ := f.store.ReportVersions(f.ctx, 2025); len(versions) != 2 {
		t.Errorf("%d versions stored, want 2", len(versions))
	}
}
