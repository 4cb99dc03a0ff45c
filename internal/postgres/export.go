package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
	"meldpunt/internal/term"
)

// The right of access (art. 15 AVG): a resident's whole file, for the resident who proves the
// case with its tracking code, or made by staff for a request that came by letter (audited).

// ResidentExport returns the whole file of the case that reference and code prove. An unknown
// reference and a wrong code give the same not-found error, as LookupComplaint does.
func (db *DB) ResidentExport(ctx context.Context, reference, code string) (casework.Export, error) {
	id, err := db.proveComplaint(ctx, reference, code)
	if err != nil {
		return casework.Export{}, err
	}
	x, err := db.export(ctx, id)
	x.MadeFor = "resident"
	return x, err
}

// StaffExport returns the whole file of a case for a request for access that came by letter or at
// the desk. Staff state why (reason, required); the export is an internal event on the case (who,
// when, why) and a row in the access log.
func (db *DB) StaffExport(ctx context.Context, actor casework.Actor, reference, reason string) (casework.Export, error) {
	var v casework.Validator
	casework.CheckText(&v, "reason", reason, true, casework.MaxShortText)
	if err := v.Err(); err != nil {
		return casework.Export{}, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			ID     int64  `db:"id"`
			Status string `db:"status"`
		}
		// Held against the destroyer: an export that read the case just before the destroyer took
		// it waits and finds it gone, instead of writing its event and access-log row after the
		// destruction.
		err := tx.GetContext(ctx, &row, `SELECT id, status FROM complaints WHERE reference = $1 AND destroyed_at IS NULL FOR KEY SHARE`,
			normReference(reference))
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No complaint with this reference.")
		}
		if err != nil {
			return fmt.Errorf("load complaint: %w", err)
		}
		id = row.ID
		now := db.now()
		if err := insertEvent(ctx, tx, event{complaintID: id, action: "export", from: row.Status, to: row.Status,
			actor: actor, at: now, internal: true, reason: reason}); err != nil {
			return err
		}
		if actor.UserID != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO access_log (complaint_id, user_id, at, via, reason) VALUES ($1, $2, $3, $4, $5)`,
				id, actor.UserID, now, casework.AccessExport, reason); err != nil {
				return fmt.Errorf("log access: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return casework.Export{}, err
	}
	x, err := db.export(ctx, id)
	x.MadeFor, x.Reason = "staff", reason
	return x, err
}

// proveComplaint returns the id of the case that reference and code prove, comparing a dummy hash
// when the reference is unknown so that both failures cost the same.
func (db *DB) proveComplaint(ctx context.Context, reference, code string) (int64, error) {
	var row struct {
		ID   int64  `db:"id"`
		Hash []byte `db:"tracking_hash"`
	}
	err := db.db.GetContext(ctx, &row, `SELECT id, tracking_hash FROM complaints WHERE reference = $1 AND destroyed_at IS NULL`,
		normReference(reference))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("look up complaint: %w", err)
	}
	found := err == nil
	if !found {
		row.Hash = dummyTrackingHash
	}
	if !secret.Equal(row.Hash, secret.HashTrackingCode(code)) || !found {
		return 0, casework.Errorf(casework.CodeNotFound,
			"No complaint matches this reference and tracking code. Check both and try again.")
	}
	return row.ID, nil
}

// export reads the file of complaint id.
func (db *DB) export(ctx context.Context, id int64) (casework.Export, error) {
	row, err := db.loadComplaint(ctx, db.db, "c.id = $1", id)
	if err != nil {
		return casework.Export{}, err
	}
	c := row.complaint()
	x := casework.Export{ExportVersion: casework.ExportVersion, MadeAt: db.now(), Reference: c.Reference, Status: c.Status,
		Person: casework.ExportPerson{Name: c.Complainant.Name, Email: c.Complainant.Email, Phone: c.Complainant.Phone,
			Street: c.Complainant.Street, Postcode: c.Complainant.Postcode, City: c.Complainant.City, Language: c.Language},
		Complaint: casework.ExportComplaint{Summary: c.Summary, DesiredOutcome: c.DesiredOutcome, Grounds: c.Grounds,
			LifeDomains: c.LifeDomains, LifeDomainText: c.LifeDomainText, OccurredOn: c.OccurredOn, Channel: c.Channel, ReceivedOn: c.ReceivedOn,
			HandlingLastDay: c.HandlingLastDay, ClosedAt: c.ClosedAt},
		Representatives: []casework.ExportRepresentative{}, Contributions: []casework.ExportContribution{},
		Organisations: []casework.ExportOrganisation{}, Timeline: []casework.ExportEvent{},
		Hearings: []casework.ExportHearing{}, Advices: []casework.ExportAdvice{}, Letters: []casework.ExportLetter{},
		Recipients: []casework.ExportRecipient{}}
	if x.Complaint.Grounds == nil {
		x.Complaint.Grounds = []casework.Ground{}
	}
	if x.Complaint.LifeDomains == nil {
		x.Complaint.LifeDomains = []casework.LifeDomain{}
	}
	if c.Verdict != "" {
		x.Ruling = &casework.ExportRuling{Verdict: c.Verdict, Findings: c.Findings, Conclusions: c.Conclusions, RuledAt: c.RuledAt}
	}

	reps, err := db.representations(ctx, id)
	if err != nil {
		return x, err
	}
	for _, r := range reps {
		e := casework.ExportRepresentative{Kind: r.Kind, Name: r.Name, Relation: r.Relation, ConsentAt: r.ConsentAt,
			ConsentRoute: r.ConsentRoute, ConsentReceivedOn: r.ConsentReceivedOn, EndedAt: r.EndedAt, EndRoute: r.EndRoute}
		if r.EndedAt == nil && r.Kind == "informal" && c.Supporter != nil {
			// The contact details of the informal representative who acts now, as recorded.
			e.Email, e.Phone, e.Street, e.Postcode, e.City = c.Supporter.Email, c.Supporter.Phone, c.Supporter.Street,
				c.Supporter.Postcode, c.Supporter.City
		}
		x.Representatives = append(x.Representatives, e)
	}
	contributions, err := db.contributions(ctx, id)
	if err != nil {
		return x, err
	}
	for _, k := range contributions {
		x.Contributions = append(x.Contributions, casework.ExportContribution{SupporterName: k.SupporterName,
			Information: k.Information, Documents: k.Documents, At: k.CreatedAt})
	}

	orgs, err := db.complaintOrganisations(ctx, id)
	if err != nil {
		return x, err
	}
	orgName := map[int64]string{}
	for _, o := range orgs {
		x.Organisations = append(x.Organisations, casework.ExportOrganisation{Name: o.Name})
		orgName[o.ID] = o.Name
	}

	events, err := db.timeline(ctx, id, false)
	if err != nil {
		return x, err
	}
	for _, e := range events {
		ev := casework.ExportEvent{At: e.At, Action: e.Action}
		if e.Action == string(casework.ActionPostpone) {
			ev.Reason = e.Reason
		}
		x.Timeline = append(x.Timeline, ev)
	}

	var hearings []struct {
		casework.HearingRecord
		Organisation sql.NullString `db:"organisation_name"`
	}
	if err := db.db.SelectContext(ctx, &hearings, `
		SELECT h.id, h.party, h.organisation_id, coalesce(to_char(h.held_on, 'YYYY-MM-DD'), '') AS held_on, h.record,
			h.skipped, h.skip_note, h.recorded_at, o.name AS organisation_name
		FROM hearings h LEFT JOIN organisations o ON o.id = h.organisation_id
		WHERE h.complaint_id = $1 ORDER BY h.id`, id); err != nil {
		return x, fmt.Errorf("load hearings: %w", err)
	}
	for _, h := range hearings {
		x.Hearings = append(x.Hearings, casework.ExportHearing{Party: h.Party, Organisation: h.Organisation.String,
			HeldOn: h.HeldOn, Record: h.Record, Skipped: h.Skipped, SkipNote: h.SkipNote, RecordedAt: h.RecordedAt})
	}

	advices, err := db.advicesOf(ctx, id)
	if err != nil {
		return x, err
	}
	for _, a := range advices {
		x.Advices = append(x.Advices, casework.ExportAdvice{Organisation: a.OrganisationName, Text: a.Text,
			IssuedAt: a.IssuedAt, RespondBy: a.RespondBy, Status: a.Status, RespondedAt: a.RespondedAt,
			AnswerReceivedOn: a.AnswerReceivedOn, RejectionReasons: a.RejectionReasons, ExecutedAt: a.ExecutedAt,
			ExecutionNote: a.ExecutionNote, EnforcedAt: a.EnforcedAt})
	}

	if err := db.exportLetters(ctx, id, &x); err != nil {
		return x, err
	}

	var ret struct {
		Category  sql.NullString `db:"retention_category"`
		From      sql.NullString `db:"retention_from"`
		DestroyOn sql.NullString `db:"destroy_on"`
		Hold      string         `db:"hold_reason"`
	}
	if err := db.db.GetContext(ctx, &ret, `
		SELECT retention_category, to_char(retention_from, 'YYYY-MM-DD') AS retention_from,
			to_char(destroy_on, 'YYYY-MM-DD') AS destroy_on, hold_reason
		FROM complaints WHERE id = $1`, id); err != nil {
		return x, fmt.Errorf("load retention: %w", err)
	}
	cat := casework.RetentionCategory(ret.Category.String)
	x.Retention = casework.ExportRetention{Category: cat, Years: casework.RetentionHandled.Years(), From: ret.From.String,
		DestroyOn: ret.DestroyOn.String, OnHold: ret.Hold != "", Rule: casework.RetentionRule(c.Status, cat, c.Language)}
	if cat != "" {
		x.Retention.Years = cat.Years()
	}
	return x, nil
}

// exportLetters adds every letter about the case, with its PDF, and who received the resident's
// data through them.
func (db *DB) exportLetters(ctx context.Context, id int64, x *casework.Export) error {
	var letters []struct {
		ID        int64      `db:"id"`
		Kind      string     `db:"kind"`
		Recipient string     `db:"recipient"`
		Name      string     `db:"name"`
		Email     string     `db:"email"`
		Status    string     `db:"status"`
		CreatedAt time.Time  `db:"created_at"`
		SentAt    *time.Time `db:"sent_at"`
		PostedAt  *time.Time `db:"posted_at"`
		PDF       []byte     `db:"pdf"`
	}
	if err := db.db.SelectContext(ctx, &letters, `
		SELECT id, kind, recipient, name, email, status, created_at, sent_at, posted_at, pdf
		FROM notices WHERE complaint_id = $1 ORDER BY id`, id); err != nil {
		return fmt.Errorf("load letters: %w", err)
	}
	seen := map[string]int{}
	for _, l := range letters {
		e := casework.ExportLetter{ID: l.ID, Date: term.LocalDate(l.CreatedAt).String(), Kind: l.Kind, Recipient: l.Recipient,
			To: l.Name, Status: l.Status, SentAt: l.SentAt, PostedAt: l.PostedAt, PDF: l.PDF}
		var at time.Time
		switch l.Status {
		case "sent":
			e.Via = casework.ViaEmail
			at = l.CreatedAt
			if l.SentAt != nil {
				at = *l.SentAt
			}
		case "print":
			e.Via = casework.ViaPost
		case "posted":
			e.Via = casework.ViaPost
			at = l.CreatedAt
			if l.PostedAt != nil {
				at = *l.PostedAt
			}
		}
		x.Letters = append(x.Letters, e)
		// The data went to someone else once a letter was e-mailed or posted; a letter in the print
		// queue has not left yet.
		if at.IsZero() || l.Recipient == "complainant" {
			continue
		}
		key := l.Recipient + "\x00" + l.Name
		i, ok := seen[key]
		if !ok {
			i = len(x.Recipients)
			seen[key] = i
			x.Recipients = append(x.Recipients, casework.ExportRecipient{Kind: l.Recipient, Name: l.Name, Via: []string{},
				First: at, Last: at})
		}
		r := &x.Recipients[i]
		r.Letters++
		if at.Before(r.First) {
			r.First = at
		}
		if at.After(r.Last) {
			r.Last = at
		}
		if !slices.Contains(r.Via, e.Via) {
			r.Via = append(r.Via, e.Via)
		}
	}
	return nil
}
