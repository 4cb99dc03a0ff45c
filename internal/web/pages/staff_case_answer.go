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

func init() {
	core.AddTexts(map[string][2]string{
		"sc.handledby": {"Deze zaak wordt behandeld door %s. Alleen de behandelaar hoort partijen, verlengt, doet uitspraak en legt antwoorden vast. Wilt u dat zelf doen? Neem de zaak dan over.",
			"This case is handled by %s. Only the handler hears the parties, extends the term, decides and records answers. Do you want to do that yourself? Then take the case over."},
		"sc.takeover.h2":         {"Zaak overnemen", "Take the case over"},
		"sc.takeover.text":       {"U wordt de behandelaar. U verklaart dat u niet betrokken was bij waar de klacht over gaat (artikel 9:7 Awb). Uw naam en de reden komen in het verloop.", "You become the handler. You declare that you were not involved in what the complaint is about (article 9:7 Awb). Your name and the reason go into the timeline."},
		"sc.takeover.declare":    {"Ik was niet betrokken bij waar deze klacht over gaat", "I was not involved in what this complaint is about"},
		"sc.takeover.reason":     {"Waarom neemt u de zaak over?", "Why do you take the case over?"},
		"sc.takeover.reason.h":   {"Bijvoorbeeld: de behandelaar is met verlof.", "For example: the handler is on leave."},
		"sc.takeover.submit":     {"Zaak overnemen", "Take the case over"},
		"sc.takeover.err.reason": {"Schrijf op waarom u de zaak overneemt.", "Write down why you take the case over."},
		"sc.takeover.err.own":    {"U behandelt deze zaak al.", "You already handle this case."},
		"sc.err.handler":         {"Deze zaak wordt behandeld door %s. Alleen de behandelaar kan dit doen. Neem de zaak eerst over.", "This case is handled by %s. Only the handler can do this. Take the case over first."},
		"sc.done.overgenomen":    {"U bent nu de behandelaar van deze zaak.", "You are now the handler of this case."},
		"sc.done.antwoord":       {"Het antwoord van de organisatie is vastgelegd.", "The organisation's answer has been recorded."},
		"sc.done.uitgevoerd":     {"Vastgelegd: de organisatie heeft het advies uitgevoerd.", "Recorded: the organisation has carried out the advice."},

		"sc.answer.h4":              {"Antwoord van de organisatie vastleggen", "Record the organisation's answer"},
		"sc.answer.text":            {"Kwam het antwoord per brief, e-mail, telefoon of aan de balie? Leg het hier vast. Het telt als op tijd als het uiterlijk op de laatste dag bij het meldpunt binnenkwam, ook als u het later vastlegt. Was het advies al onverkort verklaard, dan wordt dat gecorrigeerd en krijgen klager, ondersteuner en organisatie een brief.", "Did the answer come by letter, e-mail, phone or at the desk? Record it here. It counts as on time when it reached the meldpunt on or before the last day, even when you record it later. If the advice was already declared enforced, that is corrected and the complainant, supporter and organisation get a letter."},
		"sc.answer.which":           {"Wat antwoordt de organisatie?", "What does the organisation answer?"},
		"sc.answer.accept":          {"De organisatie neemt het advies aan", "The organisation accepts the advice"},
		"sc.answer.reject":          {"De organisatie wijst het advies af, met redenen", "The organisation rejects the advice, with reasons"},
		"sc.answer.reasons":         {"Redenen van de organisatie (bij afwijzen)", "The organisation's reasons (when it rejects)"},
		"sc.answer.reasons.h":       {"Neem de redenen over zoals de organisatie ze gaf. De klager krijgt ze schriftelijk.", "Copy the reasons as the organisation gave them. The complainant receives them in writing."},
		"sc.answer.ground":          {"Soort reden (bij afwijzen)", "Kind of reason (when it rejects)"},
		"sc.answer.received_on":     {"Ontvangen op", "Received on"},
		"sc.answer.received_on.h":   {"De dag waarop het antwoord bij het meldpunt binnenkwam. Laatste dag van de termijn: %s.", "The day the answer reached the meldpunt. Last day of the term: %s."},
		"sc.answer.channel":         {"Hoe kwam het antwoord binnen?", "How did the answer come in?"},
		"sc.answer.channel.letter":  {"Per brief", "By letter"},
		"sc.answer.channel.email":   {"Per e-mail", "By e-mail"},
		"sc.answer.channel.phone":   {"Telefonisch", "By phone"},
		"sc.answer.channel.counter": {"Aan de balie", "At the desk"},
		"sc.answer.submit":          {"Antwoord vastleggen", "Record the answer"},
		"sc.answer.err.which":       {"Kies of de organisatie het advies aanneemt of afwijst.", "Choose whether the organisation accepts or rejects the advice."},
		"sc.answer.err.received_on": {"Vul de dag in waarop het antwoord binnenkwam: niet in de toekomst en niet vóór het advies.", "Fill in the day the answer came in: not in the future and not before the advice."},
		"sc.answer.err.channel":     {"Kies hoe het antwoord binnenkwam.", "Choose how the answer came in."},
		"sc.answer.err.ground":      {"Kies de soort reden.", "Choose the kind of reason."},
		"sc.answer.err.late":        {"Dit antwoord kwam na de laatste dag van de termijn (%s) binnen. Het telt niet: het advies moet onverkort worden uitgevoerd. Er is niets vastgelegd.", "This answer came in after the last day of the term (%s). It does not count: the advice must be carried out in full. Nothing was recorded."},
		"sc.answer.err.state":       {"Dit advies is nu %s. Er is niets vastgelegd.", "This advice is now %s. Nothing was recorded."},
		"sc.answer.via":             {"Antwoord binnengekomen", "Answer received"},
		"sc.answer.via.online":      {"online, via het portaal", "online, through the portal"},
		"sc.answer.corrected":       {"Onverkort verklaard, daarna gecorrigeerd", "Declared enforced, later corrected"},

		"sc.ruled.late":            {"(te laat: na de behandeltermijn)", "(late: after the handling term)"},
		"sc.execution.h4":          {"Uitvoering vastleggen", "Record the execution"},
		"sc.execution.text":        {"Meldde de organisatie per brief, e-mail, telefoon of aan de balie dat het advies is uitgevoerd? Leg het hier vast.", "Did the organisation report by letter, e-mail, phone or at the desk that the advice has been carried out? Record it here."},
		"sc.execution.note":        {"Wat heeft de organisatie gedaan? (mag leeg)", "What did the organisation do? (may be empty)"},
		"sc.execution.received_on": {"Melding ontvangen op", "Report received on"},
		"sc.execution.submit":      {"Uitvoering vastleggen", "Record the execution"},
	})
}
