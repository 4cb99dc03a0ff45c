package config

import "testing"

// TestContactDefaultsAndOverrides: the contact page's opening hours have defaults in both languages
// and no visiting address (visits by appointment); set keys replace them.
func TestContactDefaultsAndOverrides(t *testing.T) {
	d := Defaults().Contact
	if d.VisitingAddress != "" || d.OpeningHours != "maandag tot en met vrijdag van 9.00 tot 17.00 uur" ||
		d.OpeningHoursEN != "Monday to Friday, 9 am to 5 pm" {
		t.Fatalf("defaults: %+v", d)
	}
	env := map[string]string{"MELDPUNT_VISITING_ADDRESS": "Kerkplein 3, 9999 AB Proefdorp",
		"MELDPUNT_OPENING_HOURS": "alleen op dinsdag", "MELDPUNT_OPENING_HOURS_EN": "Tuesdays only"}
	c, err := Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if want := (Contact{"Kerkplein 3, 9999 AB Proefdorp", "alleen op dinsdag", "Tuesdays only"}); c.Contact != want {
		t.Fatalf("contact %+v, want %+v", c.Contact, want)
	}
}
