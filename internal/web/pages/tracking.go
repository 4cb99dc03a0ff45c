package pages

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// A resident who lost the tracking code asks for a new one (issue 14, point 1): /status/nieuwe-code
// takes the reference and the e-mail address or postcode on file, and always answers the same on
// /status/nieuwe-code/verstuurd (POST-redirect-GET, nothing personal in the address). On a match the
// store gives the case a new code, the old one stops working, and the new code goes to the address
// on file only. The requests count in the API's limiter, per client and per reference.

// trackingPages are the templates of these pages.
var trackingPages = []string{"newcode", "newcode_sent"}

// newCodeForm is the form as typed, with its errors per field.
type newCodeForm struct {
	Reference, EmailOrPostcode   string
	ReferenceError, ContactError string
}

// callText is a text that sends the resident to the meldpunt's phone: its number fills the slot
// {telefoon} when the page is rendered (core.FillPhone).
func (s *Server) callText(l core.Lang, key string) string { return l.T(key) }

// newCodePage renders the form: 200, 422 with an error summary, or 429 when the client or the
// reference asked too often.
func (s *Server) newCodePage(c *gin.Context, l core.Lang, status int, f newCodeForm) {
	p := newPage(l, "newcode.title", "status")
	p.NewCode = &f
	if f.ReferenceError != "" {
		p.Problems = append(p.Problems, problemLink{Field: "reference", Message: f.ReferenceError})
	}
	if f.ContactError != "" {
		p.Problems = append(p.Problems, problemLink{Field: "email_or_postcode", Message: f.ContactError})
	}
	switch status {
	case http.StatusOK:
		p.menuAt("/status/nieuwe-code")
	case http.StatusTooManyRequests:
		p.HasErrors = true
		p.ProblemsHeading = l.T("newcode.limited.h")
		p.Problems = append(p.Problems, problemLink{Message: s.callText(l, "newcode.limited")})
	default:
		p.HasErrors = true
	}
	s.render(c, status, "newcode", p)
}

// NewCodeFormPage shows the form to ask for a new tracking code.
func (s *Server) NewCodeFormPage(c *gin.Context) {
	s.newCodePage(c, core.PageLang(c), http.StatusOK, newCodeForm{})
}

// NewCodeRequest asks for a new tracking code and redirects to the one answer for every outcome.
func (s *Server) NewCodeRequest(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	f := newCodeForm{Reference: strings.TrimSpace(c.Request.PostForm.Get("reference")),
		EmailOrPostcode: strings.TrimSpace(c.Request.PostForm.Get("email_or_postcode"))}
	if s.NewCodeClientBlocked(c) {
		s.newCodePage(c, l, http.StatusTooManyRequests, f)
		return
	}
	v := api.CheckNewCode(api.NewCodeRequest{Reference: f.Reference, EmailOrPostcode: f.EmailOrPostcode})
	for _, fe := range v.Fields {
		msg := l.T("newcode.invalid")
		switch {
		case strings.HasPrefix(fe.Message, "is required"):
			msg = l.T(map[string]string{"reference": "newcode.req.reference", "email_or_postcode": "newcode.req.contact"}[fe.Field])
		case strings.HasPrefix(fe.Message, "is too long"):
			msg = l.T("status.toolong")
		}
		if fe.Field == "reference" {
			f.ReferenceError = msg
		} else {
			f.ContactError = msg
		}
	}
	if len(v.Fields) > 0 {
		s.newCodePage(c, l, http.StatusUnprocessableEntity, f)
		return
	}
	if err := s.AskNewCode(c, api.NewCodeRequest{Reference: f.Reference, EmailOrPostcode: f.EmailOrPostcode}); err != nil {
		if casework.ErrorCode(err) == casework.CodeRateLimited {
			s.newCodePage(c, l, http.StatusTooManyRequests, f)
			return
		}
		s.PageFail(c, l, err)
		return
	}
	c.Redirect(http.StatusSeeOther, l.URL("/status/nieuwe-code/verstuurd"))
}

// NewCodeSentPage is the answer to every request for a new code, whether or not it matched.
func (s *Server) NewCodeSentPage(c *gin.Context) {
	l := core.PageLang(c)
	p := newPage(l, "newcode.sent.title", "status").menuAt("/status/nieuwe-code/verstuurd")
	p.NewCode = &newCodeForm{}
	p.Message = s.callText(l, "newcode.sent.nothing")
	s.render(c, http.StatusOK, "newcode_sent", p)
}
