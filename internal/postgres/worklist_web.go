package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"meldpunt/internal/casework"
)

// AdviceReference returns the reference of the case of an advice (not destroyed), so that a page
// posting to /werk/klacht/{reference}/advies/{id} acts only on an advice of that case.
func (db *DB) AdviceReference(ctx context.Context, adviceID int64) (string, error) {
	var ref string
	err := db.db.GetContext(ctx, &ref, `SELECT c.reference FROM advices a JOIN complaints c ON c.id = a.complaint_id
		WHERE a.id = $1 AND c.destroyed_at IS NULL`, adviceID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", casework.Errorf(casework.CodeNotFound, "No advice with this id.")
	}
	if err != nil {
		return "", fmt.Errorf("advice reference %d: %w", adviceID, err)
	}
	return ref, nil
}
