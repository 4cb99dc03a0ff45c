package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

func (s *Server) fileComplaint(c *gin.Context) {
	var in casework.Intake
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	_, signedIn := user(c)
	receipt, err := s.store.FileComplaintLimited(c.Request.Context(), actor(c), in, s.intakeLimit(c, !signedIn))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/complaints/"+receipt.Reference)
	s.writeJSON(c, http.StatusCreated, receipt)
}

type lookupRequest struct {
	Reference    string `json:"reference"`
	TrackingCode string `json:"tracking_code"`
}

func (s *Server) lookupComplaint(c *gin.Context) {
	s.proveCase(c, func(req lookupRequest) error {
		view, err := s.store.LookupComplaint(c.Request.Context(), req.Reference, req.TrackingCode)
		if err == nil {
			s.writeJSON(c, http.StatusOK, view)
		}
		return err
	})
}

// proveCase runs do for a caller who proves a case with its reference and tracking code, under
// the look-up limit: every not-found answer counts as a failed attempt of this client.
func (s *Server) proveCase(c *gin.Context, do func(lookupRequest) error) {
	client := "ip:" + sourceKey(c.ClientIP())
	if s.lookups.blocked(client) {
		s.fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed attempts. Wait a while and try again, or call the meldpunt."))
		return
	}
	var req lookupRequest
	if err := decodeLookup(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := do(req); err != nil {
		if casework.ErrorCode(err) == casework.CodeNotFound {
			s.lookups.fail(client)
		}
		s.fail(c, err)
	}
}

// decodeLookup reads a reference and tracking code, as the look-up and the letter download take them.
func decodeLookup(c *gin.Context, req *lookupRequest) error {
	if err := decode(c, req); err != nil {
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

func (s *Server) login(c *gin.Context) {
	var req loginRequest
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	turn, wait := s.turn(c, req.Email)
	if wait > 0 {
		c.Header("Retry-After", retryAfter(wait))
		s.fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed sign-ins. Wait the number of seconds in Retry-After and try again."))
		return
	}
	defer turn.end()
	var v casework.Validator
	casework.CheckText(&v, "email", req.Email, true, casework.MaxEmail)
	casework.CheckText(&v, "password", req.Password, true, 200)
	casework.CheckText(&v, "otp", req.OTP, false, 20)
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	session, err := s.store.Login(c.Request.Context(), req.Email, req.Password, req.OTP, s.cfg.TokenTTL)
	if err != nil {
		// A wrong password and a wrong code count alike; a missing code does not (the password was right).
		if code := casework.ErrorCode(err); code == casework.CodeUnauthenticated || code == casework.CodeTOTPInvalid {
			turn.failed()
		}
		s.fail(c, err)
		return
	}
	turn.succeeded()
	s.writeJSON(c, http.StatusOK, session)
}

func (s *Server) logout(c *gin.Context) {
	if err := s.store.Logout(c.Request.Context(), c.GetString(ctxToken)); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) me(c *gin.Context) {
	u, _ := user(c)
	s.writeJSON(c, http.StatusOK, u)
}

func (s *Server) listOrganisations(c *gin.Context) {
	orgs, err := s.store.Organisations(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if u, ok := user(c); !ok || !u.Role.HandlesCases() {
		for i := range orgs {
			orgs[i].Email, orgs[i].Street, orgs[i].Postcode, orgs[i].City = "", "", "", ""
		}
	}
	s.writeJSON(c, http.StatusOK, map[string]any{"organisations": orgs})
}

func (s *Server) computeTerm(c *gin.Context) {
	var v casework.Validator
	from, err := term.ParseDate(c.Query("from"))
	v.Check(err == nil, "from", "must be a date as YYYY-MM-DD")
	days := s.store.Terms().AdviceDays
	if d := c.Query("days"); d != "" {
		n, err := strconv.Atoi(d)
		v.Check(err == nil && n >= 1 && n <= term.MaxDays, "days", "must be a whole number from 1 to %d", term.MaxDays)
		days = n
	}
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	cal, err := s.store.Calendar(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := cal.LastDay(from, days)
	if err != nil {
		s.fail(c, &casework.Error{Code: casework.CodeValidation, Message: err.Error()})
		return
	}
	s.writeJSON(c, http.StatusOK, res)
}

func (s *Server) listComplaints(c *gin.Context) {
	f := casework.ComplaintFilter{Status: casework.Status(c.Query("status")), After: c.Query("after")}
	var v casework.Validator
	v.Check(f.Status == "" || f.Status.Valid(), "status", "must be a complaint status")
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		v.Check(err == nil && n >= 1 && n <= 200, "limit", "must be a whole number from 1 to 200")
		f.Limit = n
	}
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	if a := actor(c); a.Role == casework.RoleSupporter {
		// A supporter lists only the cases of their clients where the consent lasts; an account that
		// belongs to no member of the pool lists nothing.
		f.SupporterID = a.SupporterID
		if f.SupporterID == 0 {
			f.SupporterID = -1
		}
	}
	list, err := s.store.Complaints(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, map[string]any{"complaints": list})
}

func (s *Server) getComplaint(c *gin.Context) {
	a := actor(c)
	ref := c.Param("reference")
	if a.Role == casework.RoleSupporter {
		view, err := s.store.SupporterCase(c.Request.Context(), a, ref)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, view)
		return
	}
	s.openComplaintAPI(c) // with the reason for opening a case somebody else handles (access_log.go)
}

// act decodes a body into T, runs do, and answers with the complaint's new state.
func act[T any](s *Server, do func(*gin.Context, casework.Actor, string, T) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		var in T
		if err := decode(c, &in); err != nil {
			s.fail(c, err)
			return
		}
		a := actor(c)
		if err := do(c, a, c.Param("reference"), in); err != nil {
			s.fail(c, err)
			return
		}
		complaint, err := s.store.Complaint(c.Request.Context(), a, c.Param("reference"))
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, complaint)
	}
}

func (s *Server) takeUp(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.TakeUp) error {
		return s.store.TakeUp(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) takeOver(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.TakeOver) error {
		return s.store.TakeOver(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) recordHearing(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Hearing) error {
		_, err := s.store.RecordHearing(c.Request.Context(), a, ref, in)
		return err
	})(c)
}

func (s *Server) rule(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Ruling) error {
		_, err := s.store.Rule(c.Request.Context(), a, ref, in)
		return err
	})(c)
}

func (s *Server) postpone(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Postponement) error {
		_, err := s.store.Postpone(c.Request.Context(), a, ref, in)
		return err
	})(c)
}

func (s *Server) declareInadmissible(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Inadmissibility) error {
		return s.store.DeclareInadmissible(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) resolve(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Closing) error {
		return s.store.Resolve(c.Request.Context(), a, ref, in)
	})(c)
}

func (s *Server) withdraw(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Closing) error {
		return s.store.Withdraw(c.Request.Context(), a, ref, in)
	})(c)
}

// changeComplainant corrects the complainant's personal data on request (any staff member or
// admin, with a reason, audited with the old and new values; postgres.Rectify): letters not sent
// yet go to the corrected details.
func (s *Server) changeComplainant(c *gin.Context) {
	var in struct {
		casework.Contact
		// EmailConfirmed: staff checked the e-mail address with the complainant.
		EmailConfirmed bool              `json:"email_confirmed"`
		Language       casework.Language `json:"language"`
		Representative *casework.Contact `json:"representative"`
		Reason         string            `json:"reason"`
	}
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.store.Rectify(c.Request.Context(), actor(c), c.Param("reference"), casework.Rectification{
		Complainant: in.Contact, Language: in.Language, Representative: in.Representative,
		EmailConfirmed: in.EmailConfirmed, Reason: in.Reason})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, out)
}

type noteRequest struct {
	Note string `json:"note"`
}

func (s *Server) addNote(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in noteRequest) error {
		return s.store.AddNote(c.Request.Context(), a, ref, in.Note)
	})(c)
}

type organisationRequest struct {
	OrganisationID int64 `json:"organisation_id"`
}

func (s *Server) addComplaintOrganisation(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in organisationRequest) error {
		return s.store.AddOrganisation(c.Request.Context(), a, ref, in.OrganisationID)
	})(c)
}

func (s *Server) listAdvices(c *gin.Context) {
	f := postgres.AdviceFilter{Status: casework.AdviceStatus(c.Query("status"))}
	if f.Status != "" && !f.Status.Valid() {
		s.fail(c, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "status", Message: "must be an advice status"}}})
		return
	}
	list, err := s.store.Advices(c.Request.Context(), actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, map[string]any{"advices": list})
}

// pathID reads the :id parameter; a malformed id is simply not found, with notFound as the message.
func pathID(c *gin.Context, notFound string) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, casework.Errorf(casework.CodeNotFound, "%s", notFound)
	}
	return id, nil
}

func adviceID(c *gin.Context) (int64, error) { return pathID(c, "No advice with this id.") }

func (s *Server) getAdvice(c *gin.Context) {
	id, err := adviceID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.store.Advice(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The advice shows its case's summary and ruling: opened as the case is (access_log.go).
	if !s.openCasePartAPI(c, d.ComplaintRef) {
		return
	}
	s.writeJSON(c, http.StatusOK, d)
}

// adviceAct decodes a body into T and runs do on the advice of the :id parameter.
func adviceAct[T any](s *Server, do func(*gin.Context, casework.Actor, int64, T) (casework.Advice, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := adviceID(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		var in T
		if c.Request.ContentLength != 0 {
			if err := decode(c, &in); err != nil {
				s.fail(c, err)
				return
			}
		}
		a, err := do(c, actor(c), id, in)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, a)
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

func (s *Server) acceptAdvice(c *gin.Context) {
	adviceAct(s, func(c *gin.Context, a casework.Actor, id int64, in casework.AnswerReceipt) (casework.Advice, error) {
		return s.store.AcceptAdvice(c.Request.Context(), a, id, in)
	})(c)
}

func (s *Server) rejectAdvice(c *gin.Context) {
	adviceAct(s, func(c *gin.Context, a casework.Actor, id int64, in rejectRequest) (casework.Advice, error) {
		return s.store.RejectAdvice(c.Request.Context(), a, id, in.Rejection, in.AnswerReceipt)
	})(c)
}

func (s *Server) confirmExecution(c *gin.Context) {
	adviceAct(s, func(c *gin.Context, a casework.Actor, id int64, in executedRequest) (casework.Advice, error) {
		return s.store.ConfirmExecution(c.Request.Context(), a, id, in.Note, in.AnswerReceipt)
	})(c)
}

func (s *Server) createOrganisation(c *gin.Context) {
	var o casework.Organisation
	if err := decode(c, &o); err != nil {
		s.fail(c, err)
		return
	}
	o.ID = 0
	o, err := s.store.CreateOrganisation(c.Request.Context(), o)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusCreated, o)
}

func (s *Server) createUser(c *gin.Context) {
	var nu casework.NewUser
	if err := decode(c, &nu); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.store.CreateUser(c.Request.Context(), nu)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusCreated, u)
}

func (s *Server) listEquatedDays(c *gin.Context) {
	days, err := s.store.EquatedDays(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, map[string]any{"equated_days": days})
}

func (s *Server) addEquatedDay(c *gin.Context) {
	var d postgres.EquatedDay
	if err := decode(c, &d); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.store.AddEquatedDay(c.Request.Context(), d); err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusCreated, d)
}
