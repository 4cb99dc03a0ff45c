package letter

import (
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/term"
)

// SampleSender is a made-up meldpunt, for samples and tests.
func SampleSender() pdf.Sender {
	return pdf.Sender{
		Name:    "Meldpunt Sociaal Domein",
		Tagline: "Onafhankelijk meldpunt voor klachten over zorg, jeugd, werk en inkomen",
		Street:  "Postbus 511",
		Postal:  "2003 PB",
		City:    "Haarlem",
		Phone:   "023 511 5000",
		Email:   "meldpunt@example.nl",
		Website: "www.example.nl/meldpunt",
	}
}

// SampleData returns a complete, made-up case in lang with every field filled in, addressed as a
// letter of kind is, so that every kind of letter can be rendered from it. Check uses it, and so
// can a preview page.
func SampleData(kind Kind, lang casework.Language) Data {
	letterDate := term.NewDate(2026, time.December, 7)
	respondBy := term.NewDate(2026, time.December, 21)
	d := Data{
		Language:           lang,
		Sender:             SampleSender(),
		Recipient:          pdf.Address{Name: "Fatima el Amrani", Street: "Kleverparkweg 12 zwart", Postal: "2023 CE", City: "Haarlem"},
		CopyTo:             []string{"Cliëntenbelang Haarlem (cliëntondersteuner)"},
		Date:               letterDate,
		Reference:          "MSD-2026-0042",
		HandlerName:        "Anouk de Vries",
		ComplainantName:    "Fatima el Amrani",
		Organisation:       "Sociaal Wijkteam Haarlem-Noord",
		Organisations:      []string{"Sociaal Wijkteam Haarlem-Noord"},
		ReceivedOn:         term.NewDate(2026, time.October, 26),
		LastDay:            term.NewDate(2026, time.December, 7),
		NewLastDay:         term.NewDate(2027, time.January, 4),
		HearingAt:          time.Date(2026, time.December, 15, 14, 30, 0, 0, term.Amsterdam()),
		HearingPlace:       "Stadhuis Haarlem, Grote Markt 2, spreekkamer 3",
		HearingHeldOn:      term.NewDate(2026, time.November, 24),
		HearingReportSent:  term.NewDate(2026, time.November, 25),
		Verdict:            casework.VerdictPartlyFounded,
		RespondBy:          respondBy,
		Deadline:           term.DeadlineInstant(respondBy),
		InadmissibleGround: casework.InadmissibleOlderThanYear,
		WorkingDaysLeft:    5,
		Outcome:            casework.AdviceRejected,
		AnswerChannel:      casework.AnswerByLetter,
		AnswerReceivedOn:   term.NewDate(2026, time.December, 18),
		Closing:            "close",
	}
	d.Advices = []AdviceLine{{Organisation: "Sociaal Wijkteam Haarlem-Noord", RespondBy: respondBy}}
	d.Hearings = []HearingLine{
		{Party: casework.PartyComplainant, HeldOn: term.NewDate(2026, time.November, 24), ReportSent: term.NewDate(2026, time.November, 25)},
		{Party: casework.PartyOrganisation, Organisation: "Sociaal Wijkteam Haarlem-Noord", Skipped: casework.SkipNoResponse},
	}
	if kind == Acknowledgement || kind == NewTrackingCode {
		d.TrackingCode = "7K2M-QX9P-4RTW-HB3N-C8VD"
	}
	if kind == CaseEnded {
		d.CaseEnded = casework.StatusWithdrawn
		d.EndedOn = letterDate
	}
	if kind.ForOrganisation() {
		d = toOrganisation(d)
	}
	if lang == casework.LanguageEnglish {
		d.PostponementReason = "We are still waiting for documents from the district team. We need them to judge your complaint properly."
		d.Summary = "Mrs El Amrani asked the district team for help with her debts in June. For three months nobody called her back."
		d.Findings = "The district team received the request on 3 June 2026. The first conversation took place on 9 September 2026. The team says it was short of staff."
		d.Conclusions = "Three months is too long to wait for a first conversation about debts. The team did let Mrs El Amrani know that she would have to wait, so the complaint is partly justified."
		d.Advice = "Have a first conversation with Mrs El Amrani within two weeks, and pay back the € 45 in reminder costs that she had to pay because of the delay."
		d.RejectionReasons = "We cannot pay the reminder costs: they were charged by a third party.\nWe will have the conversation within two weeks."
		d.InadmissibleReasons = "You wrote to us about a conversation of 3 March 2025. Your complaint reached us on 26 October 2026."
		d.Advices[0].Text = d.Advice
		d.Hearings[0].Record = "Mrs El Amrani told us that she called the district team six times between June and September.\nShe had to pay € 45 in reminder costs because her debts were not dealt with."
		d.HearingRecord = "Present: Mrs El Amrani, her client supporter and Anouk de Vries (meldpunt).\nMrs El Amrani says that she called the district team four times between June and September. Nobody called her back.\nShe had to pay € 45 in reminder costs because she could not make an arrangement in time."
		return d
	}
	d.PostponementReason = "Wij wachten nog op stukken van het wijkteam. Die hebben wij nodig om uw klacht goed te beoordelen."
	d.Summary = "Mevrouw El Amrani vroeg in juni het wijkteam om hulp bij haar schulden. Drie maanden lang belde niemand haar terug."
	d.Findings = "Het wijkteam kreeg de hulpvraag op 3 juni 2026. Het eerste gesprek was op 9 september 2026. Het team zegt dat er te weinig medewerkers waren."
	d.Conclusions = "Drie maanden is te lang om te wachten op een eerste gesprek over schulden. Het team heeft mevrouw El Amrani wel laten weten dat zij moest wachten. Daarom is de klacht deels gegrond."
	d.Advice = "Voer binnen twee weken een eerste gesprek met mevrouw El Amrani, en betaal haar de € 45 aanmaningskosten terug die zij door de vertraging moest betalen."
	d.RejectionReasons = "Wij kunnen de aanmaningskosten niet betalen: een andere partij heeft ze in rekening gebracht.\nHet gesprek voeren wij wel binnen twee weken."
	d.InadmissibleReasons = "U schreef ons over een gesprek van 3 maart 2025. Uw klacht kwam bij ons binnen op 26 oktober 2026."
	d.Advices[0].Text = d.Advice
	d.Hearings[0].Record = "Mevrouw El Amrani vertelde dat zij het wijkteam tussen juni en september zes keer heeft gebeld.\nZij moest € 45 aanmaningskosten betalen, omdat haar schulden bleven liggen."
	d.HearingRecord = "Aanwezig: mevrouw El Amrani, haar cliëntondersteuner en Anouk de Vries (meldpunt).\nMevrouw El Amrani vertelt dat zij tussen juni en september vier keer het wijkteam heeft gebeld. Niemand belde haar terug.\nZij moest € 45 aanmaningskosten betalen, omdat zij niet op tijd een regeling kon treffen."
	return d
}

// SampleSupporterCopy is SampleData as the supporter's copy of a letter to the complainant.
func SampleSupporterCopy(kind Kind, lang casework.Language) Data {
	d := SampleData(kind, lang)
	d.ToSupporter = true
	d.ClientName = d.ComplainantName
	d.Recipient = pdf.Address{Name: "Jan de Wit", Street: "Spaarne 96", Postal: "2011 CL", City: "Haarlem"}
	d.CopyTo = nil
	return d
}

// SampleToOrganisation is SampleData as a letter to the organisation, with its own advice and
// hearing only.
func SampleToOrganisation(kind Kind, lang casework.Language) Data {
	return toOrganisation(SampleData(kind, lang))
}

func toOrganisation(d Data) Data {
	d.ToOrganisation = true
	d.Recipient = pdf.Address{Name: "Sociaal Wijkteam Haarlem-Noord", Attention: "t.a.v. de directie",
		Street: "Marsmanplein 2", Postal: "2025 DR", City: "Haarlem"}
	d.CopyTo = nil
	d.Hearings = d.Hearings[1:]
	d.HearingReportSent = term.Date{} // the organisation was not heard
	return d
}
