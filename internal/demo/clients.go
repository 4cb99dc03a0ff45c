package demo

import (
	"context"
	"fmt"
	"strings"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// poolMembers returns the active members of the demo pool and the one the demo supporter's account
// belongs to (Cliëntenbelang Haarlem).
func poolMembers(ctx context.Context, store *postgres.DB) ([]casework.Supporter, int64, error) {
	members, err := store.Supporters(ctx, casework.SupporterFilter{})
	if err != nil {
		return nil, 0, fmt.Errorf("pool: %w", err)
	}
	for _, m := range members {
		if strings.HasPrefix(m.Name, "Cliëntenbelang Haarlem") {
			return members, m.ID, nil
		}
	}
	return nil, 0, fmt.Errorf("pool: no Cliëntenbelang Haarlem")
}

// clients adds the cases around the supporter in the complaint procedure, today: a complaint the
// demo supporter filed for a client, with a hearing coming and information added; clients who chose
// Cliëntenbelang on the form, at the status page and by a signed letter; one whose consent ended;
// one with an informal representative; and one without anybody.
func clients(ctx context.Context, store *postgres.DB, handler casework.User, supporter casework.User, member int64, org int64) error {
	h := casework.ActorOf(handler)
	sup := casework.Actor{UserID: supporter.ID, Role: casework.RoleSupporter, SupporterID: member, Label: supporter.Name}
	base := func(name, email, summary string) casework.Intake {
		return casework.Intake{Complainant: casework.Contact{Name: name, Email: email},
			OrganisationIDs: []int64{org}, Grounds: []casework.Ground{casework.GroundProcedure},
			LifeDomains: []casework.LifeDomain{casework.DomainSocialSupport}, Summary: summary}
	}
	file := func(who casework.Actor, in casework.Intake) (casework.Receipt, error) {
		r, err := store.FileComplaint(ctx, who, in)
		if err != nil {
			return r, fmt.Errorf("demo client %s: %w", in.Complainant.Name, err)
		}
		return r, nil
	}
	// Filed by the supporter for their client, who consented; taken up, a hearing invited, documents described.
	in := base("Henk Bakker", "h.bakker@voorbeeld.example", "Mijn aanvraag voor huishoudelijke hulp ligt al drie maanden stil. Niemand belt terug.")
	in.SupporterConsent = true
	r, err := file(sup, in)
	if err != nil {
		return err
	}
	if err := store.TakeUp(ctx, h, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		return fmt.Errorf("take up %s: %w", r.Reference, err)
	}
	cal, err := store.Calendar(ctx)
	if err != nil {
		return err
	}
	received, err := term.ParseDate(r.ReceivedOn)
	if err != nil {
		return err
	}
	hearing, err := cal.LastDay(received, 10)
	if err != nil {
		return err
	}
	if err := store.InviteToHearing(ctx, h, r.Reference, casework.Invitation{Party: casework.PartyComplainant,
		Date: hearing.LastDay.String(), Time: "10:30", Place: "Meldpunt, Grote Markt 2, Haarlem"}); err != nil {
		return fmt.Errorf("invite %s: %w", r.Reference, err)
	}
	if _, err := store.AddContribution(ctx, sup, r.Reference, casework.NewContribution{
		Information: "Meneer Bakker heeft op 3 maart en 14 april gebeld met het wijkteam. Hij heeft geen terugbelverzoek ontvangen.",
		Documents:   []string{"Aanvraagformulier huishoudelijke hulp, ingediend op 12 februari", "E-mail van het wijkteam van 20 februari"}}); err != nil {
		return fmt.Errorf("contribution %s: %w", r.Reference, err)
	}

	// Chose Cliëntenbelang on the complaint form.
	in = base("Ayşe Demir", "a.demir@voorbeeld.example", "Het wijkteam heeft mijn vraag over dagbesteding voor mijn zoon niet beantwoord.")
	in.SupporterID, in.SupporterConsent = member, true
	if r, err = file(casework.ResidentActor, in); err != nil {
		return err
	}
	if err := store.TakeUp(ctx, h, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		return fmt.Errorf("take up %s: %w", r.Reference, err)
	}

	// Chose Cliëntenbelang, then ended the consent on the status page.
	in = base("Pieter Smit", "p.smit@voorbeeld.example", "De vervoersvoorziening is zonder uitleg stopgezet.")
	in.SupporterID, in.SupporterConsent = member, true
	if r, err = file(casework.ResidentActor, in); err != nil {
		return err
	}
	if _, err := store.ResidentChangeRepresentation(ctx, r.Reference, r.TrackingCode,
		casework.RepresentationChange{End: true}); err != nil {
		return fmt.Errorf("end consent %s: %w", r.Reference, err)
	}

	// Registered by phone with a daughter as informal representative.
	in = base("Greet Visser", "", "Mijn moeder krijgt de verkeerde hoeveelheid thuiszorg; de indicatie klopt niet.")
	in.Complainant.Phone, in.Channel = "023 555 0101", casework.ChannelPhone
	in.Supporter = &casework.Contact{Name: "Marleen Visser", Email: "marleen.visser@voorbeeld.example"}
	in.SupporterRelation, in.SupporterConsent = "dochter", true
	if _, err = file(h, in); err != nil {
		return err
	}

	// A neighbour first, then Cliëntenbelang, chosen on the status page.
	in = base("Mohamed Ouali", "m.ouali@voorbeeld.example", "Mijn bezwaar over de bijzondere bijstand is kwijtgeraakt bij de gemeente.")
	in.Supporter = &casework.Contact{Name: "Karin de Boer", Email: "karin.deboer@voorbeeld.example"}
	in.SupporterRelation, in.SupporterConsent = "buurvrouw", true
	if r, err = file(casework.ResidentActor, in); err != nil {
		return err
	}
	if _, err := store.ResidentChangeRepresentation(ctx, r.Reference, r.TrackingCode,
		casework.RepresentationChange{Representation: casework.Representation{SupporterID: member, Consent: true}}); err != nil {
		return fmt.Errorf("change %s: %w", r.Reference, err)
	}

	// Chose Cliëntenbelang in a signed letter that staff recorded.
	in = base("Els Jansen", "e.jansen@voorbeeld.example", "Ik kreeg geen beschikking op mijn aanvraag voor een scootmobiel.")
	if r, err = file(casework.ResidentActor, in); err != nil {
		return err
	}
	if err := store.RecordRepresentation(ctx, h, r.Reference, casework.RepresentationChange{
		Representation: casework.Representation{SupporterID: member, Consent: true}, ReceivedOn: r.ReceivedOn}); err != nil {
		return fmt.Errorf("signed letter %s: %w", r.Reference, err)
	}

	// Without anybody.
	_, err = file(casework.ResidentActor, base("Sven Mulder", "s.mulder@voorbeeld.example", "Het wijkteam kwam twee keer niet op de afgesproken tijd."))
	return err
}
