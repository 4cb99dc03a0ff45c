package pages

import (
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// TestStaffCaseSaysWhyACopyWasStopped: on the staff's case page a supporter's copy stopped because
// the consent ended (or the member of the pool was suspended) says so, not that too many e-mails
// went to the address; a copy withheld by the limit of the public form keeps that text.
func TestStaffCaseSaysWhyACopyWasStopped(t *testing.T) {
	letters := []postgres.NoticeSummary{
		{ID: 1, Kind: "hearing_invitation", Recipient: "supporter", Name: "Cliëntenbelang Haarlem", Status: "withheld",
			LastError: "the consent for the supporter ended before this copy went out"},
		{ID: 2, Kind: "acknowledgement", Recipient: "supporter", Name: "Samira", Status: "withheld"},
	}
	for _, l := range []core.Lang{core.LangOf(""), core.LangOf("en")} {
		v := newStaffCaseView(l, casework.Complaint{Reference: "MP-2026-0001"}, letters, time.Now())
		if len(v.Letters) != 2 {
			t.Fatalf("letters %+v", v.Letters)
		}
		if v.Letters[0].Status != l.T("sc.nstatus.withheld.copy") || strings.Contains(v.Letters[0].Status, "e-mail") {
			t.Errorf("%v: a copy stopped by the consent reads %q", l, v.Letters[0].Status)
		}
		if v.Letters[1].Status != l.T("sc.nstatus.withheld") {
			t.Errorf("%v: a copy withheld by the limit reads %q", l, v.Letters[1].Status)
		}
	}
}
