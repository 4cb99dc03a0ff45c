package report_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
)

// wantFigures2025 is every figure of the fixture's 2025, worked out by hand from fixture_test.go:
//
//	c1  1 Jan 00:30 web     care                 treatment           A    withdrawn
//	c2 10 Feb       phone   income               procedure           A    inadmissible
//	c3  5 Mar       email   care, social_support solution            A    resolved
//	c4 20 Mar       web     youth_care           treatment,procedure A    unfounded after 50 days (late)
//	c5  1 Apr       letter  care                 solution            A    founded after 20 days, supporter; accepted, executed
//	c6 15 Jun       counter housing              procedure           A    partly founded after 30 days; rejected (financial)
//	c7  1 Sep       web     care                 treatment           B    founded after 10 days; enforced, executed
//	c8 31 Dec 23:59 social  wellbeing            solution            B    received, supporter
//	c9 20 Oct       phone   income, work         procedure           A+B  postponed, founded after 61 days; A awaiting, B rejected (legal)
//
// Answers after the ruling (counted by the year the complaint was received): c4 satisfaction 1 (no
// advice), c5 5 (A yes), c6 2 (A no, dealt with), c7 4 (B partly), c9 2 (A don't know, B no; first
// 3 with B yes); p3 of 2024 5 (A yes). 2025: 5 answers on 5 advices, 2 reports "not carried out"
// of which 1 dealt with; every count of the distributions under 5, so hidden, and the mean (2.8)
// withheld with them.
//
// and 2024: p2 (10 May, email, housing, solution, B, unfounded after 31 days), p3 (1 Aug, phone,
// care, procedure, A, founded after 19 days, accepted), p1 (31 Dec 23:30, web, care, treatment,
// A, received). Recommendations: P2 housing (partly adopted), P3 care (adopted), C4 youth care
// (open), C5 care (adopted), C9 income (open).
const wantFigures2025 = `{
  "year": 2025,
  "summary": {"year": 2025, "received": 9, "taken_up": 7, "open": 1, "inadmissible": 1, "withdrawn": 1, "resolved": 1,
    "ruled": 5, "founded": 3, "partly_founded": 1, "unfounded": 1, "granted": 4, "granted_share": 80,
    "ruled_within_term": 4, "ruled_within_term_share": 80, "median_days_to_ruling": 30,
    "with_supporter": 2, "with_supporter_share": 22.2, "postponed": 1,
    "advices_issued": 5, "advices_accepted": 1, "advices_rejected": 2, "advices_enforced": 1, "advices_executed": 2,
    "advices_awaiting": 1, "recommendations": 3},
  "previous_year": {"year": 2024, "received": 3, "taken_up": 2, "open": 1, "inadmissible": 0, "withdrawn": 0, "resolved": 0,
    "ruled": 2, "founded": 1, "partly_founded": 0, "unfounded": 1, "granted": 1, "granted_share": 50,
    "ruled_within_term": 2, "ruled_within_term_share": 100, "median_days_to_ruling": 25,
    "with_supporter": 0, "with_supporter_share": 0, "postponed": 0,
    "advices_issued": 1, "advices_accepted": 1, "advices_rejected": 0, "advices_enforced": 0, "advices_executed": 0,
    "advices_awaiting": 0, "recommendations": 2},
  "by_life_domain": [
    {"key": "social_support", "complaints": 1, "granted": 0, "previous_year": 0},
    {"key": "preventive_care", "complaints": 0, "granted": 0, "previous_year": 0},
    {"key": "care", "complaints": 4, "granted": 2, "previous_year": 2},
    {"key": "youth_care", "complaints": 1, "granted": 0, "previous_year": 0},
    {"key": "education", "complaints": 0, "granted": 0, "previous_year": 0},
    {"key": "wellbeing", "complaints": 1, "granted": 0, "previous_year": 0},
    {"key": "housing", "complaints": 1, "granted": 1, "previous_year": 1},
    {"key": "work", "complaints": 1, "granted": 1, "previous_year": 0},
    {"key": "income", "complaints": 2, "granted": 1, "previous_year": 0}],
  "by_ground": [
    {"key": "treatment", "complaints": 3, "granted": 1, "previous_year": 1},
    {"key": "solution", "complaints": 3, "granted": 1, "previous_year": 1},
    {"key": "procedure", "complaints": 4, "granted": 2, "previous_year": 1}],
  "by_channel": [
    {"key": "web", "complaints": 3, "granted": 1, "previous_year": 1},
    {"key": "phone", "complaints": 2, "granted": 1, "previous_year": 1},
    {"key": "email", "complaints": 1, "granted": 0, "previous_year": 1},
    {"key": "letter", "complaints": 1, "granted": 1, "previous_year": 0},
    {"key": "counter", "complaints": 1, "granted": 1, "previous_year": 0},
    {"key": "social_media", "complaints": 1, "granted": 0, "previous_year": 0}],
  "by_month": [
    {"key": "2025-01", "complaints": 1, "granted": 0, "previous_year": 0},
    {"key": "2025-02", "complaints": 1, "granted": 0, "previous_year": 0},
    {"key": "2025-03", "complaints": 2, "granted": 0, "previous_year": 0},
    {"key": "2025-04", "complaints": 1, "granted": 1, "previous_year": 0},
    {"key": "2025-05", "complaints": 0, "granted": 0, "previous_year": 1},
    {"key": "2025-06", "complaints": 1, "granted": 1, "previous_year": 0},
    {"key": "2025-07", "complaints": 0, "granted": 0, "previous_year": 0},
    {"key": "2025-08", "complaints": 0, "granted": 0, "previous_year": 1},
    {"key": "2025-09", "complaints": 1, "granted": 1, "previous_year": 0},
    {"key": "2025-10", "complaints": 1, "granted": 1, "previous_year": 0},
    {"key": "2025-11", "complaints": 0, "granted": 0, "previous_year": 0},
    {"key": "2025-12", "complaints": 1, "granted": 0, "previous_year": 1}],
  "by_organisation_kind": [
    {"kind": "municipality", "complaints": "<5", "granted": "<5"},
    {"kind": "district_team", "complaints": 7, "granted": "<5"},
    {"kind": "care_provider", "complaints": "<5", "granted": "<5"},
    {"kind": "youth_care", "complaints": "<5", "granted": "<5"},
    {"kind": "youth_family_centre", "complaints": "<5", "granted": "<5"},
    {"kind": "client_support", "complaints": "<5", "granted": "<5"},
    {"kind": "housing", "complaints": "<5", "granted": "<5"},
    {"kind": "other", "complaints": "<5", "granted": "<5"}],
  "by_organisation": [
    {"organisation": "Sociaal Wijkteam Coördinatie Zuid", "kind": "district_team", "complaints": 7, "granted": "<5"},
    {"organisation": "Zorggroep Ëlan", "kind": "care_provider", "complaints": "<5", "granted": "<5"}],
  "advice_outcomes": [
    {"organisation": "Sociaal Wijkteam Coördinatie Zuid", "kind": "district_team", "issued": "<5", "accepted": "<5",
      "rejected": "<5", "enforced": "<5", "executed": "<5", "awaiting": "<5"},
    {"organisation": "Zorggroep Ëlan", "kind": "care_provider", "issued": "<5", "accepted": "<5",
      "rejected": "<5", "enforced": "<5", "executed": "<5", "awaiting": "<5"}],
  "rejection_grounds": [
    {"ground": "legal", "count": "<5"}, {"ground": "financial", "count": "<5"}, {"ground": "disputes_findings", "count": "<5"},
    {"ground": "already_remedied", "count": "<5"}, {"ground": "not_feasible", "count": "<5"}, {"ground": "other", "count": "<5"}],
  "recommendations": [
    {"id": %[1]d, "year": 2025, "life_domain": "care", "text": "Aanbeveling C5: leg vaste doorlooptijden vast.",
      "status": "adopted", "note": "Staat in het uitvoeringsplan 2026."},
    {"id": %[2]d, "year": 2025, "life_domain": "youth_care", "text": "Aanbeveling C4: leg vaste doorlooptijden vast.",
      "status": "open", "note": ""},
    {"id": %[3]d, "year": 2025, "life_domain": "income", "text": "Aanbeveling C9: leg vaste doorlooptijden vast.",
      "status": "open", "note": ""}],
  "earlier_recommendations": [
    {"id": %[4]d, "year": 2024, "life_domain": "housing", "text": "Aanbeveling P2: leg vaste doorlooptijden vast.",
      "status": "partly_adopted", "note": "Deels overgenomen in het woonbeleid."}],
  "recommendation_follow_up": [
    {"year": 2024, "open": 0, "adopted": 1, "partly_adopted": 1, "not_adopted": 0},
    {"year": 2025, "open": 2, "adopted": 1, "partly_adopted": 0, "not_adopted": 0}],
  "client_support": %[5]s,
  "feedback": {"answers": 5, "advice_answers": 5,
    "carried_out": [{"answer": "yes", "count": "<5"}, {"answer": "partly", "count": "<5"}, {"answer": "no", "count": "<5"},
      {"answer": "unknown", "count": "<5"}],
    "satisfaction": [{"score": 1, "count": "<5"}, {"score": 2, "count": "<5"}, {"score": 3, "count": "<5"},
      {"score": 4, "count": "<5"}, {"score": 5, "count": "<5"}],
    "mean_satisfaction": null, "not_carried_out_reports": 2, "not_carried_out_dealt_with": 1}
}`

// TestEveryFigureOfAHandBuiltYear builds the year described above through the store and checks
// every figure of the JSON edition against the hand-worked values.
func TestEveryFigureOfAHandBuiltYear(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	res, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.JSON})
	f.must(err)
	var got struct {
		Figures json.RawMessage `json:"figures"`
	}
	f.must(json.Unmarshal(res.Content, &got))
	want := fmt.Sprintf(wantFigures2025, f.recs["C5"], f.recs["C4"], f.recs["C9"], f.recs["P2"], wantClientSupport2025)
	assertSameJSON(t, got.Figures, []byte(want))
}

// assertSameJSON compares two JSON documents by value and shows both when they differ.
func assertSameJSON(t *testing.T, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got invalid JSON: %v", err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want invalid JSON: %v", err)
	}
	if reflect.DeepEqual(g, w) {
		return
	}
	gm, wm := g.(map[string]any), w.(map[string]any)
	for k, wv := range wm {
		if !reflect.DeepEqual(gm[k], wv) {
			gb, _ := json.Marshal(gm[k])
			wb, _ := json.Marshal(wv)
			t.Errorf("%s:\n got %s\nwant %s", k, gb, wb)
		}
	}
	for k := range gm {
		if _, ok := wm[k]; !ok {
			t.Errorf("unexpected figure %s", k)
		}
	}
}

var _ = casework.SmallCountLimit
