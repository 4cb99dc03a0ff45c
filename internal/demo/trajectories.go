package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// The demo's client trajectories (uniform monitoring): every active member of the pool records its
// trajectories of the past five quarters and the current one, through the store, as its own
// supporter account, on a clock set to each record's day. Issues follow the member's life domains,
// contacts its channels; a quarter of the trajectories refer onwards (within the pool or outside
// it), every outcome occurs, and the trajectories that would end after today are still open.
// Cliëntenbelang Haarlem, whose account is the demo supporter's (ondersteuner@meldpunt.example),
// has a handful, some of them open, so that its pages have something to show.

// topicsOf are the issue topics a client of a supporter on a life domain plausibly comes with.
var topicsOf = map[casework.LifeDomain][]casework.IssueTopic{
	casework.DomainSocialSupport:  {casework.TopicHouseholdHelp, casework.TopicAidsAdaptations, casework.TopicTransport, casework.TopicDayActivities},
	casework.DomainPreventiveCare: {casework.TopicHealth},
	casework.DomainCare:           {casework.TopicCareAtHome, casework.TopicHealth, casework.TopicAidsAdaptations},
	casework.DomainYouthCare:      {casework.TopicYouthCare, casework.TopicEducation},
	casework.DomainEducation:      {casework.TopicEducation},
	casework.DomainWellbeing:      {casework.TopicDayActivities, casework.TopicOther},
	casework.DomainHousing:        {casework.TopicHousingShelter},
	casework.DomainWork:           {casework.TopicWorkIncome},
	casework.DomainIncome:         {casework.TopicFinances, casework.TopicDebts, casework.TopicWorkIncome},
}

// outsideOrganisations are organisations outside the pool that supporters refer to.
var outsideOrganisations = []string{"Schuldhulpverlening Haarlem", "Het Juridisch Loket Haarlem", "Voedselbank Haarlem",
	"Leger des Heils Haarlem", "RIBW Kennemerland", "Stichting Present Haarlem", "Belastingdienst (Belastingtelefoon)",
	"UWV Haarlem", "Huisartsenpraktijk (POH-GGZ)"}

// minutesOf is the range of minutes an activity of a channel takes.
var minutesOf = map[casework.ActivityChannel][2]int{
	casework.ActivityPhone: {5, 30}, casework.ActivityEmail: {10, 25}, casework.ActivityWhatsApp: {5, 15},
	casework.ActivityWalkIn: {30, 90}, casework.ActivityHomeVisit: {45, 120}, casework.ActivityVideo: {20, 60},
	casework.ActivityLetter: {15, 45}, casework.ActivityAccompanied: {60, 180}, casework.ActivityDesk: {15, 120},
}

// loadTrajectories records the demo trajectories. supporter is the demo supporter's account (it
// belongs to the first member of the pool); the other active members get an account each (mail
// makes its address). setClock sets the store's clock; end is the demo's now. It returns how many
// trajectories were recorded.
func loadTrajectories(ctx context.Context, store *postgres.DB, setClock func(time.Time), end time.Time,
	supporter casework.User, mail func(string) string) (int, error) {
	defer setClock(end)
	setClock(end)
	members, err := store.Supporters(ctx, casework.SupporterFilter{})
	if err != nil {
		return 0, err
	}
	if supporter.SupporterID == nil {
		var u casework.User
		if err := store.SQL().GetContext(ctx, &u, `SELECT id, email, name, role, supporter_id FROM users WHERE id = $1`, supporter.ID); err != nil {
			return 0, fmt.Errorf("reload the demo supporter: %w", err)
		}
		supporter = u
	}
	rng := rand.New(rand.NewPCG(2020, 12))
	today := term.LocalDate(end)
	// From the first day of the quarter five quarters before the current one.
	first := term.NewDate(today.Year, time.Month((int(today.Month)-1)/3*3+1), 1)
	for range 5 {
		first = first.AddDays(-1)
		first = term.NewDate(first.Year, time.Month((int(first.Month)-1)/3*3+1), 1)
	}
	span := first.DaysUntil(today) + 1
	total := 0
	for i, m := range members {
		actor := casework.Actor{}
		count := span * 12 / 91 // some twelve new clients a quarter
		if supporter.SupporterID != nil && *supporter.SupporterID == m.ID {
			actor, count = casework.ActorOf(supporter), 12
		} else {
			u, err := store.CreateUser(ctx, casework.NewUser{Email: mail(fmt.Sprintf("trajecten-%d", i+1)),
				Name: "Ondersteuner " + m.Name, Role: casework.RoleSupporter, SupporterID: m.ID, Password: Password})
			if err != nil {
				return 0, fmt.Errorf("account of %s: %w", m.Name, err)
			}
			actor = casework.ActorOf(u)
		}
		others := slices.DeleteFunc(slices.Clone(members), func(o casework.Supporter) bool { return o.ID == m.ID })
		for n := range count {
			start := first.AddDays(rng.IntN(span))
			if actor.UserID == supporter.ID && n >= count-4 {
				start = today.AddDays(-rng.IntN(40)) // the demo supporter's recent, open trajectories
			}
			if err := oneTrajectory(ctx, store, setClock, end, rng, actor, m, others, start, n); err != nil {
				return 0, fmt.Errorf("trajectory of %s: %w", m.Name, err)
			}
			total++
		}
	}
	return total, nil
}

// oneTrajectory records one client's trajectory with member m, started on start.
func oneTrajectory(ctx context.Context, store *postgres.DB, setClock func(time.Time), end time.Time, rng *rand.Rand,
	a casework.Actor, m casework.Supporter, others []casework.Supporter, start term.Date, n int) error {
	today := term.LocalDate(end)
	at := func(d term.Date) {
		t := time.Date(d.Year, d.Month, d.Day, 9+rng.IntN(8), rng.IntN(60), 0, 0, term.Amsterdam())
		if t.After(end) {
			t = end
		}
		setClock(t)
	}
	clamp := func(d term.Date) term.Date {
		if d.After(today) {
			return today
		}
		return d
	}
	domains := []casework.LifeDomain{m.LifeDomains[rng.IntN(len(m.LifeDomains))]}
	if rng.IntN(3) == 0 {
		domains = append(domains, m.LifeDomains[rng.IntN(len(m.LifeDomains))])
	}
	label := fmt.Sprintf("%c%c-%03d", 'A'+rune(rng.IntN(26)), 'A'+rune(rng.IntN(26)), n+1+rng.IntN(40)*10)
	in := casework.TrajectoryInput{ClientLabel: label, StartedOn: start.String(), LifeDomains: domains}
	// One client in eight came on a referral from another member of the pool.
	if len(others) > 0 && rng.IntN(8) == 0 {
		in.ReferredByID = others[rng.IntN(len(others))].ID
	}
	at(start)
	t, err := store.CreateTrajectory(ctx, a, in)
	if err != nil {
		return err
	}
	// The trajectory would end after some days to months; one that would end after today is open.
	length := 7 + rng.IntN(110)
	ends := start.AddDays(length)
	open := ends.After(today)
	last := clamp(ends)

	var topics []casework.IssueTopic
	for _, d := range domains {
		topics = append(topics, topicsOf[d]...)
	}
	issues := 1 + rng.IntN(3)
	switch rng.IntN(8) {
	case 0: // the client comes to object or complain
		topics = []casework.IssueTopic{casework.TopicObjectionAppeal, casework.TopicComplaint}
	case 1: // or with something outside the member's usual work
		topics = casework.IssueTopics
	}
	var noted []casework.IssueTopic
	for range issues {
		topic := topics[rng.IntN(len(topics))]
		if slices.Contains(noted, topic) {
			continue
		}
		noted = append(noted, topic)
		on := clamp(start.AddDays(rng.IntN(min(14, length))))
		at(on)
		if _, err := store.AddTrajectoryIssue(ctx, a, t.ID, casework.IssueInput{Topic: topic, NotedOn: on.String()}); err != nil {
			return err
		}
	}

	// Contacts by the member's channels, going along to meetings, and desk work.
	channels := []casework.ActivityChannel{casework.ActivityPhone, casework.ActivityDesk, casework.ActivityDesk,
		casework.ActivityAccompanied, casework.ActivityLetter, casework.ActivityVideo, casework.ActivityEmail}
	for _, c := range m.Channels {
		switch c {
		case casework.SupportWhatsApp:
			channels = append(channels, casework.ActivityWhatsApp, casework.ActivityWhatsApp)
		case casework.SupportWalkIn:
			channels = append(channels, casework.ActivityWalkIn, casework.ActivityWalkIn)
		case casework.SupportHomeVisit:
			channels = append(channels, casework.ActivityHomeVisit, casework.ActivityHomeVisit)
		case casework.SupportPhone:
			channels = append(channels, casework.ActivityPhone)
		case casework.SupportEmail:
			channels = append(channels, casework.ActivityEmail)
		}
	}
	days := start.DaysUntil(last)
	activities := 2 + rng.IntN(5)
	for k := range activities {
		on := start
		if k > 0 && days > 0 {
			on = start.AddDays(rng.IntN(days + 1))
		}
		c := channels[rng.IntN(len(channels))]
		if k == 0 && c == casework.ActivityDesk {
			c = casework.ActivityPhone
		}
		r := minutesOf[c]
		minutes := r[0] + rng.IntN(r[1]-r[0]+1)
		at(on)
		if _, err := store.AddTrajectoryActivity(ctx, a, t.ID, casework.ActivityInput{OnDate: on.String(), Channel: c, Minutes: minutes}); err != nil {
			return err
		}
	}

	outcome := []casework.TrajectoryOutcome{casework.OutcomeResolved, casework.OutcomeResolved, casework.OutcomeResolved,
		casework.OutcomePartlyResolved, casework.OutcomePartlyResolved, casework.OutcomeNotResolved, casework.OutcomeReferred,
		casework.OutcomeReferred, casework.OutcomeClientStopped}[rng.IntN(9)]
	if rng.IntN(4) == 0 || (!open && outcome == casework.OutcomeReferred) {
		on := clamp(start.AddDays(rng.IntN(days + 1)))
		ref := casework.ReferralInput{OnDate: on.String(), Topic: noted[rng.IntN(len(noted))]}
		if rng.IntN(5) < 3 && len(others) > 0 {
			ref.ToSupporterID = others[rng.IntN(len(others))].ID
		} else {
			ref.ToOrganisation = outsideOrganisations[rng.IntN(len(outsideOrganisations))]
		}
		at(on)
		if _, err := store.AddTrajectoryReferral(ctx, a, t.ID, ref); err != nil {
			return err
		}
	}
	if open {
		return nil
	}
	at(last)
	_, err = store.CloseTrajectory(ctx, a, t.ID, casework.CloseInput{EndedOn: last.String(), Outcome: outcome})
	return err
}
