package pages

import (
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	"meldpunt/internal/report"
	"meldpunt/internal/web/core"
)

// TestOfficeTextsComplete: the texts the office pages compose from a value (a letter's kind, a role,
// a follow-up status, …) exist in Dutch and English for every value, so that no page falls back to
// "other" or shows a bare key.
func TestOfficeTextsComplete(t *testing.T) {
	keys := []string{"office.e409letter.title", "office.e409letter.text", "office.e409retry.title", "office.e409retry.text",
		"office.e404year.title", "office.e404year.text", "office.post.title", "office.orgs.title", "office.users.title",
		"office.recs.title", "office.report.title"}
	for _, flag := range []string{"verstuurd", "organisatie", "gebruiker", "afgemeld", "opvolging", "gemaakt", "slottekst", "definitief"} {
		keys = append(keys, "office.done."+flag)
	}
	// Every kind of letter, as the print queue and the export of a whole file name it.
	for _, k := range letter.Kinds {
		keys = append(keys, "office.letter."+string(k))
	}
	keys = append(keys, "office.letter.other")
	for _, v := range []string{"email", "post", "none", "print"} {
		keys = append(keys, "exp.via."+v)
	}
	for _, r := range []string{"complainant", "supporter", "organisation", "other"} {
		keys = append(keys, "office.to."+r)
	}
	for _, r := range casework.UserRoles {
		keys = append(keys, "office.role."+string(r))
	}
	for _, s := range casework.RecommendationStatuses {
		keys = append(keys, "office.rec."+string(s))
	}
	for _, tr := range []string{report.TriggerRequest, report.TriggerSchedule, report.TriggerCommand, "other"} {
		keys = append(keys, "office.trigger."+tr)
	}
	for _, l := range casework.Languages {
		keys = append(keys, "office.language."+string(l))
	}
	for _, k := range casework.OrgKinds {
		keys = append(keys, "kind."+string(k))
	}
	for _, m := range officeMessages {
		keys = append(keys, m.key)
	}
	for _, k := range keys {
		if v, ok := textOf(k); !ok || v[0] == "" || v[1] == "" {
			t.Errorf("text %q is missing in Dutch or English: %q", k, v)
		}
	}
}

// TestOfficeFieldErrors: the store's messages become plain language on the office forms.
func TestOfficeFieldErrors(t *testing.T) {
	for _, c := range []struct{ field, msg, nl, en string }{
		{"name", "is required", "Vul de naam in.", "Fill in the name."},
		{"kind", "must be one of municipality, district_team", "Kies de soort organisatie.", "Choose the kind of organisation."},
		{"password", "must be at least 12 characters", "Het wachtwoord is te kort. Gebruik minstens 12 tekens.",
			"The password is too short. Use at least 12 characters."},
		{"organisation_id", "no such organisation", tx("office.err.org.unknown")[0], tx("office.err.org.unknown")[1]},
		{"email", "is not a valid e-mail address", tx("err.email")[0], tx("err.email")[1]},
		{"street", "is too long: at most 500 characters", "Dit is te lang. Gebruik hoogstens 500 tekens.", "This is too long. Use at most 500 characters."},
		{"city", "a postal address needs street and number, postcode and city", tx("office.err.orgaddress")[0], tx("office.err.orgaddress")[1]},
		{"note", "something nobody foresaw", tx("err.generic")[0], tx("err.generic")[1]},
	} {
		if got := officeFieldError(core.LangNL, c.field, c.msg); got != c.nl {
			t.Errorf("%s %q: %q, want %q", c.field, c.msg, got, c.nl)
		}
		if got := officeFieldError(core.LangEN, c.field, c.msg); got != c.en {
			t.Errorf("%s %q in English: %q, want %q", c.field, c.msg, got, c.en)
		}
	}
}
