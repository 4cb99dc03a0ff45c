package pages

import (
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// The correction of a complainant's personal data on the staff's case page ("Gegevens
// corrigeren"): contact details, postal address, the language of letters and the informal
// representative's details, with the reason of the request (postgres.Rectify).

// repContactFields are the informal representative's fields of the form, as named in the post.
var repContactFields = []struct{ name, kind, label string }{
	{"name", "text", "sc.contact.name"}, {"email", "email", "sc.contact.email"}, {"phone", "tel", "sc.contact.phone"},
	{"street", "text", "sc.contact.street"}, {"postcode", "text", "sc.contact.postcode"}, {"city", "text", "sc.contact.city"},
}

// informalRep is the informal representative who acts for the complainant now, if any.
func informalRep(cp casework.Complaint) *casework.Contact {
	if cp.SupporterID == nil && cp.Supporter != nil && cp.Supporter.Name != "" {
		return cp.Supporter
	}
	return nil
}

// addRectification adds the language, the representative's fields and the reason to the form.
func (f *caseContactForm) addRectification(l core.Lang, cp casework.Complaint, in *casePostedForm) {
	f.Language = in.radios(formContact, "contact-language", "language", l.T("sc.rect.language"), "", string(cp.Language),
		[]string{"nl", "en"}, []string{l.T("sc.rect.language.nl"), l.T("sc.rect.language.en")})
	if rep := informalRep(cp); rep != nil {
		was := map[string]string{"name": rep.Name, "email": rep.Email, "phone": rep.Phone, "street": rep.Street,
			"postcode": rep.Postcode, "city": rep.City}
		for _, r := range repContactFields {
			fi := in.input(l, formContact, "contact-rep_"+r.name, "rep_"+r.name, r.kind, r.label, "", was[r.name], r.name == "name")
			f.Rep = append(f.Rep, fi)
		}
	}
	f.Reason = in.input(l, formContact, "contact-reason", "reason", "text", "sc.rect.reason", "sc.rect.reason.h", "", true)
}

// staffCaseContact corrects the complainant's personal data on request (any staff member or admin,
// with a reason; audited with the old and new values); letters not sent yet go to the corrected
// details.
func (s *Server) staffCaseContact(c *gin.Context) {
	s.caseAction(c, formContact, "contact", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		v := p.values
		r := casework.Rectification{Complainant: casework.Contact{Name: v.Get("name"), Email: v.Get("email"),
			Phone: v.Get("phone"), Street: v.Get("street"), Postcode: v.Get("postcode"), City: v.Get("city")},
			Language: casework.Language(v.Get("language")), EmailConfirmed: v.Get("email_confirmed") == "ja",
			Reason: v.Get("reason")}
		if informalRep(cp) != nil && v.Has("rep_name") {
			r.Representative = &casework.Contact{Name: v.Get("rep_name"), Email: v.Get("rep_email"), Phone: v.Get("rep_phone"),
				Street: v.Get("rep_street"), Postcode: v.Get("rep_postcode"), City: v.Get("rep_city")}
		}
		_, err := s.Store.Rectify(c.Request.Context(), core.Actor(c), cp.Reference, r)
		return func(fe casework.FieldError) (string, string) {
			switch {
			case fe.Field == "email" && strings.HasPrefix(fe.Message, "give an e-mail address"):
				return "contact-email", l.T("sc.err.contact.route")
			case fe.Field == "street" && strings.HasPrefix(fe.Message, "a postal address needs"):
				return "contact-street", l.T("sc.err.contact.street")
			case fe.Field == "representative_street" && strings.HasPrefix(fe.Message, "a postal address needs"):
				return "contact-rep_street", l.T("sc.err.contact.street")
			case fe.Field == "reason":
				return "contact-reason", l.T("sc.rect.err.reason")
			case fe.Field == "language":
				return "contact-language-nl", l.T("sc.rect.err.language")
			case strings.HasPrefix(fe.Field, "representative_"):
				name := strings.TrimPrefix(fe.Field, "representative_")
				return "contact-rep_" + name, fieldMessage(l, "supporter_"+name, fe.Message)
			}
			switch fe.Field {
			case "name", "email", "phone", "street", "postcode", "city":
				return "contact-" + fe.Field, fieldMessage(l, "complainant_"+fe.Field, fe.Message)
			}
			return "", ""
		}, err
	})
}
