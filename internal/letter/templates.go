package letter

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"text/template"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/term"
)

// Templates holds the parsed letter templates of every kind in every language.
type Templates struct {
	sets map[casework.Language]map[Kind]*template.Template
}

// templateExt is the file extension of a template; common is the name of the file of shared parts.
const (
	templateExt = ".tmpl"
	common      = "common"
)

// New parses the letter templates in fsys, which holds one folder per language ("nl", "en"). A
// kind or language without its template, a template without "subject" or "body", and a template
// file that belongs to no kind (a misspelt name) are errors.
func New(fsys fs.FS) (*Templates, error) {
	t := &Templates{sets: map[casework.Language]map[Kind]*template.Template{}}
	for _, lang := range casework.Languages {
		w, _ := wordsFor(lang)
		dir := string(lang)
		base, err := template.New(common).Option("missingkey=error").Funcs(template.FuncMap{
			"date":          w.date,
			"day":           w.day,
			"clock":         w.clock,
			"verdict":       w.verdict,
			"ground":        w.ground,
			"answerChannel": w.answerChannel,
			"list":          w.list,
			"quote":         quote,
			"required":      required,
		}).ParseFS(fsys, path.Join(dir, common+templateExt))
		if err != nil {
			return nil, fmt.Errorf("letter templates %s: %w", dir, err)
		}
		if err := checkFiles(fsys, dir); err != nil {
			return nil, err
		}
		t.sets[lang] = map[Kind]*template.Template{}
		for _, kind := range Kinds {
			set, err := base.Clone()
			if err != nil {
				return nil, fmt.Errorf("letter template %s/%s: %w", dir, kind, err)
			}
			file := path.Join(dir, string(kind)+templateExt)
			if _, err := set.ParseFS(fsys, file); err != nil {
				return nil, fmt.Errorf("letter template %s: %w", file, err)
			}
			for _, name := range []string{"subject", "body", "opening", "closing", "signature"} {
				if set.Lookup(name) == nil {
					return nil, fmt.Errorf("letter template %s: %q is not defined", file, name)
				}
			}
			t.sets[lang][kind] = set
		}
	}
	return t, nil
}

// checkFiles reports a template file in dir that is neither common.tmpl nor a kind's file.
func checkFiles(fsys fs.FS, dir string) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return fmt.Errorf("letter templates %s: %w", dir, err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), templateExt)
		if !ok || e.IsDir() {
			continue
		}
		if name != common && !Kind(name).Valid() {
			return fmt.Errorf("letter template %s/%s: no kind of letter is called %q", dir, e.Name(), name)
		}
	}
	return nil
}

// Render fills the templates of kind in data's language and returns the letter, ready for
// pdf.Letter.
func (t *Templates) Render(kind Kind, data Data) (pdf.LetterDoc, error) {
	if data.Language == "" {
		data.Language = casework.LanguageDutch
	}
	if !kind.Valid() {
		return pdf.LetterDoc{}, fmt.Errorf("letter: unknown kind %q", kind)
	}
	set, ok := t.sets[data.Language][kind]
	if !ok {
		return pdf.LetterDoc{}, fmt.Errorf("letter %s: no templates in language %q", kind, data.Language)
	}
	if data.Date.IsZero() {
		return pdf.LetterDoc{}, fmt.Errorf("letter %s: the date of the letter is missing", kind)
	}
	data = data.cleaned()
	data.ToOrganisation = data.ToOrganisation || kind.ForOrganisation()
	data.ToSupporter = data.ToSupporter && !data.ToOrganisation
	// The Nationale ombudsman takes a complaint up to a year after the meldpunt's letter (Wet
	// Nationale ombudsman, art. 12): the letter gives that day.
	data.OmbudsmanBy = term.NewDate(data.Date.Year+1, data.Date.Month, data.Date.Day)
	w, _ := wordsFor(data.Language)

	var failed error
	exec := func(name string) string {
		if failed != nil {
			return ""
		}
		var buf bytes.Buffer
		if err := set.ExecuteTemplate(&buf, name, data); err != nil {
			failed = fmt.Errorf("letter %s (%s): %w", kind, data.Language, err)
		}
		return pdf.Clean(buf.String())
	}
	// A name that is no plausible name (a phone number, a link, a sentence typed on the public
	// form) never addresses the reader: the letter opens neutrally and goes to "the occupant".
	if !data.ToOrganisation && !casework.PlausibleName(data.Recipient.Name) {
		if data.Recipient.Name != "" {
			data.Recipient.Name = oneLine(exec("occupant"))
		}
		if data.Salutation == "" {
			data.Salutation = oneLine(exec("neutral_salutation"))
		}
	}
	subject := oneLine(exec("subject"))
	opening := oneLine(exec("opening"))
	body := parseBody(exec("body"))
	closing := oneLine(exec("closing"))
	signature := nonEmptyLines(exec("signature"))
	if failed != nil {
		return pdf.LetterDoc{}, failed
	}
	if subject == "" {
		return pdf.LetterDoc{}, fmt.Errorf("letter %s (%s): the subject is empty", kind, data.Language)
	}
	if data.ToSupporter {
		subject = w.copyOf + subject
	}
	if len(body) == 0 {
		return pdf.LetterDoc{}, fmt.Errorf("letter %s (%s): the body is empty", kind, data.Language)
	}

	labels := pdf.DutchLabels()
	if data.Language == casework.LanguageEnglish {
		labels = pdf.EnglishLabels()
	}
	return pdf.LetterDoc{
		Sender:    data.Sender,
		Recipient: data.Recipient,
		Labels:    labels,
		Place:     data.Sender.City,
		Date:      w.dateShort(data.Date),
		Reference: data.Reference,
		HandledBy: data.HandlerName,
		Subject:   subject,
		Opening:   opening,
		Body:      body,
		Closing:   closing,
		Signature: signature,
		CopyTo:    data.CopyTo,
		// The letter's own date makes the PDF reproducible: rendering it again gives the same bytes.
		Created: time.Date(data.Date.Year, data.Date.Month, data.Date.Day, 0, 0, 0, 0, term.Amsterdam()),
	}, nil
}

// PDF renders the letter of kind for data and returns it as a PDF.
func (t *Templates) PDF(kind Kind, data Data) ([]byte, error) {
	doc, err := t.Render(kind, data)
	if err != nil {
		return nil, err
	}
	return pdf.Letter(doc)
}

// Notice is the short e-mail that stands in for a letter of kind sent to an address typed on the
// public form by someone without an account: it says that there is a letter about the complaint
// with this reference, where to read it (the status page), whether it goes by post as well, and
// what to do when the reader filed no complaint. It holds the meldpunt's own words only, never a
// name or text from the case, so the form cannot be used to send phishing in the meldpunt's name.
func (t *Templates) Notice(kind Kind, data Data, byPost bool) (subject, text string, err error) {
	if data.Language == "" {
		data.Language = casework.LanguageDutch
	}
	set, ok := t.sets[data.Language][kind]
	if !ok {
		return "", "", fmt.Errorf("notice %s: no templates in language %q", kind, data.Language)
	}
	// Only what the meldpunt itself holds: its letterhead, the reference and the day of receipt.
	facts := struct {
		Sender          pdf.Sender
		Reference       string
		ReceivedOn      term.Date
		Acknowledgement bool
		ByPost          bool
		// TrackingCode is in the short notice of an acknowledgement and of a new code: the meldpunt
		// made it, the sender typed nothing of it.
		TrackingCode    string
		NewTrackingCode bool
	}{data.Sender, data.Reference, data.ReceivedOn, kind == Acknowledgement, byPost, data.TrackingCode, kind == NewTrackingCode}
	var subj, body bytes.Buffer
	if err := set.ExecuteTemplate(&subj, "notice_subject", facts); err != nil {
		return "", "", fmt.Errorf("notice %s (%s): %w", kind, data.Language, err)
	}
	if err := set.ExecuteTemplate(&body, "notice_body", facts); err != nil {
		return "", "", fmt.Errorf("notice %s (%s): %w", kind, data.Language, err)
	}
	return oneLine(pdf.Clean(subj.String())), strings.TrimSpace(pdf.Clean(body.String())) + "\n", nil
}
