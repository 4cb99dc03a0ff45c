package web_test

// publicInfoMatrix: the contact page and the accessibility statement are public, the same page for
// every caller (pages/contact.go).
var publicInfoMatrix = []matrixRow{
	{"GET", "/contact", everyone(200), fixed("/contact?lang=en", nil), false},
	{"GET", "/toegankelijkheid", everyone(200), fixed("/toegankelijkheid", nil), false},
}
