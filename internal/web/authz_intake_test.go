package web_test

// intakeMatrix holds the authorisation rows of the complaint form in steps (see matrixRows): public
// pages, the same for every caller. An empty step is refused (422: the name is missing), an empty
// send looks like a bot's (no fill-time stamp) and is refused (422) before anything is stored, and
// the confirmation without its cookie is the neutral page (200).
var intakeMatrix = []matrixRow{
	{"POST", "/klacht/stap/:step", everyone(422), fixed("/klacht/stap/contact", nil), false},
	{"POST", "/klacht/versturen", everyone(422), fixed("/klacht/versturen", nil), false},
	{"GET", "/klacht/ontvangen", everyone(200), fixed("/klacht/ontvangen?lang=en", nil), false},
}
