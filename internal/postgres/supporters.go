package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
)

// supporterRow is one row of supporters as PostgreSQL gives it.
type supporterRow struct {
	ID             int64          `db:"id"`
	Name           string         `db:"name"`
	Kind           string         `db:"kind"`
	DescriptionNL  string         `db:"description_nl"`
	DescriptionEN  string         `db:"description_en"`
	LifeDomains    pq.StringArray `db:"life_domains"`
	Languages      pq.StringArray `db:"languages"`
	Neighbourhoods pq.StringArray `db:"neighbourhoods"`
	Groups         pq.StringArray `db:"groups"`
	casework.SupporterContact
	Independence string    `db:"independence"`
	Status       string    `db:"status"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

const supporterColumns = `id, name, kind, description_nl, description_en, life_domains, languages, neighbourhoods,
	groups, phone, phone_hours, email, whatsapp, walk_in_address, walk_in_hours, home_visits, website, independence,
	status, created_at, updated_at`

func (r supporterRow) supporter() casework.Supporter {
	s := casework.Supporter{ID: r.ID, Status: casework.SupporterStatus(r.Status), CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt}
	s.Name, s.Kind, s.DescriptionNL, s.DescriptionEN = r.Name, casework.SupporterKind(r.Kind), r.DescriptionNL, r.DescriptionEN
	s.LifeDomains = strs[casework.LifeDomain](r.LifeDomains)
	s.Languages = strs[string](r.Languages)
	s.Neighbourhoods = strs[casework.Neighbourhood](r.Neighbourhoods)
	s.Groups = strs[string](r.Groups)
	s.Contact, s.Independence = r.SupporterContact, r.Independence
	s.Channels = s.Contact.Channels()
	return s
}

func strs[T ~string](in []string) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = T(v)
	}
	return out
}

func array[T ~string](in []T) pq.StringArray {
	out := make(pq.StringArray, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

// AdmitSupporter admits a new member to the pool of client supporters, active from now on.
func (db *DB) AdmitSupporter(ctx context.Context, a casework.Actor, p casework.SupporterProfile) (casework.Supporter, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return casework.Supporter{}, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := db.now()
		c := p.Contact
		err := tx.QueryRowContext(ctx, `
			INSERT INTO supporters (name, kind, description_nl, description_en, life_domains, languages, neighbourhoods,
				groups, phone, phone_hours, email, whatsapp, walk_in_address, walk_in_hours, home_visits, website,
				independence, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'active', $18, $18)
			RETURNING id`,
			p.Name, p.Kind, p.DescriptionNL, p.DescriptionEN, array(p.LifeDomains), array(p.Languages),
			array(p.Neighbourhoods), pq.StringArray(p.Groups), c.Phone, c.PhoneHours, c.Email, c.WhatsApp,
			c.WalkInAddress, c.WalkInHours, c.HomeVisits, c.Website, p.Independence, now).Scan(&id)
		if err != nil {
			return supporterWriteError(err)
		}
		return supporterEvent(ctx, tx, a, id, "admitted", "", now)
	})
	if err != nil {
		return casework.Supporter{}, err
	}
	return db.Supporter(ctx, id, true)
}

// EditSupporter replaces the profile of a member of the pool; its status stays as it is. A removed
// supporter cannot be edited.
func (db *DB) EditSupporter(ctx context.Context, a casework.Actor, id int64, p casework.SupporterProfile) (casework.Supporter, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return casework.Supporter{}, err
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		status, err := lockSupporter(ctx, tx, id)
		if err != nil {
			return err
		}
		if status == casework.SupporterRemoved {
			return casework.Errorf(casework.CodeInvalidTransition, "A removed supporter cannot be edited.")
		}
		now := db.now()
		c := p.Contact
		_, err = tx.ExecContext(ctx, `
			UPDATE supporters SET name = $2, kind = $3, description_nl = $4, description_en = $5, life_domains = $6,
				languages = $7, neighbourhoods = $8, groups = $9, phone = $10, phone_hours = $11, email = $12,
				whatsapp = $13, walk_in_address = $14, walk_in_hours = $15, home_visits = $16, website = $17,
				independence = $18, updated_at = $19
			WHERE id = $1`,
			id, p.Name, p.Kind, p.DescriptionNL, p.DescriptionEN, array(p.LifeDomains), array(p.Languages),
			array(p.Neighbourhoods), pq.StringArray(p.Groups), c.Phone, c.PhoneHours, c.Email, c.WhatsApp,
			c.WalkInAddress, c.WalkInHours, c.HomeVisits, c.Website, p.Independence, now)
		if err != nil {
			return supporterWriteError(err)
		}
		return supporterEvent(ctx, tx, a, id, "edited", "", now)
	})
	if err != nil {
		return casework.Supporter{}, err
	}
	return db.Supporter(ctx, id, true)
}

// SetSupporterStatus suspends, reinstates or removes a member of the pool, with a reason that is
// recorded with who did it and when. A suspended or removed supporter disappears from the public
// directory at once.
func (db *DB) SetSupporterStatus(ctx context.Context, a casework.Actor, id int64, to casework.SupporterStatus, reason string) (casework.Supporter, error) {
	reason = strings.TrimSpace(reason)
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		from, err := lockSupporter(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := casework.CheckStatusChange(from, to, reason); err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE supporters SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2`,
			id, from, to, now)
		if err != nil {
			return fmt.Errorf("set supporter status: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeConflict, "The supporter changed meanwhile; try again.")
		}
		if to != casework.SupporterActive {
			// The copies for this member's clients that have not gone out stop with its access.
			if _, err := tx.ExecContext(ctx, `
				UPDATE notices n SET status = 'withheld', claim = NULL,
					last_error = 'the member of the pool was suspended or removed before this copy went out'
				FROM complaints c WHERE c.id = n.complaint_id AND c.supporter_id = $1 AND n.recipient = 'supporter'
					AND n.status IN ('pending', 'print', 'no_address', 'failed')`, id); err != nil {
				return fmt.Errorf("withhold queued copies: %w", err)
			}
		}
		kind := map[casework.SupporterStatus]string{casework.SupporterActive: "reinstated",
			casework.SupporterSuspended: "suspended", casework.SupporterRemoved: "removed"}[to]
		return supporterEvent(ctx, tx, a, id, kind, reason, now)
	})
	if err != nil {
		return casework.Supporter{}, err
	}
	return db.Supporter(ctx, id, true)
}

func lockSupporter(ctx context.Context, tx *sqlx.Tx, id int64) (casework.SupporterStatus, error) {
	var status casework.SupporterStatus
	err := tx.GetContext(ctx, &status, `SELECT status FROM supporters WHERE id = $1 FOR UPDATE`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", casework.Errorf(casework.CodeNotFound, "No supporter with this id.")
	}
	if err != nil {
		return "", fmt.Errorf("lock supporter: %w", err)
	}
	return status, nil
}

func supporterEvent(ctx context.Context, tx *sqlx.Tx, a casework.Actor, id int64, kind, reason string, at time.Time) error {
	var actor *int64
	if a.UserID != 0 {
		actor = &a.UserID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO supporter_events (supporter_id, kind, reason, actor_id, at) VALUES ($1, $2, $3, $4, $5)`,
		id, kind, reason, actor, at)
	if err != nil {
		return fmt.Errorf("record supporter event: %w", err)
	}
	return nil
}

func supporterWriteError(err error) error {
	err = mapError(err)
	if casework.ErrorCode(err) == casework.CodeConflict {
		return casework.Errorf(casework.CodeConflict, "A supporter with this name is already in the pool.")
	}
	return fmt.Errorf("write supporter: %w", err)
}

// Supporter returns one member of the pool. Unless all, a suspended or removed supporter is not
// found: the public sees active supporters only.
func (db *DB) Supporter(ctx context.Context, id int64, all bool) (casework.Supporter, error) {
	var r supporterRow
	err := db.db.GetContext(ctx, &r, `SELECT `+supporterColumns+` FROM supporters WHERE id = $1 AND ($2 OR status = 'active')`,
		id, all)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.Supporter{}, casework.Errorf(casework.CodeNotFound, "No supporter with this id.")
	}
	if err != nil {
		return casework.Supporter{}, fmt.Errorf("load supporter: %w", err)
	}
	return r.supporter(), nil
}

// Supporters lists the members of the pool that match the filter, by name. A supporter that names
// no neighbourhood serves the whole city and matches every neighbourhood.
func (db *DB) Supporters(ctx context.Context, f casework.SupporterFilter) ([]casework.Supporter, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if !f.All {
		where = append(where, "status = 'active'")
	}
	if len(f.LifeDomains) > 0 {
		where = append(where, "life_domains && "+arg(array(f.LifeDomains))+"::text[]")
	}
	if len(f.Languages) > 0 {
		where = append(where, "languages && "+arg(pq.StringArray(f.Languages))+"::text[]")
	}
	if len(f.Neighbourhoods) > 0 {
		where = append(where, "(neighbourhoods = '{}' OR neighbourhoods && "+arg(array(f.Neighbourhoods))+"::text[])")
	}
	if len(f.Channels) > 0 {
		var ors []string
		for _, c := range f.Channels {
			ors = append(ors, map[casework.SupportChannel]string{
				casework.SupportPhone: "phone <> ''", casework.SupportEmail: "email <> ''",
				casework.SupportWhatsApp: "whatsapp <> ''", casework.SupportWalkIn: "walk_in_address <> ''",
				casework.SupportHomeVisit: "home_visits"}[c])
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	q := `SELECT ` + supporterColumns + ` FROM supporters`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	var rows []supporterRow
	if err := db.db.SelectContext(ctx, &rows, q+` ORDER BY name, id`, args...); err != nil {
		return nil, fmt.Errorf("list supporters: %w", err)
	}
	out := make([]casework.Supporter, len(rows))
	for i, r := range rows {
		out[i] = r.supporter()
	}
	return out, nil
}

// SupporterEvent is one line of a supporter's history in the pool.
type SupporterEvent struct {
	Kind    string    `json:"kind" db:"kind"`
	Reason  string    `json:"reason" db:"reason"`
	ActorID *int64    `json:"actor_id" db:"actor_id"`
	At      time.Time `json:"at" db:"at"`
}

// SupporterEvents returns a supporter's history: admission, edits and changes of status with their
// reasons, oldest first.
func (db *DB) SupporterEvents(ctx context.Context, id int64) ([]SupporterEvent, error) {
	ev := []SupporterEvent{}
	err := db.db.SelectContext(ctx, &ev, `SELECT kind, reason, actor_id, at FROM supporter_events WHERE supporter_id = $1 ORDER BY id`, id)
	return ev, err
}

// LinkSupporterUser makes a supporter's account belong to a member of the pool (or to none, with
// supporterID 0). Only accounts with the supporter role can belong to one.
func (db *DB) LinkSupporterUser(ctx context.Context, userID, supporterID int64) error {
	var sup *int64
	if supporterID != 0 {
		sup = &supporterID
	}
	if supporterID != 0 { // like CreateUser: not to a removed member
		var removed bool
		if err := db.db.GetContext(ctx, &removed, `SELECT EXISTS (SELECT 1 FROM supporters WHERE id = $1 AND status = 'removed')`,
			supporterID); err != nil {
			return fmt.Errorf("check supporter: %w", err)
		}
		if removed {
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "supporter_id", Message: "this supporter was removed from the pool"}}}
		}
	}
	res, err := db.db.ExecContext(ctx, `UPDATE users SET supporter_id = $2 WHERE id = $1 AND role = 'supporter'`, userID, sup)
	if err != nil {
		err = mapError(err)
		if casework.ErrorCode(err) == casework.CodeValidation {
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "supporter_id", Message: "no such supporter"}}}
		}
		return fmt.Errorf("link supporter user: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return casework.Errorf(casework.CodeNotFound, "No supporter account with this id.")
	}
	return nil
}
