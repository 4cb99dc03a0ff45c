package demo

import (
	"context"
	"fmt"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// retention shows retention and destruction (issue 13 point 1): the withdrawn and inadmissible
// complaints of the year before last are due for destruction by now (1 year), so the admin's page
// has something to review; the admin puts one of them on hold for legal proceedings, and staff
// record that one handled complaint went on to the ombudsman (kept 10 years).
func retention(ctx context.Context, store *postgres.DB, admin, handler casework.User) error {
	today := term.LocalDate(store.Now())
	due, err := store.DueForDestruction(ctx, today, 0)
	if err != nil {
		return err
	}
	if len(due) < 3 {
		return fmt.Errorf("demo: %d cases due for destruction, want at least 3", len(due))
	}
	if _, err := store.RecordRetention(ctx, casework.ActorOf(admin), due[len(due)/2].Reference, casework.RetentionRecord{
		Action: casework.RetentionHold,
		Reason: "Beroepsprocedure bij de rechtbank Noord-Holland loopt; het dossier is nodig als bewijs.",
	}); err != nil {
		return fmt.Errorf("demo hold: %w", err)
	}
	var ref string
	var closed term.Date
	err = store.SQL().QueryRowContext(ctx, `
		SELECT reference, retention_from FROM complaints
		WHERE retention_category = 'handled' AND verdict IS NOT NULL AND retention_from <= $1
		ORDER BY retention_from DESC, id LIMIT 1`, today.AddDays(-60)).Scan(&ref, &closed)
	if err != nil {
		return fmt.Errorf("demo ombudsman: %w", err)
	}
	_, err = store.RecordRetention(ctx, casework.ActorOf(handler), ref, casework.RetentionRecord{
		Action: casework.RetentionWentToOmbudsman, On: closed.AddDays(30).String(),
		Reason: "De klager heeft de Nationale ombudsman gevraagd de klacht te onderzoeken.",
	})
	if err != nil {
		return fmt.Errorf("demo ombudsman: %w", err)
	}
	return nil
}
