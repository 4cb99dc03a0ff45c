package postgres_test

import (
	"slices"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// TestNoticesKeepTheFactsOfTheirEvent: a notice keeps, from the transaction that wrote it, the
// facts its letter tells: the handler, the organisations, each advice with its last day, the
// hearings without the staff's notes. Changes made later are not in it; the enforcement letters of
// the sweep keep their facts too.
func TestNoticesKeepTheFactsOfTheirEvent(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	ref, advices := f.advised(casework.VerdictPartlyFounded, []int64{f.orgA.ID, f.orgB.ID}, f.orgA.ID)

	f.must(execSQL(f, `UPDATE users SET name = 'Bram Bakker' WHERE id = $1`, f.staff.ID))
	f.must(execSQL(f, `UPDATE organisations SET name = 'Wijkteam Schalkwijk-Zuid', street = 'Nieuwe Gracht 1', postcode = '2011 NB', city = 'Haarlem'
		WHERE id = $1`, f.orgA.ID))
	f.must(execSQL(f, `UPDATE complaints SET findings = 'Later herschreven.'`))
	f.clock.Set(advices[0].DeadlineAt)
	if _, err := f.db.Sweep(f.ctx, 0); err != nil {
		t.Fatal(err)
	}

	list, err := f.db.ClaimNotices(f.ctx, 100, time.Minute)
	f.must(err)
	seen := map[string]bool{}
	for _, d := range list {
		c := d.Case
		if c.Reference != ref {
			continue
		}
		seen[d.Kind+"/"+d.Recipient] = true
		if d.Kind == postgres.NoticeAcknowledgement {
			if c.HandlerName != "" || len(c.Advices) != 0 {
				t.Errorf("acknowledgement: %+v; want the facts of the day it was filed", c)
			}
			continue
		}
		if d.Kind == postgres.NoticeEnforcedComplainant || d.Kind == postgres.NoticeEnforcedOrganisation {
			// The sweep wrote these after the changes: they tell the case as it was then.
			if c.HandlerName != "Bram Bakker" || c.Advice == nil || c.Advice.Organisation != "Wijkteam Schalkwijk-Zuid" {
				t.Errorf("%s: %+v", d.Kind, c)
			}
			continue
		}
		if d.Kind == postgres.NoticeHearingReport {
			// Written when the complainant's hearing was recorded: before the ruling.
			if c.HandlerName != "Anna de Vries" || c.Findings != "" || len(c.Hearings) != 1 {
				t.Errorf("hearing report: %+v", c)
			}
			continue
		}
		if d.Kind == postgres.NoticeCopyToOrganisation {
			if c.HandlerName != "Anna de Vries" || c.Findings != "" {
				t.Errorf("copy: handler %q, findings %q", c.HandlerName, c.Findings)
			}
			continue
		}
		if c.HandlerName != "Anna de Vries" || c.Findings != "De klaagster is drie maanden niet teruggebeld." {
			t.Errorf("%s to %s: handler %q, findings %q", d.Kind, d.Recipient, c.HandlerName, c.Findings)
		}
		if !slices.Equal(c.Organisations, []string{"Sociaal Wijkteam Schalkwijk", "Zorgaanbieder De Linde"}) {
			t.Errorf("%s: organisations %v", d.Kind, c.Organisations)
		}
		if len(c.Advices) != 1 || c.Advices[0].Organisation != "Sociaal Wijkteam Schalkwijk" ||
			c.Advices[0].RespondBy.String() != "2026-12-07" || c.Advices[0].Text != "Neem binnen een week contact op en bied excuses aan." {
			t.Errorf("%s: advices %+v", d.Kind, c.Advices)
		}
		if len(c.Hearings) != 3 || c.Hearings[0].Party != casework.PartyComplainant || c.Hearings[0].Record != "Klaagster gehoord op kantoor." ||
			c.Hearings[1].Skipped != casework.SkipWaived || c.Hearings[1].Organisation != "Sociaal Wijkteam Schalkwijk" {
			t.Errorf("%s: hearings %+v", d.Kind, c.Hearings)
		}
		if d.Kind == postgres.NoticeAdviceIssued && (c.Advice == nil || c.Advice.Organisation != "Sociaal Wijkteam Schalkwijk") {
			t.Errorf("advice letter: advice %+v", c.Advice)
		}
	}
	for _, k := range []string{"acknowledgement/complainant", "copy_to_organisation/organisation", "ruling/complainant",
		"ruling/organisation", "advice_issued/organisation", "enforced_complainant/complainant", "enforced_organisation/organisation"} {
		if !seen[k] {
			t.Errorf("no %s notice among %v", k, seen)
		}
	}
}

func execSQL(f *fx, query string, args ...any) error {
	_, err := f.sql.ExecContext(f.ctx, query, args...)
	return err
}
