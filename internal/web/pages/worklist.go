package pages

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The staff's worklist for the day (/werk, issue 14 point 7): the counts at the top, each a link to
// its list; the handler's open cases and their advised cases waiting for organisations; the letters
// that failed and the support requests waiting. With ?lijst=X one list is shown alone, a page of
// casework.WorkPerPage at a time with links to the other pages. The search by reference or name is a
// POST (/werk/zoeken): a name never travels in the URL.

// workWithin is how many days ahead the worklist looks for handling terms and advices' last days.
const workWithin = casework.WorkWithinDays

// workView is the staff's worklist.
type workView struct {
	Done string
	// DestroyDue says to the admin how many files wait for the approval of their destruction.
	DestroyDue string
	Counts     []workCount
	Search     workSearchForm
	// One is the list shown alone (?lijst= or a search); then Mine and Advised are nil and the
	// letters and requests are left out.
	One           *workListView
	Mine, Advised *workListView
	Failed        []workNoticeRow
	FailedPager   *workPager
	Requests      []workRequestRow
	RequestsPager *workPager
}

// workCount is one count at the top of the worklist: a link to its list (or its section), and the
// count of the handler's own cases where it has one.
type workCount struct {
	ID       string
	Label    string
	N        int
	Href     string
	HasMine  bool
	Mine     int
	MineHref string
}

// workSearchForm is the search field, as posted.
type workSearchForm struct {
	Value string
	Error string
	// Found says how many cases the search found; empty before a search.
	Found string
}

// workListView is one list of the worklist: its heading, its table (one page) and the links to
// its other pages.
type workListView struct {
	L       core.Lang
	ID      string
	Heading string
	Intro   string
	Table   workTable
	Empty   string
	// FirstPage links to page 1 when the page asked for is past the last.
	FirstPage string
	Pager     *workPager
}

// workTable is the table of a list: the columns it shows besides the case, the status, when and how
// it came in, what it is about, the last day, the term and the handler.
type workTable struct {
	L       core.Lang
	ID      string
	Caption string
	Name    bool // the complainant's name: only in the results of a search
	Anchor  string
	Rows    []workCaseRow
}

// workCaseRow is a case on the worklist.
type workCaseRow struct {
	Reference     string
	Name          string
	Status        string
	Channel       string
	Received      string
	LastDay       string
	Left          string
	Urgent        bool
	Handler       string
	Organisations string
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

// workPager is the paging of a list (the GOV.UK pagination pattern): links to the previous and
// next page, or for a search small POST forms (the term must not go in the URL).
type workPager struct {
	L          core.Lang
	Label      string // the navigation's accessible name
	Of         string // "Pagina 2 van 7"
	Prev, Next string // links; empty at either end
	// A search pages with forms: the term, list, mine and the pages before and after.
	Post               bool
	Term, List         string
	Mine               bool
	PrevPage, NextPage int
}

// handlingLeft describes the handling term of a complaint on day today (termLeft); urgent within
// workWithin days and after.
func handlingLeft(l core.Lang, today, last term.Date) (string, bool) {
	words, days := termLeft(l, today, last)
	return words, days <= workWithin
}

// workURL is the address of a list of the worklist in the page's language.
func workURL(l core.Lang, list casework.WorkList, page int, mine bool) string {
	q := url.Values{}
	if list != "" {
		q.Set("lijst", string(list))
	}
	if page > 1 {
		q.Set("pagina", strconv.Itoa(page))
	}
	if mine {
		q.Set("mijn", "1")
	}
	if l.EN() {
		q.Set("lang", "en")
	}
	if len(q) == 0 {
		return "/werk"
	}
	return "/werk?" + q.Encode()
}

// workListKeys are the headings of the lists.
var workListKeys = map[casework.WorkList]string{
	casework.WorkToTakeUp: "work.count.take_up", casework.WorkNew: "work.new.h2", casework.WorkMine: "work.mine.h2",
	casework.WorkAdvised: "work.advised.h2", casework.WorkHearings: "work.count.hearings", casework.WorkEnding: "work.count.ending",
	casework.WorkOverdue: "work.count.overdue", casework.WorkInadmissibility: "work.count.inadm",
	casework.WorkAnswered: "work.count.answered", casework.WorkAdvicesDue: "work.count.advices_due",
	casework.WorkAdvicesOverdue: "work.count.advices_overdue", casework.WorkNoAddress: "work.noaddress.h2",
	casework.WorkAll: "work.list.everything",
}

// workListIDs are the ids of the lists' tables on the page.
var workListIDs = map[casework.WorkList]string{
	casework.WorkToTakeUp: "optepakken", casework.WorkNew: "nieuwe", casework.WorkMine: "mijnzaken",
	casework.WorkAdvised: "wachtenopadvies", casework.WorkHearings: "hoorzittingen", casework.WorkEnding: "termijnen",
	casework.WorkOverdue: "termijnvoorbij", casework.WorkInadmissibility: "nietontvankelijk",
	casework.WorkAnswered: "beantwoord", casework.WorkAdvicesDue: "bijnaverlopen", casework.WorkAdvicesOverdue: "afgedwongen",
	casework.WorkNoAddress: "zonderadres", casework.WorkAll: "allezaken",
}

// workCounts turns the counts into the list at the top of the page, in the order of the issue.
func workCounts(l core.Lang, w postgres.WorkCounts) []workCount {
	list := func(id, key string, n int, to casework.WorkList) workCount {
		return workCount{ID: id, Label: l.T(key), N: n, Href: workURL(l, to, 1, false)}
	}
	both := func(id, key string, n postgres.WorkCount, to casework.WorkList) workCount {
		c := list(id, key, n.All, to)
		c.HasMine, c.Mine, c.MineHref = true, n.Mine, workURL(l, to, 1, true)
		return c
	}
	newC := list("telling-nieuw", "work.count.new", w.New, casework.WorkNew)
	newC.Label = fmt.Sprintf(newC.Label, l.Date(w.NewSince.String()))
	notCarried := workCount{ID: "telling-niet-uitgevoerd", Label: l.T("work.count.not_carried_out"), N: w.NotCarriedOut,
		Href: l.URL("/werk/niet-uitgevoerd")} // the reports have their own page (feedback.go)
	return []workCount{
		newC,
		list("telling-op-te-pakken", "work.count.take_up", w.ToTakeUp, casework.WorkToTakeUp),
		both("telling-hoorzittingen", "work.count.hearings", w.Hearings, casework.WorkHearings),
		both("telling-termijn", "work.count.ending", w.Ending, casework.WorkEnding),
		both("telling-voorbij", "work.count.overdue", w.Overdue, casework.WorkOverdue),
		both("telling-beantwoord", "work.count.answered", w.Answered, casework.WorkAnswered),
		both("telling-adviezen-voorbij", "work.count.advices_overdue", w.AdvicesOverdue, casework.WorkAdvicesOverdue),
		both("telling-adviezen-bijna", "work.count.advices_due", w.AdvicesDue, casework.WorkAdvicesDue),
		notCarried,
		list("telling-zonder-adres", "work.count.no_address", w.NoAddress, casework.WorkNoAddress),
		{ID: "telling-hulpvragen", Label: l.T("work.count.requests"), N: w.SupportRequests, Href: l.URL("/werk") + "#hulpvragen"},
		both("telling-niet-ontvankelijk", "work.count.inadm", w.Inadmissibility, casework.WorkInadmissibility),
		{ID: "telling-mislukt", Label: l.T("work.count.failed"), N: w.FailedLetters, Href: l.URL("/werk") + "#mislukt"},
	}
}

// workRows turns a page of a list into table rows.
func workRows(l core.Lang, today term.Date, p postgres.WorkPage) []workCaseRow {
	rows := make([]workCaseRow, 0, len(p.Rows))
	for _, wc := range p.Rows {
		r := workCaseRow{Reference: wc.Reference, Name: wc.ComplainantName, Status: l.Word("wstatus", wc.Status),
			Channel: l.Word("channel", wc.Channel), Received: l.Date(wc.ReceivedOn.String()),
			Handler: wc.HandlerName, Organisations: wc.Organisations}
		if wc.Mine {
			r.Handler = l.T("work.col.you")
		}
		if wc.Status == string(casework.StatusReceived) || wc.Status == string(casework.StatusInTreatment) {
			last := wc.HandlingLastDay
			if p.List == casework.WorkInadmissibility {
				last = wc.InadmissibilityLastDay
			}
			r.LastDay = l.Date(last.String())
			r.Left, r.Urgent = handlingLeft(l, today, last)
		}
		rows = append(rows, r)
	}
	return rows
}

// workList builds the view of one page of a list. alone: the list is shown by itself, its caption
// says the page.
func workList(l core.Lang, today term.Date, p postgres.WorkPage, mine, alone bool) *workListView {
	title := l.T(workListKeys[p.List])
	v := &workListView{L: l, ID: workListIDs[p.List], Heading: title}
	if p.Search != "" {
		v.ID = "zoekresultaten"
	}
	caption := title
	if alone || p.Pages > 1 {
		caption = fmt.Sprintf(l.T("work.list.caption"), title, p.Page, p.Pages)
	}
	v.Table = workTable{L: l, ID: v.ID, Caption: caption, Name: p.Search != "", Rows: workRows(l, today, p)}
	if p.List == casework.WorkNoAddress {
		v.Table.Anchor = "#sc-contact"
	}
	if len(p.Rows) == 0 {
		v.Empty = l.T("work.list.none")
		if p.Page > 1 {
			v.Empty = l.T("work.list.empty")
			if p.Search == "" {
				v.FirstPage = workURL(l, p.List, 1, mine)
			}
		}
	}
	if p.Pages > 1 || p.Page > 1 {
		pg := &workPager{L: l, Label: fmt.Sprintf(l.T("work.page.nav"), title), Of: fmt.Sprintf(l.T("work.page.of"), min(p.Page, p.Pages), p.Pages)}
		if p.Search != "" {
			pg.Post, pg.Term, pg.List, pg.Mine = true, p.Search, string(p.List), mine
			if p.Page > 1 {
				pg.PrevPage = min(p.Page-1, p.Pages)
			}
			if p.Page < p.Pages {
				pg.NextPage = p.Page + 1
			}
		} else {
			if p.Page > 1 {
				pg.Prev = workURL(l, p.List, min(p.Page-1, p.Pages), mine)
			}
			if p.Page < p.Pages {
				pg.Next = workURL(l, p.List, p.Page+1, mine)
			}
		}
		v.Pager = pg
	}
	return v
}

// workQuery reads ?lijst, ?pagina and ?mijn; false for a list or page that does not exist.
func workQuery(c *gin.Context) (casework.WorkQuery, bool) {
	q := casework.WorkQuery{List: casework.WorkList(c.Query("lijst")), OnlyMine: c.Query("mijn") == "1"}
	n, err := api.WorkPageNumber(c.Query("pagina"), "pagina")
	if err != nil {
		return q, false
	}
	q.Page = n
	if q.List != "" {
		if _, ok := workListKeys[q.List]; !ok {
			return q, false
		}
	}
	return q, true
}

// WorkList is the staff's start page: the counts and the handler's cases, or with ?lijst= one list.
func (s *Server) WorkList(c *gin.Context) {
	l := core.PageLang(c)
	q, ok := workQuery(c)
	if !ok {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	s.renderWork(c, l, http.StatusOK, q, workSearchForm{})
}

// WorkSearch shows the cases whose reference or complainant's name holds the term: a POST, rendered
// directly, so that the term stays out of the URL; paging is by form too. A term too short or too
// long comes back at the field.
func (s *Server) WorkSearch(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	f := c.Request.PostForm
	form := workSearchForm{Value: f.Get("zoek")}
	q := casework.WorkQuery{List: casework.WorkList(f.Get("lijst")), OnlyMine: f.Get("mijn") == "1", Search: form.Value}.Normalize()
	if q.List == "" || q.List == casework.WorkMine && f.Get("lijst") == "" {
		q.List = casework.WorkAll
	}
	n, err := api.WorkPageNumber(f.Get("pagina"), "pagina")
	q.Page = n
	if _, known := workListKeys[q.List]; err != nil || !known {
		s.PageError(c, l, http.StatusUnprocessableEntity)
		return
	}
	switch chars := utf8.RuneCountInString(q.Search); {
	case !utf8.ValidString(q.Search) || strings.ContainsFunc(q.Search, unicode.IsControl):
		form.Error = l.T("work.search.invalid")
		form.Value = ""
	case chars < casework.MinWorkSearch:
		form.Error = l.T("work.search.short")
	case chars > casework.MaxWorkSearch:
		form.Error = l.T("work.search.long")
	}
	if form.Error != "" {
		s.renderWork(c, l, http.StatusUnprocessableEntity, casework.WorkQuery{}, form)
		return
	}
	s.renderWork(c, l, http.StatusOK, q, form)
}

// renderWork renders the worklist: with q.List (or a search) one list alone, else the handler's
// cases, the failed letters and the support requests.
func (s *Server) renderWork(c *gin.Context, l core.Lang, status int, q casework.WorkQuery, form workSearchForm) {
	ctx := c.Request.Context()
	a := core.Actor(c)
	counts, err := s.Store.WorkCounts(ctx, a.UserID)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	today := counts.Today
	v := &workView{Counts: workCounts(l, counts), Search: form}
	q.HandlerID = a.UserID
	switch {
	case q.List != "" && form.Error == "":
		page, err := s.Store.WorkCases(ctx, a, q)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		v.One = workList(l, today, page, q.OnlyMine, true)
		if q.Search != "" {
			v.Search.Found = fmt.Sprintf(l.T("work.search.found"), page.Total, q.Search)
			if page.Total == 0 {
				v.Search.Found = fmt.Sprintf(l.T("work.search.none"), q.Search)
			}
			v.One.Heading = l.T("work.search.h2")
		}
	default:
		for _, list := range []casework.WorkList{casework.WorkMine, casework.WorkAdvised} {
			page, err := s.Store.WorkCases(ctx, a, casework.WorkQuery{List: list, HandlerID: a.UserID})
			if err != nil {
				s.PageFail(c, l, err)
				return
			}
			lv := workList(l, today, page, false, false)
			lv.Heading = fmt.Sprintf("%s (%d)", lv.Heading, page.Total)
			if list == casework.WorkMine {
				v.Mine = lv
			} else {
				lv.Intro = l.T("work.advised.intro")
				v.Advised = lv
			}
		}
		if err := s.workLetters(c, l, v, counts.FailedLetters); err != nil {
			s.PageFail(c, l, err)
			return
		}
		if err := s.workRequests(c, l, v); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	if c.Query("klaar") == "opnieuw" {
		v.Done = l.T("work.done.retry")
	}
	if u, _ := core.User(c); u.Role == casework.RoleAdmin && v.One == nil { // the files due for destruction (retention.go)
		if v.DestroyDue, err = s.destroyDueWords(c, l, today); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	p := newPage(l, "work.title", "work") // the language menu links this address (languageMenu)
	if form.Error != "" {
		p.HasErrors = true
		p.Problems = []problemLink{{Field: "zoek", Message: form.Error}}
	}
	p.Work = v
	s.render(c, status, "worklist", p)
}

// workLetters fills the failed letters of the page asked for (?mislukt=N; keyset pages of
// casework.WorkPerPage, oldest first).
func (s *Server) workLetters(c *gin.Context, l core.Lang, v *workView, total int) error {
	page, err := api.WorkPageNumber(c.Query("mislukt"), "mislukt")
	if err != nil {
		page = 1
	}
	var after int64
	var list []postgres.NoticeSummary
	// Walk the pages before: the keyset of the notices' list does not skip by number.
	for range page {
		if list, err = s.Store.Notices(c.Request.Context(), postgres.NoticeFilter{Status: "failed", Limit: casework.WorkPerPage, After: after}); err != nil {
			return err
		}
		if len(list) == 0 {
			break
		}
		after = list[len(list)-1].ID
	}
	for _, n := range list {
		v.Failed = append(v.Failed, workNoticeRow{ID: n.ID, Reference: n.Reference, Kind: l.Word("letter", n.Kind),
			Recipient: l.Word("recipient", n.Recipient), Created: l.Day(n.CreatedAt), Error: n.LastError})
	}
	v.FailedPager = pageLinks(l, "work.failed.h2", page, casework.WorkPages(total), func(n int) string {
		return withParam(l, "mislukt", n) + "#mislukt"
	})
	return nil
}

// workRequests fills the support requests waiting, a page (?hulp=N) of casework.WorkPerPage.
func (s *Server) workRequests(c *gin.Context, l core.Lang, v *workView) error {
	page, err := api.WorkPageNumber(c.Query("hulp"), "hulp")
	if err != nil {
		page = 1
	}
	list, total, err := s.Store.WatchedSupportRequests(c.Request.Context(), min(page, 20)*casework.WorkPerPage)
	if err != nil {
		return err
	}
	from := min((page-1)*casework.WorkPerPage, len(list))
	v.Requests = workRequests(l, list[from:])
	v.RequestsPager = pageLinks(l, "req.work.h2", page, casework.WorkPages(total), func(n int) string {
		return withParam(l, "hulp", n) + "#hulpvragen"
	})
	return nil
}

// withParam is the worklist's address with one paging parameter.
func withParam(l core.Lang, name string, n int) string {
	q := url.Values{}
	if n > 1 {
		q.Set(name, strconv.Itoa(n))
	}
	if l.EN() {
		q.Set("lang", "en")
	}
	if len(q) == 0 {
		return "/werk"
	}
	return "/werk?" + q.Encode()
}

// pageLinks is the paging of a section of the worklist, nil when it fits on one page.
func pageLinks(l core.Lang, titleKey string, page, pages int, at func(int) string) *workPager {
	if pages <= 1 && page <= 1 {
		return nil
	}
	pg := &workPager{L: l, Label: fmt.Sprintf(l.T("work.page.nav"), l.T(titleKey)), Of: fmt.Sprintf(l.T("work.page.of"), min(page, pages), pages)}
	if page > 1 {
		pg.Prev = at(min(page-1, pages))
	}
	if page < pages {
		pg.Next = at(page + 1)
	}
	return pg
}

// ReadAnswerPage: the handler marks an organisation's answer read, from the case page; back to
// the advice on the case page.
func (s *Server) ReadAnswerPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	ref, ok := caseReference(c)
	if !ok {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	id, err := api.AdviceID(c)
	if err == nil {
		var of string
		if of, err = s.Store.AdviceReference(c.Request.Context(), id); err == nil && !strings.EqualFold(of, ref) {
			err = casework.Errorf(casework.CodeNotFound, "No advice with this id on this complaint.")
		}
		ref = of
	}
	if err == nil {
		err = s.Store.ReadAdviceAnswer(c.Request.Context(), core.Actor(c), id)
	}
	switch {
	case err == nil:
		q := "?klaar=gelezen"
		if l.EN() {
			q += "&lang=en"
		}
		c.Redirect(http.StatusSeeOther, casePath(ref)+q+fmt.Sprintf("#advies-%d", id))
	case casework.ErrorCode(err) == casework.CodeConflict:
		s.PageErrorText(c, l, http.StatusConflict, "work.answer.e409")
	default:
		s.PageFail(c, l, err)
	}
}

// markUnreadAnswers marks on the case page the advices whose answer the handler has not read yet,
// each with the form that marks it read; only for the case's handler, who alone may. The complaint's
// advices carry whether their answer is unread (loaded with the complaint: no extra round trip).
func markUnreadAnswers(c *gin.Context, cp casework.Complaint, v *staffCaseView) {
	if cp.HandlerID == nil || *cp.HandlerID != core.Actor(c).UserID || len(v.Advices) == 0 {
		return
	}
	unread := map[int64]bool{}
	for _, a := range cp.Advices {
		unread[a.ID] = a.AnswerUnread
	}
	for i := range v.Advices {
		v.Advices[i].AnswerUnread = unread[v.Advices[i].ID]
	}
}
