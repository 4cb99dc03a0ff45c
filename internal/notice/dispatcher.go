// Package notice delivers the written notices of the outbox: it renders each letter as a PDF, stores
// it, and e-mails it where the recipient has an address and SMTP is configured; other letters go to
// the print queue for staff to post. Failures are retried with back-off and shown as failed after a
// limit.
//
// A letter is sent once. A notice is claimed under a short lease (Config.Lease) that a heartbeat
// extends while the dispatcher lives and works on its batch; the outcome is recorded only under the
// dispatcher's own claim. When an outcome cannot be recorded (the database is unreachable), the
// dispatcher keeps it in memory and sends nothing more, not that letter nor any other, until it has
// recorded it. A dispatcher that dies stops its heartbeat: its claims lapse within the lease and the
// next pass of another dispatcher delivers them. Only a dispatcher that died after sending and
// before recording leaves a letter to be sent a second time, with the same Message-ID, which
// receivers use to drop the duplicate.
package notice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	"meldpunt/internal/mail"
	"meldpunt/internal/pdf"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// Config tunes the dispatcher.
type Config struct {
	// Sender is the meldpunt's letterhead.
	Sender pdf.Sender
	// Batch is how many notices one pass claims at most.
	Batch int
	// Lease is how long a claimed notice stays hidden from other dispatchers after the claim or the
	// last heartbeat. Letters claimed by a dispatcher that died go out after at most Lease plus the
	// interval of the dispatch schedule.
	Lease time.Duration
	// Heartbeat is how often a working dispatcher extends the lease of every claim it holds, in one
	// statement (zero: Lease/3). It must be well under Lease-LeaseMargin, or letters are given back.
	Heartbeat time.Duration
	// LeaseMargin is the least time a claim must still run before a notice is sent on it. While the
	// heartbeat works the claim runs at least Lease-Heartbeat; when it fails (the database is
	// away), the letters still in hand are given back instead of being sent on a claim that may lapse.
	LeaseMargin time.Duration
	// MaxAttempts is how often a temporary failure is retried before the notice shows as failed.
	MaxAttempts int
	// Backoff is the wait after the first failed attempt; it doubles each time, up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// PublicMailLimit is how many e-mails at most go to one address typed on the public form per
	// PublicMailWindow; a letter over it is not e-mailed (see message). Zero means 3 per hour.
	PublicMailLimit  int
	PublicMailWindow time.Duration
	// RecordWait is how long one pass keeps trying to record an outcome it could not record, before
	// it stops (zero: 30 s); the next pass tries again before anything else. RecordBackoff is the
	// first wait between tries (zero: 250 ms), doubling up to 5 s. RecordTimeout bounds one try
	// (zero: 10 s).
	RecordWait, RecordBackoff, RecordTimeout time.Duration
}

// DefaultConfig retries for about a day: 1, 2, 4, … minutes, at most an hour apart, 30 attempts.
// A claim is leased for 40 s and extended every 10 s, so it runs at least 30 s while its
// dispatcher lives, of which at least 20 s are left when a letter is sent. With the default dispatch
// schedule (every 10 s) the letters of a dispatcher that died go out within 40 + 10 = 50 s.
var DefaultConfig = Config{Batch: 50, Lease: 40 * time.Second, Heartbeat: 10 * time.Second, LeaseMargin: 20 * time.Second,
	MaxAttempts: 30, Backoff: time.Minute, MaxBackoff: time.Hour, PublicMailLimit: 3, PublicMailWindow: time.Hour}

// withDefaults fills in the settings left zero.
func (c Config) withDefaults() Config {
	if c.Heartbeat <= 0 {
		c.Heartbeat = c.Lease / 3
	}
	if c.RecordWait <= 0 {
		c.RecordWait = 30 * time.Second
	}
	if c.RecordBackoff <= 0 {
		c.RecordBackoff = 250 * time.Millisecond
	}
	if c.RecordTimeout <= 0 {
		c.RecordTimeout = 10 * time.Second
	}
	return c
}

// Dispatcher delivers notices.
type Dispatcher struct {
	store *postgres.DB
	tpl   *letter.Templates
	mail  *mail.Sender // nil: no SMTP, every letter goes to the print queue
	log   *slog.Logger
	cfg   Config
	now   func() time.Time

	// urgent lets an urgent pass go first within this process: it holds the lock while it runs, and
	// a pass over everything takes a read lock for each letter, so it pauses between letters.
	urgent sync.RWMutex

	// mu guards claims, unrecorded, failing and beatFailing. claims are the notices this dispatcher
	// holds, by id, each with its lease as the last heartbeat extended it; unrecorded are the
	// outcomes it could not record yet, oldest first, whose claims it still holds; failing is true
	// from the first outcome not recorded until all are, beatFailing while the heartbeat fails.
	// recording lets one flush run at a time, beating one heartbeat.
	mu          sync.Mutex
	claims      map[int64]postgres.Delivery
	unrecorded  []unrecorded
	failing     bool
	beatFailing bool
	recording   sync.Mutex
	beating     sync.Mutex

	outcomes       *prometheus.CounterVec
	latency        prometheus.Histogram
	recordFailures prometheus.Counter
	outbox         *outboxCollector
}

// unrecorded is the outcome of a claimed notice that could not be recorded: record records it.
type unrecorded struct {
	n      postgres.Delivery
	record func(context.Context) error
}

// New returns a dispatcher. sender may be nil when SMTP is not configured.
func New(store *postgres.DB, tpl *letter.Templates, sender *mail.Sender, log *slog.Logger, cfg Config) *Dispatcher {
	return &Dispatcher{store: store, tpl: tpl, mail: sender, log: log, cfg: cfg.withDefaults(), now: store.Now,
		claims: map[int64]postgres.Delivery{},
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meldpunt_notices_total", Help: "Notice delivery attempts by outcome (sent, print, retry, failed).",
		}, []string{"outcome"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "meldpunt_notice_dispatch_latency_seconds", Help: "Time from writing a notice to sending or queueing it for print.",
			Buckets: []float64{1, 5, 10, 30, 60, 300, 900, 3600, 86400},
		}),
		recordFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "meldpunt_notice_record_failures_total",
			Help: "Outcomes of notices (sent, print, retry, failed) that could not be recorded at once; sending stops until they are.",
		}),
		outbox: &outboxCollector{store: store},
	}
}

// Collectors returns the dispatcher's metrics for registration.
func (d *Dispatcher) Collectors() []prometheus.Collector {
	return []prometheus.Collector{d.outcomes, d.latency, d.recordFailures, d.outbox}
}

// Result tells what one pass did.
type Result struct {
	Sent, Print, Retry, Failed int
	// NoAddress counts letters set aside to wait for an address: printing them would give a blank.
	NoAddress int
}

// Pass claims due notices until none are left and delivers each. Every claim takes the most
// urgent first (letters with a legal consequence, see postgres.NoticePriority), so a letter written
// while a pass works through a long backlog goes out after the batch in hand.
func (d *Dispatcher) Pass(ctx context.Context) (Result, error) {
	res, err := d.pass(ctx, d.store.ClaimNotices, true)
	if err == nil {
		// The e-mails about support requests (requests.go).
		_, err = d.SupportPass(ctx)
	}
	return res, err
}

// PassUrgent is Pass for the letters with a legal consequence only: after the sweep enforced an
// advice its letters go out at once, however much bulk waits in the outbox. While it runs, a Pass of
// the same dispatcher pauses after the letter in hand, so that the two do not share the machine.
func (d *Dispatcher) PassUrgent(ctx context.Context) (Result, error) {
	d.urgent.Lock()
	defer d.urgent.Unlock()
	return d.pass(ctx, d.store.ClaimUrgentNotices, false)
}

func (d *Dispatcher) pass(ctx context.Context, claim func(context.Context, int, time.Duration) ([]postgres.Delivery, error), yield bool) (Result, error) {
	var res Result
	defer d.heartbeat(ctx)()
	for {
		// An outcome this dispatcher could not record is recorded before anything else happens.
		if err := d.flush(ctx); err != nil {
			return res, err
		}
		batch, err := claim(ctx, d.cfg.Batch, d.cfg.Lease)
		if err != nil {
			return res, err
		}
		d.hold(batch)
		for i, n := range batch {
			if yield {
				// Wait for an urgent pass of this process to finish; the lease is checked after.
				d.urgent.RLock()
			}
			outcome, err := d.next(ctx, n)
			if yield {
				d.urgent.RUnlock()
			}
			switch outcome {
			case "sent":
				res.Sent++
			case "print":
				res.Print++
			case "retry":
				res.Retry++
			case "failed":
				res.Failed++
			case "no_address":
				res.NoAddress++
			}
			if err != nil {
				// The database is away: the pass stops, and the rest of the batch goes back.
				d.giveBack(ctx, batch[i+1:])
				return res, err
			}
		}
		if len(batch) < d.cfg.Batch || ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
}

// next delivers one claimed notice, or gives it back when its claim is about to run out or the
// process stops; it returns the outcome ("" when given back or lost). An error means that the
// dispatcher cannot reach the database: it stops sending.
func (d *Dispatcher) next(ctx context.Context, n postgres.Delivery) (string, error) {
	// Nothing is sent while an earlier outcome waits to be recorded.
	if err := d.flush(ctx); err != nil {
		d.giveBack(ctx, []postgres.Delivery{n})
		return "", err
	}
	until, held := d.lease(n)
	if !held {
		// The heartbeat found the claim taken by another dispatcher after it lapsed.
		d.log.WarnContext(ctx, "notice claim ran out before it was sent", "notice", n.ID, "kind", n.Kind)
		return "", nil
	}
	// A notice whose claim is about to run out (the heartbeat could not extend it), or that a
	// stopping process will not get to, is given back for the next pass: another dispatcher may
	// claim it then, and two must never send it at once.
	if ctx.Err() != nil || !d.now().Add(d.cfg.LeaseMargin).Before(until) {
		return "", d.release(ctx, n)
	}
	return d.deliver(ctx, n), nil
}

// deliver renders and sends one claimed notice and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, n postgres.Delivery) string {
	outcome, err := d.attempt(ctx, n)
	switch {
	case errors.Is(err, postgres.ErrLeaseLost):
		d.log.WarnContext(ctx, "notice claim ran out before its outcome was recorded", "notice", n.ID, "kind", n.Kind)
	case err != nil:
		// The outcome is kept; flush records it before anything else is sent.
		d.log.DebugContext(ctx, "notice outcome not recorded yet", "notice", n.ID, "kind", n.Kind, "err", err)
	}
	d.outcomes.WithLabelValues(outcome).Inc()
	return outcome
}

// record records the outcome of a claimed notice with rec. When that fails for another reason than
// a lost claim, the dispatcher keeps the outcome, and sends nothing more until flush has recorded
// it: a letter that went out must be marked sent, or it would go out again. The outcome is recorded
// even when the process is stopping.
func (d *Dispatcher) record(ctx context.Context, n postgres.Delivery, rec func(context.Context) error) error {
	err := d.try(ctx, rec)
	if err == nil || errors.Is(err, postgres.ErrLeaseLost) {
		d.unhold(n)
		return err
	}
	d.recordFailures.Inc()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.unrecorded = append(d.unrecorded, unrecorded{n: n, record: rec})
	if !d.failing {
		d.failing = true
		d.log.ErrorContext(ctx, "notice outcome not recorded: no letter is sent until it is", "notice", n.ID, "kind", n.Kind, "err", err)
	}
	return err
}

// try runs one recording, bounded by RecordTimeout, however the pass's context ends.
func (d *Dispatcher) try(ctx context.Context, rec func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.cfg.RecordTimeout)
	defer cancel()
	return rec(ctx)
}

// flush records the outcomes that could not be recorded, oldest first, trying again with a short
// back-off for at most RecordWait. It returns nil once none is left; an error leaves the rest kept.
func (d *Dispatcher) flush(ctx context.Context) error {
	d.recording.Lock()
	defer d.recording.Unlock()
	wait := d.cfg.RecordBackoff
	giveUp := time.Now().Add(d.cfg.RecordWait)
	for {
		d.mu.Lock()
		pending := slices.Clone(d.unrecorded)
		d.mu.Unlock()
		var err error
		done := 0
		for _, u := range pending {
			if err = d.try(ctx, u.record); err != nil && !errors.Is(err, postgres.ErrLeaseLost) {
				break
			}
			if err != nil {
				// Lapsed while the database was away and claimed by another dispatcher, which may
				// have sent it again, with the same Message-ID.
				d.log.WarnContext(ctx, "notice claim ran out before its outcome was recorded", "notice", u.n.ID, "kind", u.n.Kind)
				err = nil
			}
			d.unhold(u.n)
			done++
		}
		d.mu.Lock()
		d.unrecorded = d.unrecorded[done:]
		left := len(d.unrecorded)
		if left == 0 && d.failing {
			d.failing = false
			d.log.InfoContext(ctx, "notice outcomes recorded again: sending resumes", "recorded", done)
		}
		d.mu.Unlock()
		if left == 0 {
			return nil
		}
		if err == nil {
			continue // recorded meanwhile by another pass of this dispatcher
		}
		if ctx.Err() != nil || time.Now().Add(wait).After(giveUp) {
			return fmt.Errorf("%d notice outcomes not recorded, nothing is sent until they are: %w", left, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// hold registers the claims of a batch.
func (d *Dispatcher) hold(batch []postgres.Delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, n := range batch {
		d.claims[n.ID] = n
	}
}

// unhold forgets a claim whose outcome is recorded, or that was given back.
func (d *Dispatcher) unhold(n postgres.Delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.claims[n.ID]; ok && c.Claim == n.Claim {
		delete(d.claims, n.ID)
	}
}

// lease returns when the claim on n runs out as the last heartbeat extended it, and false when the
// dispatcher no longer holds it.
func (d *Dispatcher) lease(n postgres.Delivery) (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.claims[n.ID]
	if !ok || c.Claim != n.Claim {
		return time.Time{}, false
	}
	return c.LeaseUntil, true
}

// release gives one claimed notice back for the next pass.
func (d *Dispatcher) release(ctx context.Context, n postgres.Delivery) error {
	err := d.try(ctx, func(ctx context.Context) error { return d.store.Release(ctx, n) })
	if err != nil && !errors.Is(err, postgres.ErrLeaseLost) {
		// The claim lapses by itself.
		d.log.ErrorContext(ctx, "notice claim not released", "notice", n.ID, "err", err)
		d.unhold(n)
		return err
	}
	d.unhold(n)
	return nil
}

// giveBack gives back the claims a stopping pass will not get to, as long as the database answers;
// the others lapse by themselves.
func (d *Dispatcher) giveBack(ctx context.Context, rest []postgres.Delivery) {
	for i, n := range rest {
		if _, held := d.lease(n); !held {
			continue
		}
		if d.release(ctx, n) != nil {
			for _, m := range rest[i+1:] {
				d.unhold(m)
			}
			return
		}
	}
}

// heartbeat extends, every Heartbeat until the returned stop is called, the lease of every claim the
// dispatcher holds: those of the batch in hand and those whose outcome waits to be recorded. A
// claim the heartbeat finds taken by another dispatcher is forgotten, so it is not sent.
func (d *Dispatcher) heartbeat(ctx context.Context) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(d.cfg.Heartbeat)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				d.beat(ctx)
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// beat is one heartbeat: one statement for all the claims held. While a pass and an urgent pass
// run, each beats; one at a time is enough (and two statements locking the same rows could deadlock).
func (d *Dispatcher) beat(ctx context.Context) {
	if !d.beating.TryLock() {
		return
	}
	defer d.beating.Unlock()
	d.mu.Lock()
	claims := make([]postgres.Delivery, 0, len(d.claims))
	for _, c := range d.claims {
		claims = append(claims, c)
	}
	d.mu.Unlock()
	if len(claims) == 0 {
		return
	}
	until := d.now().Add(d.cfg.Lease)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.cfg.Heartbeat)
	defer cancel()
	held, err := d.store.ExtendClaims(ctx, claims, until)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		// The leases run on as they were; a letter is not sent when its claim is about to run out.
		if !d.beatFailing {
			d.beatFailing = true
			d.log.WarnContext(ctx, "notice claims not extended", "claims", len(claims), "err", err)
		}
		return
	}
	if d.beatFailing {
		d.beatFailing = false
		d.log.InfoContext(ctx, "notice claims extended again", "claims", len(held))
	}
	extended := make(map[int64]bool, len(held))
	for _, id := range held {
		extended[id] = true
	}
	for _, c := range claims {
		cur, ok := d.claims[c.ID]
		if !ok || cur.Claim != c.Claim {
			continue // recorded meanwhile
		}
		if extended[c.ID] {
			cur.LeaseUntil = until
			d.claims[c.ID] = cur
		} else {
			delete(d.claims, c.ID)
		}
	}
}

func (d *Dispatcher) attempt(ctx context.Context, n postgres.Delivery) (string, error) {
	kind := letter.Kind(n.Kind)
	data := d.letterData(n)
	doc, err := d.tpl.Render(kind, data)
	var file []byte
	if err == nil {
		file, err = pdf.Letter(doc)
	}
	// kept is the copy the meldpunt keeps. A letter with a tracking code is kept without it: the
	// code is in the letter that goes out (e-mailed, or printed from n.PrintPDF while it waits in
	// the print queue) and nowhere else once the outcome is recorded.
	kept := file
	if err == nil && data.TrackingCode != "" {
		data.TrackingCode, data.CodeKept = "", true
		var keptDoc pdf.LetterDoc
		if keptDoc, err = d.tpl.Render(kind, data); err == nil {
			kept, err = pdf.Letter(keptDoc)
		}
		n.PrintPDF = file
	}
	if err != nil {
		// A letter that cannot be written is reported, never dropped: it shows among the failed notices.
		d.log.ErrorContext(ctx, "letter cannot be rendered", "notice", n.ID, "kind", n.Kind, "err", err)
		return "failed", d.record(ctx, n, func(ctx context.Context) error { return d.store.Failed(ctx, n, "render: "+err.Error()) })
	}
	if n.Email == "" || d.mail == nil {
		if n.Recipient != "organisation" && (n.Street == "" || n.Postcode == "" || n.City == "") {
			// A letter to a person is never printed without an address: it waits until staff add
			// one, when it is written again for that address. Meanwhile the resident can read it
			// on the status page.
			d.log.WarnContext(ctx, "notice waits for an address", "notice", n.ID, "kind", n.Kind)
			return "no_address", d.record(ctx, n, func(ctx context.Context) error { return d.store.NoAddress(ctx, n, kept) })
		}
		d.latency.Observe(d.now().Sub(n.CreatedAt).Seconds())
		return "print", d.record(ctx, n, func(ctx context.Context) error { return d.store.Delivered(ctx, n, "print", kept) })
	}
	msg, byPost, err := d.message(ctx, n, doc, file)
	if err != nil {
		// The e-mails to the address could not be counted: nothing is sent, and the claim goes back
		// (or, with the database away, runs out) to be tried again.
		d.log.WarnContext(ctx, "notice e-mail count not taken", "notice", n.ID, "kind", n.Kind, "err", err)
		return "", d.release(ctx, n)
	}
	if msg == nil {
		// The address had all the e-mails it may get this hour: the letter goes by post, or waits
		// on the status page.
		d.log.WarnContext(ctx, "notice not e-mailed: limit for an address typed on the public form", "notice", n.ID, "kind", n.Kind)
		d.latency.Observe(d.now().Sub(n.CreatedAt).Seconds())
		if byPost {
			return "print", d.record(ctx, n, func(ctx context.Context) error { return d.store.Delivered(ctx, n, "print", kept) })
		}
		return "withheld", d.record(ctx, n, func(ctx context.Context) error { return d.store.Withheld(ctx, n, kept) })
	}
	sendCtx, sent := d.whileClaimed(ctx, n)
	err = d.mail.Send(sendCtx, *msg)
	sent()
	if err != nil && n.Unverified && !mayHaveArrived(err) {
		if uerr := d.try(ctx, func(ctx context.Context) error { return d.store.UnreservePublicMail(ctx, n) }); uerr != nil {
			d.log.WarnContext(ctx, "e-mail count not given back", "notice", n.ID, "err", uerr)
		}
	}
	switch {
	case err == nil:
		d.latency.Observe(d.now().Sub(n.CreatedAt).Seconds())
		if byPost {
			return "print", d.record(ctx, n, func(ctx context.Context) error { return d.store.NotifiedForPrint(ctx, n, kept) })
		}
		return "sent", d.record(ctx, n, func(ctx context.Context) error { return d.store.Delivered(ctx, n, "sent", kept) })
	case mail.Temporary(err) && n.Attempts < d.cfg.MaxAttempts:
		wait := d.cfg.Backoff << min(n.Attempts-1, 20)
		if wait > d.cfg.MaxBackoff || wait <= 0 {
			wait = d.cfg.MaxBackoff
		}
		d.log.WarnContext(ctx, "notice e-mail failed, will retry", "notice", n.ID, "attempt", n.Attempts, "wait", wait, "err", err)
		return "retry", d.record(ctx, n, func(ctx context.Context) error { return d.store.Retry(ctx, n, err.Error(), d.now().Add(wait)) })
	default:
		d.log.ErrorContext(ctx, "notice e-mail failed for good", "notice", n.ID, "attempt", n.Attempts, "err", err)
		return "failed", d.record(ctx, n, func(ctx context.Context) error { return d.store.Failed(ctx, n, err.Error()) })
	}
}

// message is the e-mail of a claimed notice: the letter's text with the letter attached. To an
// address typed on the public form by someone without an account (Delivery.Unverified) it is a
// short notice instead, with nothing the sender typed and no attachment: the reference, where to
// read the letter (the status page), and that it goes by post when there is a postal address
// (byPost: the letter itself then goes to the print queue as well). At most PublicMailLimit such
// e-mails go to one address per PublicMailWindow, counted in PostgreSQL across replicas and
// complaints; over it, message returns nil and the letter is not e-mailed at all (not later
// either: a flood of complaints naming a stranger's address must not become a slower flood).
func (d *Dispatcher) message(ctx context.Context, n postgres.Delivery, doc pdf.LetterDoc, file []byte) (msg *mail.Message, byPost bool, err error) {
	id := fmt.Sprintf("notice-%d", n.ID)
	if !n.Unverified {
		return &mail.Message{ID: id, To: []string{n.Email}, Subject: doc.Subject, Text: plainText(doc),
			Attachments: []mail.Attachment{{Name: fmt.Sprintf("%s-%s.pdf", n.Case.Reference, n.Kind),
				ContentType: "application/pdf", Data: file}},
		}, false, nil
	}
	byPost = n.Street != "" && n.Postcode != "" && n.City != ""
	limit, window := d.cfg.PublicMailLimit, d.cfg.PublicMailWindow
	if limit <= 0 || window <= 0 {
		limit, window = DefaultConfig.PublicMailLimit, DefaultConfig.PublicMailWindow
	}
	ok, err := d.store.ReservePublicMail(ctx, n, limit, window)
	if err != nil || !ok {
		return nil, byPost, err
	}
	subject, text, err := d.tpl.Notice(letter.Kind(n.Kind), d.letterData(n), byPost)
	if err != nil {
		return nil, byPost, err
	}
	return &mail.Message{ID: id, To: []string{n.Email}, Subject: subject, Text: text}, byPost, nil
}

// whileClaimed returns the context to send n in: it ends when the claim on n runs out as the
// heartbeat last extended it, or when the heartbeat finds it taken. From then on another dispatcher
// may claim the letter and send it, so a send that outlives the claim (a slow mail server while the
// heartbeat fails) is cut off rather than completed. done stops the watch.
func (d *Dispatcher) whileClaimed(ctx context.Context, n postgres.Delivery) (_ context.Context, done func()) {
	ctx, cancel := context.WithCancel(ctx)
	stop := make(chan struct{})
	left := func() (time.Duration, bool) {
		until, held := d.lease(n)
		left := until.Sub(d.now())
		return left, held && left > 0
	}
	// The first reading is taken as the send begins, the next ones after waiting.
	wait, held := left()
	var wg sync.WaitGroup
	wg.Go(func() {
		for held {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-time.After(min(wait, d.cfg.Heartbeat)):
			}
			wait, held = left()
		}
		d.log.WarnContext(ctx, "notice claim ran out while it was being sent: the send is cut off", "notice", n.ID, "kind", n.Kind)
		cancel()
	})
	return ctx, func() { close(stop); wg.Wait(); cancel() }
}

// mayHaveArrived reports whether a failed send may still have delivered the message: the server
// took it and gave no reply (the connection broke or timed out after the upload). Such an e-mail
// keeps its place in the count per address; one the server refused, or that never got that far,
// gives it back.
func mayHaveArrived(err error) bool {
	var se *mail.SendError
	return errors.As(err, &se) && se.Stage == mail.StageData && se.Code == 0
}

// plainText is the e-mail body: the letter's own text, so that the e-mail says what the PDF says.
func plainText(doc pdf.LetterDoc) string {
	var b strings.Builder
	b.WriteString(doc.Opening + "\n\n")
	for _, p := range doc.Body {
		switch p.Kind {
		case pdf.List:
			for _, item := range p.Items {
				b.WriteString("- " + item + "\n")
			}
			b.WriteString("\n")
		default:
			b.WriteString(p.Text + "\n\n")
		}
	}
	b.WriteString(doc.Closing + "\n" + strings.Join(doc.Signature, "\n") + "\n")
	return b.String()
}

// letterData fills the letter template's data from the notice and the facts it keeps: the
// recipient's address and the case as they were when the notice was written.
func (d *Dispatcher) letterData(n postgres.Delivery) letter.Data {
	c := n.Case
	data := letter.Data{
		Language:  n.Language,
		Sender:    d.cfg.Sender,
		Recipient: pdf.Address{Name: n.Name, Street: n.Street, Postal: n.Postcode, City: n.City},
		// The letter is dated the day it was caused, however late it is delivered.
		Date:               term.LocalDate(n.CreatedAt),
		Reference:          c.Reference,
		HandlerName:        c.HandlerName,
		Organisations:      c.Organisations,
		ReceivedOn:         c.ReceivedOn,
		LastDay:            c.HandlingLastDay,
		Summary:            c.Summary,
		Verdict:            c.Verdict,
		Findings:           c.Findings,
		Conclusions:        c.Conclusions,
		InadmissibleGround: casework.InadmissibleGround(c.InadmissibleGround),
	}
	if data.ReceivedOn.IsZero() {
		// Facts kept before they held the day of receipt: the day the complaint was registered.
		data.ReceivedOn = term.LocalDate(c.ReceivedAt)
	}
	if a := c.Advice; a != nil {
		data.Advice = a.Text
		data.Organisation = a.Organisation
		data.RejectionReasons = a.RejectionReasons
		data.RespondBy = a.RespondBy
		data.Deadline = a.DeadlineAt
		if data.Deadline.IsZero() && !a.RespondBy.IsZero() {
			data.Deadline = term.DeadlineInstant(a.RespondBy)
		}
	}
	// An organisation reads only its own advice and its own hearing; the complainant reads them all.
	var org int64 = -1
	switch n.Recipient {
	case "organisation":
		data.ToOrganisation = true
		data.Recipient.Attention = attention(n.Language)
		data.ComplainantName = c.ComplainantName
		if data.Organisation == "" {
			data.Organisation = n.Name
		}
		if n.OrganisationID != nil {
			org = *n.OrganisationID
		}
	case "supporter":
		data.ToSupporter = true
		data.ClientName = c.ComplainantName
	case "complainant":
		if c.SupporterName != "" {
			data.CopyTo = []string{c.SupporterName}
		}
	}
	for _, a := range c.Advices {
		if org < 0 || a.OrganisationID == org {
			data.Advices = append(data.Advices, letter.AdviceLine{Organisation: a.Organisation, Text: a.Text, RespondBy: a.RespondBy})
		}
	}
	for _, h := range c.Hearings {
		if org >= 0 && (h.Party != casework.PartyOrganisation || h.OrganisationID != org) {
			continue
		}
		line := letter.HearingLine{Party: h.Party, Organisation: h.Organisation, Record: h.Record, Skipped: h.Skipped}
		if h.HeldOn != nil {
			line.HeldOn = *h.HeldOn
		}
		if h.ReportSent != nil {
			line.ReportSent = *h.ReportSent
			// The reader's own report: the complainant's for the complainant and supporter, the
			// organisation's own for an organisation (the only hearing its letter holds).
			if (org < 0) == (h.Party == casework.PartyComplainant) && line.ReportSent.After(data.HearingReportSent) {
				data.HearingReportSent = line.ReportSent
			}
		}
		data.Hearings = append(data.Hearings, line)
	}
	v := n.Data
	if day, err := term.ParseDate(v["old_last_day"]); err == nil {
		data.LastDay = day
	}
	if day, err := term.ParseDate(v["new_last_day"]); err == nil {
		data.NewLastDay = day
	}
	switch n.Kind {
	case postgres.NoticePostponement:
		data.PostponementReason = v["reason"]
	case postgres.NoticeInadmissible:
		data.InadmissibleGround = casework.InadmissibleGround(v["ground"])
		data.InadmissibleReasons = v["reasons"]
		data.EarlierReference = v["earlier_reference"]
	case postgres.NoticeCaseEnded:
		data.InadmissibleGround = casework.InadmissibleGround(v["ground"])
	case postgres.NoticeClosed:
		// The reason staff gave is a note for the file; the letter explains the closing itself.
		data.Closing = v["action"]
	case postgres.NoticeAcknowledgement, postgres.NoticeNewTrackingCode:
		// The code is in the notice until its letter is written (postgres: withoutCode).
		data.TrackingCode = v["tracking_code"]
		data.CodeKept = v["code_kept"] == "true"
		data.FiledBySupporter = v["filed_by_supporter"] == "true"
	case postgres.NoticeHearingInvitation:
		if t, err := time.ParseInLocation("2006-01-02 15:04", v["hearing_date"]+" "+v["hearing_time"], term.Amsterdam()); err == nil {
			data.HearingAt = t
		}
		data.HearingPlace = v["hearing_place"]
	case postgres.NoticeReminder:
		fmt.Sscan(v["working_days_left"], &data.WorkingDaysLeft)
	case postgres.NoticeHearingReport:
		data.HearingHeldOn, _ = term.ParseDate(v["held_on"])
		data.HearingRecord = v["record"]
	case postgres.NoticeEnforcementCorrected:
		data.Outcome = casework.AdviceStatus(v["outcome"])
		data.AnswerChannel = casework.AnswerChannel(v["answer_channel"])
		if day, err := term.ParseDate(v["answer_received_on"]); err == nil {
			data.AnswerReceivedOn = day
		}
	}
	// A case that ended early (withdrawn, resolved, inadmissible): the letter to an organisation
	// says so instead of promising a hearing and a ruling.
	if ended := casework.Status(v["case_ended"]); ended != "" {
		data.CaseEnded = ended
		if day, err := term.ParseDate(v["ended_on"]); err == nil {
			data.EndedOn = day
		}
	}
	return data
}

func attention(lang casework.Language) string {
	if lang == casework.LanguageEnglish {
		return "for the attention of the management"
	}
	return "t.a.v. de directie"
}

// outboxCollector reports the outbox's backlog at scrape time.
type outboxCollector struct{ store *postgres.DB }

var (
	outboxDesc = prometheus.NewDesc("meldpunt_outbox_notices", "Notices in the outbox by status (pending, print, failed, no_address).", []string{"status"}, nil)
	oldestDesc = prometheus.NewDesc("meldpunt_outbox_oldest_pending_seconds", "Age of the oldest notice waiting to be sent.", nil, nil)
)

func (o *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- outboxDesc; ch <- oldestDesc }

func (o *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, age, err := o.store.OutboxCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
		return
	}
	for s, n := range counts {
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(n), s)
	}
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age.Seconds())
}
