package pages

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// What a resident needs before complaining, besides the form: the home page's terms and routes
// (the handling term, the copy to the organisation, objection instead of complaint), the contact
// page (/contact: phone, visiting and postal address, opening hours, e-mail; configuration:
// MELDPUNT_LETTERHEAD_*, MELDPUNT_VISITING_ADDRESS, MELDPUNT_OPENING_HOURS[_EN]) and the
// accessibility statement (/toegankelijkheid, after the model of digitoegankelijk.nl). Every page's
// footer links the contact page, the privacy statement and the accessibility statement; texts that
// tell people to call carry core.PhoneSlot, which render fills with the configured number.

// publicInfoPages are the templates of this file.
var publicInfoPages = []string{"contact", "accessibility"}

// A11yStatementDate is the day the accessibility statement was drawn up (and last reviewed): change
// it with the statement's text.
const A11yStatementDate = "2026-12-07"

// homeView is what the home page says of the terms: the handling term and the longest postponement,
// in weeks when they are whole weeks.
type homeView struct {
	HandlingTerm, Postponement string
}

// homeView returns the home page's terms in language l from the configured handling term.
func (s *Server) homeView(l core.Lang) *homeView {
	return &homeView{HandlingTerm: termWords(l, s.Store.Terms().HandlingDays),
		Postponement: termWords(l, casework.MaxFirstPostponementDays)}
}

// termWords writes a term of days as people say it: "6 weken" for 42 days, "45 dagen" otherwise.
func termWords(l core.Lang, days int) string {
	if days%7 == 0 {
		return fmt.Sprintf(l.T("home.weeks"), days/7)
	}
	return fmt.Sprintf(l.T("home.days"), days)
}

// ContactPage shows how to reach the meldpunt.
func (s *Server) ContactPage(c *gin.Context) {
	l := core.PageLang(c)
	p := newPage(l, "contact.title", "contact").menuAt("/contact")
	d := s.Contact()
	p.Contact = &d
	s.render(c, http.StatusOK, "contact", p)
}

// AccessibilityPage shows the accessibility statement.
func (s *Server) AccessibilityPage(c *gin.Context) {
	l := core.PageLang(c)
	p := newPage(l, "a11y.title", "accessibility").menuAt("/toegankelijkheid")
	d := s.Contact()
	p.Contact = &d
	p.Stated = l.Date(A11yStatementDate)
	priv := s.Cfg.Privacy
	p.Privacy = &priv
	s.render(c, http.StatusOK, "accessibility", p)
}
