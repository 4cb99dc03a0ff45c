package pages

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// Accepting an advice takes two steps. The first post of the accept button changes nothing: it
// answers the question "Weet u het zeker?" with what follows (the advice binds the organisation
// to carry it out in full, the resident is told, it cannot be undone), a button that confirms
// (bevestigd=ja) and a link back to the advice. Only the confirming post accepts. An advice that
// can no longer be answered goes straight to the store, which refuses it with the reason (409).

// orgConfirmView is the question before accepting.
type orgConfirmView struct {
	L         core.Lang
	ID        int64
	Reference string
	LastDay   string
}

// OrgAccept asks for confirmation, and accepts the advice once confirmed.
func (s *Server) OrgAccept(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	if c.Request.PostForm.Get("bevestigd") != "ja" {
		id, err := api.AdviceID(c)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		d, err := s.Store.Advice(c.Request.Context(), core.Actor(c), id)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		if d.Status == casework.AdviceIssued && s.Store.Now().Before(d.DeadlineAt) {
			q := &orgConfirmView{L: l, ID: d.ID, Reference: d.Complaint.Reference, LastDay: l.Date(d.RespondBy)}
			s.orgAdvicePage(c, l, http.StatusOK, id, &orgAdviceView{Confirming: q}, nil)
			return
		}
	}
	s.orgAct(c, "aanvaard", func(_ core.Lang, id int64, _ *orgAdviceView) error {
		_, err := s.Store.AcceptAdvice(c.Request.Context(), core.Actor(c), id, casework.AnswerReceipt{})
		return err
	})
}

// orgGroundChosen refuses the organisation's rejection without a ground while the advice can be
// answered; once it cannot, the store says why (the term ended, it was answered).
func (s *Server) orgGroundChosen(c *gin.Context, id int64, f *orgAdviceView) error {
	if f.GroundValue != "" {
		return nil
	}
	d, err := s.Store.Advice(c.Request.Context(), core.Actor(c), id)
	if err != nil {
		return err
	}
	if d.Status != casework.AdviceIssued || !s.Store.Now().Before(d.DeadlineAt) {
		return nil
	}
	return rejectionGroundChosen(f.GroundValue, f.ReasonsValue)
}

// rejectionGroundChosen refuses a rejection on a page without a ground, with the errors of its
// reasons if any: the pages never choose one for the organisation (the API keeps its default,
// other).
func rejectionGroundChosen(ground, reasons string) error {
	if ground != "" {
		return nil
	}
	e := &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields."}
	var re *casework.Error
	if errors.As(casework.CheckRejectionReasons(reasons), &re) {
		e.Fields = append(e.Fields, re.Fields...)
	}
	e.Fields = append(e.Fields, casework.FieldError{Field: "ground", Message: "choose the main reason"})
	return e
}
