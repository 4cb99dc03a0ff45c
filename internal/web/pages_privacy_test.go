package web_test

import (
	"net/http"
	"strings"
	"testing"

	"meldpunt/internal/config"
)

// TestPrivacyStatement: /privacy in Dutch and English names the configured controller and data
// protection officer, the three retention periods of the Selectielijst, the legal basis and the
// rights, and every page's footer links to it.
func TestPrivacyStatement(t *testing.T) {
	cfg := testConfig
	cfg.Privacy = config.Privacy{Controller: "het college van burgemeester en wethouders van Proefdorp",
		OfficerName: "Fien Functionaris", OfficerEmail: "fg@proefdorp.example", OfficerPhone: "0123 45 67 89"}
	h := newHarnessWith(t, cfg)
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/privacy", []string{"<h1>Hoe het meldpunt met uw gegevens omgaat</h1>", "het college van burgemeester en wethouders van Proefdorp",
			"Fien Functionaris", `href="mailto:fg@proefdorp.example"`, ">0123 45 67 89</a>", "5 jaar nadat de zaak is afgesloten",
			"Nationale ombudsman ging: 10 jaar", "introk: 1 jaar", "artikel 6, eerste lid, onder e, AVG",
			"Autoriteit Persoonsgegevens", "uw gegevens inzien en een kopie krijgen", `<html lang="nl"`}},
		{"/privacy?lang=en", []string{"How the complaints point handles your data", "Fien Functionaris",
			"5 years after the case was closed", "Article 6(1)(e) GDPR", "Dutch Data Protection Authority", `<html lang="en"`}},
	} {
		p := h.getPage(c.path)
		if p.status != http.StatusOK {
			t.Fatalf("%s: %s", c.path, p)
		}
		for _, w := range c.want {
			if !strings.Contains(p.body, w) {
				t.Errorf("%s lacks %q", c.path, w)
			}
		}
	}
	for _, path := range []string{"/", "/klacht", "/status", "/ondersteuning?lang=en"} {
		if p := h.getPage(path); !strings.Contains(p.body, `href="/privacy`) {
			t.Errorf("the footer of %s does not link to the privacy statement", path)
		}
	}
	// Without configuration the statement names the defaults, never an empty officer.
	d := newHarness(t).getPage("/privacy")
	if !strings.Contains(d.body, "fg@meldpunt.example") {
		t.Errorf("the default privacy statement names no data protection officer")
	}
}
