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
	Supporters    int
	Complaints    int
	Accounts      []casework.User
}

// Summary is a short text for the terminal.
func (l *Loaded) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "demo data: %d organisations, %d client supporters, %d complaints, %d accounts (password %q):\n",
		l.Organisations, l.Supporters, l.Complaints, len(l.Accounts), Password)
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
	name                   string
	kind                   casework.OrgKind
	email                  string
	street, postcode, city string
}

var organisations = []organisation{
	{"Gemeente Haarlem", casework.OrgMunicipality, "college@haarlem.example", "Postbus 511", "2003 PB", "Haarlem"},
	{"Sociaal Wijkteam Centrum", casework.OrgDistrictTeam, "swt-centrum@haarlem.example", "Zijlsingel 2", "2013 DN", "Haarlem"},
	{"Sociaal Wijkteam Noord", casework.OrgDistrictTeam, "swt-noord@haarlem.example", "Marnixplein 1", "2023 AB", "Haarlem"},
	{"Sociaal Wijkteam Oost", casework.OrgDistrictTeam, "swt-oost@haarlem.example", "Slachthuisstraat 30", "2033 HC", "Haarlem"},
	{"Sociaal Wijkteam Schalkwijk", casework.OrgDistrictTeam, "swt-schalkwijk@haarlem.example", "Fie Carelsenplein 1", "2034 KA", "Haarlem"},
	{"Sociaal Wijkteam Zuid-West", casework.OrgDistrictTeam, "swt-zuidwest@haarlem.example", "Leidsevaart 150", "2014 HE", "Haarlem"},
	{"CJG Haarlem", casework.OrgYouthFamilyHub, "info@cjg-haarlem.example", "Kennemerplein 6", "2011 MJ", "Haarlem"},
	{"MEE & De Wering", casework.OrgClientSupport, "info@mee-dewering.example", "Spaarnepoort 5", "2134 TM", "Hoofddorp"},
	{"Cliëntenbelang", casework.OrgClientSupport, "haarlem@clientenbelang.example", "Spaarne 96", "2011 CL", "Haarlem"},
	{"Sociaal Raadslieden Haarlem", casework.OrgClientSupport, "raadslieden@haarlem.example", "Tempeliersstraat 61", "2012 EC", "Haarlem"},
	{"HaarlemEffect", casework.OrgOtherSocialWork, "info@haarlemeffect.example", "Tempeliersstraat 61", "2012 EC", "Haarlem"},
	{"Thuiszorg Kennemerland", casework.OrgCareProvider, "directie@thuiszorg-kennemerland.example", "Spaarndamseweg 230", "2021 KA", "Haarlem"},
	{"Jeugdhulp Spaarne", casework.OrgYouthCare, "bestuur@jeugdhulp-spaarne.example", "Schipholweg 100", "2034 LS", "Haarlem"},
	{"Woonstichting Kennemer", casework.OrgHousing, "klachten@woonstichting-kennemer.example", "Oostvest 60", "2011 AM", "Haarlem"},
}

// story is one kind of complaint the demo files, with the texts that a real case of that kind
// would carry: what the complainant wrote, the reports of both hearings, the findings, a conclusion
// for each verdict, the advice and the policy recommendation. orgs are the organisations (indexes
// into organisations) such a complaint is plausibly about.
type story struct {
	domains []casework.LifeDomain
	grounds []casework.Ground
	orgs    []int
	summary string
	outcome string
	// The hearing reports (verslagen) of the complainant and of the organisation.
	heardComplainant, heardOrganisation string
	findings                            string
	// The conclusions, by verdict.
	founded, partly, unfounded string
	advice, recommend          string
}

// conclusions returns the story's conclusions for verdict v.
func (s story) conclusions(v casework.Verdict) string {
	switch v {
	case casework.VerdictFounded:
		return s.founded
	case casework.VerdictPartlyFounded:
		return s.partly
	}
	return s.unfounded
}

// Indexes into organisations, for the stories.
const (
	orgMunicipality = 0
	orgCJG          = 6
	orgRaadslieden  = 9
	orgWelfare      = 10
	orgHomeCare     = 11
	orgYouthCare    = 12
	orgHousing      = 13
)

// districtTeams are the indexes of the five social district teams.
var districtTeams = []int{1, 2, 3, 4, 5}

var stories = []story{
	{domains: []casework.LifeDomain{casework.DomainSocialSupport}, grounds: []casework.Ground{casework.GroundProcedure},
		orgs:    append([]int{orgMunicipality}, districtTeams...),
		summary: "Ik heb drie maanden geleden huishoudelijke hulp aangevraagd. Ik heb nog steeds geen beslissing gekregen en niemand belt terug.",
		outcome: "Een beslissing op mijn aanvraag en excuses voor het lange wachten.",
		heardComplainant: "Klaagster vertelt dat zij na een heupoperatie het huis niet meer zelf kan schoonhouden. Zij heeft vier keer gebeld; " +
			"elke keer werd een terugbelverzoek genoteerd, maar niemand belde terug. Haar buurvrouw doet nu het hoognodige.",
		heardOrganisation: "De teamleider erkent dat de melding zes weken is blijven liggen doordat twee consulenten langdurig ziek waren. " +
			"Terugbelverzoeken kwamen in een algemene mailbox terecht die in die periode niet dagelijks werd gelezen.",
		findings: "Het meldpunt stelt vast dat het onderzoek naar de hulpvraag niet binnen de wettelijke termijn van zes weken is afgerond. " +
			"Het keukentafelgesprek vond pas na elf weken plaats. De organisatie heeft klaagster in die tijd niet laten weten waarom het zo lang duurde.",
		founded: "Een inwoner die hulp nodig heeft, mag erop rekenen dat de wettelijke termijn wordt " +
			"gehaald, of anders dat zij hoort waarom niet en wanneer er wel een besluit komt.",
		partly: "De vertraging zelf is verklaarbaar door de onderbezetting, maar dat klaagster " +
			"daarover niets hoorde en niet werd teruggebeld, had niet mogen gebeuren.",
		unfounded: "Uit het dossier blijkt dat klaagster in de tussentijd wel tijdelijke hulp kreeg " +
			"en dat zij schriftelijk is geïnformeerd over de nieuwe datum van het gesprek.",
		advice:    "Neem binnen twee weken een besluit op de aanvraag en bied de cliënt een gesprek aan over de vertraging.",
		recommend: "Leg een maximale doorlooptijd voor Wmo-aanvragen vast en informeer aanvragers actief over vertraging."},
	{domains: []casework.LifeDomain{casework.DomainCare, casework.DomainSocialSupport}, grounds: []casework.Ground{casework.GroundTreatment},
		orgs:    districtTeams,
		summary: "De medewerker van het wijkteam sprak tijdens het keukentafelgesprek over mij alsof ik er niet bij was. Mijn dochter moest alles uitleggen.",
		outcome: "Dat ik serieus genomen word en een andere medewerker krijg.",
		heardComplainant: "Klaagster heeft sinds een herseninfarct moeite met spreken, maar begrijpt alles. Tijdens het keukentafelgesprek richtte " +
			"de consulent zich alleen tot haar dochter. Toen klaagster zelf iets wilde zeggen, werd zij onderbroken.",
		heardOrganisation: "De consulent zegt dat zij het gesprek snel wilde laten verlopen omdat spreken klaagster veel moeite kostte. " +
			"Zij betreurt dat klaagster zich buitengesloten voelde. Het team heeft geen vaste werkwijze voor gesprekken met afasiepatiënten.",
		findings: "Het meldpunt stelt vast dat het keukentafelgesprek vooral met de dochter is gevoerd. In het gespreksverslag staat " +
			"klaagsters eigen wens, hulp bij het douchen in de ochtend, niet vermeld. Beide partijen bevestigen dat klaagster werd onderbroken.",
		founded: "Ook wie moeilijk spreekt, heeft recht op een gesprek waarin zij zelf aan het woord " +
			"komt. Een mantelzorger kan helpen, maar neemt de plaats van de inwoner niet in.",
		partly: "De consulent had goede bedoelingen, maar heeft klaagster onvoldoende zelf laten " +
			"spreken. Dat klaagster een andere medewerker wil, vindt het meldpunt begrijpelijk.",
		unfounded: "Uit het verslag en de hoorzitting blijkt dat de consulent klaagster meermaals " +
			"rechtstreeks vragen heeft gesteld en haar antwoorden heeft vastgelegd.",
		advice:    "Wijs een andere vaste medewerker toe en voer het gesprek opnieuw, met de cliënt zelf als gesprekspartner.",
		recommend: "Train medewerkers in gesprekken met cliënten met een beperking en hun mantelzorgers."},
	{domains: []casework.LifeDomain{casework.DomainYouthCare}, grounds: []casework.Ground{casework.GroundSolution, casework.GroundProcedure},
		orgs:    []int{orgYouthCare, orgCJG, orgMunicipality},
		summary: "Mijn zoon staat al negen maanden op een wachtlijst voor jeugdhulp. In de tussentijd is er geen overbruggingszorg geregeld.",
		outcome: "Overbruggingszorg tot de behandeling begint.",
		heardComplainant: "Klaagster vertelt dat haar zoon van twaalf sinds de zomer nauwelijks nog naar school gaat en 's nachts niet slaapt. " +
			"Bij elk telefoontje kreeg zij te horen dat hij ‘bovenaan de lijst’ stond, zonder datum.",
		heardOrganisation: "De organisatie legt uit dat de wachtlijst voor specialistische behandeling ruim zeven maanden is. " +
			"Overbruggingszorg is mogelijk, maar wordt alleen ingezet als de verwijzer erom vraagt; dat is hier niet gebeurd.",
		findings: "Het meldpunt stelt vast dat de jongen negen maanden op de wachtlijst staat en dat niemand in die tijd heeft " +
			"beoordeeld of overbruggingszorg nodig was. Verwijzer en zorgaanbieder gingen er allebei van uit dat de ander dat deed.",
		founded: "Wie een kind op een wachtlijst zet, blijft verantwoordelijk voor wat er in de " +
			"tussentijd gebeurt. Hier heeft niemand die verantwoordelijkheid genomen.",
		partly: "De lange wachttijd is niet alleen aan deze organisatie te wijten; het ontbreken van " +
			"overbruggingszorg en van duidelijke informatie over de wachttijd wel.",
		unfounded: "Uit het dossier blijkt dat het gezin vanaf de derde maand ambulante " +
			"begeleiding kreeg; daarmee is in overbrugging voorzien.",
		advice:    "Regel binnen twee weken passende overbruggingszorg en informeer de ouders maandelijks over de wachtlijst.",
		recommend: "Maak overbruggingszorg standaard bij wachttijden in de jeugdhulp langer dan drie maanden."},
	{domains: []casework.LifeDomain{casework.DomainIncome}, grounds: []casework.Ground{casework.GroundProcedure},
		orgs:    []int{orgMunicipality},
		summary: "Mijn bijzondere bijstand is stopgezet zonder brief. Ik hoorde het pas toen er geen geld op mijn rekening kwam.",
		outcome: "Dat de bijstand wordt hersteld en dat ik voortaan een brief krijg.",
		heardComplainant: "Klager ontving bijzondere bijstand voor de kosten van bewindvoering. Toen de betaling uitbleef, kreeg hij aan " +
			"de telefoon te horen dat zijn dossier ‘was afgesloten’. Een brief heeft hij nooit ontvangen; zijn bewindvoerder ook niet.",
		heardOrganisation: "De afdeling Werk en Inkomen legt uit dat de bijstand automatisch stopte na afloop van de toekenningsperiode. " +
			"Een brief daarover had verstuurd moeten worden, maar is door een fout in de koppeling met het postsysteem blijven liggen.",
		findings: "Het meldpunt stelt vast dat de uitkering is beëindigd zonder schriftelijk besluit. Klager kon daardoor ook geen " +
			"bezwaar maken. De gemeente erkent de fout en heeft die inmiddels voor alle cliënten in het systeem hersteld.",
		founded: "Een uitkering stopzetten zonder besluit is in strijd met de Algemene wet " +
			"bestuursrecht en treft juist inwoners die elke euro nodig hebben.",
		partly: "Dat de toekenning afliep, had klager kunnen weten, maar dat er geen " +
			"besluit kwam en niemand hem uitleg gaf, is niet in orde.",
		unfounded: "De brief over de beëindiging is aantoonbaar aan de bewindvoerder " +
			"verstuurd, die namens klager de post ontvangt.",
		advice:    "Herstel de uitkering met terugwerkende kracht en stuur voortaan altijd een schriftelijk besluit.",
		recommend: "Stuur bij elke wijziging in een uitkering een begrijpelijke brief op B1-niveau."},
	{domains: []casework.LifeDomain{casework.DomainHousing, casework.DomainWellbeing}, grounds: []casework.Ground{casework.GroundSolution},
		orgs:    append([]int{orgHousing}, districtTeams...),
		summary: "Ik zit al een jaar in een woning met schimmel. Het wijkteam zegt dat het de verhuurder is, de verhuurder verwijst naar het wijkteam.",
		outcome: "Dat iemand de regie neemt en de schimmel wordt aangepakt.",
		heardComplainant: "Klaagster woont met twee jonge kinderen in een benedenwoning; de jongste heeft astma. Zij toont foto’s van " +
			"zwarte schimmel in de slaapkamer. Zij heeft de verhuurder drie keer gemeld en het wijkteam twee keer om hulp gevraagd.",
		heardOrganisation: "De verhuurder zegt dat de schimmel door onvoldoende ventileren komt en dat het wijkteam bewoners daarover " +
			"voorlicht. Het wijkteam zegt dat het geen zeggenschap heeft over onderhoud. Een gezamenlijk huisbezoek is nooit gepland.",
		findings: "Het meldpunt stelt vast dat klaagster een jaar lang tussen verhuurder en wijkteam is heen en weer gestuurd. " +
			"Geen van beide heeft de situatie ter plaatse bekeken of met de ander afgesproken wie wat doet.",
		founded: "Waar wonen en gezondheid samenkomen, mag een inwoner niet zelf de " +
			"organisaties op één lijn hoeven te krijgen. Iemand moet de regie nemen, en dat is niet gebeurd.",
		partly: "De oorzaak van de schimmel staat nog niet vast, maar dat niemand de " +
			"regie nam en klaagster een jaar lang werd doorverwezen, is niet in orde.",
		unfounded: "Uit het dossier blijkt dat de verhuurder een onderzoek heeft laten doen " +
			"en een afspraak voor herstel heeft gemaakt, die klaagster zelf heeft verzet.",
		advice:    "Wijs één regisseur aan die binnen twee weken met verhuurder en cliënt een plan van aanpak maakt.",
		recommend: "Spreek met woningcorporaties af wie regie voert bij problemen die wonen en zorg raken."},
	{domains: []casework.LifeDomain{casework.DomainWork}, grounds: []casework.Ground{casework.GroundTreatment, casework.GroundSolution},
		orgs:    []int{orgMunicipality},
		summary: "Bij het re-integratietraject werd ik gedwongen om fulltime te werken, terwijl mijn arts zegt dat ik maar twintig uur kan.",
		outcome: "Een traject dat past bij wat ik medisch kan.",
		heardComplainant: "Klager heeft een chronische longziekte en werkt sinds twee maanden via een werkervaringsplaats in een magazijn. " +
			"Toen hij een brief van zijn longarts liet zien, zei de klantmanager dat ‘iedereen wel eens moe is’.",
		heardOrganisation: "De klantmanager zegt dat de brief van de longarts geen concrete belastbaarheid noemde. Een keuring door een " +
			"bedrijfsarts is niet aangevraagd, omdat dat volgens haar pas na drie maanden gebruikelijk is.",
		findings: "Het meldpunt stelt vast dat het trajectplan uitgaat van veertig uur per week, terwijl de medische informatie in het " +
			"dossier daar vragen over oproept. Een onafhankelijke beoordeling van de belastbaarheid ontbreekt.",
		founded: "Wie een medische beperking meldt, mag verwachten dat die serieus wordt " +
			"uitgezocht voordat het aantal uren wordt vastgesteld. De opmerking van de klantmanager was bovendien kwetsend.",
		partly: "Het meldpunt kan niet vaststellen hoeveel uur klager kan werken, maar " +
			"de gemeente had dat moeten laten onderzoeken voordat zij veertig uur vroeg.",
		unfounded: "Het trajectplan begint met twintig uur en wordt pas na een keuring " +
			"uitgebreid; dat had klager verkeerd begrepen.",
		advice:    "Laat de belastbaarheid binnen vier weken door een bedrijfsarts beoordelen en pas het trajectplan daarop aan.",
		recommend: "Neem medische adviezen standaard mee bij het opstellen van re-integratieplannen."},
	{domains: []casework.LifeDomain{casework.DomainEducation, casework.DomainYouthCare}, grounds: []casework.Ground{casework.GroundProcedure},
		orgs:    []int{orgCJG},
		summary: "Mijn dochter zit al vier maanden thuis zonder school. Het CJG en de school wijzen naar elkaar.",
		outcome: "Een plek op een passende school en begeleiding tot die tijd.",
		heardComplainant: "Klaagster vertelt dat haar dochter van veertien na een lange periode van pesten niet meer naar school durft. " +
			"De school wacht op een advies van het CJG, het CJG op een verzoek van de school. Zelf kan zij door de zorg om haar dochter niet meer werken.",
		heardOrganisation: "De jeugdverpleegkundige van het CJG erkent dat er na het eerste gesprek geen vervolgafspraak is gemaakt. " +
			"Het CJG ging ervan uit dat de school het samenwerkingsverband zou inschakelen.",
		findings: "Het meldpunt stelt vast dat er in vier maanden geen enkel overleg is geweest tussen school, CJG en ouders. " +
			"De leerplichtambtenaar is pas na drie maanden op de hoogte gebracht.",
		founded: "Een kind dat thuiszit, heeft recht op onderwijs en op hulp. Als organisaties " +
			"op elkaar wachten, moet er één zijn die het initiatief neemt; dat is niet gebeurd.",
		partly: "Het vinden van een passende school is niet de taak van het CJG, " +
			"maar het CJG had de hulp aan het meisje niet mogen laten stilvallen.",
		unfounded: "Uit het dossier blijkt dat het CJG wekelijks contact had met het gezin " +
			"en de school tweemaal schriftelijk om een overleg heeft gevraagd.",
		advice:    "Organiseer binnen twee weken een overleg met school, ouders en leerplicht en leg afspraken schriftelijk vast.",
		recommend: "Zorg voor één aanspreekpunt voor thuiszitters in het onderwijs en de jeugdhulp."},
	{domains: []casework.LifeDomain{casework.DomainPreventiveCare}, grounds: []casework.Ground{casework.GroundTreatment},
		orgs:    []int{orgCJG},
		summary: "Bij het consultatiebureau werd ik uitgelachen omdat ik de Nederlandse woorden niet kende. Ik durf niet meer te gaan.",
		outcome: "Excuses en hulp van een tolk bij het volgende bezoek.",
		heardComplainant: "Klaagster is een jaar geleden uit Eritrea naar Nederland gekomen en spreekt nog weinig Nederlands. Zij vertelt, " +
			"met hulp van een tolk, dat een assistente hardop lachte toen zij het woord voor ‘koorts’ niet kon vinden.",
		heardOrganisation: "De teamleider zegt dat de assistente zich de situatie niet herinnert, maar dat het haar spijt als klaagster zich " +
			"zo heeft gevoeld. Een telefonische tolk is beschikbaar, maar wordt zelden ingezet omdat de afspraken kort zijn.",
		findings: "Het meldpunt stelt vast dat bij het bezoek geen tolk is ingezet, terwijl in het dossier staat dat klaagster Tigrinya " +
			"spreekt. Of er is gelachen, kan het meldpunt niet vaststellen; wel dat klaagster sindsdien twee afspraken heeft gemist.",
		founded: "Een ouder die de taal niet goed spreekt, moet bij het consultatiebureau " +
			"kunnen begrijpen en begrepen worden. Daar is een tolk voor, en die had moeten worden ingezet.",
		partly: "Het lachen kan het meldpunt niet vaststellen, maar het ontbreken van een " +
			"tolk wel, en dat is de kern van het probleem.",
		unfounded: "Bij het bezoek was een tolk aan de telefoon, en de assistente heeft " +
			"klaagster na afloop zelf gebeld om te vragen of alles duidelijk was.",
		advice:    "Bied excuses aan en zet bij elk volgend contact een tolk in.",
		recommend: "Zet standaard tolken in bij cliënten die het Nederlands onvoldoende beheersen."},
	{domains: []casework.LifeDomain{casework.DomainCare}, grounds: []casework.Ground{casework.GroundSolution},
		orgs:    []int{orgHomeCare},
		summary: "De thuiszorg komt steeds op wisselende tijden en vaak met onbekende medewerkers. Mijn vader met dementie raakt daardoor in paniek.",
		outcome: "Vaste tijden en een klein, vast team.",
		heardComplainant: "Klaagster zorgt voor haar vader van 84, die alleen woont. In één maand kwamen elf verschillende medewerkers, " +
			"soms om half acht, soms om elf uur. Twee keer liet haar vader niemand binnen en kreeg hij zijn medicijnen niet.",
		heardOrganisation: "De regiomanager erkent dat het team in deze wijk al maanden onderbezet is en met invalkrachten werkt. " +
			"Er is een vast team toegezegd, maar dat is er door verloop nog niet gekomen.",
		findings: "Het meldpunt stelt vast dat de zorg in de afgelopen drie maanden door gemiddeld negen verschillende medewerkers per " +
			"maand is gegeven en dat er tweemaal geen medicatie is verstrekt. Het zorgplan noemt vaste tijden, die niet worden gehaald.",
		founded: "Voor iemand met dementie zijn vaste gezichten en vaste tijden geen luxe " +
			"maar een voorwaarde voor goede zorg. De afspraken in het zorgplan zijn niet nagekomen.",
		partly: "Het personeelstekort is een probleem dat de organisatie niet alleen kan " +
			"oplossen, maar de gemiste medicatie en het uitblijven van een vast team had zij moeten voorkomen.",
		unfounded: "De organisatie heeft sinds de klacht een vast team van drie medewerkers " +
			"ingezet en de tijden afgestemd met de dochter.",
		advice:    "Zet een vast team van hoogstens drie medewerkers in op afgesproken tijden.",
		recommend: "Leg in contracten met zorgaanbieders vaste gezichten vast voor cliënten met dementie."},
	{domains: []casework.LifeDomain{casework.DomainIncome}, grounds: []casework.Ground{casework.GroundProcedure, casework.GroundTreatment},
		orgs:    []int{orgMunicipality, orgRaadslieden, orgWelfare},
		summary: "Bij de intake voor schuldhulp moest ik drie keer dezelfde papieren inleveren. Ondertussen kwam de deurwaarder al aan de deur.",
		outcome: "Dat mijn aanvraag nu in behandeling wordt genomen en dat iemand met de deurwaarder belt.",
		heardComplainant: "Klaagster heeft na een scheiding schulden bij de zorgverzekeraar en de energieleverancier. Zij leverde haar " +
			"bankafschriften drie keer in, steeds bij een andere medewerker. Toen zij belde, werd haar gezegd dat haar map ‘niet compleet’ was.",
		heardOrganisation: "De coördinator schuldhulpverlening erkent dat de stukken in verschillende systemen terecht zijn gekomen. " +
			"Een schuldhulpvrager krijgt normaal binnen drie werkdagen een eerste gesprek; hier duurde het zeven weken.",
		findings: "Het meldpunt stelt vast dat klaagster zeven weken op een eerste gesprek heeft gewacht. Omdat afsluiting van de " +
			"energie dreigde, had zij volgens de Wet gemeentelijke schuldhulpverlening binnen drie werkdagen gesproken moeten worden.",
		founded: "Wie schulden heeft, heeft snel hulp nodig; elke week wachten kost geld en rust. " +
			"Dat stukken zoekraken, mag niet voor rekening van de inwoner komen.",
		partly: "Een deel van de stukken ontbrak echt, maar dat klaagster zeven weken op een " +
			"eerste gesprek wachtte terwijl afsluiting dreigde, is niet te verdedigen.",
		unfounded: "Uit het dossier blijkt dat klaagster binnen drie dagen is gebeld en dat het " +
			"gesprek op haar eigen verzoek is uitgesteld.",
		advice:    "Neem de aanvraag binnen een week in behandeling en vraag de schuldeisers om een adempauze.",
		recommend: "Laat inwoners hun stukken voor schuldhulp één keer inleveren, bij één vaste contactpersoon."},
	{domains: []casework.LifeDomain{casework.DomainHousing}, grounds: []casework.Ground{casework.GroundProcedure},
		orgs:    []int{orgMunicipality, orgHousing},
		summary: "Na mijn scheiding woon ik met mijn twee kinderen bij mijn moeder op zolder. Mijn aanvraag voor urgentie is afgewezen zonder dat iemand mijn situatie heeft bekeken.",
		outcome: "Dat mijn aanvraag opnieuw wordt bekeken, met een huisbezoek.",
		heardComplainant: "Klaagster slaapt met twee kinderen van vier en zeven op een zolderkamer van negen vierkante meter. De afwijzing " +
			"noemde alleen dat zij ‘niet dakloos’ is. Niemand heeft haar gebeld of haar aanvullende stukken gevraagd.",
		heardOrganisation: "De medewerker urgentie legt uit dat inwonen bij familie volgens de verordening geen grond voor urgentie is. " +
			"Een huisbezoek is niet standaard. De medische verklaring over het oudste kind is niet meegewogen, omdat die later binnenkwam.",
		findings: "Het meldpunt stelt vast dat de aanvraag is afgewezen op het formulier alleen. De medische verklaring kwam binnen vóór " +
			"het besluit, maar zat niet bij het dossier dat de medewerker beoordeelde.",
		founded: "Een besluit moet berusten op alle stukken die er zijn. Klaagster had ook " +
			"uitleg mogen krijgen over wat zij wel kon doen.",
		partly: "Het meldpunt beoordeelt niet of klaagster recht heeft op urgentie, maar de " +
			"medische verklaring had moeten worden meegewogen.",
		unfounded: "De aanvraag is zorgvuldig beoordeeld en klaagster is gewezen op de " +
			"mogelijkheid van bezwaar en op de regeling voor tijdelijke huisvesting.",
		advice:    "Beoordeel de aanvraag opnieuw met de medische verklaring erbij en leg klaagster de uitkomst in een gesprek uit.",
		recommend: "Bied bij een voorgenomen afwijzing van urgentie altijd eerst een gesprek of huisbezoek aan."},
	{domains: []casework.LifeDomain{casework.DomainWork, casework.DomainIncome}, grounds: []casework.Ground{casework.GroundSolution},
		orgs:    []int{orgMunicipality, orgWelfare},
		summary: "Ik werk met loonkostensubsidie bij een fietsenmaker. Mijn jobcoach is al vier maanden niet langs geweest en mijn baas dreigt mijn contract niet te verlengen.",
		outcome: "Dat de jobcoach weer komt en helpt om mijn contract te behouden.",
		heardComplainant: "Klager heeft een licht verstandelijke beperking en werkt twintig uur per week. Hij vertelt dat hij vooral " +
			"moeite heeft met veranderingen in zijn rooster. Zijn werkgever heeft de jobcoach drie keer gemaild zonder antwoord.",
		heardOrganisation: "De organisatie erkent dat de vaste jobcoach is vertrokken en dat haar cliënten niet direct zijn overgedragen. " +
			"Een nieuwe jobcoach is inmiddels aangewezen, maar heeft nog geen kennismaking gehad.",
		findings: "Het meldpunt stelt vast dat de beschikking uitgaat van begeleiding van twee uur per week en dat die vier maanden " +
			"niet is gegeven. De werkgever bevestigt schriftelijk dat het contract bij goede begeleiding wordt verlengd.",
		founded: "Begeleiding op het werk is toegekend omdat klager die nodig heeft; als die " +
			"wegvalt, komt zijn baan in gevaar. Bij vertrek van een jobcoach moet de overdracht geregeld zijn.",
		partly: "Het vertrek van de jobcoach kon de organisatie niet voorkomen, maar zij " +
			"had klager en zijn werkgever moeten laten weten wie het overnam.",
		unfounded: "De jobcoach heeft in deze periode telefonisch contact gehouden met " +
			"de werkgever; de bezoeken zijn in overleg met klager tijdelijk omgezet in belafspraken.",
		advice:    "Laat de nieuwe jobcoach binnen een week kennismaken bij de werkgever en maak een begeleidingsplan.",
		recommend: "Regel bij het vertrek van een jobcoach een warme overdracht binnen twee weken."},
	{domains: []casework.LifeDomain{casework.DomainWellbeing}, grounds: []casework.Ground{casework.GroundTreatment},
		orgs:    []int{orgWelfare},
		summary: "Ik werd bij de inloop van het buurthuis weggestuurd omdat ik in een rolstoel zit en de lift kapot was. Er is niets anders geregeld.",
		outcome: "Dat de inloop ook voor mij toegankelijk is.",
		heardComplainant: "Klager komt al jaren op de wekelijkse inloop voor ouderen; het is zijn belangrijkste contact buiten de deur. " +
			"Sinds de lift stuk is, wordt de inloop op de eerste verdieping gehouden en mag hij niet meer komen.",
		heardOrganisation: "De welzijnsorganisatie legt uit dat de lift van de verhuurder van het pand is en dat een reparatie is " +
			"aangevraagd. De beheerder mocht klager om veiligheidsredenen niet naar boven laten dragen.",
		findings: "Het meldpunt stelt vast dat de lift al tien weken stuk is en dat de inloop in die tijd niet naar de begane grond " +
			"is verplaatst, terwijl daar op dezelfde ochtend een lege zaal is.",
		founded: "Een welzijnsactiviteit is er juist voor inwoners die anders alleen zijn. " +
			"Een kapotte lift mag er niet toe leiden dat zij er maandenlang niet bij kunnen.",
		partly: "De organisatie mocht klager om veiligheidsredenen niet laten dragen, " +
			"maar had de inloop naar de begane grond kunnen verplaatsen.",
		unfounded: "De organisatie heeft klager een plek aangeboden bij de inloop in een " +
			"ander buurthuis en vervoer daarheen geregeld; dat aanbod staat nog.",
		advice:    "Houd de inloop op de begane grond zolang de lift niet werkt en laat klager dat persoonlijk weten.",
		recommend: "Zorg dat welzijnsactiviteiten ook bij storingen toegankelijk blijven voor bezoekers met een beperking."},
	{domains: []casework.LifeDomain{casework.DomainSocialSupport}, grounds: []casework.Ground{casework.GroundSolution, casework.GroundProcedure},
		orgs:    []int{orgMunicipality},
		summary: "De Wmo-taxi naar mijn dagbesteding is de laatste weken steeds een uur te laat of komt helemaal niet. Mijn klachten bij de vervoerder worden niet beantwoord.",
		outcome: "Dat het vervoer op tijd komt, of dat ik een andere oplossing krijg.",
		heardComplainant: "Klaagster heeft de ziekte van Parkinson en gaat drie dagen per week naar de dagbesteding. In vijf weken kwam " +
			"de taxi negen keer te laat en twee keer niet. Zij heeft de vervoerder gebeld en gemaild, zonder reactie.",
		heardOrganisation: "De gemeente bevestigt dat de vervoerder sinds de nieuwe aanbesteding de afgesproken kwaliteit niet haalt. " +
			"Klachten van reizigers komen bij de vervoerder binnen en worden maandelijks aan de gemeente gerapporteerd.",
		findings: "Het meldpunt stelt vast dat klaagsters ritten in vijf weken elf keer niet volgens de afspraak zijn uitgevoerd. Haar " +
			"klachten staan niet in de rapportage van de vervoerder aan de gemeente.",
		founded: "De gemeente blijft verantwoordelijk voor het vervoer dat zij als " +
			"maatwerkvoorziening toekent, ook als een vervoerder het uitvoert.",
		partly: "De gemeente heeft de vervoerder op de problemen aangesproken, maar " +
			"heeft klaagster in de tussentijd geen oplossing geboden.",
		unfounded: "De gemeente heeft klaagster na haar eerste melding een vaste chauffeur " +
			"toegewezen; sindsdien zijn de ritten op tijd.",
		advice:    "Regel binnen een week vast vervoer op de dagen van de dagbesteding en beantwoord de klachten van klaagster schriftelijk.",
		recommend: "Laat klachten over Wmo-vervoer rechtstreeks ook bij de gemeente binnenkomen en volg ze per reiziger."},
	{domains: []casework.LifeDomain{casework.DomainCare, casework.DomainSocialSupport}, grounds: []casework.Ground{casework.GroundProcedure},
		orgs:    districtTeams,
		summary: "Ik zorg al vier jaar voor mijn man met een hersenaandoening. Mijn vraag om respijtzorg ligt al twee maanden bij het wijkteam zonder antwoord.",
		outcome: "Een paar dagen per maand opvang voor mijn man, zodat ik even op adem kan komen.",
		heardComplainant: "Klaagster is 71 en zorgt dag en nacht voor haar man. Zij slaapt slecht en heeft zelf hartklachten. Zij vroeg om " +
			"logeeropvang, één weekend per maand, en kreeg na twee maanden nog steeds geen afspraak.",
		heardOrganisation: "De consulent erkent dat de vraag is binnengekomen en dat zij door drukte geen prioriteit kreeg, omdat het " +
			"niet als crisis was gemeld. Er is geen vaste termijn voor het beantwoorden van vragen van mantelzorgers.",
		findings: "Het meldpunt stelt vast dat de vraag om respijtzorg twee maanden onbeantwoord is gebleven en dat niemand heeft " +
			"beoordeeld hoe zwaar klaagster belast is.",
		founded: "Mantelzorgers die overbelast dreigen te raken, hebben tijdig hulp nodig; " +
			"anders wordt een te zware situatie alsnog een crisis.",
		partly: "Het wijkteam mocht prioriteiten stellen, maar had klaagster moeten " +
			"laten weten wanneer zij antwoord kon verwachten.",
		unfounded: "Klaagster is in deze periode tweemaal gebeld voor een afspraak, die zij " +
			"zelf heeft afgezegd; de opvang is inmiddels geregeld.",
		advice:    "Voer binnen een week een gesprek met klaagster over haar belasting en regel de gevraagde logeeropvang.",
		recommend: "Stel een vaste termijn in voor het beantwoorden van hulpvragen van mantelzorgers."},
}

// Texts for the other ends of a case, taken in turn so that the demo does not repeat itself.
var (
	withdrawals = []string{
		"Klager heeft de klacht telefonisch ingetrokken: de hulp is inmiddels geregeld.",
		"Klager heeft per e-mail laten weten de klacht in te trekken na een verhuizing naar een andere gemeente.",
		"Klager trekt de klacht in na een goed gesprek met de teamleider van de organisatie.",
	}
	resolutions = []string{
		"Na bemiddeling door het meldpunt heeft de organisatie excuses aangeboden en de hulp binnen een week gestart; klager is tevreden.",
		"In een gesprek met klager en de organisatie zijn nieuwe afspraken gemaakt over vaste contactmomenten; klager is daarmee tevreden.",
		"De organisatie heeft het besluit herzien na een telefoontje van het meldpunt; klager vindt de klacht daarmee opgelost.",
	}
	inadmissibleReasons = []string{
		"Uw klacht gaat in de kern over het besluit op uw aanvraag. Tegen dat besluit kunt u bezwaar maken; het meldpunt kan dat besluit niet voor u beoordelen.",
		"U bent het oneens met de uitkomst van het besluit dat u kreeg. Daarvoor is de bezwaarprocedure bedoeld. In het besluit staat hoe en binnen welke termijn u bezwaar maakt.",
		"Het gaat u om de inhoud van een besluit, niet om de manier waarop u bent behandeld. Tegen dat besluit staat bezwaar open; wij hebben u telefonisch uitgelegd hoe u dat doet.",
	}
	postponements = []string{
		"Het meldpunt wacht op het dossier van de organisatie, dat nodig is om de klacht goed te beoordelen.",
		"Een tweede hoorzitting is nodig om de organisatie te vragen naar stukken die klager tijdens de eerste hoorzitting liet zien.",
		"De behandelaar wil de betrokken medewerker nog spreken; die is pas over drie weken terug van verlof.",
	}
	executions = []string{
		"Uitgevoerd zoals geadviseerd; de cliënt is daarover gebeld.",
		"Het advies is uitgevoerd; de cliënt heeft een brief gekregen met de nieuwe afspraken.",
		"Uitgevoerd: het besluit is genomen en met de cliënt besproken.",
	}
)

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
			Email: o.email, Street: o.street, Postcode: o.postcode, City: o.city})
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
		// The municipality's policy officer: the anonymous figures of client support (/gemeente).
		{Email: mail("gemeente"), Name: "Beleidsmedewerker Gemeente Haarlem", Role: casework.RoleMunicipality},
		// The privacy officer (FG): the access log only (/toegangslog).
		{Email: mail("fg"), Name: "Functionaris Gegevensbescherming", Role: casework.RolePrivacy},
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
	// The pool of client supporters, admitted by the admin (staff[0]).
	supporters, err := loadPool(ctx, store, staff[0], supporter, suffix)
	if err != nil {
		return nil, err
	}
	loaded.Supporters = supporters
	members, clientenbelang, err := poolMembers(ctx, store)
	if err != nil {
		return nil, err
	}
	online := map[int64]bool{}
	for _, a := range accounts {
		if a.Role == casework.RoleOrganisation {
			online[a.OrganisationID] = true
		}
	}
	// answerer is who records an organisation's answer given on day: the organisation itself when
	// it has an account, else the case's handler, the next working morning, from the letter or
	// e-mail it sent (most organisations answer on paper).
	answerer := func(orgID int64, handler casework.Actor, day time.Time, n int64) (casework.Actor, casework.AnswerReceipt) {
		if online[orgID] {
			return casework.Actor{Role: casework.RoleOrganisation, OrganisationID: orgID, Label: "directie"}, casework.AnswerReceipt{}
		}
		channel := casework.AnswerByLetter
		if n%3 == 0 {
			channel = casework.AnswerByEmail
		}
		if next := day.Add(20 * time.Hour); next.Before(end) {
			clock = next
		}
		return handler, casework.AnswerReceipt{ReceivedOn: term.LocalDate(day).String(), Channel: channel}
	}

	// The ruled cases, for the residents' answers after the ruling (feedback.go).
	var ruled []ruledCase

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
		org := orgIDs[st.orgs[rng.IntN(len(st.orgs))]]
		orgs := []int64{org}
		if rng.IntN(4) == 0 {
			if other := orgIDs[st.orgs[rng.IntN(len(st.orgs))]]; other != org {
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
			// A member of the pool, chosen with consent at registration.
			in.SupporterID, in.SupporterConsent = members[loaded.Complaints%len(members)].ID, true
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
		roll := rng.IntN(100)
		if t, ok := at(2 + rng.Float64()*5); ok && roll < 5 {
			clock = t
			if err := store.Withdraw(ctx, hActor, ref, casework.Closing{Reason: pick(withdrawals, loaded.Complaints)}); err != nil {
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
				if err := store.Resolve(ctx, hActor, ref, casework.Closing{Reason: pick(resolutions, loaded.Complaints)}); err != nil {
					return nil, err
				}
			}
			continue
		}
		if roll < 20 {
			if t, ok := at(8 + rng.Float64()*10); ok {
				clock = t
				if err := store.DeclareInadmissible(ctx, hActor, ref, casework.Inadmissibility{Ground: casework.InadmissibleObjection,
					Reasons: pick(inadmissibleReasons, loaded.Complaints)}); err != nil {
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
				Record: st.heardComplainant}); err != nil {
				return nil, fmt.Errorf("hearing %s: %w", ref, err)
			}
			for _, o := range orgs {
				if _, err := store.RecordHearing(ctx, hActor, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: o,
					HeldOn: held, Record: st.heardOrganisation}); err != nil {
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
					Reason: pick(postponements, loaded.Complaints)}); err != nil {
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
		ruling := casework.Ruling{Verdict: verdict, Findings: st.findings, Conclusions: st.conclusions(verdict)}
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
		ruled = append(ruled, ruledCase{reference: ref, code: receipt.TrackingCode, ruledAt: t, advices: advices, handler: handler})
		for _, a := range advices {
			respond, ok := at(hearDay + 20 + rng.Float64()*9)
			if !ok || !respond.Before(a.DeadlineAt) {
				continue // left for the organisation, or for the deadline sweep
			}
			clock = respond
			switch r := rng.IntN(100); {
			case r < 60:
				who, receipt := answerer(a.OrganisationID, hActor, respond, a.ID)
				if _, err := store.AcceptAdvice(ctx, who, a.ID, receipt); err != nil {
					return nil, fmt.Errorf("accept %d: %w", a.ID, err)
				}
				if t, ok := at(hearDay + 45 + rng.Float64()*20); ok {
					clock = t
					who, receipt := answerer(a.OrganisationID, hActor, t, a.ID+1)
					if _, err := store.ConfirmExecution(ctx, who, a.ID, pick(executions, int(a.ID)), receipt); err != nil {
						return nil, err
					}
				}
			case r < 85:
				rejection := rejections[rng.IntN(len(rejections))]
				who, receipt := answerer(a.OrganisationID, hActor, respond, a.ID)
				if _, err := store.RejectAdvice(ctx, who, a.ID, rejection, receipt); err != nil {
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
	if err := correctOneEnforcement(ctx, store, staff); err != nil {
		return nil, err
	}
	if err := followUp(ctx, store, staff[1], first, end); err != nil {
		return nil, err
	}
	// The residents' answers after the ruling, one "not carried out" waiting on the worklist.
	if _, err := feedback(ctx, store, func(t time.Time) { clock = t }, ruled, end); err != nil {
		return nil, err
	}
	if err := loadRequests(ctx, store, func(t time.Time) { clock = t }, end, suffix); err != nil {
		return nil, err
	}
	// The pool's client trajectories for the uniform monitoring (trajectories.go).
	if _, err := loadTrajectories(ctx, store, func(t time.Time) { clock = t }, end, supporter, mail); err != nil {
		return nil, err
	}
	// The supporter in the complaint procedure (clients.go), today.
	clock = end
	if err := clients(ctx, store, staff[1], supporter, clientenbelang, orgIDs[1]); err != nil {
		return nil, err
	}
	loaded.Complaints += 7
	// Retention: files due for destruction, one on hold, one via the ombudsman (retention.go).
	if err := retention(ctx, store, staff[0], staff[1]); err != nil {
		return nil, err
	}
	// A colleague and the manager open cases another handles, with their reasons (access.go).
	if err := accessLog(ctx, store, staff[1], staff[2], staff[0]); err != nil {
		return nil, err
	}
	return loaded, nil
}

// correctOneEnforcement shows the correction of an enforcement: of the newest enforced advices, the
// first whose organisation's letter is found to have arrived on the last day is recorded by the
// case's handler, and the enforcement is corrected.
func correctOneEnforcement(ctx context.Context, store *postgres.DB, staff []casework.User) error {
	viewer := casework.ActorOf(staff[0])
	enforced, err := store.Advices(ctx, viewer, postgres.AdviceFilter{Status: casework.AdviceEnforced, Limit: 500})
	if err != nil || len(enforced) == 0 {
		return err
	}
	a := enforced[len(enforced)-1]
	c, err := store.Complaint(ctx, casework.Actor{Role: casework.RoleSystem}, a.ComplaintRef)
	if err != nil {
		return err
	}
	for _, u := range staff {
		if c.HandlerID != nil && u.ID == *c.HandlerID {
			_, err := store.RejectAdvice(ctx, casework.ActorOf(u), a.ID, rejections[0],
				casework.AnswerReceipt{ReceivedOn: a.RespondBy, Channel: casework.AnswerByLetter})
			return err
		}
	}
	return nil
}

// pick takes the texts in turn, by a number of the case, so that the demo varies without drawing
// on its random source (whose sequence decides the rest of the demo).
func pick(texts []string, n int) string { return texts[n%len(texts)] }

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
