package letter

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// words writes dates, times, verdicts and grounds in one language.
type words struct {
	lang      casework.Language
	days      [7]string  // Sunday first, as time.Weekday
	months    [12]string // January first
	and       string
	clockUnit string // after "14:30": " uur" in Dutch
	copyOf    string // before the subject of a supporter's copy
	verdicts  map[casework.Verdict]string
	grounds   map[casework.InadmissibleGround]string
	channels  map[casework.AnswerChannel]string // how an answer came in: "per brief"
}

var dutch = words{
	lang:      casework.LanguageDutch,
	days:      [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
	months:    [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	and:       "en",
	clockUnit: " uur",
	copyOf:    "Kopie: ",
	verdicts: map[casework.Verdict]string{
		casework.VerdictFounded:       "gegrond",
		casework.VerdictPartlyFounded: "deels gegrond",
		casework.VerdictUnfounded:     "ongegrond",
	},
	grounds: map[casework.InadmissibleGround]string{
		casework.InadmissibleHandledBefore: "Wij hebben deze klacht al eerder behandeld. " +
			"Over dezelfde zaak doen wij niet nog een keer een uitspraak.",
		casework.InadmissibleOlderThanYear: "Wat in de klacht staat, gebeurde meer dan een jaar voordat de klacht bij ons binnenkwam. " +
			"Over zo'n oude zaak mogen wij geen klacht behandelen.",
		casework.InadmissibleObjection: "Over deze zaak is of was bezwaar of beroep mogelijk. " +
			"Dat is dan de juiste weg, en niet een klacht.",
		casework.InadmissibleBeforeCourt: "De zaak ligt bij de rechter, of de rechter heeft er al over beslist. " +
			"Dan mogen wij de klacht niet behandelen.",
		casework.InadmissibleTooLight: "Wij vinden dat de klacht gaat over iets dat niet zwaar genoeg is om te onderzoeken. " +
			"De wet noemt dat: van onvoldoende gewicht.",
	},
	channels: map[casework.AnswerChannel]string{
		casework.AnswerByLetter:  "per brief",
		casework.AnswerByEmail:   "per e-mail",
		casework.AnswerByPhone:   "telefonisch",
		casework.AnswerAtCounter: "aan de balie",
	},
}

var english = words{
	lang:      casework.LanguageEnglish,
	days:      [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	months:    [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	and:       "and",
	clockUnit: "",
	copyOf:    "Copy: ",
	verdicts: map[casework.Verdict]string{
		casework.VerdictFounded:       "justified",
		casework.VerdictPartlyFounded: "partly justified",
		casework.VerdictUnfounded:     "not justified",
	},
	grounds: map[casework.InadmissibleGround]string{
		casework.InadmissibleHandledBefore: "We have already dealt with a complaint about the same matter and given a ruling on it. " +
			"We do not give a ruling on the same matter a second time.",
		casework.InadmissibleOlderThanYear: "What the complaint is about happened more than a year before the complaint reached us. " +
			"We may not deal with a complaint about such an old matter.",
		casework.InadmissibleObjection: "An objection or an appeal is, or was, possible in this matter. " +
			"That is the right way for this matter, not a complaint.",
		casework.InadmissibleBeforeCourt: "The matter is before a court, or a court has already decided on it. " +
			"In that case we may not deal with the complaint.",
		casework.InadmissibleTooLight: "We think that the complaint is about something that is not serious enough for us to investigate. " +
			"The law calls this: of insufficient weight.",
	},
	channels: map[casework.AnswerChannel]string{
		casework.AnswerByLetter:  "by letter",
		casework.AnswerByEmail:   "by e-mail",
		casework.AnswerByPhone:   "by phone",
		casework.AnswerAtCounter: "at our desk",
	},
}

// wordsFor returns the words of lang.
func wordsFor(lang casework.Language) (words, bool) {
	switch lang {
	case casework.LanguageDutch:
		return dutch, true
	case casework.LanguageEnglish:
		return english, true
	}
	return words{}, false
}

// DateWords writes d in words in lang, with the day of the week: "maandag 7 december 2026",
// "Monday 7 December 2026". An unknown language gets Dutch.
func DateWords(lang casework.Language, d term.Date) string {
	w, ok := wordsFor(lang)
	if !ok {
		w = dutch
	}
	return w.dateLong(d)
}

func (w words) dateLong(d term.Date) string {
	return w.days[d.Weekday()] + " " + w.dateShort(d)
}

// dateShort is the date without the day of the week, as in a letter's date line.
func (w words) dateShort(d term.Date) string {
	return strconv.Itoa(d.Day) + " " + w.months[d.Month-1] + " " + strconv.Itoa(d.Year)
}

// date is the template function "date": a term.Date or an instant (its date in Amsterdam),
// written out with the day of the week. A missing date is an error: a letter must not go out
// with a blank where a date belongs.
func (w words) date(v any) (string, error) {
	switch d := v.(type) {
	case term.Date:
		if d.IsZero() {
			return "", errors.New("date is missing")
		}
		return w.dateLong(d), nil
	case time.Time:
		if d.IsZero() {
			return "", errors.New("date is missing")
		}
		return w.dateLong(term.LocalDate(d)), nil
	}
	return "", fmt.Errorf("date: cannot write a %T as a date", v)
}

// day is the template function "day": a date as in "uiterlijk 21 december 2026", without the day
// of the week. A missing date is an error, as with date.
func (w words) day(v any) (string, error) {
	long, err := w.date(v)
	if err != nil {
		return "", err
	}
	_, short, _ := strings.Cut(long, " ")
	return short, nil
}

// clock is the template function "clock": the time of day of an instant in Amsterdam,
// "00:00 uur" in Dutch, "00:00" in English.
func (w words) clock(t time.Time) (string, error) {
	if t.IsZero() {
		return "", errors.New("time is missing")
	}
	return t.In(term.Amsterdam()).Format("15:04") + w.clockUnit, nil
}

// verdict is the template function "verdict": the verdict in words ("deels gegrond").
func (w words) verdict(v casework.Verdict) (string, error) {
	s, ok := w.verdicts[v]
	if !ok {
		return "", fmt.Errorf("verdict %q is not known", v)
	}
	return s, nil
}

// ground is the template function "ground": why a complaint is inadmissible, in whole sentences.
func (w words) ground(g casework.InadmissibleGround) (string, error) {
	s, ok := w.grounds[g]
	if !ok {
		return "", fmt.Errorf("ground for inadmissibility %q is not known", g)
	}
	return s, nil
}

// answerChannel is the template function "answerChannel": how an answer came in ("per brief").
func (w words) answerChannel(c casework.AnswerChannel) (string, error) {
	s, ok := w.channels[c]
	if !ok {
		return "", fmt.Errorf("answer channel %q is not known", c)
	}
	return s, nil
}

// list is the template function "list": "A", "A en B", "A, B en C".
func (w words) list(items []string) string {
	var kept []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			kept = append(kept, it)
		}
	}
	switch len(kept) {
	case 0:
		return ""
	case 1:
		return kept[0]
	}
	return strings.Join(kept[:len(kept)-1], ", ") + " " + w.and + " " + kept[len(kept)-1]
}

// quote is the template function "quote": text cited word for word, as a quote block (every
// line starts with ">"). Its line breaks are kept.
func quote(s string) string {
	s = strings.Trim(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s), "\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// required is the template function "required": it returns v, or an error naming what is missing
// when v is empty (an empty or blank string, a zero date or time, an empty list).
func required(what string, v any) (any, error) {
	empty := false
	switch x := v.(type) {
	case nil:
		empty = true
	case string:
		empty = strings.TrimSpace(x) == ""
	case term.Date:
		empty = x.IsZero()
	case time.Time:
		empty = x.IsZero()
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.String, reflect.Slice, reflect.Map:
			empty = rv.Len() == 0 || (rv.Kind() == reflect.String && strings.TrimSpace(rv.String()) == "")
		}
	}
	if empty {
		return nil, fmt.Errorf("%s is missing", what)
	}
	return v, nil
}
