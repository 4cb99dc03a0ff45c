package pages

import (
	"meldpunt/internal/web/core"
)

// The texts of the pages to ask for a new tracking code (tracking.go), in Dutch and English.
func init() {
	core.AddTexts(map[string][2]string{
		"office.letter.new_tracking_code": {"Nieuwe volgcode", "New tracking code"},
		"status.lost":                     {"Volgcode kwijt?", "Lost your tracking code?"},
		"status.lost.link":                {"Vraag een nieuwe volgcode aan", "Ask for a new tracking code"},
		"newcode.title":                   {"Nieuwe volgcode aanvragen", "Ask for a new tracking code"},
		"newcode.h1":                      {"Nieuwe volgcode aanvragen", "Ask for a new tracking code"},
		"newcode.back":                    {"Terug naar Mijn klacht volgen", "Back to Follow my complaint"},
		"newcode.intro":                   {"Bent u uw volgcode kwijt? Vul hieronder het referentienummer van uw klacht in. Vul ook uw e-mailadres of uw postcode in, zoals wij die van u hebben.", "Have you lost your tracking code? Fill in the reference number of your complaint below. Also fill in your e-mail address or your postcode, as we have them."},
		"newcode.how":                     {"Wij sturen de nieuwe volgcode naar het adres dat wij van u hebben: per e-mail, of per post als wij geen e-mailadres van u hebben. De oude volgcode werkt dan niet meer.", "We send the new tracking code to the address we have for you: by e-mail, or by post if we have no e-mail address for you. The old tracking code then stops working."},
		"newcode.reference":               {"Referentienummer", "Reference number"},
		"newcode.reference.h":             {"Dit staat in onze brief of e-mail. Bijvoorbeeld: MP-2026-000123", "It is in our letter or e-mail. For example: MP-2026-000123"},
		"newcode.contact":                 {"Uw e-mailadres of uw postcode", "Your e-mail address or your postcode"},
		"newcode.contact.h":               {"Bijvoorbeeld: naam@voorbeeld.nl of 2011 AB", "For example: name@example.nl or 2011 AB"},
		"newcode.submit":                  {"Nieuwe volgcode aanvragen", "Ask for a new tracking code"},
		"newcode.req.reference":           {"Vul het referentienummer van uw klacht in.", "Fill in the reference number of your complaint."},
		"newcode.req.contact":             {"Vul uw e-mailadres of uw postcode in.", "Fill in your e-mail address or your postcode."},
		"newcode.invalid":                 {"Hier staan tekens die wij niet kunnen lezen. Controleer wat u heeft ingevuld.", "This holds characters we cannot read. Check what you filled in."},
		"newcode.limited.h":               {"Te vaak gevraagd", "Asked too often"},
		"newcode.limited":                 {"U heeft te vaak een nieuwe volgcode gevraagd. Probeer het later opnieuw, of bel het meldpunt.", "You asked for a new tracking code too often. Try again later, or call the complaints point."},
		"newcode.limited.phone":           {"U heeft te vaak een nieuwe volgcode gevraagd. Probeer het later opnieuw, of bel het meldpunt op {phone}.", "You asked for a new tracking code too often. Try again later, or call the complaints point on {phone}."},
		"newcode.sent.title":              {"Uw aanvraag is ontvangen", "We have received your request"},
		"newcode.sent.h1":                 {"Uw aanvraag is ontvangen", "We have received your request"},
		"newcode.sent.text":               {"Als de gegevens kloppen, sturen wij een nieuwe volgcode naar het adres dat wij van u hebben.", "If the details are correct, we will send a new tracking code to the address we have for you."},
		"newcode.sent.when":               {"Per e-mail krijgt u de code meestal binnen een paar minuten. Per post duurt het een paar dagen. De oude volgcode werkt dan niet meer.", "By e-mail the code usually arrives within a few minutes. By post it takes a few days. The old tracking code then stops working."},
		"newcode.sent.nothing":            {"Krijgt u niets? Bel het meldpunt.", "Nothing arrived? Call the complaints point."},
		"newcode.sent.nothing.phone":      {"Krijgt u niets? Bel het meldpunt op {phone}.", "Nothing arrived? Call the complaints point on {phone}."},
		"newcode.sent.back":               {"Naar Mijn klacht volgen", "To Follow my complaint"},
	})
}
