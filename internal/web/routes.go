package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
)

// routes registers every route, with the roles allowed on it, in one place.
func (s *Server) routes() *gin.Engine {
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// A path with a trailing slash is a 404 problem like any unknown path, not an HTML redirect that
	// bypasses the middleware.
	r.RedirectTrailingSlash = false
	r.Use(s.strictTransport, s.observe, s.recoverer, s.checkURL)
	// Unknown paths and methods: an HTML page for page paths, problem+json for the API (failAny).
	r.NoRoute(func(c *gin.Context) { s.failAny(c, casework.Errorf(casework.CodeNotFound, "No such route.")) })
	r.NoMethod(func(c *gin.Context) {
		s.failAny(c, casework.Errorf(codeMethodNotAllowed, "This route does not accept %s.", c.Request.Method))
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(s.metrics.handler()))

	// Public pages for residents, without accounts: HTML, Dutch or English (?lang=en), no JavaScript.
	// Every form post must come from this site (sameOrigin: CSRF).
	s.pageRoutes = map[string]bool{}
	pages := r.Group("", pageHeaders, s.sameOrigin, s.pageSession)
	var page pageRouter = func(method, path string, h ...gin.HandlerFunc) {
		s.pageRoutes[method+" "+path] = true
		pages.Handle(method, path, h...)
	}
	page("GET", "/", s.home)
	page("GET", "/klacht", s.complaintFormPage)
	page("POST", "/klacht", s.submitComplaint)
	page("GET", "/ondersteuning", s.supportDirectory)
	page("GET", "/privacy", s.privacyPage)
	page("GET", "/status", s.statusFormPage)
	page("POST", "/status", s.statusLookup)
	page("POST", "/status/brief/:id", s.statusLetter)
	page("POST", "/status/ondersteuner", s.statusRepresentation)
	page("POST", "/status/dossier", s.statusExport)
	page("GET", "/static/*filepath", s.static)

	// Signing in and out of the pages (a session cookie; pages_session.go).
	page("GET", "/inloggen", s.signInFormPage)
	page("POST", "/inloggen", s.signIn)
	page("POST", "/uitloggen", s.signOut)

	// Organisations: their own advices only (another organisation's advice is not found).
	org := s.requirePage(orgOnly...)
	page("GET", "/organisatie", org, s.orgList)
	page("GET", "/organisatie/advies/:id", org, s.orgAdvice)
	page("POST", "/organisatie/advies/:id/aanvaarden", org, s.orgAccept)
	page("POST", "/organisatie/advies/:id/afwijzen", org, s.orgReject)
	page("POST", "/organisatie/advies/:id/uitgevoerd", org, s.orgExecuted)

	// The council (and staff and admin): the annual reports, online and to download.
	council := s.requirePage(reportViews...)
	page("GET", "/raad", council, s.councilStart)
	page("GET", "/raad/jaar/:year", council, s.councilYearPage)
	page("GET", "/raad/jaar/:year/:file", council, s.councilDownload)

	// The municipality's policy officer (and the council, staff and admin): the anonymous figures of
	// client support, and their downloads (support_figures.go).
	figures := s.requirePage(figureViews...)
	page("GET", "/gemeente", figures, s.municipalityPage)
	page("GET", "/gemeente/cijfers.csv", figures, s.municipalityDownload(report.CSV))
	page("GET", "/gemeente/cijfers.json", figures, s.municipalityDownload(report.JSON))

	// The meldpunt's staff (and admin): the worklist, the case pages (pages_staff_case.go) and the
	// office pages: print queue, organisations, users, recommendations, annual report
	// (pages_staff_office.go).
	staff, admin := s.requirePage(staffOnly...), s.requirePage(adminOnly...)
	page("GET", "/werk", staff, s.workList)
	s.staffCaseRoutes(page, staff)
	s.staffOfficeRoutes(page, staff, admin)
	// The supporter: their clients' cases, a case, filing for a client (pages_supporter.go).
	s.supporterRoutes(page, s.requirePage(supporterOnly...))
	// The pool of client supporters: the admin admits, edits, suspends and removes (pages_staff_pool.go).
	s.poolRoutes(page, admin)
	// Support requests: the resident's form and request page, the supporter's requests, the staff's
	// look at one on the worklist (pages_requests.go).
	s.requestRoutes(page, s.requirePage(supporterOnly...), staff)
	// A supporter's client trajectories for the uniform monitoring (pages_tracks.go).
	s.trackRoutes(page, s.requirePage(trajectoryRecorders...))
	// Accounts: one's own password, one-time links, switching users off and on (pages_accounts.go).
	s.accountRoutes(page, s.requirePage(signedIn...), admin)
	// Two-step sign-in: the account page, the second step of signing in, the admin's switches
	// (pages_twofactor.go).
	s.twoFactorRoutes(page, staff, admin)
	// Retention and destruction: the admin's review and approval, a closed case's section
	// (pages_retention.go).
	s.retentionPageRoutes(page, staff, admin)
	// The access log: the question before a case somebody else handles, the privacy officer's page
	// (access_log.go).
	s.accessRoutes(page, staff)

	api := r.Group("/api/v1", s.authenticate)
	api.GET("/openapi.json", s.openAPI)

	// Public: residents file and follow complaints without an account.
	api.POST("/complaints", s.fileComplaint)
	api.POST("/complaints/lookup", s.lookupComplaint)
	api.POST("/complaints/lookup/letters/:id", s.residentLetter)
	// The resident changes or ends who acts for them (representation.go).
	api.POST("/complaints/lookup/representation", s.changeRepresentationByResident)
	// The resident's whole file, JSON or PDF (?format=pdf): the right of access (export.go).
	api.POST("/complaints/lookup/export", s.exportResident)
	api.GET("/organisations", s.listOrganisations)
	// The pool of client supporters: the public sees the active ones, the admin all (supporters.go).
	api.GET("/supporters", s.listSupporters)
	api.GET("/supporters/:id", s.getSupporter)
	// Support requests: a resident asks a supporter for help without complaining, follows the request
	// and chooses on a referral (support_requests.go).
	api.POST("/support-requests", s.askSupport)
	api.POST("/support-requests/lookup", s.lookupSupportRequest)
	api.POST("/support-requests/choose", s.chooseOnSupportRequest)
	api.GET("/term", s.computeTerm)
	api.POST("/auth/login", s.login)

	api.POST("/auth/logout", s.allow(signedIn...), s.logout)
	api.GET("/me", s.allow(signedIn...), s.me)
	api.PUT("/me/password", s.allow(signedIn...), s.changeOwnPassword)
	api.POST("/auth/password-reset", s.resetPassword)
	api.GET("/me/totp", s.allow(staffOnly...), s.myTwoFactor)
	api.POST("/me/totp", s.allow(staffOnly...), s.startTOTP)
	api.POST("/me/totp/confirm", s.allow(staffOnly...), s.confirmTOTP)
	api.DELETE("/me/totp", s.allow(staffOnly...), s.disableTOTP)

	api.GET("/complaints", s.allow(caseReaders...), s.listComplaints)
	api.GET("/complaints/:reference", s.allow(caseReaders...), s.getComplaint)
	api.POST("/complaints/:reference/take-up", s.allow(staffOnly...), s.takeUp)
	api.POST("/complaints/:reference/take-over", s.allow(staffOnly...), s.takeOver)
	api.POST("/complaints/:reference/hearings", s.allow(staffOnly...), s.recordHearing)
	api.POST("/complaints/:reference/ruling", s.allow(staffOnly...), s.rule)
	api.POST("/complaints/:reference/postpone", s.allow(staffOnly...), s.postpone)
	api.POST("/complaints/:reference/inadmissible", s.allow(staffOnly...), s.declareInadmissible)
	api.POST("/complaints/:reference/resolve", s.allow(staffOnly...), s.resolve)
	api.POST("/complaints/:reference/withdraw", s.allow(staffOnly...), s.withdraw)
	api.POST("/complaints/:reference/notes", s.allow(staffOnly...), s.addNote)
	// Staff record who acts for the complainant, or its end, from a signed letter (representation.go).
	api.POST("/complaints/:reference/supporter", s.allow(staffOnly...), s.recordRepresentation)
	// The supporter acting for the complainant adds information and descriptions of documents.
	api.POST("/complaints/:reference/information", s.allow(supporterOnly...), s.addContribution)
	api.PUT("/complaints/:reference/complainant", s.allow(staffOnly...), s.changeComplainant)
	api.POST("/complaints/:reference/hearing-invitations", s.allow(staffOnly...), s.inviteToHearing)
	api.POST("/complaints/:reference/organisations", s.allow(staffOnly...), s.addComplaintOrganisation)
	api.GET("/complaints/:reference/notices", s.allow(staffOnly...), s.complaintNotices)
	// Staff make the resident's whole file for a request by letter, with a reason (audited; export.go).
	api.POST("/complaints/:reference/export", s.allow(staffOnly...), s.exportStaff)

	// Support requests: the supporter its own, staff the worklist's (support_requests.go).
	api.GET("/support-requests", s.allow(requestReaders...), s.listSupportRequests)
	api.GET("/support-requests/:id", s.allow(requestReaders...), s.getSupportRequest)
	api.POST("/support-requests/:id/accept", s.allow(supporterOnly...), s.decideSupportRequest(casework.StepAccept))
	api.POST("/support-requests/:id/decline", s.allow(supporterOnly...), s.decideSupportRequest(casework.StepDecline))
	api.POST("/support-requests/:id/refer", s.allow(supporterOnly...), s.decideSupportRequest(casework.StepRefer))

	api.GET("/watch", s.allow(staffOnly...), s.watch)
	api.GET("/notices", s.allow(staffOnly...), s.listNotices)
	api.GET("/notices/:id/pdf", s.allow(letterViews...), s.noticePDF)
	api.POST("/notices/:id/posted", s.allow(staffOnly...), s.markPosted)
	api.POST("/notices/:id/retry", s.allow(staffOnly...), s.retryNotice)

	api.GET("/advices", s.allow(adviceViews...), s.listAdvices)
	api.GET("/advices/:id", s.allow(adviceViews...), s.getAdvice)
	api.POST("/advices/:id/accept", s.allow(answerers...), s.acceptAdvice)
	api.POST("/advices/:id/reject", s.allow(answerers...), s.rejectAdvice)
	api.POST("/advices/:id/executed", s.allow(answerers...), s.confirmExecution)

	api.GET("/reports/annual/:file", s.allow(reportViews...), s.annualReport)
	api.POST("/reports/annual/:file", s.allow(staffOnly...), s.makeAnnualReport)
	api.GET("/reports/years/:year", s.allow(reportViews...), s.reportState)
	api.PUT("/reports/years/:year/closing", s.allow(staffOnly...), s.setClosingText)
	api.POST("/reports/years/:year/finalise", s.allow(staffOnly...), s.finaliseReport)
	api.GET("/reports/versions/:id", s.allow(reportViews...), s.reportVersion)
	api.GET("/support-figures", s.allow(figureViews...), s.supportFigures)
	api.GET("/support-figures.csv", s.allow(figureViews...), s.supportFiguresCSV)
	api.GET("/recommendations", s.allow(staffOnly...), s.listRecommendations)
	api.POST("/recommendations/:id/follow-up", s.allow(staffOnly...), s.followUpRecommendation)

	api.POST("/organisations", s.allow(adminOnly...), s.createOrganisation)
	api.POST("/supporters", s.allow(adminOnly...), s.admitSupporter)
	api.PUT("/supporters/:id", s.allow(adminOnly...), s.editSupporter)
	api.POST("/supporters/:id/suspend", s.allow(adminOnly...), s.setSupporterStatus(casework.SupporterSuspended))
	api.POST("/supporters/:id/reinstate", s.allow(adminOnly...), s.setSupporterStatus(casework.SupporterActive))
	api.POST("/supporters/:id/remove", s.allow(adminOnly...), s.setSupporterStatus(casework.SupporterRemoved))
	api.GET("/users", s.allow(adminOnly...), s.listUsers)
	api.POST("/users", s.allow(adminOnly...), s.createUser)
	api.PATCH("/users/:id", s.allow(adminOnly...), s.patchUser)
	api.POST("/users/:id/sessions/revoke", s.allow(adminOnly...), s.revokeUserSessions)
	api.POST("/users/:id/password-reset", s.allow(adminOnly...), s.createPasswordReset)
	api.DELETE("/users/:id/totp", s.allow(adminOnly...), s.adminDisableTOTP)
	api.GET("/settings/two-factor", s.allow(adminOnly...), s.twoFactorRules)
	api.PUT("/settings/two-factor", s.allow(adminOnly...), s.setTwoFactorRules)
	// Client trajectories for the uniform monitoring: supporter accounts only, each its own member
	// of the pool's (trajectories.go).
	api.GET("/trajectories", s.allow(trajectoryRecorders...), s.listTrajectories)
	api.POST("/trajectories", s.allow(trajectoryRecorders...), s.createTrajectory)
	api.GET("/trajectories/:id", s.allow(trajectoryRecorders...), s.getTrajectory)
	api.PUT("/trajectories/:id", s.allow(trajectoryRecorders...), s.editTrajectory())
	api.POST("/trajectories/:id/issues", s.allow(trajectoryRecorders...), s.addTrajectoryIssue())
	api.POST("/trajectories/:id/activities", s.allow(trajectoryRecorders...), s.addTrajectoryActivity())
	api.POST("/trajectories/:id/referrals", s.allow(trajectoryRecorders...), s.addTrajectoryReferral())
	api.DELETE("/trajectories/:id/issues/:entry", s.allow(trajectoryRecorders...), s.removeTrajectoryEntry(casework.EntryIssue))
	api.DELETE("/trajectories/:id/activities/:entry", s.allow(trajectoryRecorders...), s.removeTrajectoryEntry(casework.EntryActivity))
	api.DELETE("/trajectories/:id/referrals/:entry", s.allow(trajectoryRecorders...), s.removeTrajectoryEntry(casework.EntryReferral))
	api.POST("/trajectories/:id/close", s.allow(trajectoryRecorders...), s.closeTrajectory())
	api.POST("/trajectories/:id/reopen", s.allow(trajectoryRecorders...), s.reopenTrajectory)
	// The access log: the privacy officer and the admin (access_log.go).
	api.GET("/access-log", s.allow(accessLogReaders...), s.accessLogAPI)
	api.GET("/access-log.csv", s.allow(accessLogReaders...), s.accessLogCSVAPI)
	api.GET("/equated-days", s.allow(staffOnly...), s.listEquatedDays)
	api.POST("/equated-days", s.allow(adminOnly...), s.addEquatedDay)
	// Retention and destruction: staff on a closed case, the admin's review and approval (retention.go).
	s.retentionRoutes(api)
	return r
}

func (s *Server) healthz(c *gin.Context) {
	s.writeJSON(c, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	if err := s.ready(c.Request.Context()); err != nil {
		s.log.WarnContext(c.Request.Context(), "not ready", "request_id", c.GetString(ctxRequestID),
			"err", postgres.RedactError(err))
		s.writeJSON(c, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	s.writeJSON(c, http.StatusOK, map[string]string{"status": "ready"})
}
