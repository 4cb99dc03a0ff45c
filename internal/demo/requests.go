package demo

import (
	"context"
	"fmt"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// demoRequest is one support request of the demo: who asks whom, when (days before the end of the
// demo), and what happens to it.
type demoRequest struct {
	to      string // the member of the pool asked
	daysAgo int
	in      casework.SupportRequestInput
	// steps happen one day after the other: a supporter's decision ("accept", "decline", "refer")
	// or the resident's choice ("take_referral", "keep", "withdraw").
	steps []demoStep
}

type demoStep struct {
	step   casework.RequestStep
	reason string
	to     string // the member a referral names
}

// demoRequests are support requests in every state, to the demo pool: pending (one overdue),
// accepted, declined, referred and waiting for the resident, a referral taken (transferred and
// going on with the other supporter), a first choice kept, and withdrawn. Several go to
// Cliëntenbelang, whose account is the demo supporter's (ondersteuner@meldpunt.example).
var demoRequests = []demoRequest{
	{to: "Cliëntenbelang Haarlem", daysAgo: 1, in: casework.SupportRequestInput{Name: "Annelies de Boer", Email: "a.deboer@bewoner.example",
		Channel: casework.SupportEmail, Language: "nl", Question: "Mijn moeder krijgt minder uren huishoudelijke hulp. Kunt u meedenken over wat we kunnen doen?",
		LifeDomains: []casework.LifeDomain{casework.DomainSocialSupport}}},
	{to: "Cliëntenbelang Haarlem", daysAgo: 9, in: casework.SupportRequestInput{Name: "Kees Verhoeven", Phone: "06 0000 3101",
		Channel: casework.SupportPhone, Language: "nl", Question: "Ik wil graag dat iemand meegaat naar het keukentafelgesprek over mijn rolstoel.",
		LifeDomains: []casework.LifeDomain{casework.DomainSocialSupport, casework.DomainCare}}},
	{to: "Cliëntenbelang Haarlem", daysAgo: 6, in: casework.SupportRequestInput{Name: "Sarah Jansen", Email: "sarah.jansen@bewoner.example",
		Channel: casework.SupportEmail, Language: "en", Question: "I moved to Haarlem and do not understand the letter about my son's youth care. Can you help me read it?",
		LifeDomains: []casework.LifeDomain{casework.DomainYouthCare}},
		steps: []demoStep{{step: casework.StepAccept}}},
	{to: "Cliëntenbelang Haarlem", daysAgo: 4, in: casework.SupportRequestInput{Name: "Hassan Ouali", Phone: "06 0000 3102",
		Channel: casework.SupportPhone, Language: "nl", Question: "Mijn bijstand is gestopt en ik begrijp de brief niet.",
		LifeDomains: []casework.LifeDomain{casework.DomainIncome}},
		steps: []demoStep{{step: casework.StepRefer, to: "Sociaal Raadslieden Haarlem",
			reason: "De Sociaal Raadslieden zijn gespecialiseerd in uitkeringen en spreken ook Arabisch en Tamazight."}}},
	{to: "Sociaal Raadslieden Haarlem", daysAgo: 12, in: casework.SupportRequestInput{Name: "Joyce Pinas", Email: "joyce.pinas@bewoner.example",
		Channel: casework.SupportWalkIn, Language: "nl", Question: "Ik zoek hulp bij een conflict met mijn zorgaanbieder over de dagbesteding van mijn zoon.",
		LifeDomains: []casework.LifeDomain{casework.DomainCare}},
		steps: []demoStep{{step: casework.StepDecline,
			reason: "Wij helpen bij geld en formulieren, niet bij zorg. MEE & De Wering of Cliëntenbelang kan u hierbij goed helpen."}}},
	{to: "MEE & De Wering", daysAgo: 15, in: casework.SupportRequestInput{Name: "Aïcha Bouzid", Phone: "06 0000 3103",
		Channel: casework.SupportPhone, Language: "ar", Question: "Ik wil hulp bij school en opvoeding van mijn dochter. Ik spreek liever Arabisch.",
		LifeDomains: []casework.LifeDomain{casework.DomainYouthCare, casework.DomainEducation}},
		steps: []demoStep{{step: casework.StepRefer, to: "Wijkcontactvrouwen HaarlemEffect",
			reason: "De Wijkcontactvrouwen spreken Arabisch en kennen de scholen in Schalkwijk."},
			{step: casework.StepTakeReferral}, {step: casework.StepAccept}}},
	{to: "Seniorenvereniging KBO-PCOB Haarlem", daysAgo: 14, in: casework.SupportRequestInput{Name: "Gerard Smit", Phone: "06 0000 3104",
		Channel: casework.SupportHomeVisit, Language: "nl", Question: "Wij willen kleiner gaan wonen maar weten niet hoe dat met de zorg gaat.",
		LifeDomains: []casework.LifeDomain{casework.DomainHousing, casework.DomainCare}},
		steps: []demoStep{{step: casework.StepRefer, to: "Cliëntenbelang Haarlem", reason: "Cliëntenbelang weet meer van zorg bij verhuizen."},
			{step: casework.StepKeep}, {step: casework.StepAccept}}},
	{to: "Tomasz Nowak, cliëntondersteuner", daysAgo: 8, in: casework.SupportRequestInput{Name: "Piotr Zieliński", Email: "piotr.z@bewoner.example",
		Channel: casework.SupportWhatsApp, Phone: "06 0000 3105", Language: "pl", Question: "Mój pracodawca zabrał mi mieszkanie. Co mogę zrobić?",
		LifeDomains: []casework.LifeDomain{casework.DomainHousing, casework.DomainWork}},
		steps: []demoStep{{step: casework.StepWithdraw}}},
	{to: "Wijkcontactvrouwen HaarlemEffect", daysAgo: 10, in: casework.SupportRequestInput{Name: "Fatiha el Idrissi", Phone: "06 0000 3106",
		Channel: casework.SupportWhatsApp, Language: "ber", Question: "Ik ben alleen en wil met iemand praten over hulp in huis.",
		LifeDomains: []casework.LifeDomain{casework.DomainWellbeing}}},
}

// loadRequests makes the demo's support requests on the store's clock (set by setClock): each
// comes in daysAgo days before end, at ten in the morning, and each step follows a day later. The
// decisions are recorded as the member of the pool, without an account.
func loadRequests(ctx context.Context, store *postgres.DB, setClock func(time.Time), end time.Time, suffix string) error {
	defer setClock(end)
	all, err := store.Supporters(ctx, casework.SupporterFilter{All: true})
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, s := range all {
		ids[s.Name] = s.ID
	}
	member := func(name string) (int64, error) {
		id, ok := ids[name+suffix]
		if !ok {
			return 0, fmt.Errorf("demo request: no supporter %q in the pool", name)
		}
		return id, nil
	}
	for _, r := range demoRequests {
		at := end.AddDate(0, 0, -r.daysAgo)
		at = time.Date(at.Year(), at.Month(), at.Day(), 10, 0, 0, 0, at.Location())
		setClock(at)
		in := r.in
		if in.SupporterID, err = member(r.to); err != nil {
			return err
		}
		rec, err := store.AskSupport(ctx, in, postgres.IntakeLimit{})
		if err != nil {
			return fmt.Errorf("demo request to %s: %w", r.to, err)
		}
		current := in.SupporterID
		for _, st := range r.steps {
			at = at.Add(24 * time.Hour)
			setClock(at)
			switch st.step {
			case casework.StepTakeReferral, casework.StepKeep, casework.StepWithdraw:
				view, err := store.ResidentRequestStep(ctx, rec.Reference, rec.Code, st.step)
				if err != nil {
					return fmt.Errorf("demo request %s, %s: %w", rec.Reference, st.step, err)
				}
				current = view.SupporterID
				continue
			}
			reqs, err := store.SupporterRequests(ctx, current)
			if err != nil {
				return err
			}
			var id int64
			for _, q := range reqs {
				if q.Reference == rec.Reference && q.Status.Open() {
					id = q.ID
				}
			}
			d := postgres.SupporterDecision{Step: st.step, Reason: st.reason}
			if st.to != "" {
				if d.ReferredTo, err = member(st.to); err != nil {
					return err
				}
			}
			sup := current
			if _, err := store.DecideSupportRequest(ctx, casework.User{Role: casework.RoleSupporter, SupporterID: &sup}, id, d); err != nil {
				return fmt.Errorf("demo request %s, %s: %w", rec.Reference, st.step, err)
			}
		}
	}
	return nil
}
