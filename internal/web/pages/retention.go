package pages

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// The pages of retention and destruction (issue 13 point 1): the admin's review of what is due, the
// approval with a confirm step that says plainly what will be gone, the approved lists with their
// progress (/werk/vernietigen); and the section "Bewaren en vernietigen" of a closed case's page,
// with the forms that record the ombudsman, a reopening, a closing again and a hold.

const destroyPath = "/werk/vernietigen"

// duePageLimit is how many due cases the admin's page shows and approves at once.
const duePageLimit = 500

// retentionPages are the templates of these pages.
var retentionPages = []string{"staff_retention"}

// RetentionPageRoutes registers the admin's page and the case page's form.
func (s *Server) RetentionPageRoutes(page core.PageRouter, staff, admin gin.HandlerFunc) {
	page("GET", destroyPath, admin, s.destroyPage)
	page("POST", destroyPath, admin, s.approveDestructionPage)
	page("POST", "/werk/klacht/:reference/bewaren", staff, s.staffCaseRetention)
}

// retentionView is the admin's page.
type retentionView struct {
	Done string
	// On is the day chosen (YYYY-MM-DD), Today today; Later says the day is after today, so the
	// list shows what will be due and cannot be approved yet.
	On, OnWords, Today string
	Later              bool
	OnError            string
	Rows               []dueRow
	// Approvable counts the rows that can be approved; More says that more cases are due.
	Approvable int
	More       bool
	// Confirm is the confirm step: the cases chosen, by category.
	Confirm *destroyConfirm
	Lists   []destroyListRow
}

type dueRow struct {
	// ID is the id of the row's check box: "vernietigen" for the first, where the error summary links.
	ID                                                     string
	Reference, Status, Category, ClosedOn, DestroyOn, Hold string
	Approved, Checked                                      bool
}

type destroyConfirm struct {
	References []string
	Count      string
	Categories []string
}

type destroyListRow struct {
	ID                                         int64
	Approved, By, Categories, Progress, Status string
}

// destroyPage shows the due list for ?op=YYYY-MM-DD (default today) and the approved lists.
func (s *Server) destroyPage(c *gin.Context) {
	l := core.PageLang(c)
	s.renderDestroy(c, l, http.StatusOK, c.Query("op"), nil, nil)
}

// renderDestroy renders the admin's page for the day on (empty: today); chosen are the references
// ticked in a post (nil: every approvable one).
func (s *Server) renderDestroy(c *gin.Context, l core.Lang, status int, on string, chosen []string, problems []problemLink) {
	ctx := c.Request.Context()
	today := term.LocalDate(s.Store.Now())
	v := &retentionView{Today: today.String(), Done: officeDone(c, l, "goedgekeurd")}
	day := today
	if on != "" {
		d, err := term.ParseDate(on)
		if err != nil {
			v.OnError = l.T("rt.err.on")
			status = http.StatusUnprocessableEntity
			problems = append(problems, problemLink{Field: "op", Message: v.OnError})
		} else {
			day = d
		}
	}
	v.On, v.OnWords, v.Later = day.String(), l.Date(day.String()), day.After(today)
	due, err := s.Store.DueForDestruction(ctx, day, duePageLimit+1)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	if len(due) > duePageLimit {
		due, v.More = due[:duePageLimit], true
	}
	for _, d := range due {
		row := dueRow{Reference: d.Reference, Status: l.Word("sc.status", string(d.Status)),
			Category: l.T("rt.cat." + string(d.Category)), ClosedOn: l.Date(d.ClosedOn.String()),
			DestroyOn: l.Date(d.DestroyOn.String()), Hold: d.HoldReason, Approved: d.Approved}
		if row.Hold == "" && !row.Approved && !d.DestroyOn.After(today) {
			row.ID = "kies-" + d.Reference
			if v.Approvable == 0 {
				row.ID = "vernietigen"
			}
			v.Approvable++
			row.Checked = chosen == nil || slices.Contains(chosen, d.Reference)
		}
		v.Rows = append(v.Rows, row)
	}
	if v.Approvable == 0 { // no check box to link the errors to: link the list's heading
		for i := range problems {
			if problems[i].Field == "vernietigen" {
				problems[i].Field = "lijst"
			}
		}
	}
	if v.Lists, err = s.destroyLists(c, l); err != nil {
		s.PageFail(c, l, err)
		return
	}
	p := newPage(l, "rt.title", "destroy")
	p.Retention = v
	if status == http.StatusOK {
		p.menuAt(destroyPath)
	} else {
		p.HasErrors, p.Problems = true, problems
	}
	s.render(c, status, "staff_retention", p)
}

func (s *Server) destroyLists(c *gin.Context, l core.Lang) ([]destroyListRow, error) {
	lists, err := s.Store.DestructionLists(c.Request.Context())
	if err != nil {
		return nil, err
	}
	var rows []destroyListRow
	for _, d := range lists {
		row := destroyListRow{ID: d.ID, Approved: l.Day(d.ApprovedAt), By: d.ApprovedBy,
			Categories: categoryWords(l, d.Handled, d.Ombudsman, d.Inadmissible),
			Progress:   fmt.Sprintf(l.T("rt.progress"), d.Destroyed, d.Cases)}
		if skipped := d.OnHold + d.NotDue; skipped > 0 {
			row.Progress += "; " + fmt.Sprintf(l.T("rt.skipped"), skipped)
		}
		row.Status = l.T("rt.list.busy")
		if d.FinishedAt != nil {
			row.Status = fmt.Sprintf(l.T("rt.list.done"), l.Day(*d.FinishedAt))
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// categoryWords says how many cases of each category: "3 afgehandeld, 1 ombudsman".
func categoryWords(l core.Lang, handled, ombudsman, short int) string {
	var parts []string
	for _, c := range []struct {
		n   int
		cat casework.RetentionCategory
	}{{short, casework.RetentionShort}, {handled, casework.RetentionHandled}, {ombudsman, casework.RetentionOmbudsman}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, l.T("rt.cat."+string(c.cat))))
		}
	}
	return strings.Join(parts, ", ")
}

// approveDestructionPage is the approval in two steps: the ticked cases first come back on a
// confirm step that says what will be gone; the confirmed post (bevestigd=ja) approves them.
func (s *Server) approveDestructionPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	var refs []string
	for _, r := range in["referentie"] {
		if r = strings.TrimSpace(r); r != "" && len(r) <= 40 && !slices.Contains(refs, r) {
			refs = append(refs, r)
		}
	}
	if len(refs) == 0 {
		s.renderDestroy(c, l, http.StatusUnprocessableEntity, "", []string{},
			[]problemLink{{Field: "vernietigen", Message: l.T("rt.err.none")}})
		return
	}
	if in.Get("bevestigd") != "ja" {
		due, err := s.Store.DueForDestruction(c.Request.Context(), term.LocalDate(s.Store.Now()), 0)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		counts := map[casework.RetentionCategory]int{}
		var found []string
		for _, d := range due {
			if slices.Contains(refs, d.Reference) {
				counts[d.Category]++
				found = append(found, d.Reference)
			}
		}
		if len(found) == 0 {
			s.renderDestroy(c, l, http.StatusUnprocessableEntity, "", []string{},
				[]problemLink{{Field: "vernietigen", Message: l.T("rt.err.none")}})
			return
		}
		v := &retentionView{Today: term.LocalDate(s.Store.Now()).String(), Confirm: &destroyConfirm{References: found,
			Count:      confirmCount(l, len(found)),
			Categories: strings.Split(categoryWords(l, counts[casework.RetentionHandled], counts[casework.RetentionOmbudsman], counts[casework.RetentionShort]), ", ")}}
		p := newPage(l, "rt.confirm.title", "destroy")
		p.Retention = v
		s.render(c, http.StatusOK, "staff_retention", p)
		return
	}
	_, err := s.Store.ApproveDestruction(c.Request.Context(), core.Actor(c), refs)
	if err == nil {
		officeRedirect(c, l, destroyPath, "goedgekeurd", nil)
		return
	}
	if fields, ok := validationFields(err); ok {
		var problems []problemLink
		for _, f := range fields {
			problems = append(problems, problemLink{Field: "vernietigen", Message: l.T("rt.err.ref") + " " + f.Message})
		}
		s.renderDestroy(c, l, http.StatusUnprocessableEntity, "", refs, problems)
		return
	}
	s.PageFail(c, l, err)
}

// ---- the section of the case page ----

// formRetentionPrefix starts the names of the retention forms of the case page: bewaren-ACTION.
const formRetentionPrefix = "bewaren-"

// caseRetentionView is the section "Bewaren en vernietigen" of a closed case's page.
type caseRetentionView struct {
	// L and Ref are the page's language and the case's reference, for the section's template.
	L                                                            core.Lang
	Ref                                                          string
	Category, From, DestroyOn, Ombudsman, Reopened, Hold, HoldBy string
	Approved                                                     bool
	// The forms the file's state allows.
	OmbudsmanForm *caseInput
	ReopenForm    *caseRetentionForm
	CloseForm     *caseInput
	HoldForm      *caseInput
	LiftForm      *caseInput
}

type caseRetentionForm struct {
	On, Reason caseInput
}

// retentionSectionOf describes a closed file's retention with the forms the viewer may use.
func retentionSectionOf(l core.Lang, r postgres.Retention, viewer casework.Role, in *casePostedForm) *caseRetentionView {
	v := &caseRetentionView{L: l, Ref: r.Reference, Category: l.T("rt.cat." + string(r.Category)), From: l.Date(r.From.String()),
		Hold: r.HoldReason, HoldBy: r.HoldBy, Approved: r.Approved}
	if r.Category == "" {
		v.Category = l.T("sc.none")
	}
	v.DestroyOn = l.T("rt.case.nodate")
	if !r.DestroyOn.IsZero() {
		v.DestroyOn = l.Date(r.DestroyOn.String())
	}
	if !r.OmbudsmanOn.IsZero() {
		v.Ombudsman = l.Date(r.OmbudsmanOn.String())
	}
	if !r.ReopenedOn.IsZero() {
		v.Reopened = l.Date(r.ReopenedOn.String())
	}
	if r.HoldAt != nil {
		v.HoldBy = strings.TrimPrefix(v.HoldBy+", "+l.Day(*r.HoldAt), ", ")
	}
	form := func(a casework.RetentionAction) string { return formRetentionPrefix + string(a) }
	if r.OmbudsmanOn.IsZero() {
		f := in.input(l, form(casework.RetentionWentToOmbudsman), "rt-ombudsman-on", "on", "date", "rt.case.ombudsman.on", "rt.case.ombudsman.h", "", true)
		v.OmbudsmanForm = &f
	}
	if r.ReopenedOn.IsZero() {
		v.ReopenForm = &caseRetentionForm{
			On:     in.input(l, form(casework.RetentionReopen), "rt-reopen-on", "on", "date", "rt.case.reopen.on", "", "", true),
			Reason: in.input(l, form(casework.RetentionReopen), "rt-reopen-reason", "reason", "textarea", "rt.case.reopen.reason", "rt.case.reason.h", "", true)}
		v.ReopenForm.Reason.Rows = 3
	} else {
		f := in.input(l, form(casework.RetentionCloseAgain), "rt-close-on", "on", "date", "rt.case.close.on", "rt.case.close.h", "", true)
		v.CloseForm = &f
	}
	if r.HoldReason == "" {
		f := in.input(l, form(casework.RetentionHold), "rt-hold-reason", "reason", "textarea", "rt.case.hold.reason", "rt.case.hold.h", "", true)
		f.Rows = 3
		v.HoldForm = &f
	} else if viewer == casework.RoleAdmin {
		f := in.input(l, form(casework.RetentionLiftHold), "rt-lift-reason", "reason", "textarea", "rt.case.lift.reason", "", "", false)
		f.Rows = 3
		v.LiftForm = &f
	}
	return v
}

// retentionFieldIDs are the ids of the fields of each retention form on the case page.
var retentionFieldIDs = map[casework.RetentionAction]map[string]string{
	casework.RetentionWentToOmbudsman: {"on": "rt-ombudsman-on"},
	casework.RetentionReopen:          {"on": "rt-reopen-on", "reason": "rt-reopen-reason"},
	casework.RetentionCloseAgain:      {"on": "rt-close-on"},
	casework.RetentionHold:            {"reason": "rt-hold-reason"},
	casework.RetentionLiftHold:        {"reason": "rt-lift-reason"},
}

// staffCaseRetention records one retention form of the case page (the hidden field action says
// which).
func (s *Server) staffCaseRetention(c *gin.Context) {
	action := casework.RetentionAction(c.PostForm("action"))
	if !slices.Contains(casework.RetentionActions, action) {
		action = casework.RetentionHold // an unknown action: the store refuses it as the hold form
	}
	if action == casework.RetentionLiftHold && core.Actor(c).Role != casework.RoleAdmin {
		// The form is on admins' pages only: only an admin lifts a hold.
		s.PageError(c, core.LangFor(c, c.PostForm("lang")), http.StatusForbidden)
		return
	}
	s.caseAction(c, formRetentionPrefix+string(action), "bewaren", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		rec := casework.RetentionRecord{Action: casework.RetentionAction(p.values.Get("action")), On: p.values.Get("on"),
			Reason: p.values.Get("reason")}
		_, err := s.Store.RecordRetention(c.Request.Context(), core.Actor(c), cp.Reference, rec)
		return func(fe casework.FieldError) (string, string) {
			id := retentionFieldIDs[action][fe.Field]
			switch {
			case id == "":
				return "", ""
			case fe.Field == "on" && strings.HasPrefix(fe.Message, "must not be in the future"):
				return id, l.T("rt.err.future")
			case fe.Field == "on" && strings.HasPrefix(fe.Message, "must not be before"):
				return id, l.T("rt.err.before")
			case fe.Field == "on":
				return id, l.T("rt.err.date")
			}
			return id, caseTextMessage(l, fe.Message, "rt.err.reason")
		}, err
	})
}

// retentionReason is the reason of a retention event in words: "on YYYY-MM-DD[: typed]" becomes
// the day in the page's language and what staff typed.
func retentionReason(l core.Lang, reason string) string {
	rest, ok := strings.CutPrefix(reason, "on ")
	if !ok {
		return reason
	}
	day, typed, _ := strings.Cut(rest, ": ")
	if _, err := term.ParseDate(day); err != nil {
		return reason
	}
	return strings.TrimSuffix(fmt.Sprintf(l.T("rt.reason.on"), l.Date(day))+" "+typed, " ")
}

// destroyDueWords is the admin's line on the worklist: how many files wait for the approval of
// their destruction today ("" when none).
func (s *Server) destroyDueWords(c *gin.Context, l core.Lang, today term.Date) (string, error) {
	n, err := s.Store.CountDueForDestruction(c.Request.Context(), today)
	switch {
	case err != nil:
		return "", err
	case n == 0:
		return "", nil
	case n == 1:
		return l.T("rt.work.due.1"), nil
	}
	return fmt.Sprintf(l.T("rt.work.due.n"), n), nil
}

// confirmCount says how many files the admin approves the destruction of.
func confirmCount(l core.Lang, n int) string {
	if n == 1 {
		return l.T("rt.confirm.count.1")
	}
	return fmt.Sprintf(l.T("rt.confirm.count"), n)
}
