package casework

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// IntakeStep is one page of the stepped public complaint form: one topic per page.
type IntakeStep string

// The steps of the public complaint form, in order; StepCheck is "check your answers", which
// checks the whole intake.
const (
	StepContact      IntakeStep = "contact"
	StepOrganisation IntakeStep = "organisation"
	StepWhat         IntakeStep = "what"
	StepWish         IntakeStep = "wish"
	StepSupporter    IntakeStep = "supporter"
	StepCheck        IntakeStep = "check"
)

// IntakeSteps lists the steps of the form in the order the resident meets them.
var IntakeSteps = []IntakeStep{StepContact, StepOrganisation, StepWhat, StepWish, StepSupporter, StepCheck}

// Valid reports whether s is a step of the form.
func (s IntakeStep) Valid() bool { return slices.Contains(IntakeSteps, s) }

// Previous returns the step before s (the back link), or "" for the first step.
func (s IntakeStep) Previous() IntakeStep {
	i := slices.Index(IntakeSteps, s)
	if i <= 0 {
		return ""
	}
	return IntakeSteps[i-1]
}

// Next returns the step after s, or "" after the last.
func (s IntakeStep) Next() IntakeStep {
	i := slices.Index(IntakeSteps, s)
	if i < 0 || i == len(IntakeSteps)-1 {
		return ""
	}
	return IntakeSteps[i+1]
}

// stepFields says which fields of an Intake (by the field names of its validation errors) each
// step asks for. A field name matches a prefix when it equals it or continues it with a dot
// ("complainant.name" belongs to "complainant"). Fields of no step (channel, received_on: staff
// only) are reported on the check step.
var stepFields = map[IntakeStep][]string{
	StepContact:      {"complainant", "language"},
	StepOrganisation: {"organisation_ids", "organisation_unknown"},
	StepWhat:         {"summary", "occurred_on", "grounds", "life_domains", "life_domain_text", "life_domain_unknown"},
	StepWish:         {"desired_outcome"},
	StepSupporter:    {"supporter", "supporter_id", "supporter_relation", "supporter_consent"},
}

// StepOf returns the step that asks for field (a field name of a validation error), or StepCheck
// when no step does. The check-your-answers page links each error to its step with it.
func StepOf(field string) IntakeStep {
	for _, step := range IntakeSteps {
		for _, prefix := range stepFields[step] {
			if field == prefix || strings.HasPrefix(field, prefix+".") {
				return step
			}
		}
	}
	return StepCheck
}

// ValidateStep checks the fields of one step of the form alone: the errors Validate finds in the
// fields that step asks for, and none of the others (a resident on the first page has not yet
// described what happened). StepCheck checks the whole intake.
func (in Intake) ValidateStep(step IntakeStep, filer Role, today string) error {
	if !step.Valid() {
		return Errorf(CodeNotFound, "No such step of the complaint form.")
	}
	err := in.Validate(filer, today)
	if err == nil || step == StepCheck {
		return err
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeValidation {
		return err
	}
	var v Validator
	for _, f := range e.Fields {
		if StepOf(f.Field) == step {
			v.Fields = append(v.Fields, f)
		}
	}
	return v.Err()
}

// LetterLanguage returns the language of the letters for a complaint filed from pages in the
// language page (a language tag such as "nl", "en", "tr", "ar"): letters are written in Dutch or
// English only, so English pages give English letters and every other language Dutch ones.
func LetterLanguage(page string) Language {
	tag := strings.ToLower(strings.TrimSpace(page))
	if tag == "en" || strings.HasPrefix(tag, "en-") {
		return LanguageEnglish
	}
	return LanguageDutch
}

// DateParts is a date as the form asks for it: day, month and year in three fields, as typed.
type DateParts struct {
	Day   string `json:"day"`
	Month string `json:"month"`
	Year  string `json:"year"`
}

// Empty reports whether none of the three fields was filled in.
func (p DateParts) Empty() bool {
	return strings.TrimSpace(p.Day) == "" && strings.TrimSpace(p.Month) == "" && strings.TrimSpace(p.Year) == ""
}

// SplitDate returns the parts of day (YYYY-MM-DD) to fill the three fields again, without leading
// zeros; anything that is not a date gives empty parts.
func SplitDate(day string) DateParts {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return DateParts{}
	}
	return DateParts{Day: strconv.Itoa(t.Day()), Month: strconv.Itoa(int(t.Month())), Year: strconv.Itoa(t.Year())}
}

// dateText is the message of each problem with a date in three fields, in Dutch and English, as
// the GOV.UK date pattern words them.
var dateText = map[string][2]string{
	"missing_day":   {"Vul de dag in.", "Enter the day."},
	"missing_month": {"Vul de maand in.", "Enter the month."},
	"missing_year":  {"Vul het jaar in.", "Enter the year."},
	"bad_day":       {"De dag is een getal van 1 tot en met 31.", "The day must be a number from 1 to 31."},
	"bad_month":     {"De maand is een getal van 1 tot en met 12.", "The month must be a number from 1 to 12."},
	"bad_year":      {"Het jaar heeft 4 cijfers, bijvoorbeeld 2026.", "The year must have 4 digits, for example 2026."},
	"not_real":      {"Deze datum bestaat niet. Kijk de dag en de maand na.", "This date does not exist. Check the day and the month."},
	"future":        {"De datum mag niet in de toekomst liggen.", "The date cannot be in the future."},
	"too_old":       {"De datum kan niet voor %s liggen.", "The date cannot be before %s."},
}

func dateMessage(kind string, lang Language, args ...any) string {
	t := dateText[kind]
	msg := t[0]
	if lang == LanguageEnglish {
		msg = t[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// CheckDateParts validates a date typed in three fields named field+".day", field+".month" and
// field+".year", with one clear message per field in lang (Dutch unless English): each part filled
// in and a number in range, the date real (no 31 April, 29 February only in a leap year), not after
// today and not before earliest (YYYY-MM-DD; empty for no bound). It returns the date as YYYY-MM-DD,
// or "" when the three fields are empty (the date is optional) or wrong.
func CheckDateParts(v *Validator, field string, p DateParts, today, earliest string, lang Language) string {
	if p.Empty() {
		return ""
	}
	n := len(v.Fields)
	parts := []struct {
		name, s  string
		min, max int
		digits   int
	}{{"day", p.Day, 1, 31, 0}, {"month", p.Month, 1, 12, 0}, {"year", p.Year, 1000, 9999, 4}}
	vals := make([]int, 3)
	for i, part := range parts {
		s := strings.TrimSpace(part.s)
		if s == "" {
			v.Add(field+"."+part.name, "%s", dateMessage("missing_"+part.name, lang))
			continue
		}
		x, err := strconv.Atoi(s)
		if err != nil || x < part.min || x > part.max || (part.digits > 0 && len(s) != part.digits) {
			v.Add(field+"."+part.name, "%s", dateMessage("bad_"+part.name, lang))
			continue
		}
		vals[i] = x
	}
	if len(v.Fields) > n {
		return ""
	}
	t := time.Date(vals[2], time.Month(vals[1]), vals[0], 0, 0, 0, 0, time.UTC)
	if t.Day() != vals[0] || int(t.Month()) != vals[1] {
		v.Add(field+".day", "%s", dateMessage("not_real", lang))
		return ""
	}
	day := t.Format(time.DateOnly)
	switch {
	case today != "" && day > today:
		v.Add(field+".year", "%s", dateMessage("future", lang))
		return ""
	case earliest != "" && day < earliest:
		v.Add(field+".year", "%s", dateMessage("too_old", lang, formatDay(earliest, lang)))
		return ""
	}
	return day
}

var monthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// formatDay writes day (YYYY-MM-DD) as people read it: "3 maart 2026", "3 March 2026".
func formatDay(day string, lang Language) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	if lang == LanguageEnglish {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthsNL[t.Month()-1], t.Year())
}
