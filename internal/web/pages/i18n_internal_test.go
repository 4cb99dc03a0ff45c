package pages

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"meldpunt/internal/i18n"
)

// publicTemplates are the templates of the pages a resident sees without signing in: they exist in
// every language, so every text they use must be public (i18n.Public), which every catalogue carries.
// (partials.html holds staff parts too; its public parts, the error summary, use errors.*.)
// A new public page adds its template here and its keys to i18n's publicKeys.
var publicTemplates = []string{"layout", "home", "complaint", "confirmation", "status", "case", "error",
	"signin", "support", "request_form", "request_done", "request_status", "privacy"}

// signedInOnly are the texts of public templates shown to a signed-in user only: the header's
// name and sign-out (layout) and a supporter filing for a client (complaint, confirmation).
func signedInOnly(key string) bool {
	return key == "user.as" || key == "signout" || strings.HasPrefix(key, "ons.")
}

var (
	templateKeyPattern    = regexp.MustCompile(`\.T "([^"]+)"`)
	templatePrefixPattern = regexp.MustCompile(`printf "([a-z0-9_.]+\.)%s"`)
)

// TestPublicTemplatesUsePublicTexts: every text a public template asks for ({{.L.T "key"}}, or a
// family of them through printf "prefix.%s") is a public text, so Turkish and Arabic carry it.
func TestPublicTemplatesUsePublicTexts(t *testing.T) {
	for _, name := range publicTemplates {
		data, err := fs.ReadFile(templateFS, "templates/"+name+".html")
		if err != nil {
			t.Fatal(err)
		}
		keys := templateKeyPattern.FindAllStringSubmatch(string(data), -1)
		if len(keys) == 0 {
			t.Errorf("%s: no texts found; has the template syntax changed?", name)
		}
		for _, m := range keys {
			if !i18n.Public(m[1]) && !signedInOnly(m[1]) {
				t.Errorf("%s.html uses %q, which is not a public text (i18n.publicKeys)", name, m[1])
			}
		}
		for _, m := range templatePrefixPattern.FindAllStringSubmatch(string(data), -1) {
			if !i18n.Public(m[1]+"x") && !signedInOnly(m[1]) {
				t.Errorf("%s.html uses the texts %s*, which are not public", name, m[1])
			}
		}
	}
}
