package report_test

import (
	"context"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

var ams = term.Amsterdam()

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ams) }

// planted are distinctive personal data and free texts put into every free field of the fixture;
// none may appear in any edition of the report.
var planted = []string{
	"Xandrijn Vogelenzang", "xandrijn.v@geheim.example", "0612398745", "Geheimstraat 13", "9999 ZZ", "Verborgenoord",
	"Wendelmoet Supporterkamp", "wendelmoet@steun.example",
	"KLACHTTEKST-kwetsbaar-Qz", "WENS-Qz", "BEVINDING-Qz", "CONCLUSIE-Qz", "HOORVERSLAG-Qz", "ADVIESTEKST-Qz",
	"AFWIJZING-Qz", "UITVOERING-Qz", "INTREKKING-Qz", "NIETONTVANKELIJK-Qz", "OPGELOST-Qz", "VERDAGING-Qz",
	"Behandelaar Geheimnaam", "TERUGKOPPELING-Qz", "AFHANDELING-Qz",
}

// fixture is a small world built by hand: two organisations, three complaints in 2024 and nine in
// 2025 that go through every outcome, with every figure of 2025 worked out in figures_test.go.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	clock *pgtest.Clock
	store *postgres.DB
	gen   *report.Generator
	staff casework.Actor
	orgA  casework.Organisation // "Sociaal Wijkteam Coördinatie Zuid", district team
	orgB  casework.Organisation // "Zorggroep Ëlan", care provider
	recs  map[string]int64      // recommendation ids by their label
	codes map[string]string     // tracking codes by reference
}

// newFixture returns an empty world on a fresh database with the clock at now.
func newFixture(t *testing.T, now time.Time) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), clock: pgtest.NewClock(now), recs: map[string]int64{},
		codes: map[string]string{}}
	f.store = pgtest.NewStore(t, f.clock)
	gen, err := report.New(f.store, letter.SampleSender())
	f.must(err)
	f.gen = gen
	u, err := f.store.CreateUser(f.ctx, casework.NewUser{Email: "behandelaar@meldpunt.example", Name: "Behandelaar Geheimnaam",
		Role: casework.RoleStaff, Password: "een-lang-wachtwoord-voor-tests"})
	f.must(err)
	f.staff = casework.ActorOf(u)
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) org(name string, kind casework.OrgKind) casework.Organisation {
	f.t.Helper()
	o, err := f.store.CreateOrganisation(f.ctx, casework.Organisation{Name: name, Kind: kind,
		Email: "directie@" + string(kind) + ".example", Street: "Postbus 1", Postcode: "2000 AA", City: "Haarlem"})
	f.must(err)
	return o
}

// complaint is one fixture complaint as it is filed.
type complaint struct {
	received  time.Time
	channel   casework.Channel
	domains   []casework.LifeDomain
	grounds   []casework.Ground
	orgs      []int64
	supporter bool
}

func (f *fixture) file(c complaint) string {
	f.t.Helper()
	f.clock.Set(c.received)
	in := casework.Intake{
		Complainant: casework.Contact{Name: "Xandrijn Vogelenzang", Email: "xandrijn.v@geheim.example", Phone: "0612398745",
			Street: "Geheimstraat 13", Postcode: "9999 ZZ", City: "Verborgenoord"},
		Channel: c.channel, OrganisationIDs: c.orgs, Grounds: c.grounds, LifeDomains: c.domains,
		Summary: "KLACHTTEKST-kwetsbaar-Qz: ik werd niet gehoord.", DesiredOutcome: "WENS-Qz: een gesprek.",
	}
	if c.supporter {
		in.Supporter = &casework.Contact{Name: "Wendelmoet Supporterkamp", Email: "wendelmoet@steun.example"}
		in.SupporterConsent = true
	}
	r, err := f.store.FileComplaint(f.ctx, f.staff, in)
	f.must(err)
	f.codes[r.Reference] = r.TrackingCode
	return r.Reference
}

// feedback gives the resident's answer after the ruling of ref: satisfaction, and per advice (by
// organisation) whether it was carried out.
func (f *fixture) feedback(ref string, on time.Time, satisfaction int, carried map[int64]casework.CarriedOut) {
	f.t.Helper()
	f.clock.Set(on)
	c, err := f.store.Complaint(f.ctx, f.staff, ref)
	f.must(err)
	in := casework.FeedbackAnswer{Satisfaction: satisfaction, Comment: "TERUGKOPPELING-Qz: zo ging het verder."}
	for _, a := range c.Advices {
		in.Advices = append(in.Advices, casework.AdviceCarriedOut{AdviceID: a.ID, CarriedOut: carried[a.OrganisationID]})
	}
	_, err = f.store.GiveFeedback(f.ctx, ref, f.codes[ref], in)
	f.must(err)
}

func (f *fixture) takeUp(ref string, on time.Time) {
	f.t.Helper()
	f.clock.Set(on)
	f.must(f.store.TakeUp(f.ctx, f.staff, ref, casework.TakeUp{NotInvolved: true}))
}

// rule hears the complainant and every organisation on the day and rules; it returns the advices
// by organisation.
func (f *fixture) rule(ref string, on time.Time, verdict casework.Verdict, orgs []int64, recs map[string]casework.LifeDomain) map[int64]casework.Advice {
	f.t.Helper()
	f.clock.Set(on)
	day := term.LocalDate(on).String()
	_, err := f.store.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: day,
		Record: "HOORVERSLAG-Qz: de klager vertelt."})
	f.must(err)
	for _, o := range orgs {
		_, err := f.store.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyOrganisation,
			OrganisationID: o, HeldOn: day, Record: "HOORVERSLAG-Qz: de organisatie vertelt."})
		f.must(err)
	}
	r := casework.Ruling{Verdict: verdict, Findings: "BEVINDING-Qz: zo is het gegaan.", Conclusions: "CONCLUSIE-Qz: dit vinden wij."}
	if verdict.Granted() {
		for _, o := range orgs {
			r.Advices = append(r.Advices, casework.AdviceInput{OrganisationID: o, Text: "ADVIESTEKST-Qz: bied excuses aan."})
		}
	}
	for label, domain := range recs {
		r.Recommendations = append(r.Recommendations, casework.RecommendationInput{LifeDomain: domain,
			Text: "Aanbeveling " + label + ": leg vaste doorlooptijden vast."})
	}
	advices, err := f.store.Rule(f.ctx, f.staff, ref, r)
	f.must(err)
	out := map[int64]casework.Advice{}
	for _, a := range advices {
		out[a.OrganisationID] = a
	}
	if len(recs) > 0 {
		c, err := f.store.Complaint(f.ctx, f.staff, ref)
		f.must(err)
		for _, rec := range c.Recommendations {
			for label := range recs {
				if rec.Text == "Aanbeveling "+label+": leg vaste doorlooptijden vast." {
					f.recs[label] = rec.ID
				}
			}
		}
	}
	return out
}

func orgActor(id int64) casework.Actor {
	return casework.Actor{Role: casework.RoleOrganisation, OrganisationID: id, Label: "directie"}
}

const rejectionText = "AFWIJZING-Qz: wij wijzen dit advies af omdat het om redenen die wij hebben uitgelegd niet kan."

// build fills the fixture with the two years described in figures_test.go.
func (f *fixture) build() {
	t, ctx, s := f.t, f.ctx, f.store
	t.Helper()
	f.orgA = f.org("Sociaal Wijkteam Coördinatie Zuid", casework.OrgDistrictTeam)
	f.orgB = f.org("Zorggroep Ëlan", casework.OrgCareProvider)
	f.org("Stichting voor Maatschappelijke Ondersteuning, Wijkgericht Welzijnswerk en Jeugd- en Gezinscoaching in Haarlem, Heemstede, Bloemendaal en Zandvoort (zonder klachten)", casework.OrgOtherSocialWork)
	A, B := f.orgA.ID, f.orgB.ID
	domains := func(d ...casework.LifeDomain) []casework.LifeDomain { return d }
	grounds := func(g ...casework.Ground) []casework.Ground { return g }

	// 2024.
	p2 := f.file(complaint{at(2024, 5, 10, 11, 0), casework.ChannelEmail, domains(casework.DomainHousing), grounds(casework.GroundSolution), []int64{B}, false})
	f.takeUp(p2, at(2024, 5, 12, 9, 0))
	f.rule(p2, at(2024, 6, 10, 14, 0), casework.VerdictUnfounded, []int64{B}, map[string]casework.LifeDomain{"P2": casework.DomainHousing})
	p3 := f.file(complaint{at(2024, 8, 1, 9, 30), casework.ChannelPhone, domains(casework.DomainCare), grounds(casework.GroundProcedure), []int64{A}, false})
	f.takeUp(p3, at(2024, 8, 2, 9, 0))
	adv := f.rule(p3, at(2024, 8, 20, 15, 0), casework.VerdictFounded, []int64{A}, map[string]casework.LifeDomain{"P3": casework.DomainCare})
	f.clock.Set(at(2024, 8, 22, 10, 0))
	_, err := s.AcceptAdvice(ctx, orgActor(A), adv[A].ID, casework.AnswerReceipt{})
	f.must(err)
	// p1 arrives half an hour before midnight on New Year's Eve, Amsterdam time: still 2024.
	f.file(complaint{at(2024, 12, 31, 23, 30), casework.ChannelWeb, domains(casework.DomainCare), grounds(casework.GroundTreatment), []int64{A}, false})

	// 2025. c1 arrives half an hour after midnight: 2025 in Amsterdam, 2024 in UTC.
	c1 := f.file(complaint{at(2025, 1, 1, 0, 30), casework.ChannelWeb, domains(casework.DomainCare), grounds(casework.GroundTreatment), []int64{A}, false})
	f.clock.Set(at(2025, 1, 6, 10, 0))
	f.must(s.Withdraw(ctx, f.staff, c1, casework.Closing{Reason: "INTREKKING-Qz: de klager trekt in."}))

	c2 := f.file(complaint{at(2025, 2, 10, 10, 0), casework.ChannelPhone, domains(casework.DomainIncome), grounds(casework.GroundProcedure), []int64{A}, false})
	f.takeUp(c2, at(2025, 2, 11, 10, 0))
	f.clock.Set(at(2025, 2, 20, 10, 0))
	f.must(s.DeclareInadmissible(ctx, f.staff, c2, casework.Inadmissibility{Ground: casework.InadmissibleObjection,
		Reasons: "NIETONTVANKELIJK-Qz: bezwaar staat open."}))

	c3 := f.file(complaint{at(2025, 3, 5, 10, 0), casework.ChannelEmail, domains(casework.DomainCare, casework.DomainSocialSupport), grounds(casework.GroundSolution), []int64{A}, false})
	f.takeUp(c3, at(2025, 3, 6, 10, 0))
	f.clock.Set(at(2025, 3, 20, 10, 0))
	f.must(s.Resolve(ctx, f.staff, c3, casework.Closing{Reason: "OPGELOST-Qz: naar tevredenheid."}))

	// c4: ruled after 50 days without postponement, so outside the term.
	c4 := f.file(complaint{at(2025, 3, 20, 10, 0), casework.ChannelWeb, domains(casework.DomainYouthCare), grounds(casework.GroundTreatment, casework.GroundProcedure), []int64{A}, false})
	f.takeUp(c4, at(2025, 3, 21, 10, 0))
	f.rule(c4, at(2025, 5, 9, 10, 0), casework.VerdictUnfounded, []int64{A}, map[string]casework.LifeDomain{"C4": casework.DomainYouthCare})

	// c5: founded after 20 days; accepted and executed.
	c5 := f.file(complaint{at(2025, 4, 1, 10, 0), casework.ChannelLetter, domains(casework.DomainCare), grounds(casework.GroundSolution), []int64{A}, true})
	f.takeUp(c5, at(2025, 4, 2, 10, 0))
	adv = f.rule(c5, at(2025, 4, 21, 10, 0), casework.VerdictFounded, []int64{A}, map[string]casework.LifeDomain{"C5": casework.DomainCare})
	f.clock.Set(at(2025, 4, 25, 10, 0))
	_, err = s.AcceptAdvice(ctx, orgActor(A), adv[A].ID, casework.AnswerReceipt{})
	f.must(err)
	f.clock.Set(at(2025, 5, 20, 10, 0))
	_, err = s.ConfirmExecution(ctx, orgActor(A), adv[A].ID, "UITVOERING-Qz: gedaan.", casework.AnswerReceipt{})
	f.must(err)

	// c6: partly founded after 30 days; rejected on financial grounds.
	c6 := f.file(complaint{at(2025, 6, 15, 10, 0), casework.ChannelCounter, domains(casework.DomainHousing), grounds(casework.GroundProcedure), []int64{A}, false})
	f.takeUp(c6, at(2025, 6, 16, 10, 0))
	adv = f.rule(c6, at(2025, 7, 15, 10, 0), casework.VerdictPartlyFounded, []int64{A}, nil)
	f.clock.Set(at(2025, 7, 20, 10, 0))
	_, err = s.RejectAdvice(ctx, orgActor(A), adv[A].ID, casework.Rejection{Reasons: rejectionText, Ground: casework.RejectionFinancial}, casework.AnswerReceipt{})
	f.must(err)

	// c7: founded after 10 days; no answer, enforced by the sweep, then executed.
	c7 := f.file(complaint{at(2025, 9, 1, 10, 0), casework.ChannelWeb, domains(casework.DomainCare), grounds(casework.GroundTreatment), []int64{B}, false})
	f.takeUp(c7, at(2025, 9, 2, 10, 0))
	adv = f.rule(c7, at(2025, 9, 11, 10, 0), casework.VerdictFounded, []int64{B}, nil)
	f.clock.Set(at(2025, 9, 26, 10, 0))
	res, err := s.Sweep(ctx, 100)
	f.must(err)
	if res.Enforced != 1 {
		t.Fatalf("sweep enforced %d advices, want 1", res.Enforced)
	}
	f.clock.Set(at(2025, 10, 10, 10, 0))
	_, err = s.ConfirmExecution(ctx, orgActor(B), adv[B].ID, "UITVOERING-Qz: alsnog gedaan.", casework.AnswerReceipt{})
	f.must(err)

	// c9: about both organisations; postponed by four weeks, founded after 61 days (within the
	// postponed term); the municipality's team has not answered yet, the care provider rejects.
	c9 := f.file(complaint{at(2025, 10, 20, 10, 0), casework.ChannelPhone, domains(casework.DomainIncome, casework.DomainWork), grounds(casework.GroundProcedure), []int64{A, B}, false})
	f.takeUp(c9, at(2025, 10, 21, 10, 0))
	f.clock.Set(at(2025, 11, 15, 10, 0))
	_, err = s.Postpone(ctx, f.staff, c9, casework.Postponement{Days: 28, Reason: "VERDAGING-Qz: meer tijd nodig."})
	f.must(err)
	adv = f.rule(c9, at(2025, 12, 20, 10, 0), casework.VerdictFounded, []int64{A, B}, map[string]casework.LifeDomain{"C9": casework.DomainIncome})
	f.clock.Set(at(2025, 12, 22, 10, 0))
	_, err = s.RejectAdvice(ctx, orgActor(B), adv[B].ID, casework.Rejection{Reasons: rejectionText, Ground: casework.RejectionLegal}, casework.AnswerReceipt{})
	f.must(err)

	// c8: arrives one minute before the end of the year, with a supporter; not yet taken up.
	f.file(complaint{at(2025, 12, 31, 23, 59), casework.ChannelSocialMedia, domains(casework.DomainWellbeing), grounds(casework.GroundSolution), []int64{B}, true})

	// The residents' answers after the ruling (figures_test.go): p3 of 2024 (not counted in 2025),
	// c4 (no advice), c5 yes, c6 no (staff deal with the report), c7 partly, c9 A don't know and B no
	// (the report waits). c9 first said "yes" for B: only the last answer counts.
	f.feedback(p3, at(2024, 9, 1, 10, 0), 5, map[int64]casework.CarriedOut{A: casework.CarriedOutYes})
	f.feedback(c4, at(2025, 5, 20, 10, 0), 1, nil)
	f.feedback(c5, at(2025, 6, 1, 10, 0), 5, map[int64]casework.CarriedOut{A: casework.CarriedOutYes})
	f.feedback(c6, at(2025, 8, 1, 10, 0), 2, map[int64]casework.CarriedOut{A: casework.CarriedOutNo})
	f.clock.Set(at(2025, 8, 4, 10, 0))
	f.must(s.DealWithNotCarriedOut(ctx, f.staff, c6, casework.DealtWith{Note: "AFHANDELING-Qz: organisatie gebeld."}))
	f.feedback(c7, at(2025, 10, 15, 10, 0), 4, map[int64]casework.CarriedOut{B: casework.CarriedOutPartly})
	f.feedback(c9, at(2025, 12, 23, 10, 0), 3, map[int64]casework.CarriedOut{A: casework.CarriedOutUnknown, B: casework.CarriedOutYes})
	f.feedback(c9, at(2025, 12, 30, 10, 0), 2, map[int64]casework.CarriedOut{A: casework.CarriedOutUnknown, B: casework.CarriedOutNo})

	// Follow-up, early January 2026.
	f.clock.Set(at(2026, 1, 2, 9, 0))
	for label, fu := range map[string]casework.FollowUp{
		"P2": {Status: casework.RecommendationPartlyAdopted, Note: "Deels overgenomen in het woonbeleid."},
		"P3": {Status: casework.RecommendationAdopted, Note: "Opgenomen in de verordening."},
		"C5": {Status: casework.RecommendationAdopted, Note: "Staat in het uitvoeringsplan 2026."},
	} {
		_, err := s.UpdateRecommendation(ctx, f.staff, f.recs[label], fu)
		f.must(err)
	}
	f.clock.Set(at(2026, 1, 2, 10, 0))
	// The supporters' records of 2025 for the chapter on client support (support_chapter_test.go).
	f.buildSupport()
}
