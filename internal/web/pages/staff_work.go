package pages

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// The staff's worklist (/werk): their start page. Each list shows at most workLimit rows, the most
// urgent first, and says how many more there are.

const (
	workLimit = 50
	// workWithin is how many days ahead the worklist looks for handling terms and advices' last days.
	workWithin = 5
)

// workView is the staff's worklist.
type workView struct {
	Done string
	// DestroyDue says to the admin how many files wait for the approval of their destruction.
	DestroyDue string

	New, Mine     workTable[workCaseRow]
	Terms         workTable[workCaseRow] // near or past the handling term
	Due, Enforced workTable[workAdviceRow]
	Failed        []workNoticeRow
	// How many more each list has than it shows.
	NewMore, MineMore, TermsMore, DueMore, EnforcedMore, FailedMore int
	// Inadmissibility: complaints near or past the four weeks of Awb 9:8 while still received or
	// in treatment. NoAddress: letters waiting for an address.
	Inadmissibility                    workTable[workCaseRow]
	NoAddress                          []workNoticeRow
	InadmissibilityMore, NoAddressMore int
	// Requests are the support requests nobody picked up in time or whose supporter left the pool
	// (requests.go).
	Requests []workRequestRow
}

// workTable is one table of the worklist: its id, caption and rows, and the columns it shows
// besides the case, the last day and the term (a column that says the same on every row is left
// out: nobody handles a new complaint yet, and "my cases" are all the reader's).
type workTable[R any] struct {
	L        core.Lang
	ID       string
	Caption  string
	Received bool // when and how the complaint came in
	Status   bool
	Orgs     bool // the organisations it is about
	Handler  bool
	Left     bool // days left (advice tables)
	Rows     []R
}

// workCaseRow is a complaint on the worklist.
type workCaseRow struct {
	Reference     string
	Status        string
	Channel       string
	Received      string
	LastDay       string
	Left          string
	Urgent        bool
	Handler       string
	Organisations string
}

// workAdviceRow is an advice on the worklist.
type workAdviceRow struct {
	ID           int64
	Reference    string
	Organisation string
	LastDay      string
	Left         string
	Urgent       bool
}

// workNoticeRow is a letter that could not be delivered.
type workNoticeRow struct {
	ID        int64
	Reference string
	Kind      string
	Recipient string
	Created   string
	Error     string
}

// handlingLeft describes the handling term of a complaint on day today (termLeft); urgent within
// workWithin days and after.
func handlingLeft(l core.Lang, today, last term.Date) (string, bool) {
	words, days := termLeft(l, today, last)
	return words, days <= workWithin
}

// WorkList is the staff's start page.
func (s *Server) WorkList(c *gin.Context) {
	l := core.PageLang(c)
	u, _ := core.User(c)
	w, err := s.Store.WorkList(c.Request.Context(), u.ID, workWithin, workLimit)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	now := s.Store.Now()
	today := term.LocalDate(now)
	cases := func(list []postgres.WorkCase) []workCaseRow {
		rows := make([]workCaseRow, 0, len(list))
		for _, wc := range list {
			r := workCaseRow{Reference: wc.Reference, Status: l.Word("wstatus", wc.Status),
				Channel: l.Word("channel", wc.Channel), Received: l.Date(wc.ReceivedOn.String()),
				LastDay: l.Date(wc.HandlingLastDay.String()), Handler: wc.HandlerName, Organisations: wc.Organisations}
			if wc.Status == string(casework.StatusReceived) || wc.Status == string(casework.StatusInTreatment) {
				r.Left, r.Urgent = handlingLeft(l, today, wc.HandlingLastDay)
			}
			rows = append(rows, r)
		}
		return rows
	}
	v := &workView{
		New: workTable[workCaseRow]{L: l, ID: "nieuwe", Caption: l.T("work.new.h2"), Received: true, Orgs: true,
			Rows: cases(w.New)},
		Mine: workTable[workCaseRow]{L: l, ID: "mijnzaken", Caption: l.T("work.mine.h2"), Status: true, Orgs: true,
			Rows: cases(w.Mine)},
		Terms:    workTable[workCaseRow]{L: l, ID: "termijnen", Caption: l.T("work.terms.h2"), Status: true, Handler: true},
		Due:      workTable[workAdviceRow]{L: l, ID: "bijnaverlopen", Caption: l.T("work.due.h2"), Left: true},
		Enforced: workTable[workAdviceRow]{L: l, ID: "afgedwongen", Caption: l.T("work.enforced.h2")},
		Inadmissibility: workTable[workCaseRow]{L: l, ID: "nietontvankelijk", Caption: l.T("work.inadm.h2"), Received: true,
			Status: true, Handler: true},
	}
	for _, wc := range w.Watch.Inadmissibility {
		r := workCaseRow{Reference: wc.Reference, Status: l.Word("wstatus", wc.Status), Received: l.Date(wc.ReceivedOn.String()),
			LastDay: l.Date(wc.LastDay.String()), Handler: wc.HandlerName}
		r.Left, r.Urgent = handlingLeft(l, today, wc.LastDay)
		v.Inadmissibility.Rows = append(v.Inadmissibility.Rows, r)
	}
	for _, n := range w.NoAddress {
		v.NoAddress = append(v.NoAddress, workNoticeRow{ID: n.ID, Reference: n.Reference, Kind: l.Word("letter", n.Kind),
			Recipient: l.Word("recipient", n.Recipient), Created: l.Day(n.CreatedAt)})
	}
	for _, wc := range w.Watch.Complaints {
		r := workCaseRow{Reference: wc.Reference, Status: l.Word("wstatus", wc.Status),
			LastDay: l.Date(wc.HandlingLastDay.String()), Handler: wc.HandlerName}
		r.Left, r.Urgent = handlingLeft(l, today, wc.HandlingLastDay)
		v.Terms.Rows = append(v.Terms.Rows, r)
	}
	for _, wa := range w.Watch.Advices {
		r := workAdviceRow{ID: wa.ID, Reference: wa.Reference, Organisation: wa.OrganisationName,
			LastDay: l.Date(wa.RespondBy.String())}
		if wa.Status == string(casework.AdviceEnforced) {
			v.Enforced.Rows = append(v.Enforced.Rows, r)
			continue
		}
		r.Left, r.Urgent = daysLeftAt(l, casework.Advice{DeadlineAt: wa.DeadlineAt, RespondBy: wa.RespondBy.String()}, now)
		v.Due.Rows = append(v.Due.Rows, r)
	}
	for _, n := range w.Failed {
		v.Failed = append(v.Failed, workNoticeRow{ID: n.ID, Reference: n.Reference, Kind: l.Word("letter", n.Kind),
			Recipient: l.Word("recipient", n.Recipient), Created: l.Day(n.CreatedAt), Error: n.LastError})
	}
	// The totals are counted apart from the lists: a row that came or went in between must not make
	// "and -1 more".
	more := func(total, shown int) int { return max(total-shown, 0) }
	v.NewMore, v.MineMore, v.FailedMore = more(w.NewTotal, len(w.New)), more(w.MineTotal, len(w.Mine)), more(w.FailedTotal, len(w.Failed))
	v.TermsMore, v.DueMore = more(w.TermsTotal, len(v.Terms.Rows)), more(w.DueTotal, len(v.Due.Rows))
	v.EnforcedMore = more(w.EnforcedTotal, len(v.Enforced.Rows))
	v.InadmissibilityMore = more(w.InadmissibilityTotal, len(v.Inadmissibility.Rows))
	v.NoAddressMore = more(w.NoAddressTotal, len(v.NoAddress))
	v.Requests = workRequests(l, w.Watch.SupportRequests)
	if c.Query("klaar") == "opnieuw" {
		v.Done = l.T("work.done.retry")
	}
	if u.Role == casework.RoleAdmin { // the files due for destruction (retention.go)
		if v.DestroyDue, err = s.destroyDueWords(c, l, today); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	p := newPage(l, "work.title", "work").menuAt("/werk")
	p.Work = v
	s.render(c, http.StatusOK, "staff_work", p)
}
