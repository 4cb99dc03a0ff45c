package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"meldpunt/internal/deadline"
	"meldpunt/internal/destruction"
	"meldpunt/internal/letter"
	"meldpunt/internal/mail"
	"meldpunt/internal/notice"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

// workers are the background jobs of serve: the deadline sweep, the outbox dispatcher, the
// reminders and the annual report.
type workers struct {
	sweeper    *deadline.Sweeper
	dispatcher *notice.Dispatcher
	annual     annualJob
	// destroyer destroys approved files in the background and counts the due ones nightly.
	destroyer *destruction.Destroyer
	store     *postgres.DB
	log       *slog.Logger
}

// newWorkers builds the jobs; a broken letter template or SMTP setting stops start-up here.
func (env *environment) newWorkers(store *postgres.DB) (*workers, error) {
	tpl, err := letter.Default()
	if err != nil {
		return nil, fmt.Errorf("letter templates: %w", err)
	}
	if err := tpl.Check(); err != nil {
		return nil, fmt.Errorf("letter templates: %w", err)
	}
	var sender *mail.Sender
	c := env.cfg.SMTP
	smtp := mail.Config{Host: c.Host, Port: c.Port, Username: c.Username, Password: c.Password, From: c.From, TLS: c.TLS}
	if err := smtp.Validate(); err != nil {
		return nil, fmt.Errorf("SMTP configuration: %w", err)
	}
	if smtp.Enabled() {
		if sender, err = mail.NewSender(smtp); err != nil {
			return nil, fmt.Errorf("SMTP: %w", err)
		}
	} else {
		env.log.Info("no SMTP server configured: every letter goes to the print queue")
	}
	cfg := notice.DefaultConfig
	cfg.Sender = env.letterhead()
	cfg.PublicMailLimit = env.cfg.PublicMailLimit
	gen, err := report.New(store, env.letterhead())
	if err != nil {
		return nil, fmt.Errorf("report texts: %w", err)
	}
	return &workers{
		sweeper:    deadline.New(store, env.log, env.cfg.SweepTimeout),
		dispatcher: notice.New(store, tpl, sender, env.log, cfg),
		annual:     annualJob{store: store, gen: gen, env: env},
		destroyer:  destruction.New(store, env.log),
		store:      store,
		log:        env.log,
	}, nil
}

// dispatch runs one outbox pass and logs what it did.
func (w *workers) dispatch(ctx context.Context) (notice.Result, error) {
	return w.runPass(ctx, w.dispatcher.Pass)
}

// dispatchUrgent runs one outbox pass over the letters with a legal consequence only.
func (w *workers) dispatchUrgent(ctx context.Context) (notice.Result, error) {
	return w.runPass(ctx, w.dispatcher.PassUrgent)
}

func (w *workers) runPass(ctx context.Context, pass func(context.Context) (notice.Result, error)) (notice.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	res, err := pass(ctx)
	switch {
	case err != nil && errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// Shutting down: the pass was stopped, not failed; its claims lapse and are taken again.
		w.log.InfoContext(ctx, "dispatch stopped for shutdown")
	case err != nil:
		w.log.ErrorContext(ctx, "dispatch failed", "err", err)
	case res != (notice.Result{}):
		w.log.InfoContext(ctx, "dispatch", "sent", res.Sent, "print", res.Print, "retry", res.Retry, "failed", res.Failed)
	}
	return res, err
}

// remind writes the reminders that are due.
func (w *workers) remind(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	n, err := w.store.SendReminders(ctx, postgres.DefaultReminders)
	if err != nil {
		w.log.ErrorContext(ctx, "reminders failed", "err", err)
	} else if n > 0 {
		w.log.InfoContext(ctx, "reminders written", "count", n)
	}
}

// schedule puts the jobs on one cron scheduler in Europe/Amsterdam, with panic recovery and no
// overlapping runs of a job. After a sweep that enforced something, the letters with a legal
// consequence are delivered at once: only those, so that the sweep is not held up by the bulk of the
// outbox (the dispatch job's own pass works through that, urgent letters first in every batch).
// An empty report spec schedules no annual report.
func (w *workers) schedule(ctx context.Context, sweep, dispatch, remind, annual string) (*cron.Cron, error) {
	logger := cronLogger{w.log}
	c := cron.New(cron.WithLocation(term.Amsterdam()),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	jobs := []struct {
		spec string
		run  func()
	}{
		{sweep, func() {
			if res, err := w.sweeper.Pass(ctx); err == nil && res.Enforced > 0 {
				w.dispatchUrgent(ctx)
			}
		}},
		{dispatch, func() { w.dispatch(ctx) }},
		{remind, func() { w.remind(ctx) }},
		// The nightly count of files due for destruction: the count only, in the log and /metrics.
		{destruction.NightlySchedule, func() { w.destroyer.CountDue(ctx) }},
	}
	if annual != "" {
		jobs = append(jobs, struct {
			spec string
			run  func()
		}{annual, func() { w.annual.run(ctx) }}, struct {
			spec string
			run  func()
		}{"@every 1h", func() { w.annual.catchUp(ctx, annual) }})
	}
	for _, j := range jobs {
		if _, err := c.AddFunc(j.spec, j.run); err != nil {
			return nil, fmt.Errorf("schedule %q: %w", j.spec, err)
		}
	}
	return c, nil
}

// cronLogger lets robfig/cron log through slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
