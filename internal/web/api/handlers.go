package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

func (s *Server) FileComplaint(c *gin.Context) {
	var in casework.Intake
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	_, signedIn := core.User(c)
	receipt, err := s.Store.FileComplaintLimited(c.Request.Context(), core.Actor(c), in, s.IntakeLimit(c, !signedIn))
	if err != nil {
		s.Fail(c, err)
		return
	}
	if signedIn {
		// Staff register phone, letter and counter complaints, supporters file for a client: the
		// tracking code is the complainant's own and reaches them in their acknowledgement (letter
		// or e-mail), never through whoever registered the complaint.
		receipt.TrackingCode = ""
	}
	c.Header("Location", "/api/v1/complaints/"+receipt.Reference)
	s.WriteJSON(c, http.StatusCreated, receipt)
}

type lookupRequest struct {
	Reference    string `json:"reference"`
	TrackingCode string `json:"tracking_code"`
}

func (s *Server) LookupComplaint(c *gin.Context) {
	s.proveCase(c, func(req lookupRequest) error {
		view, err := s.Store.LookupComplaint(c.Request.Context(), req.Reference, req.TrackingCode)
		if err == nil {
			s.WriteJSON(c, http.StatusOK, view)
		}
		return err
	})
}

// proveCase runs do for a caller who proves a case with its reference and tracking code, under
// the look-up limit: every not-found answer counts as a failed attempt of this client.
func (s *Server) proveCase(c *gin.Context, do func(lookupRequest) error) {
	client := "ip:" + core.SourceKey(c.ClientIP())
	if s.Lookups.Blocked(client) {
		s.Fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed attempts. Wait a while and try again, or %s", s.CallUs()))
		return
	}
	var req lookupRequest
	if err := decodeLookup(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	if err := do(req); err != nil {
		if casework.ErrorCode(err) == casework.CodeNotFound {
			s.Lookups.Fail(client)
		}
		s.Fail(c, err)
	}
}

// decodeLookup reads a reference and tracking code, as the look-up and the letter download take them.
func decodeLookup(c *gin.Context, req *lookupRequest) error {
	if err := core.Decode(c, req); err != nil {
		return err
	}
	var v casework.Validator
	casework.CheckText(&v, "reference", req.Reference, true, 40)
	casework.CheckText(&v, "tracking_code", req.TrackingCode, true, 60)
	return v.Err()
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// OTP is the current code of the authenticator app, for an account with two-step sign-in.
	OTP string `json:"otp"`
}

func (s *Server) Login(c *gin.Context) {
	var req loginRequest
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	turn, wait := s.Turn(c, req.Email)
	if wait > 0 {
		c.Header("Retry-After", core.RetryAfter(wait))
		s.Fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed sign-ins. Wait the number of seconds in Retry-After and try again."))
		return
	}
	defer turn.End()
	var v casework.Validator
	casework.CheckText(&v, "email", req.Email, true, casework.MaxEmail)
	casework.CheckText(&v, "password", req.Password, true, 200)
	casework.CheckText(&v, "otp", req.OTP, false, 20)
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	session, err := s.Store.Login(c.Request.Context(), req.Email, req.Password, req.OTP, s.Cfg.TokenTTL)
	if err != nil {
		// A wrong password and a wrong code count alike; a missing code does not (the password was right).
		if code := casework.ErrorCode(err); code == casework.CodeUnauthenticated || code == casework.CodeTOTPInvalid {
			turn.Failed()
		}
		s.Fail(c, err)
		return
	}
	turn.Succeeded()
	s.WriteJSON(c, http.StatusOK, session)
}

func (s *Server) Logout(c *gin.Context) {
	if err := s.Store.Logout(c.Request.Context(), c.GetString(core.CtxToken)); err != nil {
		s.Fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) Me(c *gin.Context) {
	u, _ := core.User(c)
	s.WriteJSON(c, http.StatusOK, u)
}

func (s *Server) ListOrganisations(c *gin.Context) {
	orgs, err := s.Store.Organisations(c.Request.Context())
	if err != nil {
		s.Fail(c, err)
		return
	}
	if u, ok := core.User(c); !ok || !u.Role.HandlesCases() {
		for i := range orgs {
			orgs[i].Email, orgs[i].Street, orgs[i].Postcode, orgs[i].City = "", "", "", ""
		}
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"organisations": orgs})
}

func (s *Server) ComputeTerm(c *gin.Context) {
	var v casework.Validator
	from, err := term.ParseDate(c.Query("from"))
	v.Check(err == nil, "from", "must be a date as YYYY-MM-DD")
	days := s.Store.Terms().AdviceDays
	if d := c.Query("days"); d != "" {
		n, err := strconv.Atoi(d)
		v.Check(err == nil && n >= 1 && n <= term.MaxDays, "days", "must be a whole number from 1 to %d", term.MaxDays)
		days = n
	}
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	cal, err := s.Store.Calendar(c.Request.Context())
	if err != nil {
		s.Fail(c, err)
		return
	}
	res, err := cal.LastDay(from, days)
	if err != nil {
		s.Fail(c, &casework.Error{Code: casework.CodeValidation, Message: err.Error()})
		return
	}
	s.WriteJSON(c, http.StatusOK, res)
}

func (s *Server) ListComplaints(c *gin.Context) {
	f := casework.ComplaintFilter{Status: casework.Status(c.Query("status")), After: c.Query("after")}
	var v casework.Validator
	v.Check(f.Status == "" || f.Status.Valid(), "status", "must be a complaint status")
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		v.Check(err == nil && n >= 1 && n <= 200, "limit", "must be a whole number from 1 to 200")
		f.Limit = n
	}
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	if a := core.Actor(c); a.Role == casework.RoleSupporter {
		// A supporter lists only the cases of their clients where the consent lasts; an account that
		// belongs to no member of the pool lists nothing.
		f.SupporterID = a.SupporterID
		if f.SupporterID == 0 {
			f.SupporterID = -1
		}
	}
	list, err := s.Store.Complaints(c.Request.Context(), f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"complaints": list})
}

func (s *Server) GetComplaint(c *gin.Context) {
	a := core.Actor(c)
	ref := c.Param("reference")
	if a.Role == casework.RoleSupporter {
		view, err := s.Store.SupporterCase(c.Request.Context(), a, ref)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, view)
		return
	}
	s.openComplaintAPI(c) // with the reason for opening a case somebody else handles (access_log.go)
}

// act decodes a body into T, runs do, and answers with the complaint's new state.
func act[T any](s *Server, do func(*gin.Context, casework.Actor, string, T) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		var in T
		if err := core.Decode(c, &in); err != nil {
			s.Fail(c, err)
			return
		}
		a := core.Actor(c)
		if err := do(c, a, c.Param("reference"), in); err != nil {
			s.Fail(c, err)
			return
		}
		complaint, err := s.Store.Complaint(c.Request.Context(), a, c.Param("reference"))
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, complaint)
	}
}

func (s *Server) TakeUp(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.TakeUp) error {
		return s.Store.TakeUp(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) TakeOver(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.TakeOver) error {
		return s.Store.TakeOver(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) RecordHearing(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Hearing) error {
		_, err := s.Store.RecordHearing(c.Request.Context(), a, ref, in)
		return err
	})(c)
}

func (s *Server) Rule(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Ruling) error {
		_, err := s.Store.Rule(c.Request.Context(), a, ref, in)
		return err
	})(c)
}

func (s *Server) Postpone(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Postponement) error {
		_, err := s.Store.Postpone(c.Request.Context(), a, ref, in)
		return err
	})(c)
}

func (s *Server) DeclareInadmissible(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Inadmissibility) error {
		return s.Store.DeclareInadmissible(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) Resolve(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Closing) error {
		return s.Store.Resolve(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) Withdraw(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Closing) error {
		return s.Store.Withdraw(c.Request.Context(), a, ref, in)
	})(c)
}

// ChangeComplainant corrects the complainant's personal data on request (any staff member or
// admin, with a reason, audited with the old and new values; postgres.Rectify): letters not sent
// yet go to the corrected details.
func (s *Server) ChangeComplainant(c *gin.Context) {
	var in struct {
		casework.Contact
		// EmailConfirmed: staff checked the e-mail address with the complainant.
		EmailConfirmed bool              `json:"email_confirmed"`
		Language       casework.Language `json:"language"`
		Representative *casework.Contact `json:"representative"`
		Reason         string            `json:"reason"`
	}
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	out, err := s.Store.Rectify(c.Request.Context(), core.Actor(c), c.Param("reference"), casework.Rectification{
		Complainant: in.Contact, Language: in.Language, Representative: in.Representative,
		EmailConfirmed: in.EmailConfirmed, Reason: in.Reason})
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, out)
}

type noteRequest struct {
	Note string `json:"note"`
}

func (s *Server) AddNote(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in noteRequest) error {
		return s.Store.AddNote(c.Request.Context(), a, ref, in.Note)
	})(c)
}

type organisationRequest struct {
	OrganisationID int64 `json:"organisation_id"`
}

func (s *Server) AddComplaintOrganisation(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in organisationRequest) error {
		return s.Store.AddOrganisation(c.Request.Context(), a, ref, in.OrganisationID)
	})(c)
}

func (s *Server) ListAdvices(c *gin.Context) {
	f := postgres.AdviceFilter{Status: casework.AdviceStatus(c.Query("status"))}
	if f.Status != "" && !f.Status.Valid() {
		s.Fail(c, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "status", Message: "must be an advice status"}}})
		return
	}
	list, err := s.Store.Advices(c.Request.Context(), core.Actor(c), f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"advices": list})
}

// PathID reads the :id parameter; a malformed id is simply not found, with notFound as the message.
func PathID(c *gin.Context, notFound string) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, casework.Errorf(casework.CodeNotFound, "%s", notFound)
	}
	return id, nil
}

func AdviceID(c *gin.Context) (int64, error) { return PathID(c, "No advice with this id.") }

func (s *Server) GetAdvice(c *gin.Context) {
	id, err := AdviceID(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	d, err := s.Store.Advice(c.Request.Context(), core.Actor(c), id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	// The advice shows its case's summary and ruling: opened as the case is (access_log.go).
	if !s.openCasePartAPI(c, d.ComplaintRef) {
		return
	}
	s.WriteJSON(c, http.StatusOK, d)
}

// adviceAct decodes a body into T and runs do on the advice of the :id parameter.
func adviceAct[T any](s *Server, do func(*gin.Context, casework.Actor, int64, T) (casework.Advice, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := AdviceID(c)
		if err != nil {
			s.Fail(c, err)
			return
		}
		var in T
		if c.Request.ContentLength != 0 {
			if err := core.Decode(c, &in); err != nil {
				s.Fail(c, err)
				return
			}
		}
		a, err := do(c, core.Actor(c), id, in)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, a)
	}
}

// The bodies of the answers to an advice. Staff recording an answer on the organisation's behalf add
// received_on and channel; the organisation itself may not (the store checks both).
type (
	rejectRequest struct {
		casework.Rejection
		casework.AnswerReceipt
	}
	executedRequest struct {
		Note string `json:"note"`
		casework.AnswerReceipt
	}
)

func (s *Server) AcceptAdvice(c *gin.Context) {
	adviceAct(s, func(c *gin.Context, a casework.Actor, id int64, in casework.AnswerReceipt) (casework.Advice, error) {
		return s.Store.AcceptAdvice(c.Request.Context(), a, id, in)
	})(c)
}

func (s *Server) RejectAdvice(c *gin.Context) {
	adviceAct(s, func(c *gin.Context, a casework.Actor, id int64, in rejectRequest) (casework.Advice, error) {
		return s.Store.RejectAdvice(c.Request.Context(), a, id, in.Rejection, in.AnswerReceipt)
	})(c)
}

func (s *Server) ConfirmExecution(c *gin.Context) {
	adviceAct(s, func(c *gin.Context, a casework.Actor, id int64, in executedRequest) (casework.Advice, error) {
		return s.Store.ConfirmExecution(c.Request.Context(), a, id, in.Note, in.AnswerReceipt)
	})(c)
}

func (s *Server) CreateOrganisation(c *gin.Context) {
	var o casework.Organisation
	if err := core.Decode(c, &o); err != nil {
		s.Fail(c, err)
		return
	}
	o.ID = 0
	u, _ := core.User(c)
	o, err := s.Store.RegisterOrganisation(c.Request.Context(), u, o)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, o)
}

func (s *Server) CreateUser(c *gin.Context) {
	var nu casework.NewUser
	if err := core.Decode(c, &nu); err != nil {
		s.Fail(c, err)
		return
	}
	u, err := s.Store.CreateUser(c.Request.Context(), nu)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, u)
}

func (s *Server) ListEquatedDays(c *gin.Context) {
	days, err := s.Store.EquatedDays(c.Request.Context())
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"equated_days": days})
}

func (s *Server) AddEquatedDay(c *gin.Context) {
	var d postgres.EquatedDay
	if err := core.Decode(c, &d); err != nil {
		s.Fail(c, err)
		return
	}
	if err := s.Store.AddEquatedDay(c.Request.Context(), d); err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, d)
}
