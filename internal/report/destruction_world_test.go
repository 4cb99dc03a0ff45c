package report_test

import (
	"fmt"
	"sort"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// The world of destruction_test.go: four years of cases (2023–2026) built through the store, each
// step on its own day and all steps of all cases in the order of their days, so that the deadline
// sweep enforces exactly the advices meant to be enforced. Every kind of case the figures count is
// there, in numbers large enough that most organisation-level counts are shown rather than "<5":
//
//   - every status: withdrawn (before and after take-up), inadmissible, resolved, ruled unfounded,
//     founded and partly founded and closed when every advice is final, advised with an advice
//     accepted or enforced but not yet executed or still awaiting an answer, received and in
//     treatment; cases received in December and ruled in the next year (open at the year's end);
//   - rulings within the term, late, and postponed (within the postponed term);
//   - advices accepted and rejected online and by letter (recorded by staff with the day of
//     receipt), enforced by the sweep and executed, enforcements corrected by a timely answer by
//     letter recorded later (accepted or rejected), rejections on several grounds;
//   - supporters from the pool chosen at intake or later by signed letter (some ended), informal
//     representatives, a supporter's contributions, staff notes, the access log;
//   - policy recommendations and their follow-up the next January;
//   - trajectories of client support linked to the complaints they supported, with issues,
//     activities, referrals and outcomes;
//   - cases that went on to the ombudsman (10 years' retention);
//   - the residents' answers after the ruling, with "not carried out" reports dealt with or not.
//
// Every free text and personal datum is one of the planted strings (fixture_test.go) or one of
// destroyedText below; none may ever appear in an edition.

// destroyedText are the further free texts the world plants in case files.
var destroyedText = []string{"BIJDRAGE-Qz", "NOTITIE-Qz", "MANTELZORGER-Qz", "Q-dochter"}

// fate is what becomes of one binding advice.
type fate int

const (
	fateAcceptExecute   fate = iota // accepted online, execution confirmed online
	fateRejectOnline                // rejected with reasons online
	fateEnforceExecute              // no answer: enforced by the sweep, then executed
	fateAcceptByLetter              // accepted by letter (staff record it), execution confirmed by e-mail
	fateRejectByLetter              // rejected by letter, recorded by staff
	fateCorrectedAccept             // enforced, then a timely acceptance by letter recorded late corrects it; executed
	fateCorrectedReject             // enforced, then corrected by a timely rejection by letter
	fateAcceptOnly                  // accepted, execution not confirmed: the case stays advised
	fateEnforceOnly                 // enforced, not executed: the case stays advised
	fateAwaiting                    // no answer yet, its term runs
)

// fateCycle deals the fates of a year's advices to each organisation in turn.
var fateCycle = []fate{fateAcceptExecute, fateRejectOnline, fateEnforceExecute, fateAcceptByLetter, fateRejectByLetter,
	fateEnforceExecute, fateCorrectedAccept, fateEnforceExecute, fateCorrectedReject}

// groundCycle deals the grounds of a year's rejections.
var groundCycle = []casework.RejectionGround{casework.RejectionLegal, casework.RejectionFinancial, casework.RejectionLegal,
	casework.RejectionFinancial, casework.RejectionNotFeasible, casework.RejectionDisputesFindings, casework.RejectionLegal,
	casework.RejectionFinancial, casework.RejectionOther}

type outcome int

const (
	outWithdrawn outcome = iota
	outInadmissible
	outResolved
	outUnfounded
	outGranted
	outReceived    // not taken up
	outInTreatment // taken up, not ruled
)

// plannedCase is one case of the world and what becomes of it.
type plannedCase struct {
	label    string
	received time.Time
	channel  casework.Channel
	domains  []casework.LifeDomain
	grounds  []casework.Ground
	orgs     []int64
	outcome  outcome
	verdict  casework.Verdict
	fates    map[int64]fate
	grounds2 map[int64]casework.RejectionGround // rejection grounds per organisation
	// earlyWithdrawal withdraws before take-up.
	earlyWithdrawal bool
	ruleAfter       int // days from receipt to ruling
	postpone        bool
	recommend       bool
	followUp        casework.RecommendationStatus
	poolAtIntake    int64 // member of the pool chosen at intake
	informal        bool  // an informal representative at intake
	poolLater       int64 // member of the pool chosen later by signed letter
	endSupport      bool  // the choice ends by signed letter
	contribution    bool  // the supporter adds information
	note            bool  // staff add a note
	ombudsman       bool
	orgAddedLater   bool // the last of orgs is added to the complaint in treatment

	ref     string
	code    string          // the tracking code, for the resident's answer after the ruling
	advices map[int64]int64 // advice id by organisation
}

// destructionWorld is the fixture with the world's organisations, supporters and cases.
type destructionWorld struct {
	*fixture
	orgW, orgM, orgZ, orgJ casework.Organisation
	pool                   [2]int64          // members of the pool
	poolActor              [2]casework.Actor // their accounts
	cases                  []*plannedCase
	steps                  []worldStep
	feedbackTurn           int // ruled cases planned so far, for the residents' answers
}

// The residents' answers after the ruling, dealt in turn.
var (
	satisfactionCycle = []int{4, 5, 3, 2, 1, 4, 5, 3, 4}
	carriedOutCycle   = []casework.CarriedOut{casework.CarriedOutYes, casework.CarriedOutYes, casework.CarriedOutPartly,
		casework.CarriedOutNo, casework.CarriedOutUnknown, casework.CarriedOutYes, casework.CarriedOutNo}
)

type worldStep struct {
	at   time.Time
	seq  int
	what string
	do   func()
}

func (w *destructionWorld) at(t time.Time, what string, do func()) {
	w.steps = append(w.steps, worldStep{at: t, seq: len(w.steps), what: what, do: do})
}

func days(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

func dateOf(t time.Time) string { return term.LocalDate(t).String() }

// buildWorld builds the four years; the clock is left at 15 January 2028.
func (f *fixture) buildWorld() *destructionWorld {
	f.t.Helper()
	w := &destructionWorld{fixture: f}
	w.orgW = f.org("Sociaal Wijkteam Noord", casework.OrgDistrictTeam)
	w.orgM = f.org("Gemeente Haarlem", casework.OrgMunicipality)
	w.orgZ = f.org("Zorggroep Ëlan", casework.OrgCareProvider)
	w.orgJ = f.org("Jeugdhulp Kennemerland", casework.OrgYouthCare)
	admin := casework.Actor{UserID: f.staff.UserID, Role: casework.RoleAdmin, Label: "beheer"}
	for i, name := range []string{"MEE & De Wering", "Cliëntenbelang Haarlem"} {
		s, err := f.store.AdmitSupporter(f.ctx, admin, casework.SupporterProfile{Name: name, Kind: casework.SupporterOrganisation,
			DescriptionNL: "Onafhankelijke cliëntondersteuning.", LifeDomains: []casework.LifeDomain{casework.DomainCare},
			Languages: []string{"nl"}, Contact: casework.SupporterContact{Email: fmt.Sprintf("pool%d@steun.example", i), Phone: "023 000 0000",
				PhoneHours: "ma-vr 9-17"},
			Independence: "Wij beslissen niet over zorg en leveren geen zorg."})
		f.must(err)
		u, err := f.store.CreateUser(f.ctx, casework.NewUser{Email: fmt.Sprintf("account%d@steun.example", i), Name: "Ondersteuner " + name,
			Role: casework.RoleSupporter, SupporterID: s.ID, Password: "een lange wachtzin voor de ondersteuner"})
		f.must(err)
		w.pool[i], w.poolActor[i] = s.ID, casework.ActorOf(u)
	}
	for _, y := range []int{2023, 2024, 2025} {
		w.planYear(y, 77, 360)
	}
	w.planYear(2026, 14, 110)
	w.planSpecials()
	for _, c := range w.cases {
		w.schedule(c)
	}
	sort.SliceStable(w.steps, func(i, j int) bool {
		if !w.steps[i].at.Equal(w.steps[j].at) {
			return w.steps[i].at.Before(w.steps[j].at)
		}
		return w.steps[i].seq < w.steps[j].seq
	})
	for _, s := range w.steps {
		f.clock.Set(s.at)
		s.do()
	}
	f.clock.Set(at(2028, 1, 15, 10, 0))
	return w
}

// planYear plans n cases received over the first spread days of year; the first arrives just after
// midnight on New Year's Day and, in a full year, the last half an hour before the next.
func (w *destructionWorld) planYear(year, n, spread int) {
	orgs3 := []int64{w.orgW.ID, w.orgM.ID, w.orgZ.ID}
	fateNo := map[int64]int{}
	rejections := 0
	for i := range n {
		c := &plannedCase{label: fmt.Sprintf("%d-%02d", year, i), fates: map[int64]fate{}, grounds2: map[int64]casework.RejectionGround{}}
		c.received = days(at(year, 1, 2, 9+i%8, (i*7)%60), i*spread/n)
		switch {
		case i == 0:
			c.received = at(year, 1, 1, 0, 20)
		case i == n-1 && spread > 300:
			c.received = at(year, 12, 31, 23, 30)
		}
		c.channel = casework.Channels[(i*4+year)%len(casework.Channels)]
		c.domains = []casework.LifeDomain{casework.LifeDomains[(i*5)%9]}
		if i%3 == 2 {
			c.domains = append(c.domains, casework.LifeDomains[(i*5+4)%9])
		}
		c.grounds = []casework.Ground{casework.Grounds[i%3]}
		if i%5 == 0 {
			c.grounds = append(c.grounds, casework.Grounds[(i+1)%3])
		}
		c.orgs = []int64{orgs3[(i/2)%3]}
		if i%4 == 1 {
			c.orgs = append(c.orgs, orgs3[(i/2+1)%3])
		}
		if i%23 == 6 { // the youth care provider, added to the complaint while in treatment
			c.orgs, c.orgAddedLater = append(c.orgs, w.orgJ.ID), true
		}
		switch i % 11 {
		case 0:
			c.outcome, c.earlyWithdrawal = outWithdrawn, i%2 == 0
		case 1:
			c.outcome = outInadmissible
		case 2:
			c.outcome = outResolved
		case 3, 4:
			c.outcome, c.verdict = outUnfounded, casework.VerdictUnfounded
		default:
			c.outcome, c.verdict = outGranted, casework.VerdictFounded
			if i%3 == 0 {
				c.verdict = casework.VerdictPartlyFounded
			}
		}
		switch {
		case i%5 == 1:
			c.postpone, c.ruleAfter = true, 60
		case i%7 == 2:
			c.ruleAfter = 50 // late
		default:
			c.ruleAfter = 12 + (i*5)%29
		}
		if c.outcome == outGranted {
			for _, o := range c.orgs {
				c.fates[o] = fateCycle[fateNo[o]%len(fateCycle)]
				fateNo[o]++
				if fr := c.fates[o]; fr == fateRejectOnline || fr == fateRejectByLetter || fr == fateCorrectedReject {
					c.grounds2[o] = groundCycle[rejections%len(groundCycle)]
					rejections++
				}
			}
		}
		if (c.outcome == outGranted || c.outcome == outUnfounded) && i%4 == 2 {
			c.recommend = true
			c.followUp = []casework.RecommendationStatus{casework.RecommendationAdopted, casework.RecommendationPartlyAdopted,
				casework.RecommendationNotAdopted, casework.RecommendationOpen}[(i/4)%4]
		}
		ruled := c.outcome == outGranted || c.outcome == outUnfounded
		switch {
		case i%6 == 1:
			c.poolAtIntake = w.pool[(i/6)%2]
			c.endSupport = i%12 == 7
			c.contribution = ruled && i%12 == 1
		case i%6 == 3:
			c.informal = true
		case i%9 == 4 && c.outcome != outWithdrawn:
			c.poolLater = w.pool[(i/9)%2]
		}
		c.note = i%8 == 5 && c.outcome != outWithdrawn
		c.ombudsman = ruled && i%13 == 4
		w.cases = append(w.cases, c)
	}
}

// planSpecials plans the cases of 2026 that stay open: an advice accepted but not executed, one
// enforced but not executed, one awaiting its answer (issued after every sweep), a complaint not
// taken up and one in treatment.
func (w *destructionWorld) planSpecials() {
	special := func(label string, received time.Time, o outcome, org int64, fr fate, ruleAfter int) {
		c := &plannedCase{label: label, received: received, channel: casework.ChannelLetter,
			domains: []casework.LifeDomain{casework.DomainHousing}, grounds: []casework.Ground{casework.GroundProcedure},
			orgs: []int64{org}, outcome: o, verdict: casework.VerdictFounded, fates: map[int64]fate{org: fr},
			grounds2: map[int64]casework.RejectionGround{}, ruleAfter: ruleAfter}
		w.cases = append(w.cases, c)
	}
	special("2026-s1", at(2026, 3, 2, 10, 0), outGranted, w.orgW.ID, fateAcceptOnly, 18)
	special("2026-s2", at(2026, 3, 9, 10, 0), outGranted, w.orgM.ID, fateEnforceOnly, 20)
	special("2026-s3", at(2026, 5, 25, 10, 0), outGranted, w.orgZ.ID, fateAwaiting, 35)
	special("2026-s4", at(2026, 6, 10, 10, 0), outReceived, w.orgZ.ID, 0, 0)
	special("2026-s5", at(2026, 6, 12, 10, 0), outInTreatment, w.orgW.ID, 0, 0)
}

// schedule puts the steps of case c on the timeline.
func (w *destructionWorld) schedule(c *plannedCase) {
	f, ctx, s := w.fixture, w.ctx, w.store
	must := func(what string, err error) {
		f.t.Helper()
		if err != nil {
			f.t.Fatalf("case %s: %s: %v", c.label, what, err)
		}
	}
	R := c.received
	w.at(R, "file", func() {
		in := casework.Intake{
			Complainant: casework.Contact{Name: "Xandrijn Vogelenzang", Email: "xandrijn.v@geheim.example", Phone: "0612398745",
				Street: "Geheimstraat 13", Postcode: "9999 ZZ", City: "Verborgenoord"},
			Channel: c.channel, OrganisationIDs: c.orgs, Grounds: c.grounds, LifeDomains: c.domains,
			Summary: "KLACHTTEKST-kwetsbaar-Qz: ik werd niet gehoord.", DesiredOutcome: "WENS-Qz: een gesprek.",
			OccurredOn: dateOf(days(R, -20)),
		}
		if c.orgAddedLater {
			in.OrganisationIDs = c.orgs[:len(c.orgs)-1]
		}
		switch {
		case c.poolAtIntake != 0:
			in.SupporterID, in.SupporterConsent = c.poolAtIntake, true
		case c.informal:
			in.Supporter = &casework.Contact{Name: "Wendelmoet Supporterkamp", Email: "wendelmoet@steun.example"}
			in.SupporterRelation, in.SupporterConsent = "Q-dochter", true
		}
		filer := f.staff
		if c.channel == casework.ChannelWeb {
			filer = casework.ResidentActor
		}
		r, err := s.FileComplaint(ctx, filer, in)
		must("file", err)
		c.ref, c.code = r.Reference, r.TrackingCode
	})
	if c.outcome == outReceived {
		return
	}
	if c.outcome == outWithdrawn && c.earlyWithdrawal {
		w.at(days(R, 3), "withdraw", func() {
			must("withdraw", s.Withdraw(ctx, f.staff, c.ref, casework.Closing{Reason: "INTREKKING-Qz: de klager trekt in."}))
		})
		return
	}
	w.at(days(R, 1), "take up", func() {
		must("take up", s.TakeUp(ctx, f.staff, c.ref, casework.TakeUp{NotInvolved: true}))
		_, err := s.Complaint(ctx, f.staff, c.ref) // staff open the case: the access log
		must("open", err)
	})
	if c.orgAddedLater {
		w.at(days(R, 2), "add an organisation", func() {
			must("add an organisation", s.AddOrganisation(ctx, f.staff, c.ref, c.orgs[len(c.orgs)-1]))
		})
	}
	if c.poolLater != 0 {
		w.at(days(R, 4), "choose a supporter by letter", func() {
			must("choose", s.RecordRepresentation(ctx, f.staff, c.ref, casework.RepresentationChange{
				Representation: casework.Representation{SupporterID: c.poolLater, Consent: true}, ReceivedOn: dateOf(days(R, 2))}))
		})
	}
	if pool := c.poolAtIntake + c.poolLater; pool != 0 {
		w.trajectory(c, pool)
	}
	if c.contribution {
		w.at(days(R, 5), "contribution", func() {
			_, err := s.AddContribution(ctx, w.poolActorOf(c.poolAtIntake), c.ref, casework.NewContribution{
				Information: "BIJDRAGE-Qz: de cliënt heeft nog een brief.", Documents: []string{"BIJDRAGE-Qz brief van 3 maart"}})
			must("contribution", err)
		})
	}
	if c.note {
		w.at(days(R, 6), "note", func() { must("note", s.AddNote(ctx, f.staff, c.ref, "NOTITIE-Qz: klager belde.")) })
	}
	if c.endSupport {
		w.at(days(R, 15), "end the supporter by letter", func() {
			must("end", s.RecordRepresentation(ctx, f.staff, c.ref, casework.RepresentationChange{End: true, ReceivedOn: dateOf(days(R, 14))}))
		})
	}
	switch c.outcome {
	case outInTreatment:
		return
	case outWithdrawn:
		w.at(days(R, 9), "withdraw", func() {
			must("withdraw", s.Withdraw(ctx, f.staff, c.ref, casework.Closing{Reason: "INTREKKING-Qz: de klager trekt in."}))
		})
		return
	case outInadmissible:
		w.at(days(R, 8), "inadmissible", func() {
			must("inadmissible", s.DeclareInadmissible(ctx, f.staff, c.ref, casework.Inadmissibility{
				Ground: []casework.InadmissibleGround{casework.InadmissibleObjection, casework.InadmissibleTooLight,
					casework.InadmissibleBeforeCourt}[int(R.Month())%3],
				Reasons: "NIETONTVANKELIJK-Qz: bezwaar staat open."}))
		})
		return
	case outResolved:
		w.at(days(R, 12), "resolve", func() {
			must("resolve", s.Resolve(ctx, f.staff, c.ref, casework.Closing{Reason: "OPGELOST-Qz: naar tevredenheid."}))
		})
		return
	}
	if c.postpone {
		w.at(days(R, 35), "postpone", func() {
			_, err := s.Postpone(ctx, f.staff, c.ref, casework.Postponement{Days: 28, Reason: "VERDAGING-Qz: meer tijd nodig."})
			must("postpone", err)
		})
	}
	T := days(R, c.ruleAfter)
	w.at(T, "rule", func() {
		day := dateOf(T)
		_, err := s.RecordHearing(ctx, f.staff, c.ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: day,
			Record: "HOORVERSLAG-Qz: de klager vertelt."})
		must("hear the complainant", err)
		for _, o := range c.orgs {
			_, err := s.RecordHearing(ctx, f.staff, c.ref, casework.Hearing{Party: casework.PartyOrganisation,
				OrganisationID: o, HeldOn: day, Record: "HOORVERSLAG-Qz: de organisatie vertelt."})
			must("hear an organisation", err)
		}
		r := casework.Ruling{Verdict: c.verdict, Findings: "BEVINDING-Qz: zo is het gegaan.", Conclusions: "CONCLUSIE-Qz: dit vinden wij."}
		if c.outcome == outGranted {
			for _, o := range c.orgs {
				r.Advices = append(r.Advices, casework.AdviceInput{OrganisationID: o, Text: "ADVIESTEKST-Qz: bied excuses aan."})
			}
		}
		if c.recommend {
			r.Recommendations = []casework.RecommendationInput{{LifeDomain: c.domains[0],
				Text: "Aanbeveling " + c.label + ": leg vaste doorlooptijden vast."}}
		}
		advices, err := s.Rule(ctx, f.staff, c.ref, r)
		must("rule", err)
		c.advices = map[int64]int64{}
		for _, a := range advices {
			c.advices[a.OrganisationID] = a.ID
		}
	})
	if c.recommend && c.followUp != casework.RecommendationOpen {
		w.at(at(T.Year()+1, 1, 10, 11, 0), "follow-up", func() {
			cv, err := s.Complaint(ctx, f.staff, c.ref)
			must("read the recommendation", err)
			if len(cv.Recommendations) != 1 {
				f.t.Fatalf("case %s: %d recommendations", c.label, len(cv.Recommendations))
			}
			_, err = s.UpdateRecommendation(ctx, f.staff, cv.Recommendations[0].ID, casework.FollowUp{Status: c.followUp,
				Note: "Stand " + string(c.followUp) + " volgens de gemeente."})
			must("follow-up", err)
		})
	}
	for _, o := range c.orgs {
		if c.outcome == outGranted {
			w.answer(c, o, T, must)
		}
	}
	// The resident of most ruled cases answers after the ruling; a "not carried out" report is dealt
	// with by staff in every other case.
	if n := w.feedbackTurn; (c.outcome == outGranted || c.outcome == outUnfounded) && n%5 != 4 {
		w.feedbackTurn++
		w.at(days(T, 40), "feedback", func() {
			in := casework.FeedbackAnswer{Satisfaction: satisfactionCycle[n%len(satisfactionCycle)],
				Comment: "TERUGKOPPELING-Qz: zo ging het verder."}
			for i, o := range c.orgs {
				if id, ok := c.advices[o]; ok {
					in.Advices = append(in.Advices, casework.AdviceCarriedOut{AdviceID: id,
						CarriedOut: carriedOutCycle[(n+i)%len(carriedOutCycle)]})
				}
			}
			_, err := s.GiveFeedback(ctx, c.ref, c.code, in)
			must("feedback", err)
			if in.NotCarriedOut() && n%2 == 0 {
				must("deal with the report", s.DealWithNotCarriedOut(ctx, f.staff, c.ref,
					casework.DealtWith{Note: "AFHANDELING-Qz: organisatie gebeld."}))
			}
		})
	} else if c.outcome == outGranted || c.outcome == outUnfounded {
		w.feedbackTurn++
	}
	if c.ombudsman {
		w.at(days(R, 200), "ombudsman", func() {
			_, err := w.store.SQL().ExecContext(ctx, `UPDATE complaints SET ombudsman_on = $2 WHERE reference = $1 AND closed_at IS NOT NULL`,
				c.ref, dateOf(days(R, 190)))
			must("record the ombudsman", err)
		})
	}
}

func (w *destructionWorld) poolActorOf(id int64) casework.Actor {
	if id == w.pool[0] {
		return w.poolActor[0]
	}
	return w.poolActor[1]
}

// answer schedules what the organisation o does with its advice of case c, issued at T.
func (w *destructionWorld) answer(c *plannedCase, o int64, T time.Time, must func(string, error)) {
	ctx, s, staff := w.ctx, w.store, w.staff
	org := orgActor(o)
	letter := func(received time.Time) casework.AnswerReceipt {
		return casework.AnswerReceipt{ReceivedOn: dateOf(received), Channel: casework.AnswerByLetter}
	}
	id := func() int64 { return c.advices[o] }
	rejection := casework.Rejection{Reasons: rejectionText, Ground: c.grounds2[o]}
	sweep := func(n int) {
		w.at(days(T, n), "sweep", func() {
			_, err := s.Sweep(ctx, 1000)
			must("sweep", err)
		})
	}
	execute := func(n int, r casework.AnswerReceipt, by casework.Actor) {
		w.at(days(T, n), "execute", func() {
			_, err := s.ConfirmExecution(ctx, by, id(), "UITVOERING-Qz: gedaan.", r)
			must("confirm execution", err)
		})
	}
	switch c.fates[o] {
	case fateAcceptExecute, fateAcceptOnly:
		w.at(days(T, 3), "accept", func() {
			_, err := s.AcceptAdvice(ctx, org, id(), casework.AnswerReceipt{})
			must("accept", err)
		})
		if c.fates[o] == fateAcceptExecute {
			execute(20, casework.AnswerReceipt{}, org)
		}
	case fateRejectOnline:
		w.at(days(T, 5), "reject", func() {
			_, err := s.RejectAdvice(ctx, org, id(), rejection, casework.AnswerReceipt{})
			must("reject", err)
		})
	case fateEnforceExecute, fateEnforceOnly:
		sweep(22)
		if c.fates[o] == fateEnforceExecute {
			execute(40, casework.AnswerReceipt{}, org)
		}
	case fateAcceptByLetter:
		w.at(days(T, 6), "accept by letter", func() {
			_, err := s.AcceptAdvice(ctx, staff, id(), letter(days(T, 4)))
			must("accept by letter", err)
		})
		execute(30, casework.AnswerReceipt{ReceivedOn: dateOf(days(T, 28)), Channel: casework.AnswerByEmail}, staff)
	case fateRejectByLetter:
		w.at(days(T, 8), "reject by letter", func() {
			_, err := s.RejectAdvice(ctx, staff, id(), rejection, letter(days(T, 7)))
			must("reject by letter", err)
		})
	case fateCorrectedAccept:
		sweep(22)
		w.at(days(T, 24), "correct by a timely acceptance", func() {
			a, err := s.AcceptAdvice(ctx, staff, id(), letter(days(T, 9)))
			must("correct by acceptance", err)
			if a.Status != casework.AdviceAccepted {
				w.t.Fatalf("case %s: corrected advice is %s", c.label, a.Status)
			}
		})
		execute(45, casework.AnswerReceipt{}, org)
	case fateCorrectedReject:
		sweep(22)
		w.at(days(T, 25), "correct by a timely rejection", func() {
			_, err := s.RejectAdvice(ctx, staff, id(), rejection, letter(days(T, 10)))
			must("correct by rejection", err)
		})
	case fateAwaiting:
	}
}

// trajectory schedules the pool member's trajectory for the client of case c, linked to it: begun
// the day after the complaint, with the complaint as an issue, contacts, sometimes a referral, and
// ended after ten weeks.
func (w *destructionWorld) trajectory(c *plannedCase, pool int64) {
	ctx, s := w.ctx, w.store
	actor := w.poolActorOf(pool)
	R := c.received
	start := days(R, 5)
	var id int64
	must := func(what string, err error) {
		w.t.Helper()
		if err != nil {
			w.t.Fatalf("trajectory of case %s: %s: %v", c.label, what, err)
		}
	}
	w.at(start, "start a trajectory", func() {
		tr, err := s.CreateTrajectory(ctx, actor, casework.TrajectoryInput{ClientLabel: "K-" + c.label, StartedOn: dateOf(start),
			LifeDomains: c.domains})
		must("create", err)
		id = tr.ID
		// The supporters' pages do not link a trajectory to a complaint yet: the link as the
		// migration has it.
		_, err = w.store.SQL().ExecContext(ctx, `UPDATE trajectories SET complaint_id = (SELECT id FROM complaints WHERE reference = $2)
			WHERE id = $1`, id, c.ref)
		must("link", err)
		_, err = s.AddTrajectoryIssue(ctx, actor, id, casework.IssueInput{Topic: casework.TopicComplaint, NotedOn: dateOf(start)})
		must("issue", err)
		_, err = s.AddTrajectoryActivity(ctx, actor, id, casework.ActivityInput{OnDate: dateOf(start), Channel: casework.ActivityPhone, Minutes: 45})
		must("activity", err)
	})
	w.at(days(start, 10), "visit", func() {
		_, err := s.AddTrajectoryActivity(ctx, actor, id, casework.ActivityInput{OnDate: dateOf(days(start, 10)),
			Channel: casework.ActivityHomeVisit, Minutes: 60 + len(c.label)%3*15})
		must("visit", err)
		if R.Day()%3 == 0 {
			_, err = s.AddTrajectoryReferral(ctx, actor, id, casework.ReferralInput{OnDate: dateOf(days(start, 10)),
				ToOrganisation: "Schuldhulpverlening", Topic: casework.TopicDebts})
			must("referral", err)
		}
	})
	w.at(days(start, 70), "end the trajectory", func() {
		_, err := s.CloseTrajectory(ctx, actor, id, casework.CloseInput{EndedOn: dateOf(days(start, 70)),
			Outcome: casework.TrajectoryOutcomes[R.Day()%len(casework.TrajectoryOutcomes)]})
		must("close", err)
	})
}
