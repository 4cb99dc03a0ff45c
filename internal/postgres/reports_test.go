package postgres_test

import (
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// TestClosingTextsAreStoredTogether: the Dutch and English closing texts are stored in one
// transaction — when the second cannot be stored, the first is not either; an invalid text stores
// nothing; a final report refuses both.
func TestClosingTextsAreStoredTogether(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	nl := func(s string) casework.ClosingText {
		return casework.ClosingText{Language: casework.LanguageDutch, Text: s}
	}
	en := func(s string) casework.ClosingText {
		return casework.ClosingText{Language: casework.LanguageEnglish, Text: s}
	}
	state := func() (string, string) {
		s, err := f.db.ReportState(f.ctx, 2025)
		f.must(err)
		return s.ClosingNL, s.ClosingEN
	}

	if _, err := f.db.SetClosingTexts(f.ctx, f.actor, 2025, nl("  Eerste tekst.  "), en("First text.")); err != nil {
		t.Fatal(err)
	}
	if gotNL, gotEN := state(); gotNL != "Eerste tekst." || gotEN != "First text." {
		t.Fatalf("stored %q and %q", gotNL, gotEN)
	}

	// The English text fails in the database after the Dutch one was written: neither changes.
	_, err := f.sql.Exec(`CREATE FUNCTION refuse_en() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.closing_en IS DISTINCT FROM OLD.closing_en THEN RAISE EXCEPTION 'no'; END IF; RETURN NEW; END $$;
		CREATE TRIGGER refuse_en BEFORE UPDATE ON annual_reports FOR EACH ROW EXECUTE FUNCTION refuse_en()`)
	f.must(err)
	if _, err := f.db.SetClosingTexts(f.ctx, f.actor, 2025, nl("Tweede tekst."), en("Second text.")); err == nil {
		t.Fatal("the refused English text was stored")
	}
	if gotNL, gotEN := state(); gotNL != "Eerste tekst." || gotEN != "First text." {
		t.Fatalf("after a failed second write: %q and %q, want both first texts", gotNL, gotEN)
	}
	_, err = f.sql.Exec(`DROP TRIGGER refuse_en ON annual_reports`)
	f.must(err)

	// An invalid text (a control character) stores nothing.
	if _, err := f.db.SetClosingTexts(f.ctx, f.actor, 2025, nl("Derde tekst."), en("bad \x00 text")); casework.ErrorCode(err) != casework.CodeValidation {
		t.Fatalf("invalid English text: %v", err)
	}
	if gotNL, _ := state(); gotNL != "Eerste tekst." {
		t.Fatalf("an invalid pair stored the Dutch text %q", gotNL)
	}

	// A final report refuses both.
	f.clock.Set(local(2026, 3, 3, 10, 0).Add(time.Hour))
	if _, err := f.db.FinaliseReport(f.ctx, f.actor, 2025); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SetClosingTexts(f.ctx, f.actor, 2025, nl("Vierde."), en("Fourth.")); casework.ErrorCode(err) != casework.CodeInvalidTransition {
		t.Fatalf("a final report: %v", err)
	}
}
