// Package demo fills a database with realistic, invented data for a Haarlem-like meldpunt: the
// organisations the seeds name, accounts for every role and well over a year of complaints that went
// through every part of the lifecycle. Every record is made through the store, with a clock that
// walks through the past, so the audit trail is what real use would have written.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// Password is the password of every demo account. The demo is for trying the product out only.
const Password = "demo-wachtwoord-2026"

// Loaded tells what the demo added.
type Loaded struct {
	Organisations int
	Complaints    int
	Accounts      []casework.User
}

// Summary is a short text for the terminal.
func (l *Loaded) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "demo data: %d organisations, %d complaints, %d accounts (password %q):\n",
		l.Organisations, l.Complaints, len(l.Accounts), Password)
	for _, u := range l.Accounts {
		fmt.Fprintf(&b, "  %-14s %s\n", u.Role, u.Email)
	}
	return b.String()
}

// LoadIfEmpty loads the demo when the database has no organisations yet; it returns nil otherwise.
func LoadIfEmpty(ctx context.Context, db *sqlx.DB, now func() time.Time, terms postgres.Terms) (*Loaded, error) {
	var n int
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM organisations`); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	return Load(ctx, db, now, terms)
}

type organisation struct {
	name    string
	kind    casework.OrgKind
	email   string
	address string
}

var organisations = []organisation{
	{"Gemeente Haarlem", casework.OrgMunicipality, "college@haarlem.example", "Postbus 511, 2003 PB Haarlem"},
	{"Sociaal Wijkteam Centrum", casework.OrgDistrictTeam, "swt-centrum@haarlem.example", "Zijlsingel 2, 2013 DN Haarlem"},
	{"Sociaal Wijkteam Noord", casework.OrgDistrictTeam, "swt-noord@haarlem.example", "Marnixplein 1, 2023 AB Haarlem"},
	{"Sociaal Wijkteam Oost", casework.OrgDistrictTeam, "swt-oost@haarlem.example", "Slachthuisstraat 30, 2033 HC Haarlem"},
	{"Sociaal Wijkteam Schalkwijk", casework.OrgDistrictTeam, "swt-schalkwijk@haarlem.example", "Fie Carelsenplein 1, 2034 KA Haarlem"},
	{"Sociaal Wijkteam Zuid-West", casework.OrgDistrictTeam, "swt-zuidwest@haarlem.example", "Leidsevaart 150, 2014 HE Haarlem"},
	{"CJG Haarlem", casework.OrgYouthFamilyHub, "info@cjg-haarlem.example", "Kennemerplein 6, 2011 MJ Haarlem"},
	{"MEE & De Wering", casework.OrgClientSupport, "info@mee-dewering.example", "Spaarnepoort 5, 2134 TM Hoofddorp"},
	{"Cliëntenbelang", casework.OrgClientSupport, "haarlem@clientenbelang.example", "Spaarne 96, 2011 CL Haarlem"},
	{"Sociaal Raadslieden Haarlem", casework.OrgClientSupport, "raadslieden@haarlem.example", "Tempeliersstraat 61, 2012 EC Haarlem"},
	{"HaarlemEffect", casework.OrgOtherSocialWork, "info@haarlemeffect.example", "Tempeliersstraat 61, 2012 EC Haarlem"},
	{"Thuiszorg Kennemerland", casework.OrgCareProvider, "directie@thuiszorg-kennemerland.example", "Spaarndamseweg 230, 2021 KA Haarlem"},
	{"Jeugdhulp Spaarne", casework.OrgYouthCare, "bestuur@jeugdhulp-spaarne.example", "Schipholweg 100, 2034 LS Haarlem"},
	{"Woonstichting Kennemer", casework.OrgHousing, "klachten@woonstichting-kennemer.example", "Oostvest 60, 2011 AM Haarlem"},
}

type story struct {
	domains   []casework.LifeDomain
	grounds   []casework.Ground
	summary   string
	outcome   string
	advice    string
	recommend string
}

var stories = []story{
	{[]casework.LifeDomain{casework.DomainSocialSupport}, []casework.Ground{casework.GroundProcedure},
		"Ik heb in maart huishoudelijke hulp aangevraagd. Na drie maanden heb ik nog steeds geen beslissing gekregen en niemand belt terug.",
		"Een beslissing op mijn aanvraag en excuses voor het lange wachten.",
		"Neem binnen twee weken een besluit op de aanvraag en bied de cliënt een gesprek aan over de vertraging.",
		"Leg een maximale doorlooptijd voor Wmo-aanvragen vast en informeer aanvragers actief over vertraging."},
	{[]casework.LifeDomain{casework.DomainCare, casework.DomainSocialSupport}, []casework.Ground{casework.GroundTreatment},
		"De medewerker van het wijkteam sprak tijdens het keukentafelgesprek over mij alsof ik er niet bij was. Mijn dochter moest alles uitleggen.",
		"Dat ik serieus genomen word en een andere medewerker krijg.",
		"Wijs een andere vaste medewerker toe en bespreek de bejegening in het team.",
		"Train medewerkers in gesprekken met cliënten met een beperking en hun mantelzorgers."},
	{[]casework.LifeDomain{casework.DomainYouthCare}, []casework.Ground{casework.GroundSolution, casework.GroundProcedure},
		"Mijn zoon staat al negen maanden op een wachtlijst voor jeugdhulp. In de tussentijd is er geen overbruggingszorg geregeld.",
		"Overbruggingszorg tot de behandeling begint.",
		"Regel binnen twee weken passende overbruggingszorg en informeer de ouders maandelijks over de wachtlijst.",
		"Maak overbruggingszorg standaard bij wachttijden in de jeugdhulp langer dan drie maanden."},
	{[]casework.LifeDomain{casework.DomainIncome}, []casework.Ground{casework.GroundProcedure},
		"Mijn bijzondere bijstand is stopgezet zonder brief. Ik hoorde het pas toen er geen geld op mijn rekening kwam.",
		"Dat de bijstand wordt hersteld en dat ik voortaan een brief krijg.",
		"Herstel de uitkering met terugwerkende kracht en stuur voortaan altijd een schriftelijk besluit.",
		"Stuur bij elke wijziging in een uitkering een begrijpelijke brief op B1-niveau."},
	{[]casework.LifeDomain{casework.DomainHousing, casework.DomainWellbeing}, []casework.Ground{casework.GroundSolution},
		"Ik zit al een jaar in een woning met schimmel. Het wijkteam zegt dat het de verhuurder is, de verhuurder verwijst naar het wijkteam.",
		"Dat iemand de regie neemt en de schimmel wordt aangepakt.",
		"Wijs één regisseur aan die binnen twee weken met verhuurder en cliënt een plan van aanpak maakt.",
		"Spreek met woningcorporaties af wie regie voert bij problemen die wonen en zorg raken."},
	{[]casework.LifeDomain{casework.DomainWork}, []casework.Ground{casework.GroundTreatment, casework.GroundSolution},
		"Bij het re-integratietraject werd ik gedwongen om fulltime te werken, terwijl mijn arts zegt dat ik maar twintig uur kan.",
		"Een traject dat past bij wat ik medisch kan.",
		"Pas het re-integratieplan aan op het advies van de behandelend arts.",
		"Neem medische adviezen standaard mee bij het opstellen van re-integratieplannen."},
	{[]casework.LifeDomain{casework.DomainEducation, casework.DomainYouthCare}, []casework.Ground{casework.GroundProcedure},
		"Mijn dochter zit al vier maanden thuis zonder school. Het CJG en de school wijzen naar elkaar.",
		"Een plek op een passende school en begeleiding tot die tijd.",
		"Organiseer binnen twee weken een overleg met school, ouders en leerplicht en leg afspraken schriftelijk vast.",
		"Zorg voor één aanspreekpunt voor thuiszitters in het onderwijs en de jeugdhulp."},
	{[]casework.LifeDomain{casework.DomainPreventiveCare}, []casework.Ground{casework.GroundTreatment},
		"Bij het consultatiebureau werd ik uitgelachen omdat ik de Nederlandse woorden niet kende. Ik durf niet meer te gaan.",
		"Excuses en hulp van een tolk bij het volgende bezoek.",
		"Bied excuses aan en zet bij het volgende contact een tolk in.",
		"Zet standaard tolken in bij cliënten die het Nederlands onvoldoende beheersen."},
	{[]casework.LifeDomain{casework.DomainCare}, []casework.Ground{casework.GroundSolution},
		"De thuiszorg komt steeds op wisselende tijden en vaak met onbekende medewerkers. Mijn vader met dementie raakt daardoor in paniek.",
		"Vaste tijden en een klein, vast team.",
		"Zet een vast team van hoogstens drie medewerkers in op afgesproken tijden.",
		"Leg in contracten met zorgaanbieders vaste gezichten vast voor cliënten met dementie."},
}

// rejections are the answers of organisations that reject an advice.
var rejections = []casework.Rejection{
	{Ground: casework.RejectionFinancial, Reasons: "Wij wijzen het advies af omdat de gevraagde maatregel binnen het huidige budget niet uitvoerbaar is; wij bieden de cliënt wel een alternatief gesprek aan."},
	{Ground: casework.RejectionLegal, Reasons: "Wij wijzen het advies af omdat de geldende verordening deze voorziening niet toestaat; wij verwijzen de cliënt naar de bezwaarprocedure."},
	{Ground: casework.RejectionDisputesFindings, Reasons: "Wij wijzen het advies af omdat wij de bevindingen over het verloop van de gesprekken niet delen; ons dossier laat een ander beeld zien."},
	{Ground: casework.RejectionAlreadyRemedied, Reasons: "Wij wijzen het advies af omdat de cliënt inmiddels een vaste medewerker heeft en de hulp sinds vorige maand volledig loopt."},
	{Ground: casework.RejectionNotFeasible, Reasons: "Wij wijzen het advies af omdat wij binnen twee weken geen passende plek kunnen vinden; de wachtlijst laat dat niet toe."},
}

var names = []string{"A. de Vries", "M. Yılmaz", "J. Bakker", "F. El Amrani", "P. Jansen", "S. Öztürk", "R. Visser",
	"K. Mulder", "H. Smit", "L. Bos", "E. Dekker", "N. Koç", "W. van Dijk", "T. Meijer", "B. Hendriks"}

var streets = []string{"Kleverparkweg", "Rijksstraatweg", "Amsterdamstraat", "Prinsen Bolwerk", "Schalkwijkerstraat",
	"Spaarndamseweg", "Zaanenstraat", "Leidsevaart", "Kruisweg", "Europaweg"}

// Load adds the demo: organisations, accounts, and complaints from 1 January of the year before
// last up to now, so that last year's annual report has a full year and a year to compare with;
// the recommendations of the earliest year have been followed up and its report is final.
func Load(ctx context.Context, sqldb *sqlx.DB, now func() time.Time, terms postgres.Terms) (*Loaded, error) {
	end := now()
	clock := end
	store := postgres.New(sqldb, func() time.Time { return clock }, terms)
	rng := rand.New(rand.NewPCG(2016, 2020))
	loaded := &Loaded{}

	var orgIDs []int64
	suffix := ""
	var existing int
	if err := sqldb.GetContext(ctx, &existing, `SELECT count(*) FROM organisations`); err != nil {
		return nil, err
	}
	if existing > 0 {
		suffix = fmt.Sprintf(" (demo %d)", end.Unix())
	}
	for _, o := range organisations {
		created, err := store.CreateOrganisation(ctx, casework.Organisation{Name: o.name + suffix, Kind: o.kind,
			Email: o.email, Address: o.address})
		if err != nil {
			return nil, fmt.Errorf("organisation %s: %w", o.name, err)
		}
		orgIDs = append(orgIDs, created.ID)
	}
	loaded.Organisations = len(orgIDs)

	mail := func(local string) string {
		if suffix == "" {
			return local + "@meldpunt.example"
		}
		return fmt.Sprintf("%s+%d@meldpunt.example", local, end.Unix())
	}
	accounts := []casework.NewUser{
		{Email: mail("beheer"), Name: "Marjolein Beheer", Role: casework.RoleAdmin},
		{Email: mail("behandelaar"), Name: "Sanne de Graaf", Role: casework.RoleStaff},
		{Email: mail("behandelaar2"), Name: "Youssef Benali", Role: casework.RoleStaff},
		{Email: mail("directie.gemeente"), Name: "Directie Gemeente Haarlem", Role: casework.RoleOrganisation, OrganisationID: orgIDs[0]},
		{Email: mail("directie.swt-centrum"), Name: "Teamleider SWT Centrum", Role: casework.RoleOrganisation, OrganisationID: orgIDs[1]},
		{Email: mail("directie.thuiszorg"), Name: "Directie Thuiszorg Kennemerland", Role: casework.RoleOrganisation, OrganisationID: orgIDs[11]},
		{Email: mail("griffie"), Name: "Griffie gemeenteraad", Role: casework.RoleCouncil},
		{Email: mail("ondersteuner"), Name: "Ondersteuner Cliëntenbelang", Role: casework.RoleSupporter},
	}
	var staff []casework.User
	var supporter casework.User
	for _, a := range accounts {
		a.Password = Password
		u, err := store.CreateUser(ctx, a)
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", a.Email, err)
		}
		loaded.Accounts = append(loaded.Accounts, u)
		switch u.Role {
		case casework.RoleStaff, casework.RoleAdmin:
			staff = append(staff, u)
		case casework.RoleSupporter:
			supporter = u
		}
	}
	orgActor := func(orgID int64) casework.Actor {
		return casework.Actor{Role: casework.RoleOrganisation, OrganisationID: orgID, Label: "directie"}
	}

	// Complaints arrive from 1 January of the year before last until today, a few a week.
	first := end.In(term.Amsterdam()).Year() - 2
	day := time.Date(first, 1, 1, 9, 0, 0, 0, term.Amsterdam())
	for day.Before(end) {
		day = day.Add(time.Duration(30+rng.IntN(70)) * time.Hour)
		if !day.Before(end) {
			break
		}
		at := func(afterDays float64) (time.Time, bool) {
			t := day.Add(time.Duration(afterDays * 24 * float64(time.Hour)))
			return t, t.Before(end)
		}
		st := stories[rng.IntN(len(stories))]
		org := orgIDs[rng.IntN(len(orgIDs))]
		orgs := []int64{org}
		if rng.IntN(4) == 0 {
			if other := orgIDs[rng.IntN(len(orgIDs))]; other != org {
				orgs = append(orgs, other)
			}
		}
		name := names[rng.IntN(len(names))]
		in := casework.Intake{
			Complainant: casework.Contact{Name: name,
				Street:   fmt.Sprintf("%s %d", streets[rng.IntN(len(streets))], 1+rng.IntN(200)),
				Postcode: fmt.Sprintf("20%02d %c%c", 11+rng.IntN(30), 'A'+rune(rng.IntN(20)), 'B'+rune(rng.IntN(20))),
				City:     "Haarlem"},
			Channel:         casework.Channels[rng.IntN(len(casework.Channels))],
			OrganisationIDs: orgs, Grounds: st.grounds, LifeDomains: st.domains,
			Summary: st.summary, DesiredOutcome: st.outcome,
		}
		if rng.IntN(3) > 0 {
			in.Complainant.Email = fmt.Sprintf("klager%d@voorbeeld.example", rng.IntN(100000))
		}
		if rng.IntN(10) == 0 {
			in.Language = casework.LanguageEnglish
		}
		if rng.IntN(3) == 0 {
			in.Supporter = &casework.Contact{Name: "Cliëntenbelang (ondersteuner)", Email: "ondersteuning@clientenbelang.example"}
			in.SupporterConsent = true
		}
		handler := staff[1+rng.IntN(len(staff)-1)]
		hActor := casework.ActorOf(handler)
		clock = day
		receipt, err := store.FileComplaint(ctx, casework.Actor{Role: casework.RoleStaff, UserID: handler.ID, Label: handler.Name}, in)
		if err != nil {
			return nil, fmt.Errorf("file complaint: %w", err)
		}
		loaded.Complaints++
		ref := receipt.Reference
		if in.Supporter != nil {
			if err := store.AssignSupporter(ctx, hActor, ref, supporter.ID); err != nil {
				return nil, err
			}
		}
		roll := rng.IntN(100)
		if t, ok := at(2 + rng.Float64()*5); ok && roll < 5 {
			clock = t
			if err := store.Withdraw(ctx, hActor, ref, casework.Closing{Reason: "De klager heeft de klacht telefonisch ingetrokken."}); err != nil {
				return nil, err
			}
			continue
		}
		t, ok := at(1 + rng.Float64()*6)
		if !ok {
			continue
		}
		clock = t
		if err := store.TakeUp(ctx, hActor, ref, casework.TakeUp{NotInvolved: true}); err != nil {
			return nil, fmt.Errorf("take up %s: %w", ref, err)
		}
		if roll < 14 {
			if t, ok := at(10 + rng.Float64()*10); ok {
				clock = t
				if err := store.Resolve(ctx, hActor, ref, casework.Closing{Reason: "Na bemiddeling is de klacht naar tevredenheid opgelost."}); err != nil {
					return nil, err
				}
			}
			continue
		}
		if roll < 20 {
			if t, ok := at(8 + rng.Float64()*10); ok {
				clock = t
				if err := store.DeclareInadmissible(ctx, hActor, ref, casework.Inadmissibility{Ground: casework.InadmissibleObjection,
					Reasons: "Tegen dit besluit staat bezwaar open; de klager is gewezen op de bezwaarprocedure."}); err != nil {
					return nil, err
				}
			}
			continue
		}
		hearDay := 14 + rng.Float64()*14
		if t, ok := at(hearDay); ok {
			clock = t
			held := t.Format(time.DateOnly)
			if _, err := store.RecordHearing(ctx, hActor, ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: held,
				Record: "Klager licht de klacht toe en bevestigt de gang van zaken zoals beschreven."}); err != nil {
				return nil, fmt.Errorf("hearing %s: %w", ref, err)
			}
			for _, o := range orgs {
				if _, err := store.RecordHearing(ctx, hActor, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: o,
					HeldOn: held, Record: "De organisatie geeft haar kant van de zaak en erkent de vertraging gedeeltelijk."}); err != nil {
					return nil, fmt.Errorf("hearing %s: %w", ref, err)
				}
			}
		} else {
			continue
		}
		if rng.IntN(8) == 0 {
			if t, ok := at(hearDay + 3); ok {
				clock = t
				if _, err := store.Postpone(ctx, hActor, ref, casework.Postponement{Days: 14 + rng.IntN(14),
					Reason: "Aanvullende informatie van de organisatie is nodig."}); err != nil {
					return nil, err
				}
			}
		}
		t, ok = at(hearDay + 7 + rng.Float64()*10)
		if !ok {
			continue
		}
		clock = t
		verdict := casework.VerdictUnfounded
		switch r := rng.IntN(100); {
		case r < 35:
			verdict = casework.VerdictFounded
		case r < 60:
			verdict = casework.VerdictPartlyFounded
		}
		ruling := casework.Ruling{Verdict: verdict,
			Findings:    "Uit het dossier en de hoorzittingen blijkt hoe de zaak is verlopen; de meldpunt heeft beide kanten gehoord.",
			Conclusions: "De meldpunt komt tot het oordeel dat hieronder staat, met de redenen daarvoor."}
		if verdict.Granted() {
			for _, o := range orgs {
				ruling.Advices = append(ruling.Advices, casework.AdviceInput{OrganisationID: o, Text: st.advice})
			}
		}
		if rng.IntN(2) == 0 {
			ruling.Recommendations = []casework.RecommendationInput{{LifeDomain: st.domains[0], Text: st.recommend}}
		}
		advices, err := store.Rule(ctx, hActor, ref, ruling)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", ref, err)
		}
		for _, a := range advices {
			respond, ok := at(hearDay + 20 + rng.Float64()*9)
			if !ok || !respond.Before(a.DeadlineAt) {
				continue // left for the organisation, or for the deadline sweep
			}
			clock = respond
			switch r := rng.IntN(100); {
			case r < 60:
				if _, err := store.AcceptAdvice(ctx, orgActor(a.OrganisationID), a.ID, casework.AnswerReceipt{}); err != nil {
					return nil, fmt.Errorf("accept %d: %w", a.ID, err)
				}
				if t, ok := at(hearDay + 45 + rng.Float64()*20); ok {
					clock = t
					if _, err := store.ConfirmExecution(ctx, orgActor(a.OrganisationID), a.ID, "Uitgevoerd zoals geadviseerd.", casework.AnswerReceipt{}); err != nil {
						return nil, err
					}
				}
			case r < 85:
				rejection := rejections[rng.IntN(len(rejections))]
				if _, err := store.RejectAdvice(ctx, orgActor(a.OrganisationID), a.ID, rejection, casework.AnswerReceipt{}); err != nil {
					return nil, fmt.Errorf("reject %d: %w", a.ID, err)
				}
			}
		}
	}
	// Advices whose term passed without an answer are enforced, as the deadline sweep does.
	clock = end
	for {
		res, err := store.Sweep(ctx, 500)
		if err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
		if res.Enforced == 0 {
			break
		}
	}
	if err := followUp(ctx, store, staff[1], first, end); err != nil {
		return nil, err
	}
	return loaded, nil
}

// followUp records what became of the recommendations of the year before last and writes and
// finalises that year's report, as the meldpunt would have done early the next year.
func followUp(ctx context.Context, store *postgres.DB, handler casework.User, year int, end time.Time) error {
	recs, err := store.Recommendations(ctx, postgres.RecommendationFilter{Year: year})
	if err != nil {
		return err
	}
	outcomes := []casework.FollowUp{
		{Status: casework.RecommendationAdopted, Note: "Opgenomen in het beleidsplan sociaal domein."},
		{Status: casework.RecommendationPartlyAdopted, Note: "Deels overgenomen; de termijnen volgen in de nieuwe verordening."},
		{Status: casework.RecommendationNotAdopted, Note: "Het college neemt dit niet over vanwege de kosten."},
		{Status: casework.RecommendationOpen},
	}
	actor := casework.ActorOf(handler)
	for i, r := range recs {
		if _, err := store.UpdateRecommendation(ctx, actor, r.ID, outcomes[i%len(outcomes)]); err != nil {
			return fmt.Errorf("follow-up %d: %w", r.ID, err)
		}
	}
	if _, err := store.SetClosingText(ctx, actor, year, casework.ClosingText{Language: casework.LanguageDutch,
		Text: "Het meldpunt ziet dat veel klachten gaan over lange wachttijden en over het gevoel niet gehoord te worden. " +
			"Wij vragen de raad om vaste doorlooptijden in de verordening op te nemen en om één aanspreekpunt voor " +
			"inwoners die met meer organisaties te maken hebben.\n\nDe bindende adviezen zijn in de meeste gevallen " +
			"aanvaard. Waar een organisatie niet op tijd reageerde, is het advies onverkort uitgevoerd."}); err != nil {
		return err
	}
	if _, err := store.SetClosingText(ctx, actor, year, casework.ClosingText{Language: casework.LanguageEnglish,
		Text: "The meldpunt sees that many complaints are about long waiting times and about not being heard. " +
			"We ask the council to set fixed handling times in the by-law and to give residents who deal with " +
			"several organisations one point of contact."}); err != nil {
		return err
	}
	if end.In(term.Amsterdam()).Year() > year {
		if _, err := store.FinaliseReport(ctx, actor, year); err != nil {
			return err
		}
	}
	return nil
}
