package demo

import (
	"context"
	"fmt"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// independent is the declaration of independence most members of the demo pool make.
const independent = "Wij hebben geen rol bij de toegang tot zorg of ondersteuning en leveren die zelf niet. Wij staan naast de bewoner, niet naast de gemeente of de aanbieder."

type (
	dom  = casework.LifeDomain
	hood = casework.Neighbourhood
)

// pool is a Haarlem-like pool of client supporters: organisations and two independent
// professionals, in the languages Haarlem's residents speak. Numbers are made up and cannot be
// dialled (no Dutch subscriber number starts with 0 after the area code); addresses are made up.
var pool = []casework.SupporterProfile{
	{Name: "Cliëntenbelang Haarlem", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Onafhankelijke cliëntondersteuning en nog niets anders: wij helpen u uw vraag helder te krijgen, gaan mee naar gesprekken en staan naast u bij bezwaar en klacht.",
		DescriptionEN: "Independent client support and nothing else: we help you get your question clear, go with you to meetings and stand by you in an objection or complaint.",
		LifeDomains:   []dom{casework.DomainSocialSupport, casework.DomainCare, casework.DomainYouthCare, casework.DomainWellbeing, casework.DomainHousing, casework.DomainWork, casework.DomainIncome},
		Languages:     []string{"nl", "en"}, Groups: []string{"mensen met een klacht", "mantelzorgers"},
		Contact: casework.SupporterContact{Phone: "023 000 1100", PhoneHours: "ma-vr 9.00-17.00", Email: "ondersteuning@clientenbelang.example",
			WalkInAddress: "Zijlweg 20, Haarlem", WalkInHours: "di en do 10.00-12.00", HomeVisits: true, Website: "https://clientenbelang.example"},
		Independence: "Cliëntenbelang biedt alleen cliëntondersteuning. Wij leveren geen zorg of voorzieningen en hebben geen rol bij de toegang daartoe."},
	{Name: "MEE & De Wering", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Ondersteuning voor mensen met een beperking, chronische ziekte of psychische kwetsbaarheid, en hun naasten: bij aanvragen, keukentafelgesprekken en onvrede.",
		DescriptionEN: "Support for people with a disability, chronic illness or mental vulnerability, and their families: with applications, assessment talks and disagreements.",
		LifeDomains:   []dom{casework.DomainSocialSupport, casework.DomainCare, casework.DomainYouthCare, casework.DomainEducation},
		Languages:     []string{"nl", "en", "tr"}, Groups: []string{"mensen met een beperking", "ouders van kinderen met een beperking"},
		Contact: casework.SupporterContact{Phone: "023 000 1200", PhoneHours: "ma-vr 8.30-17.00", Email: "info@mee-dewering.example",
			WhatsApp: "06 0000 1200", HomeVisits: true},
		Independence: independent},
	{Name: "Sociaal Raadslieden Haarlem", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Gratis hulp bij brieven, formulieren, toeslagen, uitkeringen, schulden en bezwaar tegen een besluit van de gemeente.",
		DescriptionEN: "Free help with letters, forms, benefits, allowances, debts and objections to a decision of the municipality.",
		LifeDomains:   []dom{casework.DomainIncome, casework.DomainWork, casework.DomainHousing},
		Languages:     []string{"nl", "ar", "ber", "tr"}, Groups: []string{"mensen met schulden"},
		Contact: casework.SupporterContact{Phone: "023 000 1300", PhoneHours: "ma, wo en vr 9.00-12.30", WalkInAddress: "Stadhuisplein 3, Haarlem",
			WalkInHours: "ma en do 13.00-16.00"},
		Neighbourhoods: []hood{casework.NeighbourhoodCentrum, casework.NeighbourhoodOost, casework.NeighbourhoodSchalkwijk},
		Independence:   independent},
	{Name: "Wijkcontactvrouwen HaarlemEffect", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Vrouwen uit de wijk die de taal en de cultuur kennen. Zij luisteren, leggen uit hoe het werkt en gaan met u mee naar instanties.",
		DescriptionEN: "Women from the neighbourhood who know the language and the culture. They listen, explain how things work and go with you to agencies.",
		LifeDomains:   []dom{casework.DomainWellbeing, casework.DomainYouthCare, casework.DomainEducation, casework.DomainSocialSupport},
		Languages:     []string{"nl", "ar", "ber", "tr"}, Groups: []string{"migrantenvrouwen", "oudere migranten"},
		Contact:        casework.SupporterContact{WhatsApp: "06 0000 1400", WalkInAddress: "Wijkcentrum De Ringvaart, Schalkwijk", WalkInHours: "wo 9.30-11.30", HomeVisits: true},
		Neighbourhoods: []hood{casework.NeighbourhoodSchalkwijk, casework.NeighbourhoodOost},
		Independence:   independent},
	{Name: "Seniorenvereniging KBO-PCOB Haarlem", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Vrijwillige ouderenadviseurs komen bij u thuis en helpen bij vragen over wonen, zorg en hulp in het huishouden.",
		DescriptionEN: "Volunteer advisers for older people visit you at home and help with questions about housing, care and household help.",
		LifeDomains:   []dom{casework.DomainSocialSupport, casework.DomainCare, casework.DomainHousing},
		Languages:     []string{"nl"}, Groups: []string{"ouderen"},
		Contact:      casework.SupporterContact{Phone: "023 000 1500", PhoneHours: "di en do 10.00-12.00", HomeVisits: true},
		Independence: independent},
	{Name: "FNV Haarlem Ledenservice", Kind: casework.SupporterOrganisation,
		DescriptionNL: "De vakbond helpt bij vragen over werk, re-integratie, de Participatiewet en uitkeringen, ook als u geen lid bent.",
		DescriptionEN: "The trade union helps with questions about work, reintegration, the Participation Act and benefits, also if you are not a member.",
		LifeDomains:   []dom{casework.DomainWork, casework.DomainIncome},
		Languages:     []string{"nl", "en", "pl"}, Groups: []string{"werkenden", "mensen in de bijstand"},
		Contact:      casework.SupporterContact{Phone: "023 000 1600", PhoneHours: "ma-vr 9.00-17.00", Email: "haarlem@fnv.example", WalkInAddress: "Zijlsingel 5, Haarlem", WalkInHours: "vr 13.00-16.00"},
		Independence: independent},
	{Name: "Mantelzorg Haarlem", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Steun voor wie zorgt voor een ziek familielid of een naaste: advies, respijtzorg regelen en meegaan naar gesprekken.",
		DescriptionEN: "Support for people who care for a sick relative or loved one: advice, arranging respite care and going with you to meetings.",
		LifeDomains:   []dom{casework.DomainSocialSupport, casework.DomainCare, casework.DomainWellbeing},
		Languages:     []string{"nl", "en"}, Groups: []string{"mantelzorgers", "jonge mantelzorgers"},
		Contact:      casework.SupporterContact{Phone: "023 000 1700", PhoneHours: "ma-do 9.00-16.00", Email: "info@mantelzorg-haarlem.example"},
		Independence: independent},
	{Name: "Vrijwilligers Thuis in de Wijk", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Getrainde vrijwilligers die met u meedenken en meegaan, ook als u in de opvang woont of net in Haarlem bent.",
		DescriptionEN: "Trained volunteers who think along and go with you, also if you live in a shelter or are new to Haarlem.",
		LifeDomains:   []dom{casework.DomainWellbeing, casework.DomainHousing, casework.DomainSocialSupport},
		Languages:     []string{"nl", "en", "uk", "ar", "ti"}, Groups: []string{"mensen in de opvang", "nieuwkomers"},
		Contact:        casework.SupporterContact{Email: "hallo@thuisindewijk.example", WhatsApp: "06 0000 1800", WalkInAddress: "Buurthuis Noord, Haarlem", WalkInHours: "za 11.00-13.00"},
		Neighbourhoods: []hood{casework.NeighbourhoodNoord, casework.NeighbourhoodCentrum, casework.NeighbourhoodSpaarndam},
		Independence:   independent},
	{Name: "Fatma Yılmaz, cliëntondersteuner", Kind: casework.SupporterProfessional,
		DescriptionNL: "Zelfstandig cliëntondersteuner (zzp) voor gezinnen met jeugdhulp en voor oudere Turkse Haarlemmers. Ik kom bij u thuis.",
		DescriptionEN: "Independent client supporter for families with youth care and for older Turkish residents of Haarlem. I visit you at home.",
		LifeDomains:   []dom{casework.DomainYouthCare, casework.DomainCare, casework.DomainEducation},
		Languages:     []string{"nl", "tr", "en"}, Groups: []string{"gezinnen", "oudere migranten"},
		Contact:      casework.SupporterContact{Phone: "06 0000 1900", PhoneHours: "ma-vr 9.00-18.00", WhatsApp: "06 0000 1900", HomeVisits: true},
		Independence: "Ik werk voor niemand anders dan voor u: ik ben niet in dienst van de gemeente, het wijkteam of een zorgaanbieder en beslis niet over zorg."},
	{Name: "Tomasz Nowak, cliëntondersteuner", Kind: casework.SupporterProfessional,
		DescriptionNL: "Zelfstandig cliëntondersteuner (zzp) voor arbeidsmigranten: werk, huisvesting, inkomen en de weg naar de gemeente.",
		DescriptionEN: "Independent client supporter for labour migrants: work, housing, income and finding your way to the municipality.",
		LifeDomains:   []dom{casework.DomainWork, casework.DomainHousing, casework.DomainIncome},
		Languages:     []string{"pl", "en", "nl"}, Groups: []string{"arbeidsmigranten"},
		Contact:        casework.SupporterContact{Email: "tomasz@nowak-ondersteuning.example", WhatsApp: "06 0000 2000"},
		Neighbourhoods: []hood{casework.NeighbourhoodZuidWest, casework.NeighbourhoodNoord},
		Independence:   "Ik ben zelfstandig en heb geen rol bij de toegang tot zorg of hulp. Ik help u gratis; de gemeente betaalt mij per traject, niet per uitkomst."},
}

// loadPool admits the demo pool as the admin, suspends one member with a reason, and makes the
// supporter's account belong to Cliëntenbelang. It returns how many members were admitted.
func loadPool(ctx context.Context, store *postgres.DB, admin casework.User, supporter casework.User, suffix string) (int, error) {
	a := casework.ActorOf(admin)
	var first int64
	for i, p := range pool {
		p.Name += suffix
		s, err := store.AdmitSupporter(ctx, a, p)
		if err != nil {
			return 0, fmt.Errorf("supporter %s: %w", p.Name, err)
		}
		if i == 0 {
			first = s.ID
		}
	}
	extra := casework.SupporterProfile{Name: "Stichting Hulp Op Maat" + suffix, Kind: casework.SupporterOrganisation,
		DescriptionNL: "Cliëntondersteuning bij zorg en welzijn.", LifeDomains: []dom{casework.DomainCare},
		Languages: []string{"nl"}, Contact: casework.SupporterContact{Phone: "023 000 2100"}, Independence: independent}
	s, err := store.AdmitSupporter(ctx, a, extra)
	if err != nil {
		return 0, fmt.Errorf("supporter %s: %w", extra.Name, err)
	}
	if _, err := store.SetSupporterStatus(ctx, a, s.ID, casework.SupporterSuspended,
		"Levert sinds dit jaar ook zorg in natura: onafhankelijkheid wordt onderzocht."); err != nil {
		return 0, fmt.Errorf("suspend %s: %w", extra.Name, err)
	}
	if supporter.ID != 0 {
		if err := store.LinkSupporterUser(ctx, supporter.ID, first); err != nil {
			return 0, fmt.Errorf("link the supporter's account: %w", err)
		}
	}
	return len(pool) + 1, nil
}
