package postgres

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// Retention and destruction (issue 13 point 1, DOMAIN.md §8). A closed case carries its retention
// category and the first day it may be destroyed (migration 00021 keeps them in step). The admin
// approves a list of due cases; the background destroyer then works through the approved cases in
// batches, each batch one transaction. Destroying a case removes every personal datum and free text
// of its file: its letters (with their PDFs), events, access log, hearings and hearing invitations,
// postponements, representations and contributions, the supporter link of a trajectory; it blanks
// the complaint's and its advices' personal and free-text columns, replaces the reference, and
// keeps only what the figures of the annual report and of client support count (status, channel,
// language, the days and instants of receipt, ruling and closing, terms, grounds, life domains,
// verdict, whether it was taken up and had a supporter, the organisations and the advices' outcomes
// and days) and the policy recommendations published in the reports. A row in destructions keeps
// the SHA-256 of the reference, the category, the year it closed and when it was destroyed.

// DueCase is a case whose file may be destroyed on or before a day.
type DueCase struct {
	ID         int64                      `json:"-" db:"id"`
	Reference  string                     `json:"reference" db:"reference"`
	Status     casework.Status            `json:"status" db:"status"`
	Category   casework.RetentionCategory `json:"category" db:"retention_category"`
	ClosedOn   term.Date                  `json:"closed_on" db:"retention_from"`
	DestroyOn  term.Date                  `json:"destroy_on" db:"destroy_on"`
	HoldReason string                     `json:"hold_reason,omitempty" db:"hold_reason"`
	// Approved is set when the case is on an approved list and waits for the destroyer.
	Approved bool `json:"approved" db:"approved"`
}

// DueForDestruction lists the cases whose destruction day is on or before on, oldest first, with
// those on hold and those already approved marked (limit ≤ 0: all).
func (db *DB) DueForDestruction(ctx context.Context, on term.Date, limit int) ([]DueCase, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	out := []DueCase{}
	err := db.db.SelectContext(ctx, &out, `
		SELECT c.id, c.reference, c.status, c.retention_category, c.retention_from, c.destroy_on, c.hold_reason,
			EXISTS (SELECT 1 FROM destructions d WHERE d.complaint_id = c.id) AS approved
		FROM complaints c
		WHERE c.destroy_on IS NOT NULL AND c.destroy_on <= $1
		ORDER BY c.destroy_on, c.id LIMIT $2`, on, limit)
	if err != nil {
		return nil, fmt.Errorf("list due cases: %w", err)
	}
	return out, nil
}

// DestructionList is an approved destruction list.
type DestructionList struct {
	ID         int64     `json:"id" db:"id"`
	ApprovedBy string    `json:"approved_by" db:"approver_name"`
	ApprovedAt time.Time `json:"approved_at" db:"approved_at"`
	Cases      int       `json:"cases" db:"cases"`
	Destroyed  int       `json:"destroyed" db:"destroyed"`
	OnHold     int       `json:"on_hold" db:"on_hold"`
	// NotDue counts the cases left whole because they were no longer due when the destroyer came.
	NotDue       int        `json:"not_due" db:"not_due"`
	FinishedAt   *time.Time `json:"finished_at,omitempty" db:"finished_at"`
	Handled      int        `json:"handled" db:"handled"`
	Ombudsman    int        `json:"ombudsman" db:"ombudsman"`
	Inadmissible int        `json:"inadmissible_withdrawn" db:"inadmissible_withdrawn"`
}

// ReferenceHash is what the destruction record keeps of a reference: the SHA-256 of its normal
// form. References follow a pattern and can be guessed, so the hash proves that a given case was
// destroyed (the archive's accountability); it does not hide which references existed.
func ReferenceHash(reference string) []byte {
	h := sha256.Sum256([]byte(normReference(reference)))
	return h[:]
}

// ApproveDestruction records the actor's approval of the destruction of the cases with the given
// references, all due today (Europe/Amsterdam), not on hold and not approved before; otherwise
// nothing is approved and the error names every reference that cannot be. The destroyer does the
// work later (DestroyApproved).
func (db *DB) ApproveDestruction(ctx context.Context, actor casework.Actor, references []string) (DestructionList, error) {
	var list DestructionList
	if len(references) == 0 {
		return list, &casework.Error{Code: casework.CodeValidation, Message: "Approve at least one case.",
			Fields: []casework.FieldError{{Field: "references", Message: "name at least one case that is due"}}}
	}
	if len(references) > 100_000 {
		return list, &casework.Error{Code: casework.CodeValidation, Message: "Too many cases in one list.",
			Fields: []casework.FieldError{{Field: "references", Message: "at most 100000 cases in one list"}}}
	}
	now := db.now()
	today := term.LocalDate(now)
	refs := make([]string, 0, len(references))
	seen := map[string]bool{}
	for _, r := range references {
		if n := normReference(r); n != "" && !seen[n] {
			seen[n] = true
			refs = append(refs, n)
		}
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var found []DueCase
		if err := tx.SelectContext(ctx, &found, `
			SELECT c.id, c.reference, c.status, coalesce(c.retention_category, '') AS retention_category,
				c.retention_from, c.destroy_on, c.hold_reason,
				EXISTS (SELECT 1 FROM destructions d WHERE d.complaint_id = c.id) AS approved
			FROM complaints c WHERE c.reference = ANY($1) AND c.destroyed_at IS NULL
			ORDER BY c.id FOR UPDATE`, pq.Array(refs)); err != nil {
			return fmt.Errorf("read cases to approve: %w", err)
		}
		byRef := make(map[string]DueCase, len(found))
		for _, f := range found {
			byRef[f.Reference] = f
		}
		var v casework.Validator
		for _, r := range refs {
			f, ok := byRef[r]
			switch {
			case !ok:
				v.Add("references", "%s: no such case", r)
			case f.DestroyOn.IsZero() || f.DestroyOn.After(today):
				v.Add("references", "%s: not due for destruction today", r)
			case f.HoldReason != "":
				v.Add("references", "%s: on hold", r)
			case f.Approved:
				v.Add("references", "%s: already approved", r)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &list.ID, `
			INSERT INTO destruction_lists (approved_by, approver_name, approved_at, cases)
			VALUES ($1, $2, $3, $4) RETURNING id`, nullID(actor.UserID), actor.Label, now, len(found)); err != nil {
			return fmt.Errorf("record destruction list: %w", err)
		}
		ids := make([]int64, len(found))
		hashes := make([][]byte, len(found))
		for i, f := range found {
			ids[i], hashes[i] = f.ID, ReferenceHash(f.Reference)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO destructions (list_id, complaint_id, reference_hash, category, closed_year, destroy_on)
			SELECT $1, c.id, h.hash, c.retention_category, extract(year FROM c.retention_from)::int, c.destroy_on
			FROM unnest($2::bigint[], $3::bytea[]) AS h(id, hash) JOIN complaints c ON c.id = h.id`,
			list.ID, pq.Array(ids), pq.Array(hashes)); err != nil {
			return mapError(fmt.Errorf("record the cases of the destruction list: %w", err))
		}
		return nil
	})
	if err != nil {
		return DestructionList{}, err
	}
	return db.DestructionList(ctx, list.ID)
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

const destructionListColumns = `l.id, l.approver_name, l.approved_at, l.cases, l.finished_at,
	(SELECT count(*) FROM destructions d WHERE d.list_id = l.id AND d.destroyed_at IS NOT NULL) AS destroyed,
	(SELECT count(*) FROM destructions d WHERE d.list_id = l.id AND d.skipped = 'hold') AS on_hold,
	(SELECT count(*) FROM destructions d WHERE d.list_id = l.id AND d.skipped = 'not_due') AS not_due,
	(SELECT count(*) FROM destructions d WHERE d.list_id = l.id AND d.category = 'handled') AS handled,
	(SELECT count(*) FROM destructions d WHERE d.list_id = l.id AND d.category = 'ombudsman') AS ombudsman,
	(SELECT count(*) FROM destructions d WHERE d.list_id = l.id AND d.category = 'inadmissible_withdrawn') AS inadmissible_withdrawn`

// DestructionList returns an approved list with its progress.
func (db *DB) DestructionList(ctx context.Context, id int64) (DestructionList, error) {
	var l DestructionList
	err := db.db.GetContext(ctx, &l, `SELECT `+destructionListColumns+` FROM destruction_lists l WHERE l.id = $1`, id)
	return l, mapError(err)
}

// DestructionLists lists the approved lists, newest first.
func (db *DB) DestructionLists(ctx context.Context) ([]DestructionList, error) {
	out := []DestructionList{}
	err := db.db.SelectContext(ctx, &out, `SELECT `+destructionListColumns+` FROM destruction_lists l ORDER BY l.id DESC`)
	return out, err
}

// DestroyApproved destroys up to batch approved cases in one transaction, oldest approval first,
// and reports how many it destroyed; 0 means nothing waits. A case put on hold after its approval
// is left whole and marked skipped ('hold'), and so is one no longer due because staff reopened it
// or recorded the ombudsman after the approval ('not_due'). Several destroyers may run at once: each takes other cases.
func (db *DB) DestroyApproved(ctx context.Context, batch int) (destroyed int, err error) {
	if batch <= 0 {
		batch = 500
	}
	now := db.now()
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		var items []struct {
			ID          int64 `db:"id"`
			ComplaintID int64 `db:"complaint_id"`
			Held        bool  `db:"held"`
			NotDue      bool  `db:"not_due"`
		}
		if err := tx.SelectContext(ctx, &items, `
			SELECT d.id, d.complaint_id, c.hold_reason <> '' AS held,
				c.destroy_on IS NULL OR c.destroy_on > $2 AS not_due
			FROM destructions d JOIN complaints c ON c.id = d.complaint_id
			WHERE d.destroyed_at IS NULL AND d.skipped = ''
			ORDER BY d.id LIMIT $1
			FOR UPDATE OF d, c SKIP LOCKED`, batch, term.LocalDate(now)); err != nil {
			return fmt.Errorf("take approved cases: %w", err)
		}
		if len(items) == 0 {
			return nil
		}
		var held, notDue, done, cases []int64
		for _, it := range items {
			switch {
			case it.Held:
				held = append(held, it.ID)
			case it.NotDue:
				// Reopened, or gone to the ombudsman, after the approval: no longer due.
				notDue = append(notDue, it.ID)
			default:
				done, cases = append(done, it.ID), append(cases, it.ComplaintID)
			}
		}
		if len(held) > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE destructions SET skipped = 'hold', complaint_id = NULL WHERE id = ANY($1)`,
				pq.Array(held)); err != nil {
				return fmt.Errorf("skip cases on hold: %w", err)
			}
		}
		if len(notDue) > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE destructions SET skipped = 'not_due', complaint_id = NULL WHERE id = ANY($1)`,
				pq.Array(notDue)); err != nil {
				return fmt.Errorf("skip cases no longer due: %w", err)
			}
		}
		if len(cases) > 0 {
			if err := destroyCases(ctx, tx, cases, now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE destructions SET destroyed_at = $2, complaint_id = NULL WHERE id = ANY($1)`,
				pq.Array(done), now); err != nil {
				return fmt.Errorf("record destructions: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE destruction_lists l SET finished_at = $1
			WHERE l.finished_at IS NULL AND l.id IN (SELECT list_id FROM destructions WHERE id = ANY($2))
				AND NOT EXISTS (SELECT 1 FROM destructions d WHERE d.list_id = l.id AND d.destroyed_at IS NULL AND d.skipped = '')`,
			now, pq.Array(append(append(held, notDue...), done...))); err != nil {
			return fmt.Errorf("finish destruction lists: %w", err)
		}
		destroyed = len(cases)
		return nil
	})
	return destroyed, err
}

// destroyCases removes the files of the complaints ids, locked by the caller, in one statement of
// data-modifying CTEs (one round trip per batch, not a dozen; every part sees the same snapshot,
// so the complaint's row still learns from its representations whether it had a supporter).
func destroyCases(ctx context.Context, tx *sqlx.Tx, ids []int64, now time.Time) error {
	parts := []struct{ name, sql string }{
		// The complaint keeps its anonymous facts; its personal data and free text are blanked.
		{"complaints", `UPDATE complaints c SET had_supporter = ` + complaintWithSupporter + `,
			reference = 'X-' || c.id, tracking_hash = '\x', complainant_name = '', complainant_email = '',
			complainant_phone = '', complainant_street = '', complainant_postcode = '', complainant_city = '',
			supporter_name = '', supporter_organisation = '', supporter_email = '', supporter_phone = '',
			supporter_street = '', supporter_postcode = '', supporter_city = '', supporter_consent = false,
			supporter_id = NULL, supporter_relation = '', summary = '', desired_outcome = '', life_domain_text = '', occurred_on = NULL,
			findings = '', conclusions = '', inadmissible_earlier_reference = '', public_emails = '{}',
			ombudsman_on = NULL, reopened_on = NULL, destroyed_at = $2
			WHERE c.id = ANY($1)`},
		{"advices", `UPDATE advices SET text = '', rejection_reasons = '', execution_note = '' WHERE complaint_id = ANY($1)`},
		{"reminders", `DELETE FROM advice_reminders WHERE advice_id IN (SELECT id FROM advices WHERE complaint_id = ANY($1))`},
		{"letters", `DELETE FROM notices WHERE complaint_id = ANY($1)`},
		{"events", `DELETE FROM events WHERE complaint_id = ANY($1)`},
		{"access_log", `DELETE FROM access_log WHERE complaint_id = ANY($1)`},
		{"invitations", `DELETE FROM hearing_invitations WHERE complaint_id = ANY($1)`},
		{"hearings", `DELETE FROM hearings WHERE complaint_id = ANY($1)`},
		{"postponements", `DELETE FROM postponements WHERE complaint_id = ANY($1)`},
		{"contributions", `DELETE FROM supporter_contributions WHERE complaint_id = ANY($1)`},
		{"representations", `DELETE FROM representations WHERE complaint_id = ANY($1)`},
		{"trajectories", `UPDATE trajectories SET complaint_id = NULL WHERE complaint_id = ANY($1)`},
		{"form_tokens", `DELETE FROM form_tokens WHERE complaint_id = ANY($1)`},
	}
	ctes := make([]string, len(parts))
	for i, p := range parts {
		ctes[i] = `destroy_` + p.name + ` AS (` + p.sql + `)`
	}
	if _, err := tx.ExecContext(ctx, `WITH `+strings.Join(ctes, `, `)+` SELECT 1`, pq.Array(ids), now); err != nil {
		return fmt.Errorf("destroy files: %w", err)
	}
	return nil
}
