package letter

import (
	"strings"

	"meldpunt/internal/pdf"
)

// parseBody turns the text a body template wrote (already cleaned) into paragraphs: blank lines
// separate blocks, "## " starts a heading, "- " a list item, ">" a quote line; other lines are
// joined into a paragraph of text. A line that starts with a space right after a list item
// continues that item.
func parseBody(text string) []pdf.Paragraph {
	var (
		out []pdf.Paragraph
		cur *pdf.Paragraph
	)
	flush := func() {
		if cur == nil {
			return
		}
		if cur.Kind == pdf.Quote {
			cur.Text = strings.Trim(cur.Text, "\n")
		}
		if cur.Text != "" || len(cur.Items) > 0 {
			out = append(out, *cur)
		}
		cur = nil
	}
	start := func(kind pdf.ParagraphKind) {
		if cur == nil || cur.Kind != kind {
			flush()
			cur = &pdf.Paragraph{Kind: kind}
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		trimmed := strings.Trim(line, " ")
		switch {
		case trimmed == "":
			flush()
		case strings.HasPrefix(trimmed, "## "):
			flush()
			out = append(out, pdf.Paragraph{Kind: pdf.Heading, Text: oneLine(trimmed[3:])})
		case strings.HasPrefix(trimmed, "- "), strings.HasPrefix(trimmed, "• "):
			start(pdf.List)
			_, item, _ := strings.Cut(trimmed, " ")
			cur.Items = append(cur.Items, oneLine(item))
		case strings.HasPrefix(trimmed, ">"):
			start(pdf.Quote)
			q := strings.TrimPrefix(trimmed, ">")
			q = strings.TrimPrefix(q, " ")
			if cur.Text != "" || q != "" {
				cur.Text += q + "\n"
			}
		case cur != nil && cur.Kind == pdf.List && strings.HasPrefix(line, " "):
			last := &cur.Items[len(cur.Items)-1]
			*last += " " + trimmed
		default:
			start(pdf.Text)
			if cur.Text != "" {
				cur.Text += " "
			}
			cur.Text += trimmed
		}
	}
	flush()
	return out
}

// oneLine folds s onto one line: runs of spaces and line breaks become one space, and the ends
// are trimmed. Non-breaking spaces stay.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' }), " ")
}

// nonEmptyLines returns the lines of s that hold more than spaces, trimmed.
func nonEmptyLines(s string) []string {
	var lines []string
	for line := range strings.SplitSeq(s, "\n") {
		if line = oneLine(line); line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}
