package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// routes registers every route, with the roles allowed on it, in one place.
func (s *Server) routes() *gin.Engine {
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// A path with a trailing slash is a 404 problem like any unknown path, not an HTML redirect that
	// bypasses the middleware.
	r.RedirectTrailingSlash = false
	r.Use(s.StrictTransport, s.Observe, s.Recoverer, s.CheckURL)
	// Unknown paths and methods: an HTML page for page paths, problem+json for the API (failAny).
	r.NoRoute(func(c *gin.Context) { s.FailAny(c, casework.Errorf(casework.CodeNotFound, "No such route.")) })
	r.NoMethod(func(c *gin.Context) {
		s.FailAny(c, casework.Errorf(core.CodeMethodNotAllowed, "This route does not accept %s.", c.Request.Method))
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(s.Metrics.Handler()))

	// Public pages for residents, without accounts: HTML, Dutch or English (?lang=en), no JavaScript.
	// Every form post must come from this site (sameOrigin: CSRF).
	s.PageRoutes = map[string]bool{}
	pages := r.Group("", core.PageHeaders, s.SameOrigin, s.PageSession)
	var page core.PageRouter = func(method, path string, h ...gin.HandlerFunc) {
		s.PageRoutes[method+" "+path] = true
		pages.Handle(method, path, h...)
	}
	page("GET", "/", s.Home)
	// The complaint form in steps (pages/intake.go): the first step, each step's answers, sending
	// once per form token (POST-redirect-GET), the confirmation. POST /klacht files a whole form in
	// one post (the one-page form's contract).
	page("GET", "/klacht", s.StartComplaint)
	page("POST", "/klacht/stap/:step", s.StepComplaint)
	page("POST", "/klacht/versturen", s.SendComplaint)
	page("GET", "/klacht/ontvangen", s.ComplaintReceived)
	page("POST", "/klacht", s.SubmitComplaint)
	page("GET", "/ondersteuning", s.SupportDirectory)
	page("GET", "/privacy", s.PrivacyPage)
	// Contact and the accessibility statement, linked from every footer (pages/contact.go).
	page("GET", "/contact", s.ContactPage)
	page("GET", "/toegankelijkheid", s.AccessibilityPage)
	page("GET", "/status", s.StatusFormPage)
	page("POST", "/status", s.StatusLookup)
	page("POST", "/status/brief/:id", s.StatusLetter)
	page("POST", "/status/ondersteuner", s.StatusRepresentation)
	page("POST", "/status/dossier", s.StatusExport)
	// A resident who lost the tracking code asks for a new one (pages/tracking.go).
	page("GET", "/status/nieuwe-code", s.NewCodeFormPage)
	page("POST", "/status/nieuwe-code", s.NewCodeRequest)
	page("GET", "/status/nieuwe-code/verstuurd", s.NewCodeSentPage)
	page("GET", "/static/*filepath", s.Static)

	// Signing in and out of the pages (a session cookie; pages/session.go).
	page("GET", "/inloggen", s.SignInFormPage)
	page("POST", "/inloggen", s.SignIn)
	page("POST", "/uitloggen", s.SignOut)

	// Organisations: their own advices only (another organisation's advice is not found).
	org := s.RequirePage(core.OrgOnly...)
	page("GET", "/organisatie", org, s.OrgList)
	page("GET", "/organisatie/advies/:id", org, s.OrgAdvice)
	page("POST", "/organisatie/advies/:id/aanvaarden", org, s.OrgAccept)
	page("POST", "/organisatie/advies/:id/afwijzen", org, s.OrgReject)
	page("POST", "/organisatie/advies/:id/uitgevoerd", org, s.OrgExecuted)

	// The council (and staff and admin): the annual reports, online and to download.
	council := s.RequirePage(core.ReportViews...)
	page("GET", "/raad", council, s.CouncilStart)
	page("GET", "/raad/jaar/:year", council, s.CouncilYearPage)
	page("GET", "/raad/jaar/:year/:file", council, s.CouncilDownload)

	// The municipality's policy officer (and the council, staff and admin): the anonymous figures of
	// client support, and their downloads (pages/support_figures.go).
	figures := s.RequirePage(core.FigureViews...)
	page("GET", "/gemeente", figures, s.MunicipalityPage)
	page("GET", "/gemeente/cijfers.csv", figures, s.MunicipalityDownload(report.CSV))
	page("GET", "/gemeente/cijfers.json", figures, s.MunicipalityDownload(report.JSON))

	// The meldpunt's staff (and admin): the worklist, the case pages (pages/staff_case.go) and the
	// office pages: print queue, organisations, users, recommendations, annual report
	// (pages/staff_office.go).
	staff, admin := s.RequirePage(core.StaffOnly...), s.RequirePage(core.AdminOnly...)
	page("GET", "/werk", staff, s.WorkList)
	// The worklist's search (a POST: no name in the URL) and an answer read (pages/worklist.go).
	page("POST", "/werk/zoeken", staff, s.WorkSearch)
	page("POST", "/werk/klacht/:reference/advies/:id/gelezen", staff, s.ReadAnswerPage)
	s.StaffCaseRoutes(page, staff)
	// Staff register a complaint that came by phone, letter, e-mail or at the counter (pages/staff_new.go).
	s.StaffNewRoutes(page, staff)
	// Staff add an organisation not yet listed, with an audit event (pages/staff_org_new.go).
	s.StaffOrgRoutes(page, staff)
	s.StaffOfficeRoutes(page, staff, admin)
	// The supporter: their clients' cases, a case, filing for a client (pages/supporter.go).
	s.SupporterRoutes(page, s.RequirePage(api.SupporterOnly...))
	// The pool of client supporters: the admin admits, edits, suspends and removes (pages/staff_pool.go).
	s.PoolRoutes(page, admin)
	// Support requests: the resident's form and request page, the supporter's requests, the staff's
	// look at one on the worklist (pages/requests.go).
	s.RequestRoutes(page, s.RequirePage(api.SupporterOnly...), staff)
	// A supporter's client trajectories for the uniform monitoring (pages/tracks.go).
	s.TrackRoutes(page, s.RequirePage(api.TrajectoryRecorders...))
	// Accounts: one's own password, one-time links, switching users off and on (pages/accounts.go).
	s.AccountRoutes(page, s.RequirePage(core.SignedIn...), admin)
	// Two-step sign-in: the account page, the second step of signing in, the admin's switches
	// (pages/twofactor.go).
	s.TwoFactorRoutes(page, staff, admin)
	// Retention and destruction: the admin's review and approval, a closed case's section
	// (pages/retention.go).
	s.RetentionPageRoutes(page, staff, admin)
	// The access log: the question before a case somebody else handles, the privacy officer's page
	// (pages/access_log.go).
	s.AccessRoutes(page, staff)
	// After the ruling: the resident's answer (public, proved by reference and code) and its thank-you
	// page; the staff's list of "not carried out" reports and the case page's "dealt with" action
	// (pages/feedback.go).
	s.FeedbackRoutes(page, staff)

	v1 := r.Group("/api/v1", s.Authenticate)
	v1.GET("/openapi.json", s.OpenAPI)

	// Public: residents file and follow complaints without an account.
	v1.POST("/complaints", s.FileComplaint)
	v1.POST("/complaints/lookup", s.LookupComplaint)
	v1.POST("/complaints/lookup/letters/:id", s.ResidentLetter)
	// The resident changes or ends who acts for them (api/representation.go).
	v1.POST("/complaints/lookup/representation", s.ChangeRepresentationByResident)
	// The resident's whole file, JSON or PDF (?format=pdf): the right of access (api/export.go).
	v1.POST("/complaints/lookup/export", s.ExportResident)
	// A new tracking code, sent to the address on file only; the same answer whatever the input
	// (api/tracking.go).
	v1.POST("/complaints/lookup/new-code", s.NewTrackingCode)
	v1.GET("/organisations", s.ListOrganisations)
	// The pool of client supporters: the public sees the active ones, the admin all (api/supporters.go).
	v1.GET("/supporters", s.ListSupporters)
	v1.GET("/supporters/:id", s.GetSupporter)
	// Support requests: a resident asks a supporter for help without complaining, follows the request
	// and chooses on a referral (api/support_requests.go).
	v1.POST("/support-requests", s.AskSupport)
	v1.POST("/support-requests/lookup", s.LookupSupportRequest)
	v1.POST("/support-requests/choose", s.ChooseOnSupportRequest)
	v1.GET("/term", s.ComputeTerm)
	v1.POST("/auth/login", s.Login)

	v1.POST("/auth/logout", s.Allow(core.SignedIn...), s.Logout)
	v1.GET("/me", s.Allow(core.SignedIn...), s.Me)
	v1.PUT("/me/password", s.Allow(core.SignedIn...), s.ChangeOwnPassword)
	v1.POST("/auth/password-reset", s.ResetPassword)
	v1.GET("/me/totp", s.Allow(core.StaffOnly...), s.MyTwoFactor)
	v1.POST("/me/totp", s.Allow(core.StaffOnly...), s.StartTOTP)
	v1.POST("/me/totp/confirm", s.Allow(core.StaffOnly...), s.ConfirmTOTP)
	v1.DELETE("/me/totp", s.Allow(core.StaffOnly...), s.DisableTOTP)

	v1.GET("/complaints", s.Allow(core.CaseReaders...), s.ListComplaints)
	v1.GET("/complaints/:reference", s.Allow(core.CaseReaders...), s.GetComplaint)
	v1.POST("/complaints/:reference/take-up", s.Allow(core.StaffOnly...), s.TakeUp)
	v1.POST("/complaints/:reference/take-over", s.Allow(core.StaffOnly...), s.TakeOver)
	v1.POST("/complaints/:reference/hearings", s.Allow(core.StaffOnly...), s.RecordHearing)
	v1.POST("/complaints/:reference/ruling", s.Allow(core.StaffOnly...), s.Rule)
	v1.POST("/complaints/:reference/postpone", s.Allow(core.StaffOnly...), s.Postpone)
	v1.POST("/complaints/:reference/inadmissible", s.Allow(core.StaffOnly...), s.DeclareInadmissible)
	v1.POST("/complaints/:reference/resolve", s.Allow(core.StaffOnly...), s.Resolve)
	v1.POST("/complaints/:reference/withdraw", s.Allow(core.StaffOnly...), s.Withdraw)
	v1.POST("/complaints/:reference/notes", s.Allow(core.StaffOnly...), s.AddNote)
	// Staff record who acts for the complainant, or its end, from a signed letter (api/representation.go).
	v1.POST("/complaints/:reference/supporter", s.Allow(core.StaffOnly...), s.RecordRepresentation)
	// The supporter acting for the complainant adds information and descriptions of documents.
	v1.POST("/complaints/:reference/information", s.Allow(api.SupporterOnly...), s.AddContribution)
	v1.PUT("/complaints/:reference/complainant", s.Allow(core.StaffOnly...), s.ChangeComplainant)
	v1.POST("/complaints/:reference/hearing-invitations", s.Allow(core.StaffOnly...), s.InviteToHearing)
	v1.POST("/complaints/:reference/organisations", s.Allow(core.StaffOnly...), s.AddComplaintOrganisation)
	v1.GET("/complaints/:reference/notices", s.Allow(core.StaffOnly...), s.ComplaintNotices)
	// Staff make the resident's whole file for a request by letter, with a reason (audited; export.go).
	v1.POST("/complaints/:reference/export", s.Allow(core.StaffOnly...), s.ExportStaff)

	// Support requests: the supporter its own, staff the worklist's (api/support_requests.go).
	v1.GET("/support-requests", s.Allow(api.RequestReaders...), s.ListSupportRequests)
	v1.GET("/support-requests/:id", s.Allow(api.RequestReaders...), s.GetSupportRequest)
	v1.POST("/support-requests/:id/accept", s.Allow(api.SupporterOnly...), s.DecideSupportRequest(casework.StepAccept))
	v1.POST("/support-requests/:id/decline", s.Allow(api.SupporterOnly...), s.DecideSupportRequest(casework.StepDecline))
	v1.POST("/support-requests/:id/refer", s.Allow(api.SupporterOnly...), s.DecideSupportRequest(casework.StepRefer))

	v1.GET("/watch", s.Allow(core.StaffOnly...), s.Watch)
	// The worklist for the day: counts and first pages, one page of a list, the search (a POST: no
	// name in the URL), an organisation's answer read by the handler (api/worklist.go).
	v1.GET("/worklist", s.Allow(core.StaffOnly...), s.GetWorklist)
	v1.GET("/worklist/cases", s.Allow(core.StaffOnly...), s.ListWorkCases)
	v1.POST("/worklist/search", s.Allow(core.StaffOnly...), s.SearchWork)
	v1.POST("/advices/:id/answer-read", s.Allow(core.StaffOnly...), s.ReadAdviceAnswer)
	v1.GET("/notices", s.Allow(core.StaffOnly...), s.ListNotices)
	v1.GET("/notices/:id/pdf", s.Allow(core.LetterViews...), s.NoticePDF)
	v1.POST("/notices/:id/posted", s.Allow(core.StaffOnly...), s.MarkPosted)
	v1.POST("/notices/:id/retry", s.Allow(core.StaffOnly...), s.RetryNotice)

	v1.GET("/advices", s.Allow(core.AdviceViews...), s.ListAdvices)
	v1.GET("/advices/:id", s.Allow(core.AdviceViews...), s.GetAdvice)
	v1.POST("/advices/:id/accept", s.Allow(core.Answerers...), s.AcceptAdvice)
	v1.POST("/advices/:id/reject", s.Allow(core.Answerers...), s.RejectAdvice)
	v1.POST("/advices/:id/executed", s.Allow(core.Answerers...), s.ConfirmExecution)

	v1.GET("/reports/annual/:file", s.Allow(core.ReportViews...), s.AnnualReport)
	v1.POST("/reports/annual/:file", s.Allow(core.StaffOnly...), s.MakeAnnualReport)
	v1.GET("/reports/years/:year", s.Allow(core.ReportViews...), s.ReportState)
	v1.PUT("/reports/years/:year/closing", s.Allow(core.StaffOnly...), s.SetClosingText)
	v1.POST("/reports/years/:year/finalise", s.Allow(core.StaffOnly...), s.FinaliseReport)
	v1.GET("/reports/versions/:id", s.Allow(core.ReportViews...), s.ReportVersion)
	v1.GET("/support-figures", s.Allow(core.FigureViews...), s.SupportFigures)
	v1.GET("/support-figures.csv", s.Allow(core.FigureViews...), s.SupportFiguresCSV)
	v1.GET("/recommendations", s.Allow(core.StaffOnly...), s.ListRecommendations)
	v1.POST("/recommendations/:id/follow-up", s.Allow(core.StaffOnly...), s.FollowUpRecommendation)

	v1.POST("/organisations", s.Allow(core.AdminOnly...), s.CreateOrganisation)
	v1.POST("/supporters", s.Allow(core.AdminOnly...), s.AdmitSupporter)
	v1.PUT("/supporters/:id", s.Allow(core.AdminOnly...), s.EditSupporter)
	v1.POST("/supporters/:id/suspend", s.Allow(core.AdminOnly...), s.SetSupporterStatus(casework.SupporterSuspended))
	v1.POST("/supporters/:id/reinstate", s.Allow(core.AdminOnly...), s.SetSupporterStatus(casework.SupporterActive))
	v1.POST("/supporters/:id/remove", s.Allow(core.AdminOnly...), s.SetSupporterStatus(casework.SupporterRemoved))
	v1.GET("/users", s.Allow(core.AdminOnly...), s.ListUsers)
	v1.POST("/users", s.Allow(core.AdminOnly...), s.CreateUser)
	v1.PATCH("/users/:id", s.Allow(core.AdminOnly...), s.PatchUser)
	v1.POST("/users/:id/sessions/revoke", s.Allow(core.AdminOnly...), s.RevokeUserSessions)
	v1.POST("/users/:id/password-reset", s.Allow(core.AdminOnly...), s.CreatePasswordReset)
	v1.DELETE("/users/:id/totp", s.Allow(core.AdminOnly...), s.AdminDisableTOTP)
	v1.GET("/settings/two-factor", s.Allow(core.AdminOnly...), s.TwoFactorRules)
	v1.PUT("/settings/two-factor", s.Allow(core.AdminOnly...), s.SetTwoFactorRules)
	// Client trajectories for the uniform monitoring: supporter accounts only, each its own member
	// of the pool's (api/trajectories.go).
	v1.GET("/trajectories", s.Allow(api.TrajectoryRecorders...), s.ListTrajectories)
	v1.POST("/trajectories", s.Allow(api.TrajectoryRecorders...), s.CreateTrajectory)
	v1.GET("/trajectories/:id", s.Allow(api.TrajectoryRecorders...), s.GetTrajectory)
	v1.PUT("/trajectories/:id", s.Allow(api.TrajectoryRecorders...), s.EditTrajectory())
	v1.POST("/trajectories/:id/issues", s.Allow(api.TrajectoryRecorders...), s.AddTrajectoryIssue())
	v1.POST("/trajectories/:id/activities", s.Allow(api.TrajectoryRecorders...), s.AddTrajectoryActivity())
	v1.POST("/trajectories/:id/referrals", s.Allow(api.TrajectoryRecorders...), s.AddTrajectoryReferral())
	v1.DELETE("/trajectories/:id/issues/:entry", s.Allow(api.TrajectoryRecorders...), s.RemoveTrajectoryEntry(casework.EntryIssue))
	v1.DELETE("/trajectories/:id/activities/:entry", s.Allow(api.TrajectoryRecorders...), s.RemoveTrajectoryEntry(casework.EntryActivity))
	v1.DELETE("/trajectories/:id/referrals/:entry", s.Allow(api.TrajectoryRecorders...), s.RemoveTrajectoryEntry(casework.EntryReferral))
	v1.POST("/trajectories/:id/close", s.Allow(api.TrajectoryRecorders...), s.CloseTrajectory())
	v1.POST("/trajectories/:id/reopen", s.Allow(api.TrajectoryRecorders...), s.ReopenTrajectory)
	// The access log: the privacy officer and the admin (api/access_log.go).
	v1.GET("/access-log", s.Allow(api.AccessLogReaders...), s.AccessLogAPI)
	v1.GET("/access-log.csv", s.Allow(api.AccessLogReaders...), s.AccessLogCSVAPI)
	// After the ruling: the resident's answer (public, under the look-up limit), the staff's "not
	// carried out" reports and their "dealt with" (api/feedback.go).
	v1.POST("/complaints/lookup/feedback", s.GiveFeedback)
	v1.GET("/not-carried-out", s.Allow(core.StaffOnly...), s.ListNotCarriedOut)
	v1.POST("/complaints/:reference/not-carried-out/dealt-with", s.Allow(core.StaffOnly...), s.DealWithNotCarriedOut)
	v1.GET("/equated-days", s.Allow(core.StaffOnly...), s.ListEquatedDays)
	v1.POST("/equated-days", s.Allow(core.AdminOnly...), s.AddEquatedDay)
	// Retention and destruction: staff on a closed case, the admin's review and approval (api/retention.go).
	s.RetentionRoutes(v1)
	return r
}

func (s *Server) healthz(c *gin.Context) {
	s.WriteJSON(c, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	if err := s.Ready(c.Request.Context()); err != nil {
		s.Log.WarnContext(c.Request.Context(), "not ready", "request_id", c.GetString(core.CtxRequestID),
			"err", postgres.RedactError(err))
		s.WriteJSON(c, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]string{"status": "ready"})
}
