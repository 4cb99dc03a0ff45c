package report

import (
	"strconv"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
)

// feedbackSection is the short section "Na de uitspraak": what the residents said after the ruling
// about the binding advice and how satisfied they were, and what became of their reports that an
// advice was not carried out (casework.FeedbackFigures, the same as the CSV and JSON editions),
// with small counts hidden as everywhere in the report.
func feedbackSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	s := pdf.ReportSection{Title: t.T("feedback.title")}
	fb := f.Feedback
	if fb == nil { // figures frozen before the answers were counted
		s.Blocks = []pdf.Block{{Kind: pdf.NoteBlock, Text: t.T("feedback.not_counted")}}
		return s
	}
	if fb.Answers == 0 {
		s.Blocks = []pdf.Block{{Kind: pdf.TextBlock, Text: t.T("feedback.none", "year", f.Year)}}
		return s
	}
	mean := casework.WithheldMark
	if fb.MeanSatisfaction != nil {
		mean = t.dec(*fb.MeanSatisfaction)
	}
	s.Blocks = append(s.Blocks,
		pdf.Block{Kind: pdf.TextBlock, Text: t.T("feedback.lead", "year", f.Year, "answers", t.num(fb.Answers))},
		pdf.Block{Kind: pdf.FiguresBlock, Figures: []pdf.KeyFigure{
			{Value: t.num(fb.Answers), Label: t.T("feedback.fig.answers")},
			{Value: mean, Label: t.T("feedback.fig.mean")},
			{Value: t.num(fb.NotCarriedOut), Label: t.T("feedback.fig.not_carried_out")},
			{Value: t.num(fb.DealtWith), Label: t.T("feedback.fig.dealt_with")},
		}})
	carried := &pdf.Table{Caption: t.T("feedback.carried_out"), Columns: countColumns(t)}
	for _, c := range fb.CarriedOut {
		carried.Rows = append(carried.Rows, []string{t.T("feedback.answer." + string(c.Answer)), c.Count.String()})
	}
	carried.Rows = append(carried.Rows, []string{t.T("feedback.row.advices"), t.num(fb.AdviceAnswers)})
	carried.Bold = lastBold(len(carried.Rows))
	scores := &pdf.Table{Caption: t.T("feedback.satisfaction"), Columns: countColumns(t)}
	for _, c := range fb.Satisfaction {
		scores.Rows = append(scores.Rows, []string{t.T("feedback.score." + strconv.Itoa(c.Score)), c.Count.String()})
	}
	scores.Rows = append(scores.Rows, []string{t.T("feedback.row.answers"), t.num(fb.Answers)})
	scores.Bold = lastBold(len(scores.Rows))
	s.Blocks = append(s.Blocks,
		pdf.Block{Kind: pdf.TableBlock, Table: carried},
		pdf.Block{Kind: pdf.TableBlock, Table: scores},
		pdf.Block{Kind: pdf.NoteBlock, Text: t.T("feedback.note")},
		pdf.Block{Kind: pdf.NoteBlock, Text: t.T("note.suppressed")})
	return s
}

// feedbackRows are the section's figures for the CSV edition: key, measure and value.
func feedbackRows(fb casework.FeedbackFigures) [][3]string {
	i := strconv.Itoa
	mean := ""
	if fb.MeanSatisfaction != nil {
		mean = strconv.FormatFloat(*fb.MeanSatisfaction, 'f', 1, 64)
	}
	rows := [][3]string{{"", "answers", i(fb.Answers)}, {"", "advice_answers", i(fb.AdviceAnswers)},
		{"", "mean_satisfaction", mean}, {"", "not_carried_out_reports", i(fb.NotCarriedOut)},
		{"", "not_carried_out_dealt_with", i(fb.DealtWith)}}
	for _, c := range fb.CarriedOut {
		rows = append(rows, [3]string{string(c.Answer), "carried_out", c.Count.String()})
	}
	for _, c := range fb.Satisfaction {
		rows = append(rows, [3]string{i(c.Score), "satisfaction", c.Count.String()})
	}
	return rows
}
