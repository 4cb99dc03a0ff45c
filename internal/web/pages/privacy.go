package pages

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/config"
	"meldpunt/internal/web/core"
)

// The public privacy statement (/privacy): what the meldpunt processes, why and on what legal
// basis, who receives it, how long it is kept, the rights of the people it is about and how to use
// them, and how to reach the data protection officer (configuration: MELDPUNT_PRIVACY_CONTROLLER,
// MELDPUNT_FG_*). The README holds the same processing as a register entry.

// PrivacyPage shows the privacy statement.
func (s *Server) PrivacyPage(c *gin.Context) {
	l := core.LangOf(c.Query("lang"))
	p := newPage(l, "priv.title", "privacy").withSwitch("/privacy")
	priv := s.Cfg.Privacy
	p.Privacy = &priv
	s.render(c, http.StatusOK, "privacy", p)
}

// privacyView is what the privacy page shows of the configuration.
type privacyView = config.Privacy

func init() { core.AddTexts(privacyTexts) }

var privacyTexts = map[string][2]string{
	"footer.privacy": {"Privacyverklaring", "Privacy statement"},
	"priv.title":     {"Privacyverklaring", "Privacy statement"},
	"priv.h1":        {"Hoe het meldpunt met uw gegevens omgaat", "How the complaints point handles your data"},
	"priv.intro": {"Als u een klacht indient of hulp vraagt, krijgen wij gegevens over u. Soms zijn dat gevoelige gegevens, bijvoorbeeld over uw gezondheid. Hier leest u wat wij met die gegevens doen, hoe lang wij ze bewaren en wat uw rechten zijn.",
		"When you make a complaint or ask for help, we receive data about you. Sometimes these are sensitive data, for example about your health. Here you can read what we do with them, how long we keep them and what your rights are."},
	"priv.who.h2":     {"Wie is verantwoordelijk?", "Who is responsible?"},
	"priv.who":        {"Verantwoordelijk voor uw gegevens is %s. Het meldpunt behandelt uw klacht onafhankelijk.", "Responsible for your data is %s (the municipal executive). The complaints point handles your complaint independently."},
	"priv.fg":         {"Hebt u een vraag of een klacht over hoe wij met uw gegevens omgaan? Neem contact op met de functionaris gegevensbescherming (FG):", "Do you have a question or a complaint about how we handle your data? Contact the data protection officer (functionaris gegevensbescherming, FG):"},
	"priv.fg.name":    {"Naam", "Name"},
	"priv.fg.email":   {"E-mail", "E-mail"},
	"priv.fg.phone":   {"Telefoon", "Phone"},
	"priv.what.h2":    {"Welke gegevens?", "Which data?"},
	"priv.what.1":     {"Bij een klacht: uw naam, uw adres, e-mailadres en telefoonnummer, uw klacht zelf (wat er gebeurde en wat u wilt), en wat u ons verder vertelt of stuurt.", "With a complaint: your name, your address, e-mail address and phone number, the complaint itself (what happened and what you want), and what else you tell or send us."},
	"priv.what.2":     {"Wat de organisatie antwoordt, de verslagen van de gesprekken (hoorzittingen), onze uitspraak, het bindend advies en de brieven.", "What the organisation answers, the reports of the hearings, our decision, the binding advice and the letters."},
	"priv.what.3":     {"Als iemand u helpt: wie dat is, en dat u toestemming gaf dat deze persoon namens u optreedt.", "If someone helps you: who that is, and that you consented that this person acts for you."},
	"priv.what.4":     {"Bij een hulpvraag aan een cliëntondersteuner: uw naam, hoe wij of de ondersteuner u bereiken, en uw vraag.", "With a request for help to a client supporter: your name, how we or the supporter can reach you, and your question."},
	"priv.what.5":     {"Wie van het meldpunt uw dossier opende en wanneer. Dat leggen wij vast om misbruik te voorkomen.", "Who at the complaints point opened your file and when. We record this to prevent misuse."},
	"priv.why.h2":     {"Waarom en op welke grond?", "Why, and on what legal basis?"},
	"priv.why":        {"Wij gebruiken uw gegevens alleen om uw klacht te behandelen, u te schrijven, de organisatie te horen en te zien of ons advies is uitgevoerd. Dat is een taak van algemeen belang (artikel 6, eerste lid, onder e, AVG; klachtbehandeling volgens hoofdstuk 9 van de Algemene wet bestuursrecht). Gevoelige gegevens, zoals over uw gezondheid, gebruiken wij alleen als u ze zelf noemt en als ze nodig zijn voor uw klacht (artikel 9, tweede lid, AVG en de Uitvoeringswet AVG).", "We use your data only to handle your complaint, write to you, hear the organisation and see whether our advice was carried out. That is a task in the public interest (Article 6(1)(e) GDPR; complaint handling under Chapter 9 of the General Administrative Law Act). Sensitive data, such as about your health, we use only if you mention them yourself and if they are needed for your complaint (Article 9(2) GDPR and the Dutch GDPR Implementation Act)."},
	"priv.to.h2":      {"Wie krijgt uw gegevens?", "Who receives your data?"},
	"priv.to.1":       {"De organisatie waarover u klaagt krijgt een kopie van uw klacht, en later onze uitspraak en het advies. Zij krijgt uw adres, e-mailadres en telefoonnummer niet van ons.", "The organisation you complain about receives a copy of your complaint, and later our decision and the advice. It does not receive your address, e-mail address or phone number from us."},
	"priv.to.2":       {"De cliëntondersteuner of de persoon die u koos, zolang u toestemming geeft. U kunt die toestemming altijd stoppen op de pagina 'Mijn klacht volgen'.", "The client supporter or the person you chose, for as long as you consent. You can end that consent at any time on the page 'Follow my complaint'."},
	"priv.to.3":       {"De gemeenteraad en de gemeente krijgen alleen cijfers, zonder namen. Kleine aantallen laten wij weg, zodat niemand u kan herkennen.", "The municipal council and the municipality receive figures only, without names. We leave out small numbers, so that nobody can recognise you."},
	"priv.to.4":       {"Wij verkopen uw gegevens nooit en geven ze niet aan anderen, tenzij de wet ons dat verplicht.", "We never sell your data and do not give them to others, unless the law obliges us to."},
	"priv.keep.h2":    {"Hoe lang bewaren wij uw gegevens?", "How long do we keep your data?"},
	"priv.keep":       {"Wij volgen de Selectielijst gemeenten en intergemeentelijke organen:", "We follow the selection list for municipalities (Selectielijst gemeenten en intergemeentelijke organen):"},
	"priv.keep.1":     {"Een klacht die wij hebben behandeld: 5 jaar nadat de zaak is afgesloten.", "A complaint we handled: 5 years after the case was closed."},
	"priv.keep.2":     {"Een klacht die daarna naar de Nationale ombudsman ging: 10 jaar.", "A complaint that then went to the National Ombudsman: 10 years."},
	"priv.keep.3":     {"Een klacht die wij niet in behandeling namen of die u introk: 1 jaar.", "A complaint we did not take up, or that you withdrew: 1 year."},
	"priv.keep.4":     {"Daarna vernietigen wij het dossier. Alleen cijfers zonder namen blijven over voor het jaarverslag.", "After that we destroy the file. Only figures without names remain, for the annual report."},
	"priv.rights.h2":  {"Uw rechten", "Your rights"},
	"priv.rights":     {"U mag:", "You may:"},
	"priv.rights.1":   {"uw gegevens inzien en een kopie krijgen;", "see your data and get a copy;"},
	"priv.rights.2":   {"gegevens laten verbeteren die niet kloppen;", "have data corrected that are wrong;"},
	"priv.rights.3":   {"vragen om gegevens te wissen of minder te gebruiken, als wij ze niet meer nodig hebben;", "ask us to erase data or use them less, when we no longer need them;"},
	"priv.rights.4":   {"bezwaar maken tegen het gebruik van uw gegevens.", "object to the use of your data."},
	"priv.rights.how": {"Schrijf of mail het meldpunt en noem het kenmerk van uw klacht als u dat hebt. Wij antwoorden binnen een maand. Bent u het niet eens met ons antwoord? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.", "Write or e-mail the complaints point and give the reference of your complaint if you have one. We answer within one month. If you disagree with our answer, you can complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens)."},
	"priv.cookies.h2": {"Cookies", "Cookies"},
	"priv.cookies":    {"Deze website gebruikt geen cookies om u te volgen. Alleen wie inlogt (medewerkers, organisaties, ondersteuners) krijgt één cookie om ingelogd te blijven. Deze website gebruikt geen JavaScript.", "This website uses no cookies to track you. Only those who sign in (staff, organisations, supporters) get one cookie to stay signed in. This website uses no JavaScript."},
}
