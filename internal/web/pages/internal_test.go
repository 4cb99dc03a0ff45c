package pages

import (
	"io/fs"
	"regexp"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// TestPageTextsComplete: every text a template or the Go code asks for exists, in Dutch and in
// English, so that no page shows a bare key.
func TestPageTextsComplete(t *testing.T) {
	keys := map[string]bool{}
	literal := regexp.MustCompile(`\.T "([^"]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templateFS, path)
		for _, m := range literal.FindAllStringSubmatch(string(data), -1) {
			keys[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys in the templates", len(keys))
	}
	for _, s := range casework.Statuses {
		keys["status."+string(s)] = true
	}
	for _, s := range casework.AdviceStatuses {
		keys["advice."+string(s)] = true
	}
	for _, v := range casework.Verdicts {
		keys["verdict."+string(v)] = true
	}
	for _, g := range casework.Grounds {
		keys["ground."+string(g)] = true
	}
	for _, d := range casework.LifeDomains {
		keys["domain."+string(d)] = true
	}
	for _, a := range casework.Actions {
		if a != casework.ActionAddNote {
			keys["action."+string(a)] = true
		}
	}
	for _, a := range casework.AdviceActions {
		keys["action."+string(a)] = true
	}
	for _, k := range []string{postgres.NoticeAcknowledgement, postgres.NoticeInadmissible, postgres.NoticePostponement,
		postgres.NoticeHearingInvitation, postgres.NoticeRuling, postgres.NoticeResponseAccepted,
		postgres.NoticeResponseRejected, postgres.NoticeEnforcedComplainant, postgres.NoticeClosed, postgres.NoticeHearingReport} {
		keys["letter."+k] = true
	}
	for _, m := range fieldMessages {
		keys[m.key] = true
	}
	for _, s := range []string{"e400", "e403", "e404", "e405", "e413", "e429", "e500"} {
		keys[s+".title"], keys[s+".text"] = true, true
	}
	for k := range keys {
		t.Run(k, func(t *testing.T) {
			v, ok := textOf(k)
			if !ok || v[0] == "" || v[1] == "" {
				t.Errorf("text %q is missing in Dutch or English: %q", k, v)
			}
		})
	}
}

// TestFieldMessages: every kind of casework field error becomes a plain-language message.
func TestFieldMessages(t *testing.T) {
	for _, c := range []struct{ field, msg, nl, en string }{
		{"complainant_name", "is required", "Vul uw naam in.", "Fill in your name."},
		{"complainant_city", "is required", "Vul dit veld in.", "Fill in this field."},
		{"summary", "is too long: at most 20000 characters", "Dit is te lang. Gebruik hoogstens 20000 tekens.", "This is too long. Use at most 20000 characters."},
		{"grounds", "choose at least 1", "Kies waar uw klacht over gaat.", "Choose what your complaint is about."},
		{"complainant_email", "give an e-mail address, a phone number or a full postal address so that the meldpunt can reach you",
			tx("err.reach")[0], tx("err.reach")[1]},
		{"summary", "something nobody foresaw", tx("err.generic")[0], tx("err.generic")[1]},
	} {
		if got := fieldMessage(core.LangNL, c.field, c.msg); got != c.nl {
			t.Errorf("%s %q: %q, want %q", c.field, c.msg, got, c.nl)
		}
		if got := fieldMessage(core.LangEN, c.field, c.msg); got != c.en {
			t.Errorf("%s %q in English: %q, want %q", c.field, c.msg, got, c.en)
		}
	}
	for field, want := range map[string]string{"complainant.name": "complainant_name", "complainant": "complainant_email",
		"supporter.email": "supporter_email", "channel": "", "organisation_ids": "organisation_ids", "body": ""} {
		if got := formFieldOf(field); got != want {
			t.Errorf("formFieldOf(%q) = %q, want %q", field, got, want)
		}
	}
}

// TestSourceKeyGroupsIPv6By64: the intake limit counts an IPv4 address as it is and an IPv6
// address by its /64, so that one household cannot step through its 2^64 addresses.
func TestSourceKeyGroupsIPv6By64(t *testing.T) {
	for ip, want := range map[string]string{
		"192.0.2.7":            "192.0.2.7",
		"::ffff:192.0.2.7":     "192.0.2.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":      "2001:db8:1:3::/64",
		"not an address":       "not an address",
	} {
		if got := core.SourceKey(ip); got != want {
			t.Errorf("sourceKey(%q) = %q, want %q", ip, got, want)
		}
	}
}

// textOf returns the Dutch and English text of key, and whether both catalogues carry it.
func textOf(key string) ([2]string, bool) {
	c := core.Catalogue()
	nl, _ := c.Text("nl", key)
	en, _ := c.Text("en", key)
	return [2]string{nl, en}, c.Has("nl", key) && c.Has("en", key)
}

// tx returns the Dutch and English text of key.
func tx(key string) [2]string {
	t, _ := textOf(key)
	return t
}
