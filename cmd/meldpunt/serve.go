package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"meldpunt/internal/demo"
	"meldpunt/internal/web"
)

func (env *environment) serve(ctx context.Context, args []string) error {
	fs := env.flags("serve", "serve [--demo]")
	withDemo := fs.Bool("demo", false, "load demo data first when the database holds no organisations yet")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signalContext(ctx)
	defer stop()
	db, err := env.openDatabaseAs(ctx, false, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if *withDemo {
		loaded, err := demo.LoadIfEmpty(ctx, db.store.SQL(), env.now, db.store.Terms())
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if loaded != nil {
			env.log.Info("demo data loaded", "complaints", loaded.Complaints, "users", len(loaded.Accounts))
			fmt.Fprint(env.stdout, loaded.Summary())
		}
	}
	if len(env.cfg.TOTPKey) == 0 {
		env.log.Warn("MELDPUNT_TOTP_KEY is empty: the keys of two-step sign-in are stored unencrypted in the database")
	}
	// A changed or missing MELDPUNT_TOTP_KEY would lock every user with two-step sign-in out with an
	// error at each sign-in: better not to start, and say what to do.
	if bad, err := db.store.UnreadableTOTPKeys(ctx); err != nil {
		return err
	} else if len(bad) > 0 {
		return fmt.Errorf("%d stored two-step sign-in keys cannot be opened with MELDPUNT_TOTP_KEY (was it changed or left out?): "+
			"start with the key they were sealed with, or switch them off with `meldpunt user two-step-off --unreadable`", len(bad))
	}
	work, err := env.newWorkers(db.store)
	if err != nil {
		return err
	}
	srv, err := web.New(db.store, env.log, web.Config{TokenTTL: env.cfg.TokenTTL, SessionTTL: env.cfg.SessionTTL,
		SessionIdle: env.cfg.SessionIdle, LoginLimit: env.cfg.LoginLimit,
		LookupLimit: env.cfg.LookupLimit, LimitWindow: env.cfg.LimitWindow,
		IntakeLimit: env.cfg.IntakeLimit, IntakeWindow: env.cfg.IntakeWindow, TrustedProxies: env.cfg.TrustedProxies,
		Collectors: slices.Concat(work.sweeper.Collectors(), work.dispatcher.Collectors(), work.destroyer.Collectors()), Letterhead: env.letterhead(), Privacy: env.cfg.Privacy,
		Contact: env.cfg.Contact})
	if err != nil {
		return err
	}
	// Background work stops on its own context, after the HTTP server has drained.
	jobCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer stopJobs()
	jobs, err := work.schedule(jobCtx, env.cfg.SweepSchedule, env.cfg.DispatchSchedule, env.cfg.ReminderSchedule,
		env.cfg.ReportSchedule)
	if err != nil {
		return err
	}
	// Catch up at once on whatever fell due while the service was down: the sweep before serving,
	// a missed annual report in the background.
	work.sweeper.Pass(jobCtx)
	var catchUp sync.WaitGroup
	if spec := env.cfg.ReportSchedule; spec != "" {
		catchUp.Go(func() { work.annual.catchUp(jobCtx, spec) })
	}
	// The destroyer works through approved destruction lists until shutdown (several replicas
	// share the work: each batch takes other files).
	catchUp.Go(func() { work.destroyer.Run(jobCtx) })
	jobs.Start()
	defer func() {
		stopJobs()
		<-jobs.Stop().Done()
		catchUp.Wait()
		env.log.Info("background jobs stopped")
	}()
	hs := &http.Server{
		Addr:              env.cfg.Addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", env.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", env.cfg.Addr, err)
	}
	env.log.Info("serving", "addr", "http://"+ln.Addr().String())
	fmt.Fprintf(env.stdout, "meldpunt serving on http://%s (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	env.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), env.cfg.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	env.log.Info("stopped")
	return nil
}
