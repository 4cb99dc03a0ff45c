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
// the staff's worklist and case page, the organisation's advice page, the council's year — and
// checks every picture is a PNG of the window's size. With MELDPUNT_SCREENSHOTS set to a folder
// (`make screenshots`), it writes them there: the README shows them.
func TestScreenshotsOfEachRole(t *testing.T) {
	s := newSite(t)
	acc := s.addAccounts(t)
	advice := s.advise(t, acc.staff)
	s.file(t, casework.LanguageDutch)
	s.file(t, casework.LanguageDutch)
	year := s.clock.Now().Year()

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
