package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
)

// feedbackFigures computes the annual report's figures of the residents' answers after the ruling
// (casework.FeedbackFigures) on the complaints received in year. Like every figure of the report
// they count destroyed cases too: the destruction keeps the answers (satisfaction, carried out, when
// reported and dealt with) and blanks only the words, which are never read here. Counts of the
// distributions under casework.SmallCountLimit are NULL before they leave the database.
func feedbackFigures(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	var a struct {
		Answers   int      `db:"answers"`
		Reports   int      `db:"reports"`
		DealtWith int      `db:"dealt_with"`
		S1        *int     `db:"s1"`
		S2        *int     `db:"s2"`
		S3        *int     `db:"s3"`
		S4        *int     `db:"s4"`
		S5        *int     `db:"s5"`
		Mean      *float64 `db:"mean"`
	}
	score := func(n int) string { return small(fmt.Sprintf(`count(*) FILTER (WHERE fb.satisfaction = %d)`, n)) }
	if err := tx.GetContext(ctx, &a, `
		SELECT count(*) AS answers,
			count(*) FILTER (WHERE fb.reported_at IS NOT NULL) AS reports,
			count(*) FILTER (WHERE fb.reported_at IS NOT NULL AND fb.dealt_with_at IS NOT NULL) AS dealt_with,
			`+score(1)+` AS s1, `+score(2)+` AS s2, `+score(3)+` AS s3, `+score(4)+` AS s4, `+score(5)+` AS s5,
			round(avg(fb.satisfaction), 1)::float8 AS mean
		FROM feedback fb JOIN complaints c ON c.id = fb.complaint_id
		WHERE c.received_at >= $1 AND c.received_at < $2`, from, to); err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	var b struct {
		Answers int  `db:"answers"`
		Yes     *int `db:"yes"`
		Partly  *int `db:"partly"`
		No      *int `db:"no"`
		Unknown *int `db:"unknown"`
	}
	answer := func(s casework.CarriedOut) string {
		return small(`count(*) FILTER (WHERE fa.carried_out = '` + string(s) + `')`)
	}
	if err := tx.GetContext(ctx, &b, `
		SELECT count(*) AS answers, `+answer(casework.CarriedOutYes)+` AS yes, `+answer(casework.CarriedOutPartly)+` AS partly,
			`+answer(casework.CarriedOutNo)+` AS no, `+answer(casework.CarriedOutUnknown)+` AS unknown
		FROM feedback_advices fa JOIN feedback fb ON fb.id = fa.feedback_id JOIN complaints c ON c.id = fb.complaint_id
		WHERE c.received_at >= $1 AND c.received_at < $2`, from, to); err != nil {
		return fmt.Errorf("feedback on advices: %w", err)
	}
	f.Feedback = &casework.FeedbackFigures{Answers: a.Answers, AdviceAnswers: b.Answers, NotCarriedOut: a.Reports,
		DealtWith: a.DealtWith, MeanSatisfaction: a.Mean,
		CarriedOut: []casework.CarriedOutCount{
			{Answer: casework.CarriedOutYes, Count: casework.SuppressedOf(b.Yes)},
			{Answer: casework.CarriedOutPartly, Count: casework.SuppressedOf(b.Partly)},
			{Answer: casework.CarriedOutNo, Count: casework.SuppressedOf(b.No)},
			{Answer: casework.CarriedOutUnknown, Count: casework.SuppressedOf(b.Unknown)},
		},
		Satisfaction: []casework.SatisfactionCount{{Score: 1, Count: casework.SuppressedOf(a.S1)}, {Score: 2, Count: casework.SuppressedOf(a.S2)},
			{Score: 3, Count: casework.SuppressedOf(a.S3)}, {Score: 4, Count: casework.SuppressedOf(a.S4)}, {Score: 5, Count: casework.SuppressedOf(a.S5)}},
	}
	return nil
}
