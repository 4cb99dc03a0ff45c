package casework

import (
	"strings"
	"time"
)

// The access log (AVG art. 32, DOMAIN.md §8): every opening of a case by a signed-in user is a row
// saying who, when, how (AccessVia) and, for a member of staff who opens a case somebody else
// handles, why. The privacy officer (RolePrivacy) and the admin read it; nobody else does.

// AccessVia is how a case was opened.
type AccessVia string

// Ways of opening a case.
const (
	// AccessPage: the staff's case page.
	AccessPage AccessVia = "page"
	// AccessAPI: GET /api/v1/complaints/{reference}.
	AccessAPI AccessVia = "api"
	// AccessAction: the case as it stands after an action (page or API) of the user on it; the
	// action itself is in the case's audit trail.
	AccessAction AccessVia = "action"
	// AccessSupporter: the supporter the complainant chose reads the client's case.
	AccessSupporter AccessVia = "supporter"
	// AccessCopy: the supporter downloads the copy of a letter to their client.
	AccessCopy AccessVia = "copy"
	// AccessExport: staff make the export of a whole file (right of access, art. 15 AVG).
	AccessExport AccessVia = "export"
)

// AccessVias are the ways of opening a case, in the order the officer's filter lists them.
var AccessVias = []AccessVia{AccessPage, AccessAPI, AccessAction, AccessSupporter, AccessCopy, AccessExport, AccessSearch}

// MaxAccessReason is the longest reason for opening a case, in characters.
const MaxAccessReason = 200

// CodeReasonRequired: the user does not handle this case and must first say why they open it.
const CodeReasonRequired Code = "access_reason_required"

// Access is how a user opens a case, and the reason they gave (empty when none was needed).
type Access struct {
	Via    AccessVia
	Reason string
}

// Validate checks the reason: at most MaxAccessReason characters of plain text, no control
// characters (a single line).
func (a Access) Validate() error {
	var v Validator
	CheckText(&v, "reason", a.Reason, false, MaxAccessReason)
	v.Check(!strings.ContainsAny(a.Reason, "\r\n\t"), "reason", "must be a single line")
	return v.Err()
}

// NeedsAccessReason reports whether viewer must state a reason before opening a case with this
// handler: staff and the admin opening a case that has a handler who is not them. A case without a
// handler yet (received, at intake) and one's own cases need none; supporters see only their
// consenting clients' cases, and no other role sees a case at all.
func NeedsAccessReason(viewer Actor, handlerID *int64) bool {
	return viewer.Role.HandlesCases() && viewer.UserID != 0 && handlerID != nil && *handlerID != viewer.UserID
}

// ErrReasonRequired is the error for an opening that needs a reason and has none (for today).
var ErrReasonRequired = Errorf(CodeReasonRequired,
	"You do not handle this case: state why you open it. The reason is written to the access log, which the privacy officer reads.")

// AccessEntry is one row of the access log as the privacy officer reads it.
type AccessEntry struct {
	ID        int64     `json:"id" db:"id"`
	At        time.Time `json:"at" db:"at"`
	UserID    int64     `json:"user_id" db:"user_id"`
	UserName  string    `json:"user_name" db:"user_name"`
	UserRole  Role      `json:"user_role" db:"user_role"`
	Reference string    `json:"reference" db:"reference"`
	// Via is how the case was opened; empty for rows written before it was recorded.
	Via    AccessVia `json:"via" db:"via"`
	Reason string    `json:"reason" db:"reason"`
}

// AccessFilter selects rows of the access log: one user, a period of local days (Europe/Amsterdam,
// both ends included; empty: open), and a page (1-based) of PerPage rows.
type AccessFilter struct {
	UserID  int64
	From    string
	To      string
	Page    int
	PerPage int
}

// MaxAccessPage is the most rows of one page of the access log (the CSV has them all).
const MaxAccessPage = 200

// AccessLogPage is a page of the access log: the rows with a reason first, then the others, newest
// first in each; Total counts every row the filter selects.
type AccessLogPage struct {
	Entries []AccessEntry `json:"entries"`
	Total   int           `json:"total"`
	Page    int           `json:"page"`
	PerPage int           `json:"per_page"`
}

// Validate checks the filter: days as YYYY-MM-DD, from not after to, a page of 1 or more and at
// most MaxAccessPage rows.
func (f AccessFilter) Validate() error {
	var v Validator
	v.Check(f.UserID >= 0, "user_id", "must be a user's id")
	v.Check(f.From == "" || isDate(f.From), "from", "must be a date (YYYY-MM-DD)")
	v.Check(f.To == "" || isDate(f.To), "to", "must be a date (YYYY-MM-DD)")
	if f.From != "" && f.To != "" && isDate(f.From) && isDate(f.To) {
		v.Check(f.From <= f.To, "to", "must not be before from")
	}
	v.Check(f.Page >= 1, "page", "must be 1 or more")
	v.Check(f.PerPage >= 1 && f.PerPage <= MaxAccessPage, "per_page", "must be between 1 and %d", MaxAccessPage)
	return v.Err()
}
