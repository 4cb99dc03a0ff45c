package casework

import (
	"testing"

	"meldpunt/internal/term"
)

// TestRetentionRecordCheck: who may record what on which file, and what each record needs.
func TestRetentionRecordCheck(t *testing.T) {
	today := term.NewDate(2027, 5, 10)
	closed := RetentionFile{Status: StatusClosed, From: term.NewDate(2026, 3, 2)}
	reopened := closed
	reopened.ReopenedOn = term.NewDate(2026, 9, 1)
	held := closed
	held.OnHold = true
	gone := closed
	gone.OmbudsmanOn = term.NewDate(2026, 4, 1)
	cases := []struct {
		name string
		role Role
		file RetentionFile
		rec  RetentionRecord
		want Code // "" for allowed
	}{
		{"staff records the ombudsman", RoleStaff, closed, RetentionRecord{Action: RetentionWentToOmbudsman, On: "2026-04-01"}, ""},
		{"the ombudsman twice", RoleStaff, gone, RetentionRecord{Action: RetentionWentToOmbudsman, On: "2026-05-01"}, CodeConflict},
		{"the ombudsman without a day", RoleStaff, closed, RetentionRecord{Action: RetentionWentToOmbudsman}, CodeValidation},
		{"a day in the future", RoleStaff, closed, RetentionRecord{Action: RetentionWentToOmbudsman, On: "2027-05-11"}, CodeValidation},
		{"not a date", RoleStaff, closed, RetentionRecord{Action: RetentionWentToOmbudsman, On: "10-05-2027"}, CodeValidation},
		{"an organisation", RoleOrganisation, closed, RetentionRecord{Action: RetentionHold, Reason: "x"}, CodeForbidden},
		{"an open case", RoleStaff, RetentionFile{Status: StatusInTreatment}, RetentionRecord{Action: RetentionHold, Reason: "Rechtszaak."}, CodeInvalidTransition},
		{"reopen with a reason", RoleStaff, closed, RetentionRecord{Action: RetentionReopen, On: "2026-09-01", Reason: "Nieuwe stukken."}, ""},
		{"reopen without a reason", RoleStaff, closed, RetentionRecord{Action: RetentionReopen, On: "2026-09-01"}, CodeValidation},
		{"reopen before closing", RoleStaff, closed, RetentionRecord{Action: RetentionReopen, On: "2026-03-01", Reason: "x"}, CodeValidation},
		{"reopen twice", RoleStaff, reopened, RetentionRecord{Action: RetentionReopen, On: "2026-10-01", Reason: "x"}, CodeConflict},
		{"close again", RoleStaff, reopened, RetentionRecord{Action: RetentionCloseAgain, On: "2026-10-01"}, ""},
		{"close again before reopening", RoleStaff, reopened, RetentionRecord{Action: RetentionCloseAgain, On: "2026-08-31"}, CodeValidation},
		{"close what is not reopened", RoleStaff, closed, RetentionRecord{Action: RetentionCloseAgain, On: "2026-10-01"}, CodeConflict},
		{"staff put on hold", RoleStaff, closed, RetentionRecord{Action: RetentionHold, Reason: "Beroep bij de rechtbank."}, ""},
		{"a hold without a reason", RoleStaff, closed, RetentionRecord{Action: RetentionHold, Reason: "  "}, CodeValidation},
		{"a hold with a day", RoleStaff, closed, RetentionRecord{Action: RetentionHold, On: "2026-10-01", Reason: "x"}, CodeValidation},
		{"a hold twice", RoleAdmin, held, RetentionRecord{Action: RetentionHold, Reason: "x"}, CodeConflict},
		{"staff lift a hold", RoleStaff, held, RetentionRecord{Action: RetentionLiftHold}, CodeForbidden},
		{"the admin lifts a hold", RoleAdmin, held, RetentionRecord{Action: RetentionLiftHold}, ""},
		{"lift what is not held", RoleAdmin, closed, RetentionRecord{Action: RetentionLiftHold}, CodeConflict},
		{"an unknown action", RoleAdmin, closed, RetentionRecord{Action: "destroy"}, CodeValidation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.rec.Check(c.role, c.file, today)
			if got := ErrorCode(err); (c.want == "" && err != nil) || (c.want != "" && got != c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}
