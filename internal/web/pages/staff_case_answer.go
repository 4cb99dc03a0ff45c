package pages

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// The forms of the case page that belong to the handler's independence and to answers on paper:
// the take-over of a case by a colleague who declares not to have been involved (Awb 9:7), and, on
// each advice, the organisation's answer (accept, or reject with reasons) and its confirmation of
// execution as they reached the meldpunt by post, e-mail, phone or at the counter. The store
// decides whether an answer was on time from the day it was received, and corrects an enforcement
// when it was.

// Names of these forms (casePostedForm.form); the answer forms carry the advice's id.
const (
	formTakeOver        = "overnemen"
	formAnswerPrefix    = "antwoord-"
	formExecutionPrefix = "uitvoering-"
)

// caseTakeOverForm makes the signed-in staff member the handler of a case another handles.
type caseTakeOverForm struct {
	NotInvolved  bool
	DeclareError string
	Reason       caseInput
}

// caseAnswerForm records an organisation's answer to one advice: accept or reject (with reasons
// and a ground), the day it reached the meldpunt and how.
type caseAnswerForm struct {
	Answer     caseRadios
	Reasons    caseInput
	Ground     caseRadios
	ReceivedOn caseInput
	Channel    caseRadios
}

// caseExecutionForm records that the organisation reported the advice as carried out.
type caseExecutionForm struct {
	Note       caseInput
	ReceivedOn caseInput
	Channel    caseRadios
}

// answerFormAllowed reports whether a complaint in status st accepts a per-advice form: only an
// advised complaint has advices that wait for an answer or an execution.
func answerFormAllowed(st casework.Status, form string) bool {
	return st == casework.StatusAdvised &&
		(strings.HasPrefix(form, formAnswerPrefix) || strings.HasPrefix(form, formExecutionPrefix))
}

// isHandler reports whether the viewer may take the handler-only actions on the case: nobody
// handles it yet, or the viewer does.
func isHandler(cp casework.Complaint, viewer int64) bool {
	return cp.HandlerID == nil || *cp.HandlerID == viewer
}

// channelRadios is the group of answer channels of a form.
func channelRadios(l core.Lang, in *casePostedForm, form, prefix string) caseRadios {
	var values, labels []string
	for _, c := range casework.AnswerChannels {
		values, labels = append(values, string(c)), append(labels, l.T("sc.answer.channel."+string(c)))
	}
	return in.radios(form, prefix+"-channel", "channel", l.T("sc.answer.channel"), "", "", values, labels)
}

// addAnswerForms adds, for the handler, the take-over form when someone else handles the case, and
// the answer and execution forms of each advice that can still take them.
func (v *staffCaseView) addAnswerForms(l core.Lang, cp casework.Complaint, fc caseFormContext, in *casePostedForm) {
	if !isHandler(cp, fc.viewer) {
		v.HandledBy = fmt.Sprintf(l.T("sc.handledby"), cp.HandlerName)
		if caseAllows(cp.Status, casework.ActionTakeOver) {
			f := &caseTakeOverForm{NotInvolved: in.is(formTakeOver) && in.values.Get("not_involved") != "",
				DeclareError: in.errorOf("takeover-not_involved")}
			f.Reason = in.input(l, formTakeOver, "takeover-reason", "reason", "textarea", "sc.takeover.reason", "sc.takeover.reason.h", "", true)
			f.Reason.Rows = 3
			v.TakeOver = f
		}
		return
	}
	if cp.Status != casework.StatusAdvised {
		return
	}
	for i, a := range cp.Advices {
		av := &v.Advices[i]
		prefix := fmt.Sprintf("a%d", a.ID)
		switch a.Status {
		case casework.AdviceIssued, casework.AdviceEnforced:
			form := formAnswerPrefix + strconv.FormatInt(a.ID, 10)
			f := &caseAnswerForm{
				Answer: in.radios(form, prefix+"-answer", "answer", l.T("sc.answer.which"), "", "",
					[]string{"accept", "reject"}, []string{l.T("sc.answer.accept"), l.T("sc.answer.reject")}),
				Reasons:    in.input(l, form, prefix+"-reasons", "reasons", "textarea", "sc.answer.reasons", "sc.answer.reasons.h", "", false),
				ReceivedOn: in.input(l, form, prefix+"-received_on", "received_on", "date", "sc.answer.received_on", "", fc.today, true),
				Channel:    channelRadios(l, in, form, prefix),
			}
			f.ReceivedOn.Help = fmt.Sprintf(l.T("sc.answer.received_on.h"), l.Date(a.RespondBy))
			var grounds, labels []string
			for _, g := range casework.RejectionGrounds {
				grounds, labels = append(grounds, string(g)), append(labels, l.Word("rground", string(g)))
			}
			f.Ground = in.radios(form, prefix+"-ground", "ground", l.T("sc.answer.ground"), "", "", grounds, labels)
			av.Answer = f
		case casework.AdviceAccepted:
		default:
			continue
		}
		if a.Status == casework.AdviceAccepted || a.Status == casework.AdviceEnforced {
			form := formExecutionPrefix + strconv.FormatInt(a.ID, 10)
			f := &caseExecutionForm{
				Note:       in.input(l, form, prefix+"-note", "note", "textarea", "sc.execution.note", "", "", false),
				ReceivedOn: in.input(l, form, prefix+"-exec_received_on", "received_on", "date", "sc.execution.received_on", "", fc.today, true),
				Channel:    channelRadios(l, in, form, prefix+"-exec"),
			}
			f.Note.Rows = 3
			av.Execution = f
		}
	}
}

// answerAdvice finds the advice of the :id parameter among the complaint's advices.
func answerAdvice(c *gin.Context, cp casework.Complaint) (casework.Advice, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	for _, a := range cp.Advices {
		if err == nil && a.ID == id {
			return a, nil
		}
	}
	return casework.Advice{}, casework.Errorf(casework.CodeNotFound, "No advice with this id on this complaint.")
}

// answerFields places the store's field errors of an answer form on the page.
func answerFields(l core.Lang, prefix, channelID, receivedID string) caseFieldMapper {
	return func(fe casework.FieldError) (string, string) {
		switch fe.Field {
		case "received_on":
			return receivedID, l.T("sc.answer.err.received_on")
		case "channel":
			return channelID, l.T("sc.answer.err.channel")
		case "reasons":
			return prefix + "-reasons", reasonsMessage(l, fe.Message)
		case "ground":
			return prefix + "-ground-" + string(casework.RejectionGrounds[0]), l.T("sc.answer.err.ground")
		case "note":
			return prefix + "-note", caseTextMessage(l, fe.Message, "err.generic")
		}
		return "", ""
	}
}

// answerRefusal is the message for a refused answer: why, in words, for the page's 409.
func answerRefusal(l core.Lang, a casework.Advice, err error) string {
	switch casework.ErrorCode(err) {
	case casework.CodeDeadlinePassed:
		return fmt.Sprintf(l.T("sc.answer.err.late"), l.Date(a.RespondBy))
	case casework.CodeInvalidTransition, casework.CodeConflict:
		return fmt.Sprintf(l.T("sc.answer.err.state"), l.Word("sc.astatus", string(a.Status)))
	}
	return ""
}

// staffCaseAnswer records the organisation's answer to an advice as it came in on paper.
func (s *Server) staffCaseAnswer(c *gin.Context) {
	s.caseAction(c, formAnswerPrefix+c.Param("id"), "antwoord", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		a, err := answerAdvice(c, cp)
		if err != nil {
			return nil, err
		}
		prefix := fmt.Sprintf("a%d", a.ID)
		r := casework.AnswerReceipt{ReceivedOn: p.values.Get("received_on"), Channel: casework.AnswerChannel(p.values.Get("channel"))}
		ctx := c.Request.Context()
		switch p.values.Get("answer") {
		case "accept":
			_, err = s.Store.AcceptAdvice(ctx, core.Actor(c), a.ID, r)
		case "reject":
			// The ground is never chosen for the organisation (org_confirm.go).
			if err = rejectionGroundChosen(p.values.Get("ground"), p.values.Get("reasons")); err != nil {
				err = casework.JoinValidation(err, r.CheckAnswerer(core.Actor(c).Role))
				break
			}
			_, err = s.Store.RejectAdvice(ctx, core.Actor(c), a.ID,
				casework.Rejection{Reasons: p.values.Get("reasons"), Ground: casework.RejectionGround(p.values.Get("ground"))}, r)
		default:
			err = &casework.Error{Code: casework.CodeValidation, Fields: []casework.FieldError{{Field: "answer", Message: "choose"}}}
		}
		p.refusal = answerRefusal(l, a, err)
		mapper := answerFields(l, prefix, prefix+"-channel-"+string(casework.AnswerChannels[0]), prefix+"-received_on")
		return func(fe casework.FieldError) (string, string) {
			if fe.Field == "answer" {
				return prefix + "-answer-accept", l.T("sc.answer.err.which")
			}
			return mapper(fe)
		}, err
	})
}

// staffCaseExecution records that the organisation reported the advice as carried out.
func (s *Server) staffCaseExecution(c *gin.Context) {
	s.caseAction(c, formExecutionPrefix+c.Param("id"), "uitgevoerd", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		a, err := answerAdvice(c, cp)
		if err != nil {
			return nil, err
		}
		prefix := fmt.Sprintf("a%d", a.ID)
		r := casework.AnswerReceipt{ReceivedOn: p.values.Get("received_on"), Channel: casework.AnswerChannel(p.values.Get("channel"))}
		_, err = s.Store.ConfirmExecution(c.Request.Context(), core.Actor(c), a.ID, p.values.Get("note"), r)
		p.refusal = answerRefusal(l, a, err)
		return answerFields(l, prefix, prefix+"-exec-channel-"+string(casework.AnswerChannels[0]), prefix+"-exec_received_on"), err
	})
}

// staffCaseTakeOver makes the signed-in staff member the case's handler.
func (s *Server) staffCaseTakeOver(c *gin.Context) {
	s.caseAction(c, formTakeOver, "overgenomen", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		err := s.Store.TakeOver(c.Request.Context(), core.Actor(c), cp.Reference,
			casework.TakeOver{NotInvolved: p.values.Get("not_involved") != "", Reason: p.values.Get("reason")})
		if casework.ErrorCode(err) == casework.CodeConflict {
			p.refusal = l.T("sc.takeover.err.own")
		}
		return func(fe casework.FieldError) (string, string) {
			switch fe.Field {
			case "not_involved":
				return "takeover-not_involved", l.T("sc.err.not_involved")
			case "reason":
				return "takeover-reason", caseTextMessage(l, fe.Message, "sc.takeover.err.reason")
			}
			return "", ""
		}, err
	})
}
