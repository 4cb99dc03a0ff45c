// Package notice delivers the written notices of the outbox: it renders each letter as a PDF, stores
// it, and e-mails it where the recipient has an address and SMTP is configured; other letters go to
// the print queue for staff to post. Failures are retried with back-off and shown as failed after a
// limit. A notice is claimed under a lease, so a dispatcher that dies mid-way leaves it to be sent
// again later with the same Message-ID, which receivers use to drop the duplicate.
package notice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	// Lease is how long a claimed notice stays hidden from other dispatchers.
	Lease time.Duration
	// LeaseMargin is the least time a claim must still run before a notice is sent on it: more than
	// one render and one SMTP conversation (whose timeout is 30 s by default).
	LeaseMargin time.Duration
	// MaxAttempts is how often a temporary failure is retried before the notice shows as failed.
	MaxAttempts int
	// Backoff is the wait after the first failed attempt; it doubles each time, up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// PublicMailLimit is how many e-mails at most go to one address typed on the public form per
	// PublicMailWindow; a letter over it is not e-mailed (see message). Zero means 3 per hour.
	PublicMailLimit  int
	PublicMailWindow time.Duration
}

// DefaultConfig retries for about a day: 1, 2, 4, … minutes, at most an hour apart, 30 attempts.
var DefaultConfig = Config{Batch: 50, Lease: 5 * time.Minute, LeaseMargin: time.Minute, MaxAttempts: 30,
	Backoff: time.Minute, MaxBackoff: time.Hour, PublicMailLimit: 3, PublicMailWindow: time.Hour}

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

	outcomes *prometheus.CounterVec
	latency  prometheus.Histogram
	outbox   *outboxCollector
}

// New returns a dispatcher. sender may be nil when SMTP is not configured.
func New(store *postgres.DB, tpl *letter.Templates, sender *mail.Sender, log *slog.Logger, cfg Config) *Dispatcher {
	return &Dispatcher{store: store, tpl: tpl, mail: sender, log: log, cfg: cfg, now: store.Now,
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meldpunt_notices_total", Help: "Notice delivery attempts by outcome (sent, print, retry, failed).",
		}, []string{"outcome"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "meldpunt_notice_dispatch_latency_seconds", Help: "Time from writing a notice to sending or queueing it for print.",
			Buckets: []float64{1, 5, 10, 30, 60, 300, 900, 3600, 86400},
		}),
		outbox: &outboxCollector{store: store},
	}
}

// Collectors returns the dispatcher's metrics for registration.
func (d *Dispatcher) Collectors() []prometheus.Collector {
	return []prometheus.Collector{d.outcomes, d.latency, d.outbox}
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
	return d.pass(ctx, d.store.ClaimNotices, true)
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
	for {
		batch, err := claim(ctx, d.cfg.Batch, d.cfg.Lease)
		if err != nil {
			return res, err
		}
		for _, n := range batch {
			if yield {
				// Wait for an urgent pass of this process to finish; the lease is checked after.
				d.urgent.RLock()
			}
			outcome := d.next(ctx, n)
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
		}
		if len(batch) < d.cfg.Batch || ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
}

// next delivers one claimed notice, or gives it back when its claim is about to run out or the
// process stops; it returns the outcome ("" when given back).
func (d *Dispatcher) next(ctx context.Context, n postgres.Delivery) string {
	// A notice whose claim is about to run out, or that a stopping process will not get to, is
	// given back for the next pass: another dispatcher may claim it then, and two must never send it
	// at once.
	if ctx.Err() != nil || !d.now().Add(d.cfg.LeaseMargin).Before(n.LeaseUntil) {
		if err := d.store.Release(context.WithoutCancel(ctx), n); err != nil && !errors.Is(err, postgres.ErrLeaseLost) {
			d.log.ErrorContext(ctx, "notice claim not released", "notice", n.ID, "err", err)
		}
		return ""
	}
	return d.deliver(ctx, n)
}

// deliver renders and sends one claimed notice and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, n postgres.Delivery) string {
	outcome, err := d.attempt(ctx, n)
	switch {
	case errors.Is(err, postgres.ErrLeaseLost):
		d.log.WarnContext(ctx, "notice claim ran out before its outcome was recorded", "notice", n.ID, "kind", n.Kind)
	case err != nil:
		// The outcome could not be recorded: the lease runs out and the notice is tried again.
		d.log.ErrorContext(ctx, "notice outcome not recorded", "notice", n.ID, "kind", n.Kind, "err", err)
	}
	d.outcomes.WithLabelValues(outcome).Inc()
	return outcome
}

func (d *Dispatcher) attempt(ctx context.Context, n postgres.Delivery) (string, error) {
	// The outcome is recorded even when the process is stopping: an e-mail that went out must be
	// marked sent, or it would go out again.
	record := context.WithoutCancel(ctx)
	kind := letter.Kind(n.Kind)
	data := d.letterData(n)
	doc, err := d.tpl.Render(kind, data)
	var file []byte
	if err == nil {
		file, err = pdf.Letter(doc)
	}
	if err != nil {
		// A letter that cannot be written is reported, never dropped: it shows among the failed notices.
		d.log.ErrorContext(ctx, "letter cannot be rendered", "notice", n.ID, "kind", n.Kind, "err", err)
		return "failed", d.store.Failed(record, n, "render: "+err.Error())
	}
	if n.Email == "" || d.mail == nil {
		if n.Recipient != "organisation" && (n.Street == "" || n.Postcode == "" || n.City == "") {
			// A letter to a person is never printed without an address: it waits until staff add
			// one, when it is written again for that address. Meanwhile the resident can read it
			// on the status page.
			d.log.WarnContext(ctx, "notice waits for an address", "notice", n.ID, "kind", n.Kind)
			return "no_address", d.store.NoAddress(record, n, file)
		}
		d.latency.Observe(d.now().Sub(n.CreatedAt).Seconds())
		return "print", d.store.Delivered(record, n, "print", file)
	}
	msg, byPost, err := d.message(ctx, n, doc, file)
	if err != nil {
		// The e-mails to the address could not be counted: the claim runs out and it is tried again.
		return "retry", err
	}
	if msg == nil {
		// The address had all the e-mails it may get this hour: the letter goes by post, or waits
		// on the status page.
		d.log.WarnContext(ctx, "notice not e-mailed: limit for an address typed on the public form", "notice", n.ID, "kind", n.Kind)
		d.latency.Observe(d.now().Sub(n.CreatedAt).Seconds())
		if byPost {
			return "print", d.store.Delivered(record, n, "print", file)
		}
		return "withheld", d.store.Withheld(record, n, file)
	}
	err = d.mail.Send(ctx, *msg)
	if err != nil && n.Unverified {
		if uerr := d.store.UnreservePublicMail(record, n); uerr != nil {
			d.log.WarnContext(ctx, "e-mail count not given back", "notice", n.ID, "err", uerr)
		}
	}
	switch {
	case err == nil:
		d.latency.Observe(d.now().Sub(n.CreatedAt).Seconds())
		if byPost {
			return "print", d.store.NotifiedForPrint(record, n, file)
		}
		return "sent", d.store.Delivered(record, n, "sent", file)
	case mail.Temporary(err) && n.Attempts < d.cfg.MaxAttempts:
		wait := d.cfg.Backoff << min(n.Attempts-1, 20)
		if wait > d.cfg.MaxBackoff || wait <= 0 {
			wait = d.cfg.MaxBackoff
		}
		d.log.WarnContext(ctx, "notice e-mail failed, will retry", "notice", n.ID, "attempt", n.Attempts, "wait", wait, "err", err)
		return "retry", d.store.Retry(record, n, err.Error(), d.now().Add(wait))
	default:
		d.log.ErrorContext(ctx, "notice e-mail failed for good", "notice", n.ID, "attempt", n.Attempts, "err", err)
		return "failed", d.store.Failed(record, n, err.Error())
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
