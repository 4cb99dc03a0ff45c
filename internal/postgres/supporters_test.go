package postgres_test

import (
	"slices"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

func profile(name string, domains []casework.LifeDomain, langs []string, c casework.SupporterContact, hoods ...casework.Neighbourhood) casework.SupporterProfile {
	return casework.SupporterProfile{Name: name, Kind: casework.SupporterOrganisation,
		DescriptionNL: "Helpt bewoners bij vragen over " + name + ".", LifeDomains: domains, Languages: langs,
		Neighbourhoods: hoods, Contact: c, Groups: []string{" ouderen ", ""},
		Independence: "Wij beslissen niet over zorg en leveren geen zorg."}
}

func names(ss []casework.Supporter) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}

// TestSupporterPoolFilters: the directory filters by life domain, language, channel and
// neighbourhood (any value within a filter, every filter together); a supporter that names no
// neighbourhood serves the whole city; unknown values are refused.
func TestSupporterPoolFilters(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}
	add := func(p casework.SupporterProfile) casework.Supporter {
		s, err := f.db.AdmitSupporter(f.ctx, admin, p)
		f.must(err)
		return s
	}
	mee := add(profile("MEE", []casework.LifeDomain{casework.DomainCare, casework.DomainYouthCare}, []string{"nl", "TR"},
		casework.SupporterContact{Phone: "023 123 4567", PhoneHours: "ma-vr 9-17", HomeVisits: true}, casework.NeighbourhoodSchalkwijk))
	add(profile("Raadslieden", []casework.LifeDomain{casework.DomainIncome}, []string{"nl", "ar", "ber"},
		casework.SupporterContact{Email: "info@raad.example", WalkInAddress: "Zijlweg 1, Haarlem"}))
	add(profile("Zzp Kowalski", []casework.LifeDomain{casework.DomainHousing, casework.DomainIncome}, []string{"pl", "en"},
		casework.SupporterContact{WhatsApp: "06 1234 5678"}, casework.NeighbourhoodNoord))

	if mee.Channels[0] != casework.SupportPhone || len(mee.Channels) != 2 || !slices.Equal(mee.Languages, []string{"nl", "tr"}) ||
		!slices.Equal(mee.Groups, []string{"ouderen"}) || mee.Status != casework.SupporterActive {
		t.Fatalf("admitted %+v", mee)
	}
	for _, tc := range []struct {
		name string
		f    casework.SupporterFilter
		want []string
	}{
		{"no filter", casework.SupporterFilter{}, []string{"MEE", "Raadslieden", "Zzp Kowalski"}},
		{"income", casework.SupporterFilter{LifeDomains: []casework.LifeDomain{casework.DomainIncome}}, []string{"Raadslieden", "Zzp Kowalski"}},
		{"care or housing", casework.SupporterFilter{LifeDomains: []casework.LifeDomain{casework.DomainCare, casework.DomainHousing}}, []string{"MEE", "Zzp Kowalski"}},
		{"tamazight", casework.SupporterFilter{Languages: []string{"ber"}}, []string{"Raadslieden"}},
		{"home visits", casework.SupporterFilter{Channels: []casework.SupportChannel{casework.SupportHomeVisit}}, []string{"MEE"}},
		{"whatsapp or walk-in", casework.SupporterFilter{Channels: []casework.SupportChannel{casework.SupportWhatsApp, casework.SupportWalkIn}}, []string{"Raadslieden", "Zzp Kowalski"}},
		{"noord: whole city and noord", casework.SupporterFilter{Neighbourhoods: []casework.Neighbourhood{casework.NeighbourhoodNoord}}, []string{"Raadslieden", "Zzp Kowalski"}},
		{"income in polish in schalkwijk", casework.SupporterFilter{LifeDomains: []casework.LifeDomain{casework.DomainIncome},
			Languages: []string{"pl"}, Neighbourhoods: []casework.Neighbourhood{casework.NeighbourhoodSchalkwijk}}, []string{}},
	} {
		got, err := f.db.Supporters(f.ctx, tc.f)
		f.must(err)
		if !slices.Equal(names(got), tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, names(got), tc.want)
		}
	}
	for field, filter := range map[string]casework.SupporterFilter{
		"life_domain":   {LifeDomains: []casework.LifeDomain{"gardening"}},
		"language":      {Languages: []string{"klingon"}},
		"channel":       {Channels: []casework.SupportChannel{"pigeon"}},
		"neighbourhood": {Neighbourhoods: []casework.Neighbourhood{"amsterdam"}},
	} {
		_, err := f.db.Supporters(f.ctx, filter)
		if countFieldErr(err, field) != 1 {
			t.Errorf("unknown %s: %v", field, err)
		}
	}
}

// TestSupporterProfileValidated: a profile needs a name, a kind, what it does, a life domain, a
// language, a way to be reached and the declaration of independence; a duplicate name is a conflict.
func TestSupporterProfileValidated(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	_, err := f.db.AdmitSupporter(f.ctx, f.actor, casework.SupporterProfile{Kind: "charity", Languages: []string{"xx"},
		Contact: casework.SupporterContact{PhoneHours: "altijd", Email: "geen adres"}})
	for _, field := range []string{"name", "kind", "description_nl", "independence", "life_domains", "languages",
		"contact.phone_hours", "contact.email"} {
		if countFieldErr(err, field) == 0 {
			t.Errorf("no error on %s: %v", field, err)
		}
	}
	_, err = f.db.AdmitSupporter(f.ctx, f.actor, profile("Zonder kanaal", []casework.LifeDomain{casework.DomainCare}, []string{"nl"},
		casework.SupporterContact{}))
	if countFieldErr(err, "contact") != 1 {
		t.Errorf("no channel: %v", err)
	}
	p := profile("Dubbel", []casework.LifeDomain{casework.DomainCare}, []string{"nl"}, casework.SupporterContact{Phone: "023 1"})
	_, err = f.db.AdmitSupporter(f.ctx, f.actor, p)
	f.must(err)
	_, err = f.db.AdmitSupporter(f.ctx, f.actor, p)
	wantCode(t, err, casework.CodeConflict)
	if n := f.count(`SELECT count(*) FROM supporters`); n != 1 {
		t.Fatalf("%d supporters stored, want 1", n)
	}
}

// TestSupporterSuspendAndRemove: suspending and removing need a reason, which is recorded with who
// did it and when; the public neither lists nor finds a suspended or removed supporter; a
// suspension can be lifted, a removal is final.
func TestSupporterSuspendAndRemove(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	s, err := f.db.AdmitSupporter(f.ctx, f.actor, profile("FNV", []casework.LifeDomain{casework.DomainWork}, []string{"nl"},
		casework.SupporterContact{Email: "fnv@example.nl"}))
	f.must(err)

	_, err = f.db.SetSupporterStatus(f.ctx, f.actor, s.ID, casework.SupporterSuspended, "  ")
	if countFieldErr(err, "reason") != 1 {
		t.Fatalf("suspend without reason: %v", err)
	}
	f.clock.Set(local(2026, 3, 3, 9, 0))
	got, err := f.db.SetSupporterStatus(f.ctx, f.actor, s.ID, casework.SupporterSuspended, "Klachten over bereikbaarheid")
	f.must(err)
	if got.Status != casework.SupporterSuspended {
		t.Fatalf("status %s", got.Status)
	}
	list, err := f.db.Supporters(f.ctx, casework.SupporterFilter{})
	f.must(err)
	if len(list) != 0 {
		t.Fatalf("public list shows the suspended supporter: %v", names(list))
	}
	_, err = f.db.Supporter(f.ctx, s.ID, false)
	wantCode(t, err, casework.CodeNotFound)
	if all, _ := f.db.Supporters(f.ctx, casework.SupporterFilter{All: true}); len(all) != 1 {
		t.Fatalf("the admin's list misses the suspended supporter")
	}
	_, err = f.db.SetSupporterStatus(f.ctx, f.actor, s.ID, casework.SupporterSuspended, "nog eens")
	wantCode(t, err, casework.CodeInvalidTransition)

	_, err = f.db.SetSupporterStatus(f.ctx, f.actor, s.ID, casework.SupporterActive, "Bereikbaarheid op orde")
	f.must(err)
	if _, err := f.db.Supporter(f.ctx, s.ID, false); err != nil {
		t.Fatalf("reinstated supporter not found: %v", err)
	}
	_, err = f.db.SetSupporterStatus(f.ctx, f.actor, s.ID, casework.SupporterRemoved, "Opgeheven")
	f.must(err)
	_, err = f.db.SetSupporterStatus(f.ctx, f.actor, s.ID, casework.SupporterActive, "toch terug")
	wantCode(t, err, casework.CodeInvalidTransition)
	_, err = f.db.EditSupporter(f.ctx, f.actor, s.ID, s.SupporterProfile)
	wantCode(t, err, casework.CodeInvalidTransition)
	_, err = f.db.SetSupporterStatus(f.ctx, f.actor, 999999, casework.SupporterRemoved, "bestaat niet")
	wantCode(t, err, casework.CodeNotFound)

	ev, err := f.db.SupporterEvents(f.ctx, s.ID)
	f.must(err)
	var kinds []string
	for _, e := range ev {
		kinds = append(kinds, e.Kind+":"+e.Reason)
		if e.ActorID == nil || *e.ActorID != f.staff.ID {
			t.Errorf("event %s without its actor", e.Kind)
		}
	}
	want := []string{"admitted:", "suspended:Klachten over bereikbaarheid", "reinstated:Bereikbaarheid op orde", "removed:Opgeheven"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("history %v, want %v", kinds, want)
	}
	if !ev[1].At.Equal(local(2026, 3, 3, 9, 0)) {
		t.Errorf("suspension recorded at %s", ev[1].At.Format(time.RFC3339))
	}
}

// TestSupporterEditAndAccount: an edit replaces the profile and is recorded; a supporter's account
// belongs to a member of the pool and shows it.
func TestSupporterEditAndAccount(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	s, err := f.db.AdmitSupporter(f.ctx, f.actor, profile("Mantelzorg", []casework.LifeDomain{casework.DomainWellbeing}, []string{"nl"},
		casework.SupporterContact{Phone: "023 2"}))
	f.must(err)
	p := s.SupporterProfile
	p.Languages = []string{"nl", "en"}
	p.Contact.HomeVisits = true
	got, err := f.db.EditSupporter(f.ctx, f.actor, s.ID, p)
	f.must(err)
	if !slices.Equal(got.Languages, []string{"en", "nl"}) || !slices.Contains(got.Channels, casework.SupportHomeVisit) {
		t.Fatalf("edited %+v", got)
	}
	_, err = f.db.EditSupporter(f.ctx, f.actor, 424242, p)
	wantCode(t, err, casework.CodeNotFound)

	u, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "sup@example.nl", Name: "Sanne", Role: casework.RoleSupporter,
		Password: "correct horse battery"})
	f.must(err)
	f.must(f.db.LinkSupporterUser(f.ctx, u.ID, s.ID))
	wantCode(t, f.db.LinkSupporterUser(f.ctx, f.staff.ID, s.ID), casework.CodeNotFound)
	wantCode(t, f.db.LinkSupporterUser(f.ctx, u.ID, 999999), casework.CodeValidation)
	sess, err := f.db.Login(f.ctx, "sup@example.nl", "correct horse battery", "", time.Hour)
	f.must(err)
	me, err := f.db.UserByToken(f.ctx, sess.Token)
	f.must(err)
	if me.SupporterID == nil || *me.SupporterID != s.ID || sess.User.SupporterID == nil {
		t.Fatalf("the account does not show its supporter: %+v / %+v", me, sess.User)
	}
}

// TestSupporterAccountCreatedInThePool: the admin makes a supporter's account that belongs to a
// member of the pool; another role, an unknown or a removed member is refused.
func TestSupporterAccountCreatedInThePool(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	s, err := f.db.AdmitSupporter(f.ctx, f.actor, profile("Raad", []casework.LifeDomain{casework.DomainIncome}, []string{"nl"},
		casework.SupporterContact{Phone: "023 3"}))
	f.must(err)
	nu := casework.NewUser{Email: "r@example.nl", Name: "Rik", Role: casework.RoleSupporter, SupporterID: s.ID,
		Password: "correct horse battery"}
	u, err := f.db.CreateUser(f.ctx, nu)
	f.must(err)
	if u.SupporterID == nil || *u.SupporterID != s.ID {
		t.Fatalf("created %+v", u)
	}
	staff := nu
	staff.Email, staff.Role = "s@example.nl", casework.RoleStaff
	_, err = f.db.CreateUser(f.ctx, staff)
	if countFieldErr(err, "supporter_id") != 1 {
		t.Errorf("a staff account in the pool: %v", err)
	}
	_, err = f.db.SetSupporterStatus(f.ctx, f.actor, s.ID, casework.SupporterRemoved, "gestopt")
	f.must(err)
	nu.Email = "r2@example.nl"
	_, err = f.db.CreateUser(f.ctx, nu)
	if countFieldErr(err, "supporter_id") != 1 {
		t.Errorf("an account of a removed member: %v", err)
	}
	other := nu
	other.Email, other.SupporterID = "r3@example.nl", 0
	o, err := f.db.CreateUser(f.ctx, other)
	f.must(err)
	if err := f.db.LinkSupporterUser(f.ctx, o.ID, s.ID); countFieldErr(err, "supporter_id") != 1 {
		t.Errorf("an account linked to a removed member: %v", err)
	}
}
