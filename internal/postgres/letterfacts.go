package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// LetterCase is what a letter may say about the case, as it was when the letter's cause happened:
// a notice keeps these facts from the transaction that wrote it (its facts column), so that a
// letter rendered later, or again, says what was true then. For organisations the letter texts
// leave out the complainant's contact details, which are not among these facts at all.
type LetterCase struct {
	Reference       string `json:"reference"`
	ComplainantName string `json:"complainant_name"`
	// SupporterName is the supporter who gets a copy of the complainant's letters, if any.
	SupporterName string `json:"supporter_name"`
	// HandlerName is the case handler: the one who acted, since only the handler acts on a case.
	HandlerName string    `json:"handler_name"`
	ReceivedAt  time.Time `json:"received_at"`
	// ReceivedOn is the day the complaint reached the meldpunt (the day every term runs from).
	ReceivedOn         term.Date        `json:"received_on"`
	HandlingLastDay    term.Date        `json:"handling_last_day"`
	Summary            string           `json:"summary"`
	Verdict            casework.Verdict `json:"verdict"`
	Findings           string           `json:"findings"`
	Conclusions        string           `json:"conclusions"`
	InadmissibleGround string           `json:"inadmissible_ground"`
	// Organisations are the names of every organisation the complaint is about.
	Organisations []string `json:"organisations"`
	// Advices are every binding advice of the case, by organisation name.
	Advices []LetterAdvice `json:"advices"`
	// Hearings are the hearings held or skipped: the complainant's first, then by organisation.
	Hearings []LetterHearing `json:"hearings"`
	// Advice is the advice the letter is about, if any.
	Advice *LetterAdvice `json:"advice"`
}

// LetterAdvice is one binding advice as a letter tells it.
type LetterAdvice struct {
	OrganisationID   int64     `json:"organisation_id"`
	Organisation     string    `json:"organisation"`
	Text             string    `json:"text"`
	RespondBy        term.Date `json:"respond_by"`
	DeadlineAt       time.Time `json:"deadline_at"`
	RejectionReasons string    `json:"rejection_reasons"`
}

// LetterHearing is one hearing as a letter tells it: held on a day with its written record, or
// skipped for a reason. The staff's note on a skipped hearing is not among the facts: it is
// written for colleagues, never for a letter.
type LetterHearing struct {
	Party          casework.Party      `json:"party"`
	OrganisationID int64               `json:"organisation_id"`
	Organisation   string              `json:"organisation"`
	HeldOn         *term.Date          `json:"held_on"`
	Record         string              `json:"record"`
	Skipped        casework.SkipReason `json:"skipped"`
	// ReportSent is the day the report of a hearing held went to the party heard: the day it was
	// recorded, since the report letter is written in the same transaction.
	ReportSent *term.Date `json:"report_sent"`
}

// letterFactsSQL is the expression that gathers a LetterCase as jsonb, for the complaint and the
// advice (may be NULL) that the two SQL expressions give. Notices store it when they are written;
// notices from before that are rendered from it at dispatch.
func letterFactsSQL(complaint, advice string) string {
	return strings.NewReplacer("$COMPLAINT", complaint, "$ADVICE", advice).Replace(`(
	SELECT jsonb_build_object(
		'reference', c.reference,
		'complainant_name', c.complainant_name,
		'supporter_name', c.supporter_name,
		'handler_name', coalesce(h.name, ''),
		'received_at', c.received_at,
		'received_on', c.received_on,
		'handling_last_day', c.handling_last_day,
		'summary', c.summary,
		'verdict', coalesce(c.verdict, ''),
		'findings', c.findings,
		'conclusions', c.conclusions,
		'inadmissible_ground', c.inadmissible_ground,
		'organisations', coalesce((SELECT jsonb_agg(o.name ORDER BY o.name) FROM complaint_organisations co
			JOIN organisations o ON o.id = co.organisation_id WHERE co.complaint_id = c.id), '[]'),
		'advices', coalesce((SELECT jsonb_agg(jsonb_build_object('organisation_id', a.organisation_id,
				'organisation', o.name, 'text', a.text, 'respond_by', a.respond_by, 'deadline_at', a.deadline_at)
				ORDER BY o.name, a.id)
			FROM advices a JOIN organisations o ON o.id = a.organisation_id WHERE a.complaint_id = c.id), '[]'),
		'hearings', coalesce((SELECT jsonb_agg(jsonb_build_object('party', g.party,
				'organisation_id', coalesce(g.organisation_id, 0), 'organisation', coalesce(o.name, ''),
				'held_on', g.held_on, 'record', g.record, 'skipped', g.skipped,
				'report_sent', CASE WHEN g.held_on IS NOT NULL THEN (g.recorded_at AT TIME ZONE 'Europe/Amsterdam')::date END)
				ORDER BY g.party <> 'complainant', o.name, g.id)
			FROM hearings g LEFT JOIN organisations o ON o.id = g.organisation_id WHERE g.complaint_id = c.id), '[]'),
		'advice', (SELECT jsonb_build_object('organisation_id', a.organisation_id, 'organisation', o.name,
				'text', a.text, 'respond_by', a.respond_by, 'deadline_at', a.deadline_at,
				'rejection_reasons', a.rejection_reasons)
			FROM advices a JOIN organisations o ON o.id = a.organisation_id
			WHERE a.id = $ADVICE AND a.complaint_id = c.id))
	FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
	WHERE c.id = $COMPLAINT)`)
}

// letterCase loads the facts of a case as they are now, for a notice written before notices kept
// their own.
func (db *DB) letterCase(ctx context.Context, complaintID int64, adviceID *int64) (LetterCase, error) {
	var raw []byte
	if err := db.db.GetContext(ctx, &raw, `SELECT `+letterFactsSQL("$1::bigint", "$2::bigint")+` AS facts
		FROM complaints WHERE id = $1`, complaintID, adviceID); err != nil {
		return LetterCase{}, fmt.Errorf("load letter case: %w", err)
	}
	return readFacts(raw)
}

// readFacts reads the facts a notice keeps.
func readFacts(raw []byte) (LetterCase, error) {
	var lc LetterCase
	if err := json.Unmarshal(raw, &lc); err != nil {
		return lc, fmt.Errorf("letter facts: %w", err)
	}
	return lc, nil
}
