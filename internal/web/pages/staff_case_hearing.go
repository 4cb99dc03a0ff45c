package pages

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// The case page's forms that prepare the hearings: an invitation to a hearing (on a working day in
// office hours; a party that does not respond may be passed over only 5 working days after it was
// invited), and adding an organisation that the complaint turns out to be about as well (it gets
// the copy of the complaint and is heard like the others before a ruling).

// caseInvitationView is an invitation to a hearing that was sent.
type caseInvitationView struct {
	Party, When, Place, Sent, NoResponseFrom string
}

// caseInviteForm invites a party to a hearing.
type caseInviteForm struct {
	Party             caseRadios
	Date, Time, Place caseInput
}

// caseAddOrgForm adds an organisation to the complaint, chosen from those it is not yet about.
type caseAddOrgForm struct {
	Org caseRadios
}

// caseInvitationsOf describes the invitations of a complaint, oldest first.
func caseInvitationsOf(l core.Lang, cp casework.Complaint, orgNames map[int64]string) []caseInvitationView {
	var list []caseInvitationView
	for _, in := range cp.Invitations {
		v := caseInvitationView{Party: l.T("sc.party.complainant"), Place: in.Place, Sent: l.Day(in.SentAt),
			When:           fmt.Sprintf(l.T("sc.invitation.when"), l.Date(in.Date), in.Time),
			NoResponseFrom: fmt.Sprintf(l.T("sc.invitation.noresponse"), l.Date(in.NoResponseFrom))}
		if in.Party == casework.PartyOrganisation && in.OrganisationID != nil {
			v.Party = orgNames[*in.OrganisationID]
		}
		list = append(list, v)
	}
	return list
}

// casePartyRadios are the parties of a hearing, by position (prefix-0 is the complainant, then the
// complaint's organisations as "organisation-ID").
func casePartyRadios(l core.Lang, cp casework.Complaint, in *casePostedForm, form, prefix, legendKey string) caseRadios {
	values, labels := []string{"complainant"}, []string{l.T("sc.party.complainant")}
	for _, o := range cp.Organisations {
		values = append(values, fmt.Sprintf("organisation-%d", o.ID))
		labels = append(labels, o.Name)
	}
	g := in.radios(form, prefix, "party", l.T(legendKey), "", "", values, labels)
	for i := range g.Options {
		g.Options[i].ID = fmt.Sprintf("%s-%d", prefix, i)
	}
	g.ID = prefix + "-0"
	g.Error = in.errorOf(g.ID)
	return g
}

func inviteFormOf(l core.Lang, cp casework.Complaint, fc caseFormContext, in *casePostedForm) *caseInviteForm {
	f := &caseInviteForm{Party: casePartyRadios(l, cp, in, formInvite, "invite-party", "sc.invite.party"),
		Date:  in.input(l, formInvite, "invite-date", "date", "date", "sc.invite.date", "sc.invite.date.h", "", true),
		Time:  in.input(l, formInvite, "invite-time", "time", "time", "sc.invite.time", "", "", true),
		Place: in.input(l, formInvite, "invite-place", "place", "text", "sc.invite.place", "sc.invite.place.h", "", true)}
	f.Time.Help = fmt.Sprintf(l.T("sc.invite.time.h"), casework.HearingEarliestStart, casework.HearingLatestStart)
	return f
}

// addOrgFormOf offers the organisations the complaint is not about yet; nil when there is none.
func addOrgFormOf(l core.Lang, cp casework.Complaint, fc caseFormContext, in *casePostedForm) *caseAddOrgForm {
	var values, labels []string
	for _, o := range fc.orgs {
		if !slices.ContainsFunc(cp.Organisations, func(c casework.Organisation) bool { return c.ID == o.ID }) {
			values = append(values, strconv.FormatInt(o.ID, 10))
			labels = append(labels, o.Name+" ("+l.Word("kind", string(o.Kind))+")")
		}
	}
	if len(values) == 0 {
		return nil
	}
	g := in.radios(formAddOrg, "add-org", "organisation_id", l.T("sc.addorg.org"), l.T("sc.addorg.org.h"), "", values, labels)
	for i := range g.Options {
		g.Options[i].ID = fmt.Sprintf("add-org-%d", i)
	}
	g.ID = caseAddOrgErrorID
	g.Error = in.errorOf(caseAddOrgErrorID)
	return &caseAddOrgForm{Org: g}
}

// caseAddOrgErrorID is the id of the first choice of the add-organisation form, where its errors
// are shown: the choices are known by position, as the parties of a hearing are.
const caseAddOrgErrorID = "add-org-0"

// caseDayMessage turns "2026-12-25 is Christmas Day, not a working day: ..." into the page's
// language: "vrijdag 25 december 2026 is geen werkdag (Eerste Kerstdag)".
func caseDayMessage(l core.Lang, msg string) (string, bool) {
	day, rest, ok := strings.Cut(msg, " is ")
	if !ok {
		return "", false
	}
	why, _, ok := strings.Cut(rest, ", not a working day")
	if !ok {
		return "", false
	}
	why = strings.TrimPrefix(why, "a ")
	if core.Has("sc.nonworking." + why) {
		why = l.T("sc.nonworking." + why)
	} else if label, ok := strings.CutPrefix(why, "day equated to a holiday by Royal Decree ("); ok {
		why = fmt.Sprintf(l.T("sc.nonworking.equated"), strings.TrimSuffix(label, ")"))
	}
	return fmt.Sprintf(l.T("sc.err.invite.nonworking"), l.Date(day), why), true
}

func (s *Server) staffCaseInvite(c *gin.Context) {
	s.caseAction(c, formInvite, "uitgenodigd", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		var in casework.Invitation
		in.Party, in.OrganisationID = partyOf(p.values.Get("party"))
		in.Date, in.Time, in.Place = strings.TrimSpace(p.values.Get("date")), strings.TrimSpace(p.values.Get("time")), p.values.Get("place")
		err := s.Store.InviteToHearing(c.Request.Context(), core.Actor(c), cp.Reference, in)
		return func(fe casework.FieldError) (string, string) {
			switch fe.Field {
			case "party", "organisation_id":
				return "invite-party-0", l.T("sc.err.invite.party")
			case "date":
				if msg, ok := caseDayMessage(l, fe.Message); ok {
					return "invite-date", msg
				}
				if strings.HasPrefix(fe.Message, "cannot be in the past") {
					return "invite-date", l.T("sc.err.invite.past")
				}
				return "invite-date", l.T("sc.err.invite.date")
			case "time":
				if strings.Contains(fe.Message, "has passed already") {
					return "invite-time", l.T("sc.err.invite.passed")
				}
				if strings.Contains(fe.Message, "office hours") {
					return "invite-time", fmt.Sprintf(l.T("sc.err.invite.hours"), casework.HearingEarliestStart, casework.HearingLatestStart)
				}
				return "invite-time", l.T("sc.err.invite.time")
			case "place":
				return "invite-place", caseTextMessage(l, fe.Message, "sc.err.invite.place")
			}
			return "", ""
		}, err
	})
}

func (s *Server) staffCaseAddOrg(c *gin.Context) {
	s.caseAction(c, formAddOrg, "organisatie", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		id, err := strconv.ParseInt(strings.TrimSpace(p.values.Get("organisation_id")), 10, 64)
		if err != nil || id <= 0 {
			id = 0 // refused by the store as no organisation
		}
		err = s.Store.AddOrganisation(c.Request.Context(), core.Actor(c), cp.Reference, id)
		return func(fe casework.FieldError) (string, string) {
			if fe.Field != "organisation_id" {
				return "", ""
			}
			switch {
			case id == 0:
				return caseAddOrgErrorID, l.T("sc.err.addorg.none")
			case strings.HasPrefix(fe.Message, "is already"):
				return caseAddOrgErrorID, l.T("sc.err.addorg.already")
			case strings.HasPrefix(fe.Message, "a complaint is about at most"):
				return caseAddOrgErrorID, fmt.Sprintf(l.T("sc.err.addorg.max"), casework.MaxComplaintOrganisations)
			}
			return caseAddOrgErrorID, l.T("sc.err.addorg.none")
		}, err
	})
}

// caseNoResponseMessage explains why a party cannot be passed over for not responding yet.
func caseNoResponseMessage(l core.Lang, msg string) string {
	// "the invitation went out on 2026-12-24: no_response can be recorded from 2027-01-04, ..."
	if rest, ok := strings.CutPrefix(msg, "the invitation went out on "); ok {
		if sent, rest, ok := strings.Cut(rest, ": no_response can be recorded from "); ok {
			from, _, _ := strings.Cut(rest, ",")
			return fmt.Sprintf(l.T("sc.err.noresponse.early"), l.Date(sent), casework.NoResponseWorkingDays, l.Date(from))
		}
	}
	if strings.HasPrefix(msg, "the invitation to this party has not gone out yet") {
		return fmt.Sprintf(l.T("sc.err.noresponse.waiting"), casework.NoResponseWorkingDays)
	}
	return fmt.Sprintf(l.T("sc.err.noresponse.none"), casework.NoResponseWorkingDays)
}
