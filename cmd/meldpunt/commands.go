package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/deadline"
	"meldpunt/internal/demo"
	"meldpunt/internal/term"
)

func (env *environment) term(ctx context.Context, args []string) error {
	fs := env.flags("term", "term --from YYYY-MM-DD [--days N] [--no-termijnenwet] [--db]")
	from := fs.String("from", "", "the day the term starts from (the day of issue); the term runs from the next day")
	days := fs.Int("days", env.cfg.AdviceDays, "length of the term in days")
	off := fs.Bool("no-termijnenwet", false, "do not apply the Algemene termijnenwet")
	useDB := fs.Bool("db", false, "read the days equated to holidays from the database instead of the built-in list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	start, err := term.ParseDate(*from)
	if err != nil {
		return usageError{"--from must be a date as YYYY-MM-DD"}
	}
	cal := term.DefaultCalendar()
	if *useDB {
		db, err := env.openDatabase(ctx, false)
		if err != nil {
			return err
		}
		defer db.Close()
		if cal, err = db.store.Calendar(ctx); err != nil {
			return err
		}
	}
	cal.Termijnenwet = env.cfg.Termijnenwet && !*off
	res, err := cal.LastDay(start, *days)
	if err != nil {
		return usageError{err.Error()}
	}
	w := env.stdout
	fmt.Fprintf(w, "start:     %s (%s)\n", res.Start, res.Start.Weekday())
	fmt.Fprintf(w, "days:      %d (the term runs from %s)\n", res.Days, res.Start.AddDays(1))
	fmt.Fprintf(w, "nominal:   %s (%s)\n", res.Nominal, res.Nominal.Weekday())
	for _, s := range res.Skipped {
		fmt.Fprintf(w, "skipped:   %s (%s) %s\n", s.Date, s.Date.Weekday(), s.Name)
	}
	fmt.Fprintf(w, "last day:  %s (%s)\n", res.LastDay, res.LastDay.Weekday())
	fmt.Fprintf(w, "deadline:  %s (a response must be in before this instant)\n", res.Deadline.Format("2006-01-02T15:04:05Z07:00"))
	if !cal.Termijnenwet {
		fmt.Fprintln(w, "note:      Algemene termijnenwet not applied")
	}
	return nil
}

func (env *environment) userAdd(ctx context.Context, args []string) error {
	fs := env.flags("user add", "user add --email E --name N --role R [--org ID]  (password on standard input)")
	email := fs.String("email", "", "e-mail address (the sign-in name)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "staff, admin, organisation, council, supporter, municipality or privacy")
	org := fs.Int64("org", 0, "organisation id (for role organisation)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(env.stderr, "password (one line on standard input):")
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	if err != nil && line == "" {
		return usageError{"no password on standard input"}
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.store.CreateUser(ctx, casework.NewUser{Email: *email, Name: *name, Role: casework.Role(*role),
		OrganisationID: *org, Password: strings.TrimRight(line, "\r\n")})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "user %d added: %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

func (env *environment) userTwoStepOff(ctx context.Context, args []string) error {
	fs := env.flags("user two-step-off", "user two-step-off (--email E | --unreadable)")
	email := fs.String("email", "", "the user whose two-step sign-in is switched off")
	unreadable := fs.Bool("unreadable", false, "every user whose two-step key MELDPUNT_TOTP_KEY cannot open")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*email == "") == !*unreadable {
		return usageError{"give either --email or --unreadable"}
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	users := []string{*email}
	if *unreadable {
		if users, err = db.store.UnreadableTOTPKeys(ctx); err != nil {
			return err
		}
		if len(users) == 0 {
			fmt.Fprintln(env.stdout, "every two-step key can be read: nothing switched off")
			return nil
		}
	}
	for _, u := range users {
		if err := db.store.ResetTOTP(ctx, u); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "two-step sign-in switched off: %s\n", u)
	}
	return nil
}

func (env *environment) orgAdd(ctx context.Context, args []string) error {
	fs := env.flags("org add", "org add --name N --kind K [--email E] [--street S --postcode P --city C]")
	name := fs.String("name", "", "name of the organisation")
	kind := fs.String("kind", "", "one of: "+strings.Join(kinds(), ", "))
	email := fs.String("email", "", "e-mail address for binding advice")
	street := fs.String("street", "", "postal address: street and number, or PO box (Postbus 511)")
	postcode := fs.String("postcode", "", "postal address: postcode (2011 AB)")
	city := fs.String("city", "", "postal address: town")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	o, err := db.store.CreateOrganisation(ctx, casework.Organisation{Name: *name, Kind: casework.OrgKind(*kind),
		Email: *email, Street: *street, Postcode: *postcode, City: *city})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "organisation %d added: %s (%s)\n", o.ID, o.Name, o.Kind)
	return nil
}

func (env *environment) orgAddress(ctx context.Context, args []string) error {
	fs := env.flags("org address", "org address --id N --street S --postcode P --city C")
	id := fs.Int64("id", 0, "organisation id")
	street := fs.String("street", "", "street and number, or PO box (Postbus 511)")
	postcode := fs.String("postcode", "", "postcode (2011 AB)")
	city := fs.String("city", "", "town")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	o, err := db.store.SetOrganisationAddress(ctx, *id, *street, *postcode, *city)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "organisation %d: %s, %s  %s\n", o.ID, o.Street, o.Postcode, strings.ToUpper(o.City))
	return nil
}

func (env *environment) demo(ctx context.Context, args []string) error {
	fs := env.flags("demo", "demo [--force]")
	force := fs.Bool("force", false, "load even when the database already holds data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var loaded *demo.Loaded
	if *force {
		loaded, err = demo.Load(ctx, db.store.SQL(), env.now, db.store.Terms())
	} else {
		loaded, err = demo.LoadIfEmpty(ctx, db.store.SQL(), env.now, db.store.Terms())
	}
	if err != nil {
		return err
	}
	if loaded == nil {
		fmt.Fprintln(env.stdout, "the database already holds organisations; use --force to add demo data anyway")
		return nil
	}
	fmt.Fprint(env.stdout, loaded.Summary())
	return nil
}

func kinds() []string {
	s := make([]string, len(casework.OrgKinds))
	for i, k := range casework.OrgKinds {
		s[i] = string(k)
	}
	return s
}

// describe spells out a validation error field by field for the terminal.
func describe(err error) error {
	e, ok := err.(*casework.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Message)
	}
	return usageError{b.String()}
}

func (env *environment) sweep(ctx context.Context, args []string) error {
	fs := env.flags("sweep", "sweep")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := deadline.New(db.store, env.log, env.cfg.SweepTimeout).Pass(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "sweep at %s: %d advices enforced, %d notices written (%d batches)\n",
		res.Now.In(term.Amsterdam()).Format(time.RFC3339), res.Enforced, res.Notices, res.Batches)
	return nil
}

func (env *environment) dispatch(ctx context.Context, args []string) error {
	fs := env.flags("dispatch", "dispatch")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	work, err := env.newWorkers(db.store)
	if err != nil {
		return err
	}
	res, err := work.dispatch(ctx)
	if err != nil {
		return err
	}
	counts, oldest, err := db.store.OutboxCounts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "dispatch: %d e-mailed, %d to the print queue, %d to retry, %d failed\n",
		res.Sent, res.Print, res.Retry, res.Failed)
	fmt.Fprintf(env.stdout, "outbox: %d pending (oldest %s), %d waiting to be printed, %d failed\n",
		counts["pending"], oldest.Round(time.Second), counts["print"], counts["failed"])
	return nil
}
