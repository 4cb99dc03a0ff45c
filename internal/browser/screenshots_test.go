package browser_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
)

// screenshotWidth and screenshotHeight are the window of the README's pictures.
const (
	screenshotWidth  = 1024
	screenshotHeight = 760
)

// TestScreenshotsOfEachRole photographs what each role sees first — the resident's complaint form,
// the staff's worklist and case page, the organisation's advice page, the council's year, the
// directory of client supporters, a supporter's start page and the municipality's figures — and
// checks every picture is a PNG of the window's size. With MELDPUNT_SCREENSHOTS set to a folder
// (`make screenshots`), it writes them there: the README shows them.
func TestScreenshotsOfEachRole(t *testing.T) {
	s := newSite(t)
	acc := s.addAccounts(t)
	advice := s.advise(t, acc.staff)
	s.file(t, casework.LanguageDutch)
	s.file(t, casework.LanguageDutch)
	year := s.clock.Now().Year()
	// The pool: a supporter with a request waiting, a client's case and a dozen trajectories, and the
	// municipality's policy officer who sees their figures.
	adm, _ := s.officeAdmin(t)
	pool := s.addSupportPool(t, adm)
	acc.password[pool.supporter.ID] = pool.password
	ctx := context.Background()
	s.ask(t, pool.clientenbelang.ID, "Joke de Vries")
	client, err := s.store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
		Complainant:     casework.Contact{Name: "Anna de Boer", Email: "anna@bewoner.example"},
		OrganisationIDs: []int64{s.orgs[0].ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary:     "De zorgaanbieder zegde mijn begeleiding op zonder gesprek.",
		SupporterID: pool.clientenbelang.ID, SupporterConsent: true})
	if err != nil {
		t.Fatal(err)
	}
	s.hearComplainant(t, acc.staff, client.Reference)
	sup := casework.ActorOf(pool.supporter)
	for i := range 12 {
		tr, err := s.store.CreateTrajectory(ctx, sup, casework.TrajectoryInput{ClientLabel: fmt.Sprintf("Cliënt %02d", i+1),
			StartedOn: fmt.Sprintf("2026-01-%02d", 5+i), LifeDomains: []casework.LifeDomain{casework.DomainCare}})
		if err != nil {
			t.Fatal(err)
		}
		topic := []casework.IssueTopic{casework.TopicHouseholdHelp, casework.TopicFinances}[i%2]
		if _, err := s.store.AddTrajectoryIssue(ctx, sup, tr.ID, casework.IssueInput{Topic: topic, NotedOn: tr.StartedOn}); err != nil {
			t.Fatal(err)
		}
		for _, ch := range []casework.ActivityChannel{casework.ActivityPhone, casework.ActivityHomeVisit} {
			if _, err := s.store.AddTrajectoryActivity(ctx, sup, tr.ID, casework.ActivityInput{OnDate: "2026-02-16",
				Channel: ch, Minutes: 45 + 15*(i%3)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	municipality, err := s.store.CreateUser(ctx, casework.NewUser{Email: "beleid@gemeente.example", Name: "Bea Beleid",
		Role: casework.RoleMunicipality, Password: "een lang en geheim wachtwoord van de gemeente"})
	if err != nil {
		t.Fatal(err)
	}
	acc.password[municipality.ID] = "een lang en geheim wachtwoord van de gemeente"

	shots := []struct {
		name, path string
		as         *casework.User
		whole      bool // the whole page, not only the window
	}{
		{"inwoner-klachtformulier", "/klacht", nil, false},
		{"medewerker-werklijst", "/werk", &acc.staff, false},
		{"medewerker-zaak", "/werk/klacht/" + advice.ComplaintRef, &acc.staff, true},
		{"organisatie-advies", fmt.Sprintf("/organisatie/advies/%d", advice.ID), &acc.org, false},
		{"raad-jaarverslag", fmt.Sprintf("/raad/jaar/%d", year), &acc.council, false},
		{"inwoner-ondersteuning", "/ondersteuning", nil, false},
		{"ondersteuner-start", "/ondersteuner", &pool.supporter, false},
		{"gemeente-cijfers", fmt.Sprintf("/gemeente?jaar=%d&kwartaal=1", year), &municipality, true},
	}
	dir := os.Getenv("MELDPUNT_SCREENSHOTS")
	for _, sh := range shots {
		tb := newTab(t)
		tb.step("forget cookies", network.ClearBrowserCookies())
		if sh.as != nil {
			tb.signIn(s.url, "", *sh.as, acc.password[sh.as.ID], http.StatusOK)
		}
		tb.open(s.url, sh.path, http.StatusOK)
		tb.step("a window of the README's size", chromedp.EmulateViewport(screenshotWidth, screenshotHeight),
			chromedp.Sleep(100*time.Millisecond))
		height := screenshotHeight
		if sh.whole {
			tb.eval(`document.documentElement.scrollHeight`, &height)
		}
		var shot []byte
		tb.step("photograph "+sh.name, chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			shot, err = page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng).WithCaptureBeyondViewport(true).
				WithClip(&page.Viewport{Width: screenshotWidth, Height: float64(height), Scale: 1}).Do(ctx)
			return err
		}))
		cfg, format, err := image.DecodeConfig(bytes.NewReader(shot))
		if err != nil || format != "png" || cfg.Width != screenshotWidth || cfg.Height != height || height < screenshotHeight {
			t.Fatalf("%s: a %s picture of %dx%d (%v), want a %dx%d PNG", sh.name, format, cfg.Width, cfg.Height, err,
				screenshotWidth, height)
		}
		if _, err := png.Decode(bytes.NewReader(shot)); err != nil {
			t.Fatalf("%s: %v", sh.name, err)
		}
		if dir != "" {
			if err := os.WriteFile(filepath.Join(dir, sh.name+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
