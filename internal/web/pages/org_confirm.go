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

func init() {
	core.AddTexts(map[string][2]string{
		"orgc.title":         {"Weet u het zeker? Advies bij klacht %s", "Are you sure? Advice on complaint %s"},
		"orgc.h1":            {"Weet u zeker dat u het advies aanvaardt?", "Are you sure you want to accept the advice?"},
		"orgc.intro":         {"U staat op het punt het bindend advies bij klacht %s te aanvaarden. Lees eerst wat er dan gebeurt.", "You are about to accept the binding advice on complaint %s. First read what happens then."},
		"orgc.then.h2":       {"Wat er gebeurt als u aanvaardt", "What happens when you accept"},
		"orgc.then.binding":  {"Het advies is bindend: uw organisatie moet het helemaal uitvoeren, zoals het er staat.", "The advice is binding: your organisation must carry it out in full, as it is written."},
		"orgc.then.when":     {"Voer het advies zo snel mogelijk uit, en op tijd als het advies een datum noemt. Meld op deze pagina dat het is uitgevoerd.", "Carry out the advice as soon as possible, and on time if the advice names a date. Report on this page that it has been carried out."},
		"orgc.then.resident": {"De klager krijgt een brief dat uw organisatie het advies aanvaardt. Wie de klager helpt, krijgt een kopie.", "The complainant gets a letter saying that your organisation accepts the advice. Whoever helps the complainant gets a copy."},
		"orgc.then.final":    {"U kunt het advies daarna niet meer afwijzen.", "You can no longer reject the advice after that."},
		"orgc.intime":        {"U kunt nog kiezen tot en met %s. Twijfelt u? Ga dan terug: er verandert nog niets.", "You can still choose up to and including %s. In doubt? Then go back: nothing changes yet."},
		"orgc.confirm":       {"Ja, advies aanvaarden", "Yes, accept the advice"},
		"orgc.cancel":        {"Nee, terug naar het advies", "No, back to the advice"},
	})
}
