package postgres_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// race runs every fn in its own goroutine, releases them together through a barrier and returns their
// errors in order.
func race(fns ...func() error) []error {
	errs := make([]error, len(fns))
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(len(fns))
	done.Add(len(fns))
	for i, fn := range fns {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = fn()
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}

// lostRace reports whether err is the clean refusal a loser of a race must get.
func lostRace(err error) bool {
	c := casework.ErrorCode(err)
	return c == casework.CodeInvalidTransition || c == casework.CodeConflict
}

func TestConcurrentTakeUp(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref := f.file(f.orgA.ID).Reference
	fns := make([]func() error, 20)
	for i := range fns {
		fns[i] = func() error { return f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}) }
	}
	errs := race(fns...)
	wins := 0
	for i, err := range errs {
		switch {
		case err == nil:
			wins++
		case !lostRace(err):
			t.Errorf("take-up %d failed with %v (code %s), want invalid_transition or conflict", i, err, casework.ErrorCode(err))
		}
	}
	if wins != 1 {
		t.Fatalf("%d take-ups succeeded, want exactly 1", wins)
	}
	if s := f.status(ref); s != casework.StatusInTreatment {
		t.Fatalf("status %s", s)
	}
	if n := f.count(`SELECT count(*) FROM events WHERE action = 'take_up'`); n != 1 {
		t.Fatalf("%d take_up events, want 1", n)
	}
}

func TestConcurrentAcceptAndReject(t *testing.T) {
	const n = 50
	f := newFx(t, local(2026, 3, 2, 10, 0))
	refs := make([]string, n)
	ids := make([]int64, n)
	for i := range n {
		ref, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
		refs[i], ids[i] = ref, advices[0].ID
	}
	f.clock.Advance(24 * time.Hour)
	org := f.orgActor(f.orgA)
	reasons := "Wij wijzen het advies af omdat de gevraagde voorziening al op een andere manier is geregeld."
	var fns []func() error
	for _, id := range ids {
		fns = append(fns,
			func() error { _, err := f.db.AcceptAdvice(f.ctx, org, id, casework.AnswerReceipt{}); return err },
			func() error {
				_, err := f.db.RejectAdvice(f.ctx, org, id, casework.Rejection{Reasons: reasons}, casework.AnswerReceipt{})
				return err
			})
	}
	errs := race(fns...)
	accepted := 0
	for i, id := range ids {
		t.Run(fmt.Sprintf("advice_%d", i), func(t *testing.T) {
			acceptErr, rejectErr := errs[2*i], errs[2*i+1]
			if (acceptErr == nil) == (rejectErr == nil) {
				t.Fatalf("accept: %v, reject: %v; want exactly one to succeed", acceptErr, rejectErr)
			}
			for _, err := range []error{acceptErr, rejectErr} {
				if err != nil && !lostRace(err) {
					t.Fatalf("loser got %v (code %s), want invalid_transition or conflict", err, casework.ErrorCode(err))
				}
			}
			want, action, complaint, closes := casework.AdviceAccepted, "accept", casework.StatusAdvised, 0
			if rejectErr == nil {
				want, action, complaint, closes = casework.AdviceRejected, "reject", casework.StatusClosed, 1
			} else {
				accepted++
			}
			if got := f.adviceStatus(id); got != want {
				t.Fatalf("advice %s, winner wants %s", got, want)
			}
			var responses []string
			f.must(f.sql.SelectContext(f.ctx, &responses, `
				SELECT action FROM events WHERE advice_id = $1 AND action IN ('accept', 'reject')`, id))
			if len(responses) != 1 || responses[0] != action {
				t.Fatalf("response events %v, want exactly [%s]", responses, action)
			}
			if got := f.status(refs[i]); got != complaint {
				t.Fatalf("complaint %s, want %s", got, complaint)
			}
			if got := f.count(`SELECT count(*) FROM events WHERE complaint_id = $1 AND action = 'close'`, f.complaintID(refs[i])); got != closes {
				t.Fatalf("%d close events, want %d", got, closes)
			}
		})
	}
	t.Logf("accept won %d of %d races", accepted, n)
}

func TestConcurrentExecutionClosesOnce(t *testing.T) {
	// Repeated, so that an interleaving that loses the close shows up reliably.
	const rounds = 50
	f := newFx(t, local(2026, 3, 2, 10, 0))
	type pair struct {
		ref  string
		a, b casework.Advice
	}
	pairs := make([]pair, rounds)
	for i := range pairs {
		ref, advices := f.advised(casework.VerdictPartlyFounded, []int64{f.orgA.ID, f.orgB.ID}, f.orgA.ID, f.orgB.ID)
		_, err := f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgA), advices[0].ID, casework.AnswerReceipt{})
		f.must(err)
		_, err = f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgB), advices[1].ID, casework.AnswerReceipt{})
		f.must(err)
		pairs[i] = pair{ref, advices[0], advices[1]}
	}
	f.clock.Advance(72 * time.Hour)
	lost := 0
	for i, p := range pairs {
		t.Run(fmt.Sprintf("round_%d", i), func(t *testing.T) {
			errs := race(
				func() error {
					_, err := f.db.ConfirmExecution(f.ctx, f.orgActor(f.orgA), p.a.ID, "Excuses aangeboden.", casework.AnswerReceipt{})
					return err
				},
				func() error {
					_, err := f.db.ConfirmExecution(f.ctx, f.orgActor(f.orgB), p.b.ID, "Zorg hervat.", casework.AnswerReceipt{})
					return err
				})
			for _, err := range errs {
				if err != nil {
					t.Fatalf("confirmations of two different advices must both succeed: %v", errs)
				}
			}
			if f.adviceStatus(p.a.ID) != casework.AdviceExecuted || f.adviceStatus(p.b.ID) != casework.AdviceExecuted {
				t.Fatal("advices not both executed")
			}
			closes := f.count(`SELECT count(*) FROM events WHERE complaint_id = $1 AND action = 'close'`, f.complaintID(p.ref))
			if s := f.status(p.ref); s != casework.StatusClosed || closes != 1 {
				lost++
				t.Fatalf("both advices executed, but the complaint is %s with %d close events; want closed with exactly 1 "+
					"(closeIfSettled counts open advices before locking the complaint: each transaction still sees the "+
					"other advice as accepted, so neither closes)", s, closes)
			}
		})
	}
	if lost > 0 {
		t.Logf("%d of %d complaints never closed", lost, rounds)
	}
}
