// Command meldpunt is the independent complaints point for the social domain: one binary with the
// subcommands serve, migrate, sweep, dispatch, term, user add, user two-step-off, org add, demo and
// retention.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"meldpunt/internal/config"
	"meldpunt/internal/pgcluster"
	"meldpunt/internal/postgres"
	"meldpunt/internal/secret"
)

const usage = `meldpunt — independent complaints point for the social domain

Usage:
  meldpunt serve [--demo]                 serve the JSON API (and start a private PostgreSQL
                                          when DATABASE_URL is empty)
  meldpunt migrate                        bring the database schema up to date
  meldpunt sweep                          one deadline pass: enforce every advice whose term
                                          ended without a reasoned rejection
  meldpunt dispatch                       one outbox pass: write the letters that are due, e-mail
                                          them or put them in the print queue; show the outbox
  meldpunt report annual --year Y --out FILE [--lang nl|en] [--format pdf|csv|json]
                                          generate the annual report to the council (PDF, CSV
                                          or JSON) and store it as a new version
  meldpunt term --from YYYY-MM-DD [--days N] [--no-termijnenwet] [--db]
                                          print the last day of a term and every day skipped
  meldpunt user add --email E --name N --role R [--org ID]
                                          add a user; the password is read from standard input
  meldpunt user two-step-off (--email E | --unreadable)
                                          switch a user's two-step sign-in off (a lost phone
                                          when no admin can sign in), or every one whose key
                                          MELDPUNT_TOTP_KEY cannot open
  meldpunt org add --name N --kind K [--email E] [--street S --postcode P --city C]
                                          add an organisation (postal address in three parts)
  meldpunt user two-step-off (--email E | --unreadable)
                                          switch a user's two-step sign-in off (a lost phone
                                          when no admin can sign in), or every one whose key
                                          MELDPUNT_TOTP_KEY cannot open
  meldpunt org address --id N --street S --postcode P --city C
                                          replace an organisation's postal address
  meldpunt demo [--force]                 load demo data (Haarlem-like, with past years)
  meldpunt retention [--on YYYY-MM-DD] [--limit N]
                                          list the case files due for destruction on a day
                                          (default today): reference, category, closed on,
                                          destroy on, on hold, approved
  meldpunt retention --as EMAIL --approve REF...
                                          approve the destruction of these files (due today,
                                          not on hold) as the admin EMAIL; serve's background
                                          destroyer then destroys them
  meldpunt config example                 print the example configuration

Every subcommand takes --help. Configuration comes from environment variables:
see config/meldpunt.env.example.
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "meldpunt:", err)
		}
		os.Exit(exitCode(err))
	}
}

// usageError marks errors in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return usageError{"no subcommand given"}
		}
		return nil
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	env := &environment{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now}
	env.log = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel,
		ReplaceAttr: postgres.RedactAttr}))
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return env.serve(ctx, rest)
	case "migrate":
		return env.migrate(ctx, rest)
	case "sweep":
		return env.sweep(ctx, rest)
	case "dispatch":
		return env.dispatch(ctx, rest)
	case "term":
		return env.term(ctx, rest)
	case "report":
		return env.report(ctx, rest)
	case "demo":
		return env.demo(ctx, rest)
	case "retention":
		return env.retention(ctx, rest)
	case "user", "org", "config":
		if cmd == "org" && len(rest) > 0 && rest[0] == "address" {
			return env.orgAddress(ctx, rest[1:])
		}
		if cmd == "user" && len(rest) > 0 && rest[0] == "two-step-off" {
			return env.userTwoStepOff(ctx, rest[1:])
		}
		if len(rest) == 0 || (rest[0] != "add" && rest[0] != "example") {
			return usageError{fmt.Sprintf("usage: meldpunt %s add ... (see meldpunt --help)", cmd)}
		}
		switch cmd {
		case "user":
			return env.userAdd(ctx, rest[1:])
		case "org":
			return env.orgAdd(ctx, rest[1:])
		}
		fmt.Fprint(stdout, config.Example())
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown subcommand %q", cmd)}
	}
}

// environment is what every subcommand gets from main.
type environment struct {
	cfg            config.Config
	log            *slog.Logger
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
}

func (env *environment) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: meldpunt %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// database is an open connection pool and, when DATABASE_URL is empty, the private cluster behind it.
type database struct {
	store   *postgres.DB
	cluster *pgcluster.Cluster
	url     string
}

func (d *database) Close() {
	d.store.SQL().Close()
	if d.cluster != nil {
		if err := d.cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "meldpunt: stop PostgreSQL:", err)
		}
	}
}

// openDatabase connects to DATABASE_URL, or starts the private cluster in the data directory and
// creates the meldpunt database in it. With migrate, the schema is brought up to date; otherwise
// an out-of-date schema is an error. A short-lived command uses a private cluster another meldpunt
// runs; an owner (serve) refuses to, since that other process stops the cluster when it exits.
func (env *environment) openDatabase(ctx context.Context, migrate bool) (*database, error) {
	return env.openDatabaseAs(ctx, migrate, false)
}

func (env *environment) openDatabaseAs(ctx context.Context, migrate, owner bool) (*database, error) {
	d := &database{url: env.cfg.DatabaseURL}
	if d.url == "" {
		dir, err := filepath.Abs(filepath.Join(env.cfg.DataDir, "pgdata"))
		if err != nil {
			return nil, err
		}
		cl, err := pgcluster.Start(ctx, pgcluster.Options{DataDir: dir, Fsync: true,
			Logf: func(format string, args ...any) { env.log.Info(fmt.Sprintf(format, args...)) }})
		if errors.Is(err, pgcluster.ErrAlreadyRunning) && !owner {
			// Another meldpunt (say `serve`) runs the cluster: use it and leave it running.
			cl, err = pgcluster.Attach(dir)
		}
		if err != nil {
			return nil, fmt.Errorf("start the private PostgreSQL cluster in %s: %w", dir, err)
		}
		d.cluster = cl
		if err := cl.CreateDatabase(ctx, "meldpunt"); err != nil {
			cl.Stop()
			return nil, err
		}
		d.url = cl.URL("meldpunt")
		migrate = true // the private cluster is ours to keep current
	}
	sqldb, err := postgres.Open(ctx, d.url, env.cfg.DBMaxConns)
	if err != nil {
		if d.cluster != nil {
			d.cluster.Stop()
		}
		return nil, err
	}
	d.store = postgres.New(sqldb, env.now, postgres.Terms{HandlingDays: env.cfg.HandlingDays,
		AdviceDays: env.cfg.AdviceDays, Termijnenwet: env.cfg.Termijnenwet})
	sealer, err := secret.NewSealer(env.cfg.TOTPKey)
	if err != nil {
		d.Close()
		return nil, err
	}
	d.store.SetSealer(sealer)
	if migrate {
		applied, err := postgres.Migrate(ctx, sqldb.DB)
		if err != nil {
			d.Close()
			return nil, err
		}
		for _, a := range applied {
			env.log.Info("migration applied", "file", a)
		}
	}
	if err := postgres.CheckSchema(ctx, sqldb.DB); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func (env *environment) migrate(ctx context.Context, args []string) error {
	fs := env.flags("migrate", "migrate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := env.openDatabase(ctx, true)
	if err != nil {
		return err
	}
	defer db.Close()
	current, _, err := postgres.SchemaVersion(ctx, db.store.SQL().DB)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "schema at version %d\n", current)
	return nil
}

// signalContext returns a context cancelled by SIGINT or SIGTERM.
func signalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}
