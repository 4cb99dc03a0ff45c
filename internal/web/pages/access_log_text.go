package pages

import (
	"meldpunt/internal/web/core"
)

func init() {
	core.AddTexts(map[string][2]string{
		"nav.accesslog": {"Toegangslog", "Access log"},

		"access.q.title":        {"Waarom opent u deze zaak?", "Why do you open this case?"},
		"access.q.h1":           {"Waarom opent u deze zaak?", "Why do you open this case?"},
		"access.q.intro":        {"Een collega behandelt klacht %s. U opent hem pas nadat u zegt waarom.", "A colleague handles complaint %s. You open it only after you say why."},
		"access.q.logged":       {"Uw reden komt in het toegangslog, met uw naam en de tijd. De functionaris gegevensbescherming leest dat log. Vandaag hoeft u de reden voor deze zaak niet nog eens te geven.", "Your reason goes into the access log, with your name and the time. The data protection officer reads that log. You need not give the reason for this case again today."},
		"access.q.label":        {"Reden", "Reason"},
		"access.q.required":     {"verplicht", "required"},
		"access.q.help":         {"Eén korte zin, hoogstens %d tekens. Bijvoorbeeld: vraag van de klager aan de telefoon, of: vervanging tijdens verlof.", "One short sentence, at most %d characters. For example: the complainant asked on the phone, or: standing in during leave."},
		"access.q.submit":       {"Open de zaak", "Open the case"},
		"access.q.back":         {"Terug naar het werkoverzicht", "Back to the worklist"},
		"access.q.err.required": {"Vul in waarom u deze zaak opent.", "Enter why you open this case."},
		"access.q.err.invalid":  {"Geef de reden in één regel van hoogstens %d tekens.", "Give the reason on one line of at most %d characters."},

		"access.log.title":         {"Toegangslog", "Access log"},
		"access.log.h1":            {"Toegangslog", "Access log"},
		"access.log.intro":         {"Wie opende welke zaak, wanneer, hoe en waarom. Medewerkers die een zaak openen die een collega behandelt, geven eerst een reden; die regels staan bovenaan.", "Who opened which case, when, how and why. Staff who open a case a colleague handles give a reason first; those rows come first."},
		"access.log.filter.h2":     {"Kies wie en welke periode", "Choose who and which period"},
		"access.log.user":          {"Gebruiker", "User"},
		"access.log.everyone":      {"Iedereen", "Everyone"},
		"access.log.from":          {"Van (dag)", "From (day)"},
		"access.log.to":            {"Tot en met (dag)", "Up to and including (day)"},
		"access.log.date.help":     {"Als jjjj-mm-dd, bijvoorbeeld 2026-03-01. Leeg: geen grens.", "As yyyy-mm-dd, for example 2026-03-01. Empty: no limit."},
		"access.log.show":          {"Toon het log", "Show the log"},
		"access.log.rows.h2":       {"Regels", "Rows"},
		"access.log.caption":       {"Geopende zaken: eerst die met een reden, dan de rest; de nieuwste eerst", "Cases opened: those with a reason first, then the rest; newest first"},
		"access.log.col.when":      {"Wanneer", "When"},
		"access.log.col.user":      {"Wie", "Who"},
		"access.log.col.case":      {"Zaak", "Case"},
		"access.log.col.via":       {"Hoe", "How"},
		"access.log.col.reason":    {"Reden", "Reason"},
		"access.log.noreason":      {"niet nodig", "not needed"},
		"access.log.showing":       {"Regel %d tot en met %d van %d.", "Rows %d to %d of %d."},
		"access.log.none":          {"Geen regels voor deze keuze.", "No rows for this choice."},
		"access.log.pages":         {"Bladeren", "Pages"},
		"access.log.prev":          {"Vorige regels", "Previous rows"},
		"access.log.next":          {"Volgende regels", "Next rows"},
		"access.log.dl.h2":         {"Downloaden", "Download"},
		"access.log.dl.csv":        {"Het log voor deze keuze als CSV (alle regels)", "The log for this choice as CSV (every row)"},
		"access.log.how.h2":        {"Hoe het log werkt", "How the log works"},
		"access.log.how.order":     {"Elke keer dat iemand een zaak opent, komt er een regel bij: op de zaakpagina, via de API, na een handeling op de zaak, als cliëntondersteuner, of bij het downloaden van een kopie van een brief.", "Every time someone opens a case, a row is added: on the case page, through the API, after an action on the case, as a client supporter, or when downloading a copy of a letter."},
		"access.log.how.reason":    {"Wie een zaak opent die een collega behandelt, geeft eerst een reden. Die geldt de rest van die dag voor die zaak. Zaken zonder behandelaar en eigen zaken vragen geen reden.", "Whoever opens a case a colleague handles gives a reason first. It holds for that case for the rest of that day. Cases without a handler and one's own cases need no reason."},
		"access.log.how.read":      {"Ook het lezen van dit log wordt vastgelegd.", "Reading this log is recorded too."},
		"access.log.err.gebruiker": {"Kies een gebruiker uit de lijst.", "Choose a user from the list."},
		"access.log.err.van":       {"Geef de eerste dag als jjjj-mm-dd.", "Give the first day as yyyy-mm-dd."},
		"access.log.err.tot":       {"Geef de laatste dag als jjjj-mm-dd, niet vóór de eerste dag.", "Give the last day as yyyy-mm-dd, not before the first day."},
		"access.log.err.pagina":    {"Die pagina bestaat niet.", "That page does not exist."},

		"access.via.page":      {"zaakpagina", "case page"},
		"access.via.api":       {"API", "API"},
		"access.via.action":    {"na een handeling", "after an action"},
		"access.via.supporter": {"cliëntondersteuner", "client supporter"},
		"access.via.copy":      {"kopie van een brief", "copy of a letter"},
		"access.via.export":    {"export van het dossier", "export of the file"},
		"access.via.search":    {"zoekresultaat", "search result"},
		"access.via.other":     {"anders", "other"},
		"access.via.unknown":   {"niet vastgelegd", "not recorded"},
	})
}
