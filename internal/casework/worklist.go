package casework

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The staff's worklist for the day: counts at the top, each a link to a list of cases; every list
// paged (WorkPerPage a page) and searchable by reference or the complainant's name.

// WorkList is one list of the worklist: which cases it holds.
type WorkList string

// The worklist's lists. Those about the handling term and hearings hold everybody's cases unless
// the query asks for the handler's own (WorkQuery.OnlyMine); WorkMine and WorkAdvised are always the
// handler's own.
const (
	// WorkToTakeUp: complaints nobody has taken up yet (status received), the longest waiting first.
	WorkToTakeUp WorkList = "take_up"
	// WorkNew: those of WorkToTakeUp received since the start of the previous working day
	// (Europe/Amsterdam): what came in since the handler last worked.
	WorkNew WorkList = "new"
	// WorkMine: the handler's own open cases (received or in treatment), the nearest term first.
	WorkMine WorkList = "mine"
	// WorkAdvised: the handler's advised cases, waiting for organisations to answer or carry out
	// the advice.
	WorkAdvised WorkList = "advised"
	// WorkHearings: cases with a hearing this week (Monday to Sunday, Europe/Amsterdam).
	WorkHearings WorkList = "hearings"
	// WorkEnding: cases still received or in treatment whose handling term ends today or within
	// WorkWithinDays days.
	WorkEnding WorkList = "ending"
	// WorkOverdue: cases still received or in treatment whose handling term has passed.
	WorkOverdue WorkList = "overdue"
	// WorkInadmissibility: cases still received or in treatment whose four weeks of Awb 9:8 end
	// within WorkWithinDays days or have passed.
	WorkInadmissibility WorkList = "inadmissibility"
	// WorkAnswered: cases with an organisation's answer (accepted, rejected) the handler has not
	// read yet.
	WorkAnswered WorkList = "answered"
	// WorkAdvicesDue: cases with an advice still open whose last day is within WorkWithinDays days.
	WorkAdvicesDue WorkList = "advices_due"
	// WorkAdvicesOverdue: cases with an advice past its term: enforced and awaiting confirmation of
	// execution, or still issued after its deadline (the sweep has yet to run).
	WorkAdvicesOverdue WorkList = "advices_overdue"
	// WorkNoAddress: cases with a letter waiting for an address.
	WorkNoAddress WorkList = "no_address"
	// WorkAll: every case, of any status (with a search: the search of the whole register).
	WorkAll WorkList = "all"
)

// WorkLists are the worklist's lists.
var WorkLists = []WorkList{WorkToTakeUp, WorkNew, WorkMine, WorkAdvised, WorkHearings, WorkEnding, WorkOverdue,
	WorkInadmissibility, WorkAnswered, WorkAdvicesDue, WorkAdvicesOverdue, WorkNoAddress, WorkAll}

// WorkPerPage is the number of cases on one page of a list.
const WorkPerPage = 25

// WorkWithinDays is how many days ahead the worklist looks for terms ending.
const WorkWithinDays = 5

// MinWorkSearch and MaxWorkSearch bound a search term, in characters.
const (
	MinWorkSearch = 2
	MaxWorkSearch = 100
)

// AccessSearch: a member of staff saw the case among the results of a search (its reference and
// the complainant's name), in the access log like an opening of the case.
const AccessSearch AccessVia = "search"

// WorkQuery asks for one page of one list of the worklist. HandlerID is the signed-in member of
// staff; OnlyMine keeps the handler's own cases; Search (optional) keeps the cases whose reference
// or complainant's name holds it, case-insensitively; Page is 1-based.
type WorkQuery struct {
	List      WorkList
	HandlerID int64
	OnlyMine  bool
	Search    string
	Page      int
}

// Normalize trims the search term and turns an empty list into WorkAll when searching and
// WorkMine otherwise, and page 0 into 1.
func (q WorkQuery) Normalize() WorkQuery {
	q.Search = strings.Join(strings.Fields(q.Search), " ")
	if q.List == "" {
		q.List = WorkMine
		if q.Search != "" {
			q.List = WorkAll
		}
	}
	if q.Page == 0 {
		q.Page = 1
	}
	return q
}

// Validate checks a normalized query: a known list, a page of 1 or more, a search term of
// MinWorkSearch to MaxWorkSearch characters or none.
func (q WorkQuery) Validate() error {
	var v Validator
	known := false
	for _, l := range WorkLists {
		known = known || q.List == l
	}
	v.Check(known, "list", "must be one of the worklist's lists")
	v.Check(q.Page >= 1, "page", "must be 1 or more")
	n := utf8.RuneCountInString(q.Search)
	v.Check(q.Search == "" || (n >= MinWorkSearch && n <= MaxWorkSearch), "search",
		"must be between %d and %d characters", MinWorkSearch, MaxWorkSearch)
	v.Check(utf8.ValidString(q.Search) && !strings.ContainsFunc(q.Search, unicode.IsControl), "search",
		"must be text without control characters")
	return v.Err()
}

// WorkPages is the number of pages total rows fill (at least 1).
func WorkPages(total int) int {
	return max(1, (total+WorkPerPage-1)/WorkPerPage)
}
