package pages

import "meldpunt/internal/web/core"

// The texts after the ruling (feedback.go): the resident's status page and thank-you page, the
// staff's case page section and list of "not carried out" reports.
func init() {
	core.AddTexts(map[string][2]string{
		// What happens next, per advice: %[1]s the organisation, %[2]s its last day.
		"fb.next.h2":       {"Wat gebeurt er nu?", "What happens next?"},
		"fb.step.waiting":  {"%[1]s moet uiterlijk %[2]s laten weten of zij het advies uitvoert. Doet zij dat niet op tijd? Dan moet zij het advies helemaal uitvoeren.", "%[1]s must tell us by %[2]s whether it will carry out the advice. If it does not answer in time, it must carry out the advice in full."},
		"fb.step.accepted": {"%[1]s heeft het advies aanvaard en gaat het uitvoeren.%.0[2]s", "%[1]s has accepted the advice and will carry it out.%.0[2]s"},
		"fb.step.rejected": {"%[1]s heeft het advies afgewezen. Dit zijn de redenen:%.0[2]s", "%[1]s has rejected the advice. These are its reasons:%.0[2]s"},
		"fb.step.enforced": {"%[1]s heeft niet op tijd gereageerd. Daarom moet zij het advies helemaal uitvoeren.%.0[2]s", "%[1]s did not answer in time. So it must carry out the advice in full.%.0[2]s"},
		"fb.step.executed": {"%[1]s heeft laten weten dat het advies is uitgevoerd.%.0[2]s", "%[1]s has told us that the advice has been carried out.%.0[2]s"},
		"fb.next.none":     {"Het meldpunt vond uw klacht ongegrond. Er is dus geen advies aan de organisatie.", "The complaints point found your complaint unfounded, so there is no advice to the organisation."},

		// The Nationale ombudsman: %s its last day.
		"fb.ombudsman.h2":      {"Niet eens met de uitspraak?", "Do you disagree with the ruling?"},
		"fb.ombudsman.text":    {"Dan kunt u naar de Nationale ombudsman. Dat kan tot een jaar na de uitspraak, dus uiterlijk %s. Het kost niets.", "Then you can go to the National Ombudsman (Nationale ombudsman). You can do this up to one year after the ruling, so by %s at the latest. It costs nothing."},
		"fb.ombudsman.contact": {"Bel 0800 33 55 555 (gratis) of kijk op", "Call 0800 33 55 555 (free) or visit"},
		"fb.ombudsman.help":    {"Wilt u hulp? Een cliëntondersteuner helpt u gratis.", "Would you like help? A client supporter helps you for free."},

		// The form.
		"fb.form.h2":        {"Is het advies uitgevoerd?", "Was the advice carried out?"},
		"fb.form.intro":     {"Laat ons weten hoe het nu gaat. Zegt u dat een advies niet is uitgevoerd? Dan neemt het meldpunt contact op met de organisatie. U kunt uw antwoord later nog veranderen.", "Tell us how things are now. If you tell us an advice was not carried out, the complaints point will contact the organisation. You can change your answer later."},
		"fb.given":          {"U gaf ons uw antwoord op %s. U kunt het hieronder veranderen.", "You gave us your answer on %s. You can change it below."},
		"fb.advice.legend":  {"Heeft %s het advies uitgevoerd?", "Did %s carry out the advice?"},
		"fb.answer.yes":     {"Ja", "Yes"},
		"fb.answer.partly":  {"Gedeeltelijk", "Partly"},
		"fb.answer.no":      {"Nee", "No"},
		"fb.answer.unknown": {"Weet ik niet", "Don’t know"},
		"fb.score.legend":   {"Hoe tevreden bent u over hoe het meldpunt uw klacht behandelde?", "How satisfied are you with how the complaints point handled your complaint?"},
		"fb.score.1":        {"1 – heel ontevreden", "1 – very dissatisfied"},
		"fb.score.2":        {"2 – ontevreden", "2 – dissatisfied"},
		"fb.score.3":        {"3 – neutraal", "3 – neutral"},
		"fb.score.4":        {"4 – tevreden", "4 – satisfied"},
		"fb.score.5":        {"5 – heel tevreden", "5 – very satisfied"},
		"fb.comment":        {"Wilt u nog iets kwijt? (niet verplicht)", "Anything else you want to tell us? (optional)"},
		"fb.comment.h":      {"Hooguit 2000 tekens. Schrijf hier geen medische gegevens die niet nodig zijn.", "At most 2000 characters. Do not write medical details here that are not needed."},
		"fb.submit":         {"Antwoord versturen", "Send answer"},
		"fb.err.advice":     {"Kies of %s het advies heeft uitgevoerd (of ‘Weet ik niet’).", "Choose whether %s carried out the advice (or ‘Don’t know’)."},
		"fb.err.score":      {"Kies een cijfer van 1 tot 5.", "Choose a number from 1 to 5."},
		"fb.err.comment":    {"Uw tekst is te lang: hooguit 2000 tekens.", "Your text is too long: at most 2000 characters."},
		"fb.e409.title":     {"Dit kan nog niet", "You cannot do this yet"},
		"fb.e409.text":      {"U kunt dit pas doen als het meldpunt uitspraak heeft gedaan over uw klacht.", "You can only do this once the complaints point has ruled on your complaint."},

		// The thank-you page.
		"fb.done.title":  {"Antwoord ontvangen", "Answer received"},
		"fb.done.h1":     {"Dank u wel", "Thank you"},
		"fb.done.text":   {"Wij hebben uw antwoord ontvangen.", "We have received your answer."},
		"fb.done.no":     {"Zei u dat een advies niet is uitgevoerd? Dan neemt het meldpunt contact op met de organisatie.", "Did you tell us an advice was not carried out? Then the complaints point will contact the organisation."},
		"fb.done.change": {"Wilt u uw antwoord veranderen? Zoek uw klacht op met uw referentie en uw controlecode.", "Do you want to change your answer? Look up your complaint with your reference and your tracking code."},
		"fb.done.status": {"Mijn klacht bekijken", "See my complaint"},
		"fb.done.home":   {"Naar de startpagina", "To the home page"},

		// Timeline words.
		"action.feedback":                      {"U gaf uw antwoord over het advies", "You told us about the advice"},
		"action.feedback_changed":              {"U veranderde uw antwoord over het advies", "You changed your answer about the advice"},
		"sc.action.feedback":                   {"De klager gaf antwoord na de uitspraak", "The complainant answered after the ruling"},
		"sc.action.feedback_changed":           {"De klager veranderde het antwoord na de uitspraak", "The complainant changed the answer after the ruling"},
		"sc.action.not_carried_out_reported":   {"Melding: advies niet uitgevoerd", "Report: advice not carried out"},
		"sc.action.not_carried_out_dealt_with": {"Melding ‘niet uitgevoerd’ afgehandeld", "Report ‘not carried out’ dealt with"},

		// The staff's case page.
		"fb.sc.h2":           {"Antwoord van de klager na de uitspraak", "The complainant's answer after the ruling"},
		"fb.sc.warn":         {"De klager zegt dat een advies niet is uitgevoerd. Neem contact op met de organisatie en leg vast wat u deed.", "The complainant says an advice was not carried out. Contact the organisation and record what you did."},
		"fb.sc.given":        {"Eerste antwoord", "First answer"},
		"fb.sc.changed":      {"Laatst veranderd", "Last changed"},
		"fb.sc.advice":       {"Advies uitgevoerd?", "Advice carried out?"},
		"fb.sc.satisfaction": {"Tevredenheid", "Satisfaction"},
		"fb.sc.score":        {"%d van 5", "%d out of 5"},
		"fb.sc.comment":      {"Opmerking", "Comment"},
		"fb.sc.reported":     {"Gemeld: niet uitgevoerd", "Reported: not carried out"},
		"fb.sc.dealt.h":      {"Afgehandeld", "Dealt with"},
		"fb.sc.dealt":        {"op %s door %s", "on %s by %s"},
		"fb.sc.note.done":    {"Wat is gedaan", "What was done"},
		"fb.sc.note":         {"Wat heeft u gedaan?", "What did you do?"},
		"fb.sc.note.h":       {"Bijvoorbeeld: organisatie gebeld, wat zij zei, en of de klager is ingelicht.", "For example: called the organisation, what it said, and whether the complainant was told."},
		"fb.sc.submit":       {"Afgehandeld", "Mark as dealt with"},
		"fb.sc.err.note":     {"Schrijf op wat u heeft gedaan.", "Write down what you did."},
		"fb.sc.err.none":     {"Deze zaak heeft geen open melding ‘niet uitgevoerd’ meer. Misschien heeft een collega hem al afgehandeld.", "This case has no open ‘not carried out’ report any more. A colleague may have dealt with it already."},
		"fb.sc.done":         {"De melding ‘niet uitgevoerd’ is afgehandeld.", "The ‘not carried out’ report has been dealt with."},

		// The staff's list.
		"fb.list.title":        {"Meldingen: advies niet uitgevoerd", "Reports: advice not carried out"},
		"fb.list.h1":           {"Meldingen: advies niet uitgevoerd", "Reports: advice not carried out"},
		"fb.list.intro":        {"Klagers die zeggen dat een advies niet is uitgevoerd. De oudste melding staat bovenaan. Neem contact op met de organisatie en handel de melding af op de pagina van de zaak.", "Complainants who say an advice was not carried out. The oldest report is at the top. Contact the organisation and mark the report dealt with on the case page."},
		"fb.list.none":         {"Geen meldingen.", "No reports."},
		"fb.list.count":        {"Melding %d tot en met %d van %d.", "Report %d to %d of %d."},
		"fb.list.caption":      {"Meldingen die wachten", "Reports waiting"},
		"fb.list.col.orgs":     {"Organisatie(s)", "Organisation(s)"},
		"fb.list.col.reported": {"Gemeld op", "Reported on"},
		"fb.list.col.score":    {"Tevredenheid", "Satisfaction"},
		"fb.list.pages":        {"Pagina's", "Pages"},
		"fb.list.prev":         {"Vorige", "Previous"},
		"fb.list.next":         {"Volgende", "Next"},
	})
}
