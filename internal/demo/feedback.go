package demo

import (
	"context"
	"fmt"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// ruledCase is a demo complaint the meldpunt ruled on, with what its resident needs to answer.
type ruledCase struct {
	reference, code string
	ruledAt         time.Time
	advices         []casework.Advice
	handler         casework.User
}

// Answers residents give after the ruling, in turn.
var (
	carriedOutTurns = []casework.CarriedOut{casework.CarriedOutYes, casework.CarriedOutYes, casework.CarriedOutPartly,
		casework.CarriedOutUnknown, casework.CarriedOutNo, casework.CarriedOutYes, casework.CarriedOutPartly}
	feedbackComments = []string{
		"Ik ben blij dat het meldpunt naar mij heeft geluisterd. De hulp is nu eindelijk gestart.",
		"Het wijkteam heeft excuses aangeboden, maar de afspraak voor een nieuw gesprek laat nog op zich wachten.",
		"Er is niets veranderd. Ik heb nog steeds geen antwoord op mijn aanvraag.",
		"",
		"Fijn dat iemand echt de tijd nam. Mijn dochter helpt mij nu met de brieven.",
		"Ik weet niet of het advies is uitgevoerd; niemand heeft mij gebeld.",
		"De uitspraak was duidelijk, al ben ik het er niet helemaal mee eens.",
	}
	dealtWithNotes = []string{
		"Organisatie gebeld: de teamleider bevestigt dat het advies deze week alsnog wordt uitgevoerd. Klager per brief ingelicht.",
		"Directie gemaild en gesproken: de excuses en het nieuwe gesprek zijn ingepland op de 14e. Klager telefonisch ingelicht.",
	}
)

// feedback shows the residents' answers after the ruling (issue 14 point 4): the resident of every
// third ruled case answers some weeks after the ruling whether the advice was carried out and how
// satisfied they are; a "no" is a report that the case's handler deals with a few days later,
// except the newest, which waits on the worklist.
func feedback(ctx context.Context, store *postgres.DB, setClock func(time.Time), ruled []ruledCase, end time.Time) (int, error) {
	var open *ruledCase
	answers := 0
	for i := range ruled {
		r := &ruled[i]
		at := r.ruledAt.Add(time.Duration(30+i%25) * 24 * time.Hour)
		if i%3 != 0 || !at.Before(end) {
			continue
		}
		setClock(at)
		in := casework.FeedbackAnswer{Comment: pick(feedbackComments, answers)}
		no := false
		for j, a := range r.advices {
			c := carriedOutTurns[(answers+j)%len(carriedOutTurns)]
			in.Advices = append(in.Advices, casework.AdviceCarriedOut{AdviceID: a.ID, CarriedOut: c})
			no = no || c == casework.CarriedOutNo
		}
		switch {
		case no:
			in.Satisfaction = 1 + answers%2
		case len(in.Advices) == 0:
			in.Satisfaction = []int{2, 3, 1, 4}[answers%4]
		case in.Advices[0].CarriedOut == casework.CarriedOutYes:
			in.Satisfaction = 4 + answers%2
		default:
			in.Satisfaction = 3
		}
		if _, err := store.GiveFeedback(ctx, r.reference, r.code, in); err != nil {
			return answers, fmt.Errorf("demo feedback %s: %w", r.reference, err)
		}
		answers++
		if !no {
			continue
		}
		if open != nil { // the report before this one was dealt with
			if err := dealWith(ctx, store, setClock, *open, end, answers); err != nil {
				return answers, err
			}
		}
		open = r
	}
	if open == nil {
		return answers, fmt.Errorf("demo feedback: no resident said an advice was not carried out")
	}
	return answers, nil
}

// dealWith marks r's report dealt with by its handler five days after the resident's answer.
func dealWith(ctx context.Context, store *postgres.DB, setClock func(time.Time), r ruledCase, end time.Time, n int) error {
	at := r.ruledAt.Add(time.Duration(35+n%25) * 24 * time.Hour)
	if !at.Before(end) {
		return nil
	}
	setClock(at)
	if err := store.DealWithNotCarriedOut(ctx, casework.ActorOf(r.handler), r.reference,
		casework.DealtWith{Note: pick(dealtWithNotes, n)}); err != nil {
		return fmt.Errorf("demo deal with %s: %w", r.reference, err)
	}
	return nil
}
