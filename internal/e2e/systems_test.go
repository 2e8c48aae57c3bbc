package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kijun/internal/browsertest"
)

// The CISO's office opens the system register, filters it to the My
// Number zone, opens a system and sees what the standard asks attention
// for, and changes it: a malformed public domain is refused beside its
// field, two sign-in factors clear the note of 5.1イ(1).
func TestSystemRegisterInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dbPath := filepath.Join(t.TempDir(), "kijun.db")
	kijunCmd(t, "demo", "--db", dbPath)
	office := seedLogin(t, dbPath, cityOffice(t, dbPath), false)
	srv := browsertest.StartServer(t, dbPath, nil)
	browsertest.SignIn(t, ctx, srv.URL, office)

	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/systems"]`)),
		chromedp.WaitVisible(chromedp.CSS("#new-system")),
	)
	browsertest.Do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#zone"), "mynumber"),
		chromedp.Click(chromedp.CSS("#filter")),
		chromedp.WaitReady(chromedp.CSS(`#zone option[value="mynumber"][selected]`)),
	)
	if got := browsertest.Text(t, ctx, "#count"); !strings.HasPrefix(got, "全 5 件") {
		t.Errorf("My Number zone count = %q, want 全 5 件", got)
	}
	browsertest.Screenshot(t, ctx, "systems-list")
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/systems/juki/edit"),
		chromedp.WaitVisible(chromedp.CSS("#save")),
		chromedp.SetValue(chromedp.CSS("#auth_factors"), "1"),
		chromedp.SetValue(chromedp.CSS("#public_domain"), "not a domain"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#public_domain-error")),
	)
	browsertest.Screenshot(t, ctx, "system-form-error")
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#public_domain').value = '', true`))
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, ctx, "#notes"); !strings.Contains(got, "5.1.イ.(1)") {
		t.Errorf("one factor in the My Number zone: notes %q, want 5.1.イ.(1)", got)
	}
	browsertest.Screenshot(t, ctx, "system")
	// The save re-checked the system before the page returned (9.2.1):
	// its finding is listed at once, with no full run.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/compliance/findings?subject=system:juki"),
		chromedp.WaitVisible(chromedp.CSS("#count")),
	)
	if got := browsertest.Text(t, ctx, "body"); !strings.Contains(got, "system.mynumber-mfa") {
		t.Errorf("after saving one factor, the findings of juki lack system.mynumber-mfa: %q", got)
	}
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/systems/juki"),
		chromedp.WaitVisible(chromedp.CSS("#edit")),
	)
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#edit")),
		chromedp.WaitVisible(chromedp.CSS("#save")),
		chromedp.SetValue(chromedp.CSS("#auth_factors"), "2"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if n := browsertest.Get(t, ctx, chromedp.Evaluate[string](`(document.querySelector('#notes') || {textContent: ''}).textContent`)); strings.Contains(n, "5.1.イ.(1)") {
		t.Errorf("after two factors the note of 5.1イ(1) remains: %q", n)
	}
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/compliance/findings?subject=system:juki"),
		chromedp.WaitVisible(chromedp.CSS("#count")),
	)
	if got := browsertest.Text(t, ctx, "body"); strings.Contains(got, "system.mynumber-mfa") {
		t.Error("after saving two factors, juki's finding of 5.1イ(1) is still open")
	}
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/systems/juki"),
		chromedp.WaitVisible(chromedp.CSS("#edit")),
	)
	if got := browsertest.Text(t, ctx, "#history"); strings.Count(got, "system.update") != 2 {
		t.Errorf("history: %q, want two updates", got)
	}

	// The network register: a connection with a port out of range is
	// refused beside the field, then added, and its page shows that.
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/networks"]`)),
		chromedp.WaitVisible(chromedp.CSS("#connections")),
		chromedp.Click(chromedp.CSS("#new-connection")),
		chromedp.WaitVisible(chromedp.CSS("#save")),
		chromedp.SendKeys(chromedp.CSS("#id"), "c9001"),
		chromedp.SendKeys(chromedp.CSS("#from"), "system:juki"),
		chromedp.SendKeys(chromedp.CSS("#to"), "external:kuni"),
		chromedp.SendKeys(chromedp.CSS("#ports"), "443,70000"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#ports-error")),
	)
	browsertest.Screenshot(t, ctx, "connection-form-error")
	browsertest.Get(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#ports').value = '443', true`))
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := browsertest.Text(t, ctx, "#connections"); !strings.Contains(got, "c9001") {
		t.Errorf("connections after adding c9001: %q", got)
	}
	browsertest.Screenshot(t, ctx, "networks")
	// The connection's page shows who added it and when, from the ledger.
	browsertest.Do(t, ctx,
		chromedp.Navigate(srv.URL+"/networks/connections/c9001"),
		chromedp.WaitVisible(chromedp.CSS("#history")),
	)
	if got := browsertest.Text(t, ctx, "#history tbody"); !strings.Contains(got, "network.connection.create") {
		t.Errorf("history of c9001: %q, want its creation", got)
	}
	browsertest.Screenshot(t, ctx, "connection-history")

	// Retired from its page, the connection leaves the register and the
	// ledger keeps its last state.
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS("#retire")),
		chromedp.WaitVisible(chromedp.CSS("#retired")),
	)
	if got := browsertest.Text(t, ctx, "#connections"); strings.Contains(got, "c9001") {
		t.Errorf("connections after retiring c9001: %q", got)
	}
}
