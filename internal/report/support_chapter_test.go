package report_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
)

// buildSupport records, as two supporters of the pool would, their trajectories around 2025
// (inserted directly; the supporters' own pages are another part of the product). Every client
// label is a planted name, which no edition may show. What 2025 counts:
//
//	MEE & De Wering      m0 begun 1 Nov 2024, ended 1 Jan 2025 partly resolved (not new)
//	                     m1–m5 begun in 2025; m1, m2 ended resolved; 45 minutes by phone each,
//	                     one issue on finances each; m0 has 60 minutes on 31 Dec 2024 (not counted)
//	Cliëntenbelang       c1 begun 1 Apr on referral by MEE, ended 31 Dec referred; c2–c5 begun in May,
//	                     c2–c4 ended resolved; a home visit of 60 and 30 minutes at the desk each, one
//	                     issue on housing each; c6 begun 1 Jan 2026 (not counted)
//	referrals            5 from MEE to Cliëntenbelang and 5 to an organisation outside, in 2025
//
// so 11 clients (10 new, 1 referred in: <5), 12 issues (6 finances, 5 housing, 1 complaint: <5),
// 16 activities (phone 6, home visits 5, desk 5) of 720 minutes (12 hours: MEE 4.5, Cliëntenbelang
// 7.5), 7 ended (5 resolved, the others <5), and of the 9 complaints 2 with a supporter (<5).
func (f *fixture) buildSupport() {
	f.t.Helper()
	admin := casework.Actor{UserID: f.staff.UserID, Role: casework.RoleAdmin, Label: "beheer"}
	admit := func(name string) int64 {
		s, err := f.store.AdmitSupporter(f.ctx, admin, casework.SupporterProfile{Name: name, Kind: casework.SupporterOrganisation,
			DescriptionNL: "Onafhankelijke cliëntondersteuning.", LifeDomains: []casework.LifeDomain{casework.DomainCare},
			Languages: []string{"nl"}, Contact: casework.SupporterContact{Phone: "023 000 0000", PhoneHours: "ma-vr 9-17"},
			Independence: "Wij beslissen niet over zorg en leveren geen zorg."})
		f.must(err)
		return s.ID
	}
	mee, cb := admit("MEE & De Wering"), admit("Cliëntenbelang Haarlem")
	db := f.store.SQL()
	exec := func(q string, args ...any) {
		f.t.Helper()
		_, err := db.ExecContext(f.ctx, q, args...)
		f.must(err)
	}
	n := 0
	trajectory := func(sup int64, started, ended string, outcome casework.TrajectoryOutcome, referredBy int64) int64 {
		f.t.Helper()
		n++
		var end, out, ref any
		if ended != "" {
			end, out = ended, string(outcome)
		}
		if referredBy != 0 {
			ref = referredBy
		}
		var id int64
		f.must(db.GetContext(f.ctx, &id, `INSERT INTO trajectories (supporter_id, client_label, started_on, ended_on, outcome,
			referred_by_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now(), now()) RETURNING id`,
			sup, planted[n%6], started, end, out, ref))
		return id
	}
	m0 := trajectory(mee, "2024-11-01", "2025-01-01", casework.OutcomePartlyResolved, 0)
	exec(`INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes) VALUES ($1, '2024-12-31', 'phone', 60)`, m0)
	ms := []int64{m0,
		trajectory(mee, "2025-01-01", "2025-05-01", casework.OutcomeResolved, 0),
		trajectory(mee, "2025-02-01", "2025-07-01", casework.OutcomeResolved, 0),
		trajectory(mee, "2025-03-01", "", "", 0),
		trajectory(mee, "2025-06-01", "", "", 0),
		trajectory(mee, "2025-12-31", "", "", 0)}
	for _, m := range ms {
		exec(`INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes) VALUES ($1, '2025-01-15', 'phone', 45)`, m)
		exec(`INSERT INTO trajectory_issues (trajectory_id, topic, noted_on) VALUES ($1, 'finances', '2025-01-15')`, m)
	}
	cs := []int64{trajectory(cb, "2025-04-01", "2025-12-31", casework.OutcomeReferred, mee),
		trajectory(cb, "2025-05-01", "2025-06-01", casework.OutcomeResolved, 0),
		trajectory(cb, "2025-05-02", "2025-06-02", casework.OutcomeResolved, 0),
		trajectory(cb, "2025-05-03", "2025-06-03", casework.OutcomeResolved, 0),
		trajectory(cb, "2025-05-04", "", "", 0)}
	trajectory(cb, "2026-01-01", "", "", 0)
	for _, c := range cs {
		exec(`INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes) VALUES ($1, '2025-05-20', 'home_visit', 60)`, c)
		exec(`INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes) VALUES ($1, '2025-05-21', 'desk', 30)`, c)
		exec(`INSERT INTO trajectory_issues (trajectory_id, topic, noted_on) VALUES ($1, 'housing_shelter', '2025-05-20')`, c)
	}
	exec(`INSERT INTO trajectory_issues (trajectory_id, topic, noted_on) VALUES ($1, 'complaint', '2025-12-31')`, cs[0])
	for range 5 {
		exec(`INSERT INTO trajectory_referrals (trajectory_id, on_date, to_supporter_id) VALUES ($1, '2025-03-31', $2)`, ms[3], cb)
		exec(`INSERT INTO trajectory_referrals (trajectory_id, on_date, to_organisation) VALUES ($1, '2025-08-01', 'Schuldhulpverlening')`, ms[4])
	}
}

// wantClientSupport2025 is the chapter's figures of the fixture's 2025, worked out by hand above.
const wantClientSupport2025 = `{
  "period": {"year": 2025}, "period_from": "2025-01-01", "period_to": "2025-12-31",
  "clients": 11, "new_clients": 10, "new_clients_referred_within_pool": "<5",
  "issues": 12,
  "issues_by_topic": [
    {"topic": "day_activities", "issues": "<5"}, {"topic": "household_help", "issues": "<5"},
    {"topic": "transport", "issues": "<5"}, {"topic": "aids_adaptations", "issues": "<5"},
    {"topic": "care_at_home", "issues": "<5"}, {"topic": "youth_care", "issues": "<5"},
    {"topic": "work_income", "issues": "<5"}, {"topic": "finances", "issues": 6}, {"topic": "debts", "issues": "<5"},
    {"topic": "housing_shelter", "issues": 5}, {"topic": "health", "issues": "<5"}, {"topic": "education", "issues": "<5"},
    {"topic": "objection_appeal", "issues": "<5"}, {"topic": "complaint", "issues": "<5"}, {"topic": "other", "issues": "<5"}],
  "hours": 12,
  "hours_by_supporter": [
    {"supporter": "Cliëntenbelang Haarlem", "clients": 5, "hours": 7.5},
    {"supporter": "MEE & De Wering", "clients": 6, "hours": 4.5}],
  "activities": 16,
  "activities_by_channel": [
    {"channel": "phone", "activities": 6, "hours": 4.5}, {"channel": "email", "activities": "<5", "hours": null},
    {"channel": "whatsapp", "activities": "<5", "hours": null}, {"channel": "walk_in", "activities": "<5", "hours": null},
    {"channel": "home_visit", "activities": 5, "hours": 5}, {"channel": "video", "activities": "<5", "hours": null},
    {"channel": "letter", "activities": "<5", "hours": null}, {"channel": "accompanied", "activities": "<5", "hours": null},
    {"channel": "desk", "activities": 5, "hours": 2.5}],
  "referrals": 10, "referrals_within_pool": 5, "referrals_outside_pool": 5,
  "ended": 7,
  "outcomes": [
    {"outcome": "resolved", "trajectories": 5}, {"outcome": "partly_resolved", "trajectories": "<5"},
    {"outcome": "not_resolved", "trajectories": "<5"}, {"outcome": "referred", "trajectories": "<5"},
    {"outcome": "client_stopped", "trajectories": "<5"}],
  "complaints": 9, "complaints_with_supporter": "<5", "complaints_with_supporter_share": null
}`

// TestClientSupportChapter: the chapter's figures in the JSON edition are those worked out by
// hand; the CSV carries the same; the Dutch and English PDFs print the chapter with its figures,
// and a page of it is rendered to PNG for a look (MELDPUNT_CHAPTER_PNG names a directory).
func TestClientSupportChapter(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	res, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	var got struct {
		Figures struct {
			ClientSupport json.RawMessage `json:"client_support"`
		} `json:"figures"`
	}
	f.must(json.Unmarshal(res.Content, &got))
	assertSameJSON(t, got.Figures.ClientSupport, []byte(wantClientSupport2025))

	csv, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.CSV})
	f.must(err)
	for _, line := range []string{"client_support_clients,,,clients,11", "client_support_hours_by_supporter,,MEE & De Wering,hours,4.5",
		"client_support_issues_by_topic,,finances,issues,6", "client_support_complaints,,,complaints_with_supporter,<5",
		"client_support_outcomes,,resolved,trajectories,5"} {
		if !strings.Contains(string(csv.Content), line+"\n") {
			t.Errorf("the CSV lacks %q", line)
		}
	}

	for _, tc := range []struct {
		lang    casework.Language
		phrases []string
	}{
		{casework.LanguageDutch, []string{"Cliëntondersteuning", "In 2025 hielpen de onafhankelijke cliëntondersteuners in de pool 11 cliënten, van wie 10 nieuw",
			"samen 12 uur", "Geldzaken 6", "Wonen en opvang 5", "MEE & De Wering 6 4,5", "Cliëntenbelang Haarlem 5 7,5", "Kwesties samen 12",
			"Naar een andere ondersteuner in de pool 5", "Opgelost 5", "Afgesloten trajecten samen 7",
			"Klachten ontvangen 9", "Met een ondersteuner <5", "Huisbezoek 5 5"}},
		{casework.LanguageEnglish, []string{"Client support", "helped 11 clients, 10 of them new", "Finances 6",
			"MEE & De Wering 6 4.5", "To another supporter in the pool 5", "Resolved 5", "Complaints received 9", "Home visit 5 5"}},
	} {
		pdf, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF, Language: tc.lang})
		f.must(err)
		text := flat(pdftotext(t, pdf.Content))
		for _, p := range tc.phrases {
			if !contains(text, p) {
				t.Errorf("%s PDF lacks %q", tc.lang, p)
			}
		}
		for _, name := range planted[:6] {
			if strings.Contains(text, name) {
				t.Errorf("%s PDF shows the client label %q", tc.lang, name)
			}
		}
		if dir := os.Getenv("MELDPUNT_CHAPTER_PNG"); dir != "" {
			renderChapter(t, pdf.Content, filepath.Join(dir, "cliëntondersteuning-"+string(tc.lang)), text)
		}
	}
}

// renderChapter writes the report (prefix.pdf) and its pages as PNG files (pdftoppm -r 60).
func renderChapter(t *testing.T, content []byte, prefix, _ string) {
	t.Helper()
	in := prefix + ".pdf"
	if err := os.WriteFile(in, content, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "60", "-png", in, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
}
