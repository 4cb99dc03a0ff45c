package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/web/core"
)

// The right of access (art. 15 AVG): a resident's whole file as JSON, or as a PDF with
// ?format=pdf, for the resident who proves the case (POST /api/v1/complaints/lookup/export, the
// status page) and for staff who answer a request that came by letter (audited).

// ExportFormat reads the format a file is asked for in: "json" (the default) or "pdf".
func ExportFormat(value string) (string, error) {
	switch value {
	case "", "json":
		return "json", nil
	case "pdf":
		return "pdf", nil
	}
	return "", &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
		Fields: []casework.FieldError{{Field: "format", Message: "must be json or pdf"}}}
}

// ExportResident sends the whole file of the case the posted reference and tracking code prove,
// under the look-up limit.
func (s *Server) ExportResident(c *gin.Context) {
	format, err := ExportFormat(c.Query("format"))
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.proveCase(c, func(req lookupRequest) error {
		x, err := s.Store.ResidentExport(c.Request.Context(), req.Reference, req.TrackingCode)
		if err != nil {
			return err
		}
		return s.SendExport(c, x, format)
	})
}

type exportRequest struct {
	Reason string `json:"reason"`
}

// ExportStaff sends the whole file of a case for a request for access by letter; the reason is
// required and recorded with who made the export.
func (s *Server) ExportStaff(c *gin.Context) {
	format, err := ExportFormat(c.Query("format"))
	if err != nil {
		s.Fail(c, err)
		return
	}
	var in exportRequest
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	x, err := s.Store.StaffExport(c.Request.Context(), core.Actor(c), c.Param("reference"), strings.TrimSpace(in.Reason))
	if err == nil {
		err = s.SendExport(c, x, format)
	}
	if err != nil {
		s.Fail(c, err)
	}
}

// SendExport writes the export as a JSON or PDF attachment.
func (s *Server) SendExport(c *gin.Context, x casework.Export, format string) error {
	x.Controller = casework.ExportController{Controller: s.Cfg.Privacy.Controller, OfficerName: s.Cfg.Privacy.OfficerName,
		OfficerEmail: s.Cfg.Privacy.OfficerEmail, OfficerPhone: s.Cfg.Privacy.OfficerPhone}
	l := core.LangOf(string(x.Person.Language))
	x.LeftOut = []string{l.T("exp.leftout.notes"), l.T("exp.leftout.staff"), l.T("exp.leftout.more")}
	name := "dossier-" + x.Reference
	c.Header("Cache-Control", "no-store")
	if format == "pdf" {
		file, err := pdf.Report(s.exportDocument(l, x))
		if err != nil {
			return fmt.Errorf("export pdf: %w", err)
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
		c.Data(http.StatusOK, "application/pdf", file)
		return nil
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`.json"`)
	s.WriteJSON(c, http.StatusOK, x)
	return nil
}

// exportDocument lays the export out as a report: the same facts as the JSON, in words, in the
// complaint's language; each letter is attached to the PDF as it was sent.
func (s *Server) exportDocument(l core.Lang, x casework.Export) pdf.ReportDoc {
	labels := pdf.DutchReportLabels()
	if l.EN() {
		labels = pdf.EnglishReportLabels()
	}
	doc := pdf.ReportDoc{Sender: s.Cfg.Letterhead, Language: l.Code(), Labels: labels,
		Title:    fmt.Sprintf(l.T("exp.title"), x.Reference),
		Subtitle: l.T("exp.subtitle"),
		CoverLines: []string{fmt.Sprintf(l.T("exp.made"), l.Day(x.MadeAt)),
			fmt.Sprintf(l.T("exp.version"), x.ExportVersion)},
		Created: x.MadeAt}
	if x.MadeFor == "staff" {
		doc.CoverLines = append(doc.CoverLines, fmt.Sprintf(l.T("exp.reason"), x.Reason))
	}
	text := func(t string) pdf.Block { return pdf.Block{Kind: pdf.TextBlock, Text: t} }
	sub := func(t string) pdf.Block { return pdf.Block{Kind: pdf.SubheadingBlock, Text: t} }
	note := func(t string) pdf.Block { return pdf.Block{Kind: pdf.NoteBlock, Text: t} }
	list := func(items []string) pdf.Block { return pdf.Block{Kind: pdf.ListBlock, Items: items} }
	table := func(rows [][]string) pdf.Block {
		return pdf.Block{Kind: pdf.TableBlock, Table: &pdf.Table{
			Columns: []pdf.Column{{Title: l.T("exp.col.what"), Width: 1}, {Title: l.T("exp.col.value"), Width: 2}},
			Rows:    rows}}
	}
	orNone := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return l.T("exp.none")
		}
		return s
	}

	// 1. About this file: what it holds, what it leaves out, whom to ask.
	about := []pdf.Block{text(l.T("exp.about")), sub(l.T("exp.leftout.h"))}
	about = append(about, list(x.LeftOut))
	about = append(about, sub(l.T("exp.controller.h")), table([][]string{
		{l.T("exp.controller"), x.Controller.Controller},
		{l.T("exp.officer"), x.Controller.OfficerName},
		{l.T("exp.officer.email"), x.Controller.OfficerEmail},
		{l.T("exp.officer.phone"), x.Controller.OfficerPhone}}))

	// 2. Your details and your complaint.
	p := x.Person
	lines := func(parts ...string) string {
		var out []string
		for _, s := range parts {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return orNone(strings.Join(out, ", "))
	}
	cp := x.Complaint
	var grounds, domains []string
	for _, g := range cp.Grounds {
		grounds = append(grounds, l.Word("ground", string(g)))
	}
	for _, d := range cp.LifeDomains {
		domains = append(domains, l.Word("domain", string(d)))
	}
	facts := [][]string{
		{l.T("exp.reference"), x.Reference},
		{l.T("exp.status"), l.Word("status", string(x.Status))},
		{l.T("exp.received"), l.Date(cp.ReceivedOn)},
		{l.T("exp.channel"), l.Word("channel", string(cp.Channel))},
		{l.T("exp.occurred"), orNone(l.Date(cp.OccurredOn))},
		{l.T("exp.grounds"), orNone(strings.Join(grounds, ", "))},
		{l.T("exp.domains"), orNone(strings.Join(domains, ", "))},
		{l.T("exp.lastday"), l.Date(cp.HandlingLastDay)},
	}
	if cp.ClosedAt != nil {
		facts = append(facts, []string{l.T("exp.closed"), l.Day(*cp.ClosedAt)})
	}
	yours := []pdf.Block{sub(l.T("exp.person.h")), table([][]string{
		{l.T("exp.name"), orNone(p.Name)},
		{l.T("exp.email"), orNone(p.Email)},
		{l.T("exp.phone"), orNone(p.Phone)},
		{l.T("exp.address"), lines(p.Street, strings.TrimSpace(p.Postcode+" "+p.City))},
		{l.T("exp.language"), l.T("exp.language." + string(p.Language))}}),
		sub(l.T("exp.complaint.h")), table(facts),
		sub(l.T("exp.summary")), text(orNone(cp.Summary)),
		sub(l.T("exp.outcome")), text(orNone(cp.DesiredOutcome))}

	// 3. Who helps you, the organisations, what supporters added.
	var helpers []pdf.Block
	if len(x.Representatives) == 0 {
		helpers = append(helpers, text(l.T("exp.reps.none")))
	}
	for _, r := range x.Representatives {
		rows := [][]string{{l.T("exp.rep.kind"), l.T("exp.rep." + r.Kind)}}
		if r.Relation != "" {
			rows = append(rows, []string{l.T("exp.rep.relation"), r.Relation})
		}
		if r.Email != "" || r.Phone != "" || r.Street != "" {
			rows = append(rows, []string{l.T("exp.email"), orNone(r.Email)}, []string{l.T("exp.phone"), orNone(r.Phone)},
				[]string{l.T("exp.address"), lines(r.Street, strings.TrimSpace(r.Postcode+" "+r.City))})
		}
		consent := l.Day(r.ConsentAt) + ", " + l.Word("sc.rep.route", string(r.ConsentRoute))
		rows = append(rows, []string{l.T("exp.rep.consent"), consent})
		ended := l.T("exp.rep.lasts")
		if r.EndedAt != nil {
			ended = l.Day(*r.EndedAt) + ", " + l.Word("sc.rep.route", string(r.EndRoute))
		}
		rows = append(rows, []string{l.T("exp.rep.ended"), ended})
		helpers = append(helpers, sub(r.Name), table(rows))
	}
	var orgs []string
	for _, o := range x.Organisations {
		orgs = append(orgs, o.Name)
	}
	helpers = append(helpers, sub(l.T("exp.orgs.h")))
	if len(orgs) == 0 {
		helpers = append(helpers, text(l.T("exp.none")))
	} else {
		helpers = append(helpers, list(orgs))
	}
	if len(x.Contributions) > 0 {
		helpers = append(helpers, sub(l.T("exp.contrib.h")))
		for _, k := range x.Contributions {
			t := fmt.Sprintf("%s, %s: %s", l.Day(k.At), k.SupporterName, k.Information)
			if len(k.Documents) > 0 {
				t += "\n" + l.T("exp.contrib.docs") + " " + strings.Join(k.Documents, "; ")
			}
			helpers = append(helpers, text(t))
		}
	}

	// 4. The timeline a resident may see.
	var steps []string
	for _, e := range x.Timeline {
		t := l.Day(e.At) + ": " + l.Word("action", e.Action)
		if e.Reason != "" {
			t += " (" + e.Reason + ")"
		}
		steps = append(steps, t)
	}
	timeline := []pdf.Block{text(l.T("exp.timeline.intro")), list(steps), note(l.T("exp.leftout.notes"))}

	// 5. Hearings, the ruling, binding advice and the answers.
	var ruling []pdf.Block
	ruling = append(ruling, sub(l.T("exp.hearings.h")))
	if len(x.Hearings) == 0 {
		ruling = append(ruling, text(l.T("exp.none")))
	}
	for _, h := range x.Hearings {
		who := l.T("exp.party." + string(h.Party))
		if h.Organisation != "" {
			who += ": " + h.Organisation
		}
		if h.Skipped != "" {
			ruling = append(ruling, text(fmt.Sprintf("%s — %s. %s", who, l.Word("sc.skip", string(h.Skipped)), h.SkipNote)))
			continue
		}
		ruling = append(ruling, text(fmt.Sprintf("%s, %s\n%s", who, l.Date(h.HeldOn), h.Record)))
	}
	ruling = append(ruling, sub(l.T("exp.ruling.h")))
	if x.Ruling == nil {
		ruling = append(ruling, text(l.T("exp.ruling.none")))
	} else {
		day := ""
		if x.Ruling.RuledAt != nil {
			day = l.Day(*x.Ruling.RuledAt)
		}
		ruling = append(ruling, table([][]string{{l.T("exp.verdict"), l.Word("verdict", string(x.Ruling.Verdict))},
			{l.T("exp.ruled"), orNone(day)}}),
			sub(l.T("exp.findings")), text(orNone(x.Ruling.Findings)),
			sub(l.T("exp.conclusions")), text(orNone(x.Ruling.Conclusions)))
	}
	ruling = append(ruling, sub(l.T("exp.advices.h")))
	if len(x.Advices) == 0 {
		ruling = append(ruling, text(l.T("exp.none")))
	}
	for _, a := range x.Advices {
		rows := [][]string{{l.T("exp.advice.org"), a.Organisation}, {l.T("exp.advice.text"), a.Text},
			{l.T("exp.advice.issued"), l.Day(a.IssuedAt)}, {l.T("exp.advice.by"), l.Date(a.RespondBy)},
			{l.T("exp.advice.answer"), l.Word("advice", string(a.Status))}}
		if a.RespondedAt != nil {
			rows = append(rows, []string{l.T("exp.advice.answered"), l.Day(*a.RespondedAt)})
		}
		if a.RejectionReasons != "" {
			rows = append(rows, []string{l.T("exp.advice.reasons"), a.RejectionReasons})
		}
		if a.ExecutedAt != nil {
			rows = append(rows, []string{l.T("exp.advice.executed"), l.Day(*a.ExecutedAt) + " " + a.ExecutionNote})
		}
		if a.EnforcedAt != nil {
			rows = append(rows, []string{l.T("exp.advice.enforced"), l.Day(*a.EnforcedAt)})
		}
		ruling = append(ruling, table(rows))
	}

	// 6. The letters and to whom the data went.
	letters := []pdf.Block{text(l.T("exp.letters.intro"))}
	var rows [][]string
	for _, lt := range x.Letters {
		via := l.T("exp.via.none")
		switch {
		case lt.Status == "print":
			via = l.T("exp.via.print")
		case lt.Via != "":
			via = l.T("exp.via." + lt.Via)
		}
		rows = append(rows, []string{l.Date(lt.Date), l.Word("office.letter", lt.Kind), l.T("exp.to."+lt.Recipient) + ": " + lt.To, via,
			letterFile(x.Reference, lt)})
		if lt.PDF != nil {
			doc.Attachments = append(doc.Attachments, pdf.Attachment{Name: letterFile(x.Reference, lt),
				Description: l.Word("office.letter", lt.Kind) + ", " + l.Date(lt.Date), Content: lt.PDF})
		}
	}
	if len(rows) == 0 {
		letters = append(letters, text(l.T("exp.none")))
	} else {
		letters = append(letters, pdf.Block{Kind: pdf.TableBlock, Table: &pdf.Table{Columns: []pdf.Column{
			{Title: l.T("exp.col.date"), Width: 1}, {Title: l.T("exp.col.kind"), Width: 1.4},
			{Title: l.T("exp.col.to"), Width: 1.6}, {Title: l.T("exp.col.via"), Width: 1}, {Title: l.T("exp.col.file"), Width: 1.6}},
			Rows: rows}})
	}
	letters = append(letters, sub(l.T("exp.recipients.h")))
	if len(x.Recipients) == 0 {
		letters = append(letters, text(l.T("exp.recipients.none")))
	}
	for _, r := range x.Recipients {
		var via []string
		for _, v := range r.Via {
			via = append(via, l.T("exp.via."+v))
		}
		letters = append(letters, text(fmt.Sprintf(l.T("exp.recipient"), l.T("exp.to."+r.Kind), r.Name, r.Letters,
			strings.Join(via, ", "), l.Day(r.First), l.Day(r.Last))))
	}

	// 7. How long the file is kept.
	ret := x.Retention
	keep := [][]string{{l.T("exp.ret.rule"), ret.Rule}}
	if ret.DestroyOn != "" {
		keep = append(keep, []string{l.T("exp.ret.from"), l.Date(ret.From)}, []string{l.T("exp.ret.destroy"), l.Date(ret.DestroyOn)})
	}
	if ret.OnHold {
		keep = append(keep, []string{l.T("exp.ret.hold"), l.T("exp.ret.hold.yes")})
	}
	retention := []pdf.Block{table(keep), text(l.T("exp.ret.text"))}

	doc.Sections = []pdf.ReportSection{
		{Title: l.T("exp.about.h"), Blocks: about},
		{Title: l.T("exp.yours.h"), Blocks: yours},
		{Title: l.T("exp.helpers.h"), Blocks: helpers},
		{Title: l.T("exp.timeline.h"), Blocks: timeline},
		{Title: l.T("exp.ruling.section"), Blocks: ruling},
		{Title: l.T("exp.letters.h"), Blocks: letters},
		{Title: l.T("exp.ret.h"), Blocks: retention},
	}
	return doc
}

// letterFile is the name of a letter's PDF attached to the export.
func letterFile(ref string, lt casework.ExportLetter) string {
	if lt.PDF == nil {
		return "-"
	}
	return fmt.Sprintf("%s-%s-%d.pdf", ref, lt.Kind, lt.ID)
}
