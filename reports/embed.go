// Package reports holds the texts of the meldpunt's documents as templates, embedded in the binary
// so that a release always carries the texts it was tested with. The texts can be changed without
// touching Go code: edit the template files and rebuild, or point the program at a copy of the
// folder on disk (see internal/letter.New).
//
//	letters/nl/*.tmpl  letters in Dutch, one file per kind of letter plus common.tmpl
//	letters/en/*.tmpl  the same letters in English
//	annual/nl.txt      texts of the annual report to the council, in Dutch
//	annual/en.txt      the same texts in English
package reports

import "embed"

// Letters holds the letter templates under letters/: one folder per language ("nl", "en"), in it
// one text/template file per kind of letter, named after the kind ("acknowledgement.tmpl"), and
// common.tmpl with the parts every letter shares. Each kind's file defines "subject" and "body";
// see internal/letter for the data the templates get and the functions they may call.
//
//go:embed letters
var Letters embed.FS

// Annual holds the texts of the annual report: annual/nl.txt and annual/en.txt, one "key = text"
// per line; see internal/report for the keys and the {placeholders} each text may use.
//
//go:embed annual
var Annual embed.FS
