package web_test

import "net/url"

// staffTasksMatrix holds the authorisation rows of the staff's tasks added in issue 14 (see
// matrixRows): registering a complaint, adding an organisation, adding a note. Staff and admin
// get the page, or 422 for the empty form (nothing changes); without a session 303 to the sign-in
// page; organisations, the council and supporters a 403 page.
var staffTasksMatrix = []matrixRow{
	{"GET", "/werk/nieuw", staffCasePage(200), fixed("/werk/nieuw", nil), false},
	{"POST", "/werk/nieuw", staffCasePage(422), fixed("/werk/nieuw", url.Values{}), false},
	{"GET", "/werk/organisaties/nieuw", staffCasePage(200), fixed("/werk/organisaties/nieuw", nil), false},
	{"POST", "/werk/organisaties/nieuw", staffCasePage(422), fixed("/werk/organisaties/nieuw", url.Values{}), false},
	{"POST", "/werk/klacht/:reference/notitie", staffCasePage(422), onCasePage("notitie", false), false},
}
