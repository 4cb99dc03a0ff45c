package notice

import (
	"context"
	"fmt"
	"strings"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/mail"
	"meldpunt/internal/postgres"
)

// SupportPass sends the e-mails that tell residents of a step on their support request (a
// supporter accepted, declined or referred it). The resident typed the address without an account,
// so each e-mail is a short neutral notice: that there is news about the request with this
// reference, and where to read it (the request page, with the reference and the secret code). It
// carries nothing anyone typed, and counts towards the PublicMailLimit e-mails an address may get
// per PublicMailWindow, shared with the complaint form's letters; over it the e-mail is withheld
// (the decision is on the request page). Without a mail server the notices are withheld too.
func (d *Dispatcher) SupportPass(ctx context.Context) (sent int, err error) {
	limit, window := d.cfg.PublicMailLimit, d.cfg.PublicMailWindow
	if limit <= 0 || window <= 0 {
		limit, window = DefaultConfig.PublicMailLimit, DefaultConfig.PublicMailWindow
	}
	for {
		batch, err := d.store.ClaimSupportNotices(ctx, d.cfg.Batch, d.cfg.Lease)
		if err != nil {
			return sent, err
		}
		for _, n := range batch {
			ok, err := d.sendSupportNotice(ctx, n, limit, window)
			if err != nil {
				return sent, err // the database is away: the claims run out and are taken again
			}
			if ok {
				sent++
			}
		}
		if len(batch) < d.cfg.Batch || ctx.Err() != nil {
			return sent, ctx.Err()
		}
	}
}

func (d *Dispatcher) sendSupportNotice(ctx context.Context, n postgres.SupportNotice, limit int, window time.Duration) (bool, error) {
	if d.mail == nil {
		return false, d.store.SupportNoticeOutcome(ctx, n, "withheld", "no mail server", zeroTime)
	}
	ok, err := d.store.ReserveSupportMail(ctx, n, limit, window)
	if err != nil {
		return false, err
	}
	if !ok {
		d.log.WarnContext(ctx, "support request notice not e-mailed: limit for an address typed on a public form", "support_notice", n.ID)
		return false, d.store.SupportNoticeOutcome(ctx, n, "withheld", "", zeroTime)
	}
	subject, text := supportNoticeText(n, d.cfg.Sender.Website, d.cfg.Sender.Phone)
	err = d.mail.Send(ctx, mail.Message{ID: fmt.Sprintf("support-notice-%d", n.ID), To: []string{n.Email}, Subject: subject, Text: text})
	if err != nil && !mayHaveArrived(err) {
		if uerr := d.store.UnreserveSupportMail(ctx, n); uerr != nil {
			d.log.WarnContext(ctx, "e-mail count not given back", "support_notice", n.ID, "err", uerr)
		}
	}
	switch {
	case err == nil:
		return true, d.store.SupportNoticeOutcome(ctx, n, "sent", "", zeroTime)
	case mail.Temporary(err) && n.Attempts < d.cfg.MaxAttempts:
		wait := d.cfg.Backoff << min(n.Attempts-1, 20)
		if wait > d.cfg.MaxBackoff || wait <= 0 {
			wait = d.cfg.MaxBackoff
		}
		return false, d.store.SupportNoticeOutcome(ctx, n, "", err.Error(), d.now().Add(wait))
	default:
		d.log.ErrorContext(ctx, "support request notice failed for good", "support_notice", n.ID, "err", err)
		return false, d.store.SupportNoticeOutcome(ctx, n, "failed", err.Error(), zeroTime)
	}
}

// zeroTime is the retry time of an outcome that is final.
var zeroTime time.Time

// supportNoticeText is the short neutral e-mail about a step on a support request: the reference,
// that there is news, and where to read it. Nothing the sender or the supporter typed.
func supportNoticeText(n postgres.SupportNotice, website, phone string) (subject, text string) {
	page := strings.TrimRight(website, "/") + "/hulpvraag"
	if n.Language == casework.LanguageEnglish {
		subject = "News about your request for help " + n.Reference
		text = "There is news about your request for help to a client supporter, reference " + n.Reference + ".\n\n" +
			"Read it on " + page + "?lang=en with your reference and the code you received when you sent the request.\n\n" +
			"Did you not ask for help? Then you may ignore this e-mail."
		if phone != "" {
			text += " Questions? Call the complaints point: " + phone + "."
		}
		return subject, text + "\n"
	}
	subject = "Nieuws over uw hulpvraag " + n.Reference
	text = "Er is nieuws over uw hulpvraag aan een cliëntondersteuner, kenmerk " + n.Reference + ".\n\n" +
		"U leest het op " + page + " met uw kenmerk en de code die u kreeg toen u de vraag stuurde.\n\n" +
		"Hebt u geen hulp gevraagd? Dan kunt u deze e-mail negeren."
	if phone != "" {
		text += " Vragen? Bel het meldpunt: " + phone + "."
	}
	return subject, text + "\n"
}
