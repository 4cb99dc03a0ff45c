package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

// letterhead is the meldpunt as configured, for letters and the annual report.
func (env *environment) letterhead() pdf.Sender {
	lh := env.cfg.Letterhead
	return pdf.Sender{Name: lh.Name, Tagline: lh.Tagline, Street: lh.Street, Postal: lh.Postal, City: lh.City,
		Phone: lh.Phone, Email: lh.Email, Website: lh.Website}
}

// report runs "meldpunt report annual --year Y --out FILE".
func (env *environment) report(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "annual" {
		return usageError{"usage: meldpunt report annual --year Y --out FILE [--lang nl|en] [--format pdf|csv|json]"}
	}
	fs := env.flags("report annual", "report annual --year Y --out FILE [--lang nl|en] [--format pdf|csv|json]")
	yearFlag := fs.String("year", "", "the calendar year to report on (required), up to the current year")
	out := fs.String("out", "", "file to write (required); the format follows its extension unless --format is given")
	lang := fs.String("lang", "nl", "language of the PDF: nl or en")
	formatFlag := fs.String("format", "", "pdf, csv or json (default: the extension of --out)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *yearFlag == "" || *out == "" {
		fs.Usage()
		return usageError{"--year and --out are required"}
	}
	year, err := report.ParseYear(*yearFlag, env.now())
	if err != nil {
		return describe(err)
	}
	format := report.Format(strings.ToLower(*formatFlag))
	if format == "" {
		format = report.Format(strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."))
	}
	if format != report.PDF && format != report.CSV && format != report.JSON {
		return usageError{fmt.Sprintf("cannot tell the format of %q: give --format pdf, csv or json", *out)}
	}
	if *lang != string(casework.LanguageDutch) && *lang != string(casework.LanguageEnglish) {
		return usageError{"--lang must be nl or en"}
	}
	// The file must be writable before a version is stored.
	if f, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*"); err != nil {
		return fmt.Errorf("cannot write %s: %w", *out, err)
	} else {
		f.Close()
		os.Remove(f.Name())
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	gen, err := report.New(db.store, env.letterhead())
	if err != nil {
		return err
	}
	res, err := gen.Generate(ctx, report.Request{Year: year, Format: format, Language: casework.Language(*lang),
		Trigger: report.TriggerCommand, Actor: casework.SystemActor})
	if err != nil {
		return describe(err)
	}
	if err := writeFileAtomic(*out, res.Content); err != nil {
		return err
	}
	v := res.Version
	state := "final"
	if v.Draft {
		state = "draft"
	}
	fmt.Fprintf(env.stdout, "annual report %d (%s, %s): version %d, %s, %d bytes, sha256 %x\nwritten to %s\n",
		v.Year, v.Format, v.Language, v.Version, state, v.Size, []byte(v.SHA256), *out)
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it into place, so a
// failed run never leaves half a report.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// annualJob generates last year's report in every edition, as the scheduled job does early in
// January. It is what the cron entry runs, and what serve runs at start-up when the scheduled
// time of this year has passed without a scheduled generation (the service was down).
type annualJob struct {
	store *postgres.DB
	gen   *report.Generator
	env   *environment
}

func (j annualJob) run(ctx context.Context) error {
	year := j.store.Now().In(term.Amsterdam()).Year() - 1
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	var errs []error
	// With several replicas, one makes the report; the others find it being made and leave it.
	ran, err := j.store.Exclusively(ctx, "annual report job", year, func() error {
		done, err := j.store.ScheduledEditions(ctx, year)
		if err != nil {
			return err
		}
		for _, r := range annualEditions(year) {
			if done[string(r.Format)+"/"+string(r.Language)] {
				continue // stored by an earlier run that did not finish every edition
			}
			r.Trigger, r.Actor = report.TriggerSchedule, casework.SystemActor
			res, err := j.gen.Generate(ctx, r)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w", r.Format, r.Language, err))
				continue
			}
			j.env.log.InfoContext(ctx, "annual report generated", "year", year, "format", r.Format, "language", res.Version.Language,
				"version", res.Version.Version, "draft", res.Version.Draft, "bytes", res.Version.Size)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	if !ran && err == nil {
		j.env.log.InfoContext(ctx, "annual report: another process is making it", "year", year)
	}
	if err := errors.Join(errs...); err != nil {
		j.env.log.ErrorContext(ctx, "annual report failed", "year", year, "err", err)
		return err
	}
	return nil
}

// annualEditions are the editions the scheduled job makes.
func annualEditions(year int) []report.Request {
	return []report.Request{
		{Year: year, Format: report.PDF, Language: casework.LanguageDutch},
		{Year: year, Format: report.PDF, Language: casework.LanguageEnglish},
		{Year: year, Format: report.CSV, Language: casework.LanguageDutch},
		{Year: year, Format: report.JSON, Language: casework.LanguageDutch},
	}
}

// catchUp runs the job when it is due: at start-up and every hour, so that a run missed while the
// service or the database was down, or one that failed half-way, is made up for.
func (j annualJob) catchUp(ctx context.Context, spec string) {
	due, err := j.due(ctx, spec)
	if err != nil {
		j.env.log.ErrorContext(ctx, "annual report catch-up", "err", err)
		return
	}
	if due {
		j.run(ctx)
	}
}

// due reports whether this year's scheduled generation time has passed while some edition of last
// year's report was never generated by the schedule.
func (j annualJob) due(ctx context.Context, spec string) (bool, error) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return false, err
	}
	now := j.store.Now().In(term.Amsterdam())
	start := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, term.Amsterdam())
	if first := sched.Next(start.Add(-time.Second)); first.After(now) || first.Year() != now.Year() {
		return false, nil
	}
	done, err := j.store.ScheduledEditions(ctx, now.Year()-1)
	return len(done) < len(annualEditions(now.Year()-1)), err
}
