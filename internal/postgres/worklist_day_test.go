package postgres_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// workWorld is a store holding a case for each edge of each count of the worklist, read on
// Wednesday 18 November 2026 (week: Monday 16 to Sunday 22 November; new since Tuesday 17; terms
// within 5 days: up to Monday 23 November).
type workWorld struct {
	*requestFx
	other casework.User
	// refs names each case built, for the lists.
	refs map[string]string
}

// set changes columns of the complaint ref directly: the world needs days the store would not give.
func (w *workWorld) set(ref, assignments string, args ...any) {
	w.t.Helper()
	_, err := w.sql.ExecContext(w.ctx, `UPDATE complaints SET `+assignments+` WHERE reference = $1`, append([]any{ref}, args...)...)
	w.must(err)
}

// open files a complaint and puts it in status with handler (nil: nobody), its handling term ending
// on last and its four weeks on inadm.
func (w *workWorld) open(name, status string, handler *casework.User, last, inadm string) string {
	w.t.Helper()
	ref := w.file(w.orgA.ID).Reference
	var h any
	if handler != nil {
		h = handler.ID
	}
	w.set(ref, `status = $2, handler_id = $3, handling_last_day = $4, inadmissibility_last_day = $5`, status, h, last, inadm)
	w.refs[name] = ref
	return ref
}

func (w *workWorld) invite(ref, day, at string, party casework.Party, org int64) {
	w.t.Helper()
	var o any
	if party == casework.PartyOrganisation {
		o = org
	}
	_, err := w.sql.ExecContext(w.ctx, `INSERT INTO hearing_invitations (complaint_id, party, organisation_id, hearing_on,
		hearing_time, place, sent_at) VALUES ($1, $2, $3, $4, $5, 'Stadhuis', $6)`, w.complaintID(ref), string(party), o, day, at, w.clock.Now())
	w.must(err)
}

// setAdvice gives the advice id the last day last, with its deadline instant.
func (w *workWorld) setAdvice(id int64, last string) {
	w.t.Helper()
	d, err := term.ParseDate(last)
	w.must(err)
	_, err = w.sql.ExecContext(w.ctx, `UPDATE advices SET respond_by = $2, deadline_at = $3 WHERE id = $1`, id, last, term.DeadlineInstant(d))
	w.must(err)
}

const far = "2027-06-01"

func newWorkWorld(t *testing.T) (*workWorld, []casework.Advice) {
	t.Helper()
	w := &workWorld{requestFx: newRequestFx(t, local(2026, 11, 18, 10, 0)), refs: map[string]string{}}
	var err error
	w.other, err = w.db.CreateUser(w.ctx, casework.NewUser{Email: "bram@meldpunt.example.nl", Name: "Bram Bakker",
		Role: casework.RoleStaff, Password: "correct horse battery"})
	w.must(err)
	me, other := &w.staff, &w.other

	// New and to take up: received today, on Tuesday (the previous working day), on Monday.
	w.refs["new-today"] = w.file(w.orgA.ID).Reference
	w.set(w.open("new-tuesday", "received", nil, far, far), `received_on = '2026-11-17'`)
	w.set(w.open("take-up-monday", "received", nil, far, far), `received_on = '2026-11-16'`)
	w.set(w.refs["new-today"], `handling_last_day = $2, inadmissibility_last_day = $2`, far)

	// Handling terms: today and today + 5 end within 5 days; today + 6 does not; yesterday is over.
	w.open("ending-today-mine", "in_treatment", me, "2026-11-18", far)
	w.open("ending-monday-other", "in_treatment", other, "2026-11-23", far)
	w.open("ending-tuesday-mine", "in_treatment", me, "2026-11-24", far)
	w.open("overdue-yesterday-mine", "in_treatment", me, "2026-11-17", far)
	w.open("overdue-november-other", "in_treatment", other, "2026-11-01", far)
	// An advised case past its handling term is not overdue: it was ruled.
	w.open("advised-past-term-other", "advised", other, "2026-11-01", "2026-10-01")

	// The four weeks of Awb 9:8: within 5 days or past.
	w.open("inadm-monday-mine", "in_treatment", me, far, "2026-11-23")
	w.open("inadm-tuesday-other", "in_treatment", other, far, "2026-11-24")
	w.open("inadm-past-other", "in_treatment", other, far, "2026-10-01")

	// Hearings this week: Monday (complainant and organisation at the same time: one hearing) and
	// Sunday of mine, Friday of another's; not the Sunday before nor the Monday after, not a
	// withdrawn case's.
	h1 := w.open("hearings-mine", "in_treatment", me, far, far)
	w.invite(h1, "2026-11-16", "10:00", casework.PartyComplainant, 0)
	w.invite(h1, "2026-11-16", "10:00", casework.PartyOrganisation, w.orgA.ID)
	w.invite(h1, "2026-11-22", "16:00", casework.PartyComplainant, 0)
	h2 := w.open("hearings-other", "in_treatment", other, far, far)
	w.invite(h2, "2026-11-15", "10:00", casework.PartyComplainant, 0)
	w.invite(h2, "2026-11-20", "09:30", casework.PartyComplainant, 0)
	w.invite(h2, "2026-11-23", "09:30", casework.PartyOrganisation, w.orgA.ID)
	h3 := w.open("hearings-withdrawn", "withdrawn", other, far, far)
	w.invite(h3, "2026-11-19", "11:00", casework.PartyComplainant, 0)

	// Advices: a1 (mine) with one answered (accepted) and one due on Monday; a2 (another's) past its
	// deadline and not yet swept; a3 (mine) due on Tuesday: not within 5 days.
	a1, adv1 := w.advised(casework.VerdictFounded, []int64{w.orgA.ID, w.orgB.ID}, w.orgA.ID, w.orgB.ID)
	w.refs["advised-mine"] = a1
	_, err = w.db.AcceptAdvice(w.ctx, w.orgActor(w.orgA), adv1[0].ID, casework.AnswerReceipt{})
	w.must(err)
	w.setAdvice(adv1[1].ID, "2026-11-23")
	a2, adv2 := w.advised(casework.VerdictFounded, []int64{w.orgA.ID}, w.orgA.ID)
	w.refs["advised-late-other"] = a2
	w.set(a2, `handler_id = $2`, other.ID)
	w.setAdvice(adv2[0].ID, "2026-11-17")
	a3, adv3 := w.advised(casework.VerdictPartlyFounded, []int64{w.orgB.ID}, w.orgB.ID)
	w.refs["advised-tuesday-mine"] = a3
	w.setAdvice(adv3[0].ID, "2026-11-24")
	for _, ref := range []string{a1, a2, a3} { // far terms: only the advices count
		w.set(ref, `handling_last_day = $2, inadmissibility_last_day = $2`, far)
	}

	// Letters: two waiting for an address (one case), one failed.
	nid := w.refs["take-up-monday"]
	_, err = w.sql.ExecContext(w.ctx, `UPDATE notices SET status = 'no_address' WHERE complaint_id = $1`, w.complaintID(nid))
	w.must(err)
	if n := w.count(`SELECT count(*) FROM notices WHERE status = 'no_address'`); n < 1 {
		t.Fatalf("%d letters without address", n)
	}
	_, err = w.sql.ExecContext(w.ctx, `UPDATE notices SET status = 'failed', last_error = '550' WHERE complaint_id = $1`,
		w.complaintID(w.refs["new-tuesday"]))
	w.must(err)

	// A support request nobody picked up in time, and one still in time.
	late := w.ask(w.a)
	w.ask(w.a)
	_, err = w.sql.ExecContext(w.ctx, `UPDATE support_requests SET pickup_last_day = '2026-11-17' WHERE id = $1`, w.requestID(late.Reference))
	w.must(err)
	return w, adv1
}

func TestWorkCountsHaveTheirKnownValues(t *testing.T) {
	w, adv1 := newWorkWorld(t)
	got, err := w.db.WorkCounts(w.ctx, w.staff.ID)
	w.must(err)
	letters := func(status string) int {
		return w.count(`SELECT count(*) FROM notices WHERE status = $1`, status)
	}
	want := postgres.WorkCounts{
		Today: term.NewDate(2026, 11, 18), WeekFrom: term.NewDate(2026, 11, 16), WeekTo: term.NewDate(2026, 11, 22),
		NewSince: term.NewDate(2026, 11, 17),
		New:      2, ToTakeUp: 3,
		// ending-today, ending-tuesday, overdue-yesterday, inadm-monday, hearings-mine
		MineOpen: 5, MineAdvised: 2,
		Hearings:        postgres.WorkCount{All: 3, Mine: 2},
		Ending:          postgres.WorkCount{All: 2, Mine: 1},
		Overdue:         postgres.WorkCount{All: 2, Mine: 1},
		Inadmissibility: postgres.WorkCount{All: 2, Mine: 1},
		Answered:        postgres.WorkCount{All: 1, Mine: 1},
		AdvicesDue:      postgres.WorkCount{All: 1, Mine: 1},
		AdvicesOverdue:  postgres.WorkCount{All: 1, Mine: 0},
		NoAddress:       letters("no_address"), FailedLetters: letters("failed"), SupportRequests: 1,
	}
	if want.NoAddress < 1 || want.FailedLetters < 1 {
		t.Fatalf("world without letters: %+v", want)
	}
	if got != want {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}

	t.Run("an advice swept to enforced stays overdue", func(t *testing.T) {
		_, err := w.db.Sweep(w.ctx, 100)
		w.must(err)
		got, err := w.db.WorkCounts(w.ctx, w.staff.ID)
		w.must(err)
		if got.AdvicesOverdue != (postgres.WorkCount{All: 1}) {
			t.Errorf("advices overdue %+v after the sweep", got.AdvicesOverdue)
		}
	})
	t.Run("an answer read leaves the count; a new answer comes back", func(t *testing.T) {
		other := casework.ActorOf(w.other)
		wantCode(t, w.db.ReadAdviceAnswer(w.ctx, other, adv1[0].ID), casework.CodeForbidden)
		wantCode(t, w.db.ReadAdviceAnswer(w.ctx, w.actor, adv1[1].ID), casework.CodeConflict) // not answered
		w.must(w.db.ReadAdviceAnswer(w.ctx, w.actor, adv1[0].ID))
		wantCode(t, w.db.ReadAdviceAnswer(w.ctx, w.actor, adv1[0].ID), casework.CodeConflict) // read already
		wantCode(t, w.db.ReadAdviceAnswer(w.ctx, w.actor, 999999), casework.CodeNotFound)
		got, err := w.db.WorkCounts(w.ctx, w.staff.ID)
		w.must(err)
		if got.Answered != (postgres.WorkCount{}) {
			t.Errorf("answered %+v after reading", got.Answered)
		}
		if n := w.count(`SELECT count(*) FROM events WHERE advice_id = $1 AND action = 'read_answer' AND internal
			AND actor_user_id = $2`, adv1[0].ID, w.staff.ID); n != 1 {
			t.Errorf("%d read_answer events", n)
		}
		// A later answer (here: a correction of the answer's day) is unread again.
		_, err = w.sql.ExecContext(w.ctx, `UPDATE advices SET responded_at = responded_at + interval '1 minute' WHERE id = $1`, adv1[0].ID)
		w.must(err)
		got, err = w.db.WorkCounts(w.ctx, w.staff.ID)
		w.must(err)
		if got.Answered != (postgres.WorkCount{All: 1, Mine: 1}) {
			t.Errorf("answered %+v after a new answer", got.Answered)
		}
	})
}

// TestWorkCountsWeekAndNewInAmsterdam reads the counts on the edges of the local week and day:
// Sunday 23:30 in Amsterdam is already Sunday 22:30 UTC, Monday 00:30 is Sunday 23:30 UTC; on a
// Monday "new" reaches back to Friday.
func TestWorkCountsWeekAndNewInAmsterdam(t *testing.T) {
	w := &workWorld{requestFx: newRequestFx(t, local(2026, 11, 22, 23, 30)), refs: map[string]string{}}
	h := w.open("hearing", "in_treatment", &w.staff, far, far)
	w.invite(h, "2026-11-16", "10:00", casework.PartyComplainant, 0)
	w.invite(h, "2026-11-23", "10:00", casework.PartyComplainant, 0)
	w.set(w.open("friday", "received", nil, far, far), `received_on = '2026-11-20'`)
	w.set(w.open("saturday", "received", nil, far, far), `received_on = '2026-11-21'`)
	w.set(w.open("thursday", "received", nil, far, far), `received_on = '2026-11-19'`)
	// The handling term ending on Friday 27 November: within 5 days from Sunday 22 (horizon 27)
	// and from Monday 23 (horizon 28); past on Saturday 28.
	w.open("ending", "in_treatment", &w.staff, "2026-11-27", far)

	for _, c := range []struct {
		name                 string
		at                   time.Time
		hearingDay           string
		newCount, ending, ov int
	}{
		{"Sunday 23:30 is the week of Monday 16", local(2026, 11, 22, 23, 30), "2026-11-16", 2, 1, 0},
		{"Monday 00:30 is the week of Monday 23", local(2026, 11, 23, 0, 30), "2026-11-23", 2, 1, 0},
		{"Friday 23:59 the term ends today", local(2026, 11, 27, 23, 59), "2026-11-23", 0, 1, 0},
		{"Saturday 00:00 the term is over", local(2026, 11, 28, 0, 0), "2026-11-23", 0, 0, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			w.clock.Set(c.at)
			got, err := w.db.WorkCounts(w.ctx, w.staff.ID)
			w.must(err)
			if got.Hearings != (postgres.WorkCount{All: 1, Mine: 1}) || got.WeekFrom.String() != c.hearingDay {
				t.Errorf("hearings %+v in the week from %s, want 1 in the week from %s", got.Hearings, got.WeekFrom, c.hearingDay)
			}
			if got.New != c.newCount || got.ToTakeUp != 3 {
				t.Errorf("new %d (since %s), to take up %d; want %d and 3", got.New, got.NewSince, got.ToTakeUp, c.newCount)
			}
			if got.Ending.All != c.ending || got.Overdue.All != c.ov {
				t.Errorf("ending %+v, overdue %+v; want %d and %d", got.Ending, got.Overdue, c.ending, c.ov)
			}
		})
	}
}

func workRefs(p postgres.WorkPage) []string {
	out := []string{}
	for _, r := range p.Rows {
		out = append(out, r.Reference)
	}
	return out
}

// TestWorkListsHoldWhatTheCountsCount: each count's list holds exactly the cases counted.
func TestWorkListsHoldWhatTheCountsCount(t *testing.T) {
	w, _ := newWorkWorld(t)
	r := w.refs
	for _, c := range []struct {
		list casework.WorkList
		mine bool
		want []string
	}{
		{casework.WorkNew, false, []string{r["new-tuesday"], r["new-today"]}},
		{casework.WorkToTakeUp, false, []string{r["take-up-monday"], r["new-tuesday"], r["new-today"]}},
		{casework.WorkMine, false, []string{r["overdue-yesterday-mine"], r["ending-today-mine"], r["ending-tuesday-mine"],
			r["inadm-monday-mine"], r["hearings-mine"]}},
		{casework.WorkAdvised, false, []string{r["advised-mine"], r["advised-tuesday-mine"]}},
		{casework.WorkEnding, false, []string{r["ending-today-mine"], r["ending-monday-other"]}},
		{casework.WorkEnding, true, []string{r["ending-today-mine"]}},
		{casework.WorkOverdue, false, []string{r["overdue-november-other"], r["overdue-yesterday-mine"]}},
		{casework.WorkInadmissibility, false, []string{r["inadm-past-other"], r["inadm-monday-mine"]}},
		{casework.WorkHearings, false, []string{r["hearings-mine"], r["hearings-other"]}},
		{casework.WorkHearings, true, []string{r["hearings-mine"]}},
		{casework.WorkAnswered, false, []string{r["advised-mine"]}},
		{casework.WorkAdvicesDue, false, []string{r["advised-mine"]}},
		{casework.WorkAdvicesOverdue, false, []string{r["advised-late-other"]}},
		{casework.WorkNoAddress, false, []string{r["take-up-monday"]}},
	} {
		t.Run(fmt.Sprintf("%s mine=%v", c.list, c.mine), func(t *testing.T) {
			p, err := w.db.WorkCases(w.ctx, w.actor, casework.WorkQuery{List: c.list, HandlerID: w.staff.ID, OnlyMine: c.mine})
			w.must(err)
			got := workRefs(p)
			if c.list == casework.WorkMine || c.list == casework.WorkHearings { // same last day: by id
				slices.Sort(got)
				c.want = slices.Sorted(slices.Values(c.want))
			}
			if !slices.Equal(got, c.want) || p.Total != len(c.want) || p.Pages != 1 || p.Page != 1 || p.PerPage != 25 {
				t.Errorf("got %v (total %d, page %d of %d), want %v", got, p.Total, p.Page, p.Pages, c.want)
			}
			for _, row := range p.Rows {
				if row.ComplainantName != "" {
					t.Errorf("%s shows the name %q without a search", row.Reference, row.ComplainantName)
				}
			}
		})
	}
	t.Run("an unknown list or page 0 after normalizing is refused", func(t *testing.T) {
		_, err := w.db.WorkCases(w.ctx, w.actor, casework.WorkQuery{List: "everything", HandlerID: w.staff.ID})
		wantCode(t, err, casework.CodeValidation)
		_, err = w.db.WorkCases(w.ctx, w.actor, casework.WorkQuery{List: casework.WorkAll, Page: -1})
		wantCode(t, err, casework.CodeValidation)
	})
}

// TestWorkListPagingAndSearch pages 60 cases by 25 and searches them by part of a name or a
// reference, case-insensitively, wildcards taken literally; a search is logged per case shown.
func TestWorkListPagingAndSearch(t *testing.T) {
	f := newFx(t, local(2026, 11, 18, 10, 0))
	var refs []string
	for i := range 60 {
		in := intake(f.orgA.ID)
		in.Complainant.Name = fmt.Sprintf("Mevrouw %s %02d", []string{"Jansen", "de Boer", "O'Brien_50%"}[i%3], i)
		r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
		f.must(err)
		refs = append(refs, r.Reference)
	}
	q := casework.WorkQuery{List: casework.WorkToTakeUp, HandlerID: f.staff.ID}
	var all []string
	for page, want := range map[int]int{1: 25, 2: 25, 3: 10, 4: 0} {
		q.Page = page
		p, err := f.db.WorkCases(f.ctx, f.actor, q)
		f.must(err)
		if len(p.Rows) != want || p.Total != 60 || p.Pages != 3 {
			t.Errorf("page %d: %d rows, total %d, %d pages; want %d rows, 60, 3", page, len(p.Rows), p.Total, p.Pages, want)
		}
		all = append(all, workRefs(p)...)
	}
	if slices.Sort(all); !slices.Equal(all, slices.Sorted(slices.Values(refs))) {
		t.Errorf("the pages together hold %d cases, not each of the 60 once", len(all))
	}

	search := func(term string, page int) postgres.WorkPage {
		t.Helper()
		p, err := f.db.WorkCases(f.ctx, f.actor, casework.WorkQuery{HandlerID: f.staff.ID, Search: term, Page: page})
		f.must(err)
		return p
	}
	logged := func() int {
		return f.count(`SELECT count(*) FROM access_log WHERE via = 'search' AND user_id = $1`, f.staff.ID)
	}
	if p := search("JANSEN", 1); p.Total != 20 || len(p.Rows) != 20 || p.List != casework.WorkAll {
		t.Errorf("JANSEN: total %d, %d rows, list %s; want 20 in all", p.Total, len(p.Rows), p.List)
	} else if !strings.Contains(p.Rows[0].ComplainantName, "Jansen") {
		t.Errorf("a search shows the name: %q", p.Rows[0].ComplainantName)
	}
	if n := logged(); n != 20 {
		t.Errorf("%d access-log rows after a search showing 20 cases", n)
	}
	if p := search("  de   BOER 0", 1); p.Total != 3 { // de Boer 01, 04 and 07
		t.Errorf("de boer 0: %v, want 3", workRefs(p))
	}
	if p := search("_50%", 1); p.Total != 20 {
		t.Errorf("_50%% taken literally: total %d, want 20", p.Total)
	}
	if p := search("0%", 1); p.Total != 20 {
		t.Errorf("0%%: total %d, want 20 (only names holding a per cent sign)", p.Total)
	}
	if p := search("n_5", 1); p.Total != 20 {
		t.Errorf("n_5: total %d, want 20 (the underscore is no wildcard)", p.Total)
	}
	ref := refs[41]
	if p := search(strings.ToLower(ref[len(ref)-5:]), 1); !slices.Contains(workRefs(p), ref) {
		t.Errorf("a part of the reference %s did not find it: %v", ref, workRefs(p))
	}
	if p := search("Pietersen", 1); p.Total != 0 || len(p.Rows) != 0 {
		t.Errorf("Pietersen: %d found", p.Total)
	}
	before := logged()
	if p := search("Jansen", 2); len(p.Rows) != 0 || p.Total != 20 {
		t.Errorf("page 2 of 20: %d rows", len(p.Rows))
	}
	if logged() != before {
		t.Errorf("an empty page of results was logged")
	}
	// A search within a list: the new complaints named de Boer.
	p, err := f.db.WorkCases(f.ctx, f.actor, casework.WorkQuery{List: casework.WorkNew, HandlerID: f.staff.ID, Search: "boer"})
	f.must(err)
	if p.Total != 20 {
		t.Errorf("new complaints of de Boer: %d", p.Total)
	}
	for _, bad := range []string{"J", strings.Repeat("x", casework.MaxWorkSearch+1)} {
		_, err := f.db.WorkCases(f.ctx, f.actor, casework.WorkQuery{HandlerID: f.staff.ID, Search: bad})
		wantCode(t, err, casework.CodeValidation)
	}
	_, err = f.db.WorkCases(f.ctx, casework.Actor{Role: casework.RoleStaff}, casework.WorkQuery{Search: "Jansen"})
	wantCode(t, err, casework.CodeForbidden)
}
