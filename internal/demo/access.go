package demo

import (
	"context"
	"fmt"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// accessReasons are why the demo's staff open a colleague's cases.
var accessReasons = []string{
	"Klager belde over de hoorzitting; behandelaar is met verlof.",
	"Vervanging tijdens ziekte van de behandelaar.",
	"Vraag van de directie over de stand van zaken.",
}

// accessLog gives the privacy officer something to read: a colleague and the manager open a few
// cases that another member of staff handles, each after stating why (today), as on the case page
// and in the API.
func accessLog(ctx context.Context, store *postgres.DB, handler, colleague, manager casework.User) error {
	open, err := store.Complaints(ctx, casework.ComplaintFilter{Status: casework.StatusInTreatment, Limit: 200})
	if err != nil {
		return err
	}
	n := 0
	for _, c := range open {
		if c.HandlerName != handler.Name || n == len(accessReasons) {
			continue
		}
		who := colleague
		if n == 2 {
			who = manager
		}
		reason := accessReasons[n]
		if n == 2 {
			// The manager uses the API: the reason comes with the request.
			if _, err := store.OpenComplaint(ctx, casework.ActorOf(who), c.Reference,
				casework.Access{Via: casework.AccessAPI, Reason: reason}); err != nil {
				return fmt.Errorf("open %s: %w", c.Reference, err)
			}
		} else {
			if err := store.StateAccessReason(ctx, casework.ActorOf(who), c.Reference, reason); err != nil {
				return fmt.Errorf("state a reason for %s: %w", c.Reference, err)
			}
			if _, err := store.OpenComplaint(ctx, casework.ActorOf(who), c.Reference, casework.Access{Via: casework.AccessPage}); err != nil {
				return fmt.Errorf("open %s: %w", c.Reference, err)
			}
		}
		n++
	}
	return nil
}
