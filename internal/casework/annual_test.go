package casework

import (
	"encoding/json"
	"testing"
)

func n(v int) Suppressed { return Suppressed{N: v} }

var hidden = Suppressed{Hidden: true}

// TestProtectStopsSubtraction covers the ways a hidden count could be worked out from a published
// total, and that Protect closes each.
func TestProtectStopsSubtraction(t *testing.T) {
	t.Run("organisations_of_one_kind", func(t *testing.T) {
		// Kind care_provider has 8 complaints: Grote 6 and Kleine hidden (2). Grote is withheld.
		f := AnnualFigures{
			ByOrganisationKind: []OrgBreakdown{{Kind: OrgCareProvider, Complaints: n(8), Granted: n(8)}},
			ByOrganisation: []OrgBreakdown{{Organisation: "Grote", Kind: OrgCareProvider, Complaints: n(6), Granted: n(6)},
				{Organisation: "Kleine", Kind: OrgCareProvider, Complaints: hidden, Granted: hidden}},
		}
		f.Protect()
		if g := f.ByOrganisation[0]; g.Complaints.Shown() || g.Granted.Shown() || !g.Complaints.Withheld {
			t.Errorf("Grote %+v: still shown beside a single hidden organisation of its kind", g)
		}
		if k := f.ByOrganisation[1]; !k.Complaints.Hidden {
			t.Errorf("Kleine un-hidden: %+v", k)
		}
	})
	t.Run("advice_columns_against_the_summary", func(t *testing.T) {
		f := AnnualFigures{AdviceOutcomes: []OrgAdviceOutcome{
			{Organisation: "Grote", Issued: n(6), Accepted: n(6), Rejected: hidden, Enforced: hidden, Executed: n(6), Awaiting: hidden},
			{Organisation: "Kleine", Issued: hidden, Accepted: hidden, Rejected: hidden, Enforced: hidden, Executed: hidden, Awaiting: hidden},
		}}
		f.Protect()
		g := f.AdviceOutcomes[0]
		if g.Issued.Shown() || g.Accepted.Shown() || g.Executed.Shown() {
			t.Errorf("Grote %+v: a column with one hidden cell still shows the other", g)
		}
	})
	t.Run("advice_row_adds_up_to_issued", func(t *testing.T) {
		// 18 = 5 accepted + 3 rejected (hidden) + 5 enforced + 5 running.
		f := AnnualFigures{AdviceOutcomes: []OrgAdviceOutcome{
			{Organisation: "A", Issued: n(18), Accepted: n(5), Rejected: hidden, Enforced: n(5), Executed: n(9), Awaiting: n(5)},
			{Organisation: "B", Issued: n(20), Accepted: n(7), Rejected: n(6), Enforced: n(7), Executed: n(10), Awaiting: hidden},
			{Organisation: "C", Issued: n(30), Accepted: n(9), Rejected: n(8), Enforced: n(8), Executed: n(12), Awaiting: hidden},
		}}
		f.Protect()
		a := f.AdviceOutcomes[0]
		hiddenInRow := 0
		for _, c := range []Suppressed{a.Accepted, a.Rejected, a.Enforced, a.Awaiting} {
			if !c.Shown() {
				hiddenInRow++
			}
		}
		if hiddenInRow < 2 {
			t.Errorf("row A %+v: one hidden outcome beside a shown total", a)
		}
		// Every column now has no hidden cell or at least two.
		for j, col := range [][]Suppressed{
			{f.AdviceOutcomes[0].Rejected, f.AdviceOutcomes[1].Rejected, f.AdviceOutcomes[2].Rejected},
			{f.AdviceOutcomes[0].Awaiting, f.AdviceOutcomes[1].Awaiting, f.AdviceOutcomes[2].Awaiting},
		} {
			h := 0
			for _, c := range col {
				if !c.Shown() {
					h++
				}
			}
			if h == 1 {
				t.Errorf("column %d has a single hidden cell: %+v", j, col)
			}
		}
	})
	t.Run("rejection_grounds_against_the_summary", func(t *testing.T) {
		f := AnnualFigures{RejectionGrounds: []GroundCount{{RejectionLegal, n(7)}, {RejectionFinancial, n(6)},
			{RejectionDisputesFindings, n(5)}, {RejectionAlreadyRemedied, n(9)}, {RejectionNotFeasible, n(5)}, {RejectionOther, hidden}}}
		f.Protect()
		withheld := 0
		for _, g := range f.RejectionGrounds {
			if g.Count.Withheld {
				withheld++
				if g.Ground != RejectionDisputesFindings && g.Ground != RejectionNotFeasible {
					t.Errorf("withheld %s, not the smallest shown", g.Ground)
				}
			}
		}
		if withheld != 1 {
			t.Errorf("%d grounds withheld, want 1", withheld)
		}
	})
	t.Run("nothing_hidden_nothing_withheld", func(t *testing.T) {
		f := AnnualFigures{RejectionGrounds: []GroundCount{{RejectionLegal, n(7)}, {RejectionFinancial, n(6)}},
			AdviceOutcomes: []OrgAdviceOutcome{{Issued: n(9), Accepted: n(9), Rejected: n(5), Enforced: n(5), Executed: n(5), Awaiting: n(5)}}}
		f.Protect()
		if !f.RejectionGrounds[0].Count.Shown() || !f.AdviceOutcomes[0].Issued.Shown() {
			t.Error("withheld a count with nothing to protect")
		}
	})
}

func TestSuppressedJSON(t *testing.T) {
	b, err := json.Marshal([]Suppressed{n(7), hidden, {Withheld: true}})
	if err != nil || string(b) != `[7,"\u003c5","x"]` { // encoding/json escapes "<" unless told not to
		t.Fatalf("marshal: %s %v", b, err)
	}
	var back []Suppressed
	if err := json.Unmarshal(b, &back); err != nil || back[0] != n(7) || !back[1].Hidden || !back[2].Withheld {
		t.Fatalf("unmarshal: %+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`["many"]`), &back); err == nil {
		t.Error("accepted an unknown marker")
	}
}
