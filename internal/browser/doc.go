// Package browser holds the browser tests of the public pages: a real server (web.New) on a
// throw-away PostgreSQL, driven through Debian's headless Chromium with chromedp.
//
// The tests check the pages' accessibility with axe-core (WCAG 2.1 A and AA, in Dutch and English,
// in their normal and error states, and reflow at 320 CSS pixels), that the complaint form can be
// completed with the keyboard alone, and a resident's journey from filing a complaint to
// downloading the acknowledgement letter.
//
// What the tests need, and where it comes from:
//
//   - Chromium at /usr/bin/chromium: `make chromium` installs Debian's package (as root), and
//     `make test` depends on it. The tests fail, never skip, when it is missing.
//   - axe-core, pinned in axeVersion, installed from the npm registry by the test set-up with
//     `npm install --no-save` into the user's cache directory (os.UserCacheDir()/meldpunt), outside
//     the repository; it is never committed.
//
// When a test fails, a screenshot of every step it took and of the page at the moment of failure is
// written to testdata/failures/<test name>/ in this directory (git-ignored), or to
// $MELDPUNT_SCREENSHOTS/<test name>/ when that is set; the log names the folder.
//
// The package has no code of its own: everything is in its _test.go files.
package browser
