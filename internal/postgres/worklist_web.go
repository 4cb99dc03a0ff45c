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

// UnreadAnswers returns the ids of the advices of a case (by reference) whose organisation's answer
// its handler has not marked read yet (migration 00030's answer_read_at).
func (db *DB) UnreadAnswers(ctx context.Context, reference string) ([]int64, error) {
	ids := []int64{}
	if err := db.db.SelectContext(ctx, &ids, `SELECT a.id FROM advices a JOIN complaints c ON c.id = a.complaint_id
		WHERE c.reference = $1 AND c.destroyed_at IS NULL AND a.responded_at IS NOT NULL AND a.answer_read_at IS NULL
		ORDER BY a.id`, reference); err != nil {
		return nil, fmt.Errorf("unread answers: %w", err)
	}
	return ids, nil
}
