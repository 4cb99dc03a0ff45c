package i18n

import "strings"

// publicKeys names the texts of the public pages: the pages a resident sees without signing in
// (home, the complaint form and its confirmation, the status page with the case view, privacy, the
// directory of client supporters and the help request pages, the error pages, the page furniture:
// header, menu, language menu and footer) and the sign-in page. Every language carries every public
// key; nl and en carry every key. An entry ending in "." names every key that starts with it,
// any other entry one key. The list follows the templates of those pages and the keys their
// handlers ask for (field labels, field errors, status, verdict, action and letter names).
var publicKeys = []string{
	"language.", "langmenu.", "month.",
	// Page furniture and error pages.
	"site.", "skip", "nav.label", "nav.home", "nav.complaint", "nav.status", "nav.support",
	"footer.", "title.error", "required", "error.prefix", "errors.",
	"e.", "e400.", "e403.", "e404.", "e405.", "e413.", "e429.", "e500.", "e503.", "e403role.", "e429signin.",
	// Home, the complaint form and its confirmation.
	"home.", "complaint.", "sec.", "who.", "f.", "lang.", "ground.", "domain.", "err.", "done.",
	// The status page and the resident's view of a case.
	"status.", "case.", "verdict.", "advice.", "action.", "letter.", "rep.", "exp.page.", "form.",
	"fb.next.", "fb.step.", "fb.ombudsman.", "fb.form.", "fb.given", "fb.advice.", "fb.answer.", "fb.comment",
	"fb.submit", "fb.err.", "fb.e409.", "fb.done.", "newcode.",
	// Sign-in and privacy.
	"signin.", "priv.", "contact.", "a11y.",
	// The directory of client supporters and the resident's side of a help request (not the
	// supporter's or staff's side: req.list, req.detail, req.accept, req.decline, req.refer, ...).
	"sup.", "req.title", "req.h1", "req.intro", "req.free", "req.privacy", "req.submit", "req.limited",
	"req.unavailable", "req.ask.", "req.back.", "req.sec.", "req.channel.", "req.choice.", "req.col.",
	"req.done.", "req.err.", "req.event.", "req.history.", "req.lookup.", "req.resident.", "req.status.",
	"req.step.", "req.f.name", "req.f.email", "req.f.email.h", "req.f.phone", "req.f.phone.h",
	"req.f.channel", "req.f.channel.h", "req.f.language", "req.f.question", "req.f.question.h",
	"req.f.domains", "req.f.domains.h", "req.f.reference", "req.f.reference.h", "req.f.code",
	"req.f.code.h",
}

// Public reports whether key is a text of the public pages, which every language must carry.
func Public(key string) bool {
	for _, p := range publicKeys {
		if key == p || (strings.HasSuffix(p, ".") && strings.HasPrefix(key, p)) {
			return true
		}
	}
	return false
}
