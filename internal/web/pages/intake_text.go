package pages

import "meldpunt/internal/web/core"

// The texts of the complaint form in steps (intake.go), in Dutch and English.
func init() {
	core.AddTexts(map[string][2]string{
		"form.step":           {"Stap %d van %d", "Step %d of %d"},
		"form.back":           {"Terug", "Back"},
		"form.continue":       {"Verder", "Continue"},
		"form.change":         {"Wijzigen", "Change"},
		"form.send":           {"Klacht versturen", "Send complaint"},
		"form.send.h2":        {"Klacht versturen", "Send your complaint"},
		"form.send.text":      {"Klopt alles? Verstuur dan uw klacht. De organisatie krijgt een kopie van uw klacht.", "Is everything right? Then send your complaint. The organisation gets a copy of your complaint."},
		"form.q.contact":      {"Wie bent u en hoe bereiken wij u?", "Who are you and how do we reach you?"},
		"form.q.organisation": {"Over welke organisatie gaat uw klacht?", "Which organisation is your complaint about?"},
		"form.q.what":         {"Wat is er gebeurd?", "What happened?"},
		"form.q.wish":         {"Wat wilt u bereiken?", "What would you like to happen?"},
		"form.q.supporter":    {"Helpt iemand u?", "Is someone helping you?"},
		"form.q.check":        {"Kijk uw antwoorden na", "Check your answers"},
		"form.org.or":         {"of", "or"},
		"form.org.unknown":    {"Ik weet het niet. Het meldpunt zoekt het uit.", "I don't know. The meldpunt will find out."},
		"form.org.both":       {"Kies een organisatie óf 'Ik weet het niet', niet allebei.", "Choose an organisation or 'I don't know', not both."},
		"form.domain.other":   {"Staat het er niet bij?", "Is it not in the list?"},
		"form.domain.words":   {"Zeg het in uw eigen woorden", "Say it in your own words"},
		"form.domain.words.h": {"Bijvoorbeeld: hulp in huis, mijn uitkering.", "For example: help at home, my benefit."},
		"form.domain.unknown": {"Ik weet het niet. Het meldpunt kiest.", "I don't know. The meldpunt will choose."},
		"form.domain.choose":  {"Kies over welk deel van uw leven het gaat, zeg het in uw eigen woorden, of kies 'Ik weet het niet'.", "Choose which part of your life it is about, say it in your own words, or choose 'I don't know'."},
		"form.date.legend":    {"Wanneer gebeurde het? (mag leeg blijven)", "When did it happen? (optional)"},
		"form.date.hint":      {"Bijvoorbeeld 27 3 2026", "For example, 27 3 2026"},
		"form.date.day":       {"Dag", "Day"},
		"form.date.month":     {"Maand", "Month"},
		"form.date.year":      {"Jaar", "Year"},
		"form.letters.h2":     {"Uw brieven", "Your letters"},
		"form.letters.lang":   {"U krijgt brieven in het Nederlands.", "You will get letters in English."},
		"form.letters.switch": {"I would like letters in English", "Ik wil brieven in het Nederlands"},
		"form.expired":        {"Uw formulier is verlopen. Kijk uw antwoorden na en verstuur opnieuw.", "Your form has expired. Check your answers and send them again."},
		"form.answer.none":    {"Niet ingevuld", "Not filled in"},
		"form.answer.address": {"Adres", "Address"},
		"form.answer.words":   {"In uw woorden: %s", "In your words: %s"},
		"form.answer.yes":     {"Ja", "Yes"},
		"form.answer.no":      {"Nee", "No"},
		"done.gone.title":     {"Uw bevestiging", "Your confirmation"},
		"done.lost":           {"We kunnen deze bevestiging niet meer tonen. Uw referentie en volgcode staan in de ontvangstbevestiging die wij u sturen.", "We can no longer show this confirmation. Your reference and tracking code are in the acknowledgement we send you."},
		"staff.org.unknown":   {"De klager wist niet over welke organisatie de klacht gaat. Neem de klacht op en kies de organisatie.", "The complainant did not know which organisation. Take the complaint up and choose the organisation."},
		"staff.domain.words":  {"In de woorden van de klager", "In the complainant's words"},
	})
}
