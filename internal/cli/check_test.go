package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/compliance"
	"kijun/internal/compliance/separation"
	"kijun/internal/kijun"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// kijun check keeps findings and exits 3 for a script when findings of the
// chosen severity remain; --fail-on none never fails; --dry-run keeps
// nothing. The network settings it reads are set with kijun config, which
// refuses a model the guideline does not have; catalog coverage counts the
// provisions the rules check.
func TestCheckCommand(t *testing.T) {
	ctx := context.Background()
	path, n := checkedDemo(t)
	e, out := testEnv(path)
	err := runCheck(ctx, e, []string{"--quiet"})
	var exit ExitError
	if !errors.As(err, &exit) || exit.Code != 3 {
		t.Fatalf("check with high findings: %v, want exit 3", err)
	}
	if !strings.Contains(out.String(), "新規 0、解消 0") {
		t.Errorf("a second run over the same city changed findings: %q", out.String())
	}
	e, out = testEnv(path)
	if err := runCheck(ctx, e, []string{"--fail-on", "none", "--dry-run"}); err != nil {
		t.Fatalf("check --fail-on none: %v", err)
	}
	if want := fmt.Sprintf("指摘 %d 件", n); !strings.Contains(out.String(), want) {
		t.Errorf("dry run does not say %q:\n%s", want, out.String())
	}
	e, _ = testEnv(path)
	if err := runCheck(ctx, e, []string{"--fail-on", "urgent"}); kijun.ErrorCode(err) != kijun.EINVALID {
		t.Errorf("--fail-on urgent: %v, want EINVALID", err)
	}
	// A finding accepted under a 例外措置 fails no script; each severity
	// counts those of it and worse.
	accepted := acceptOne(t, path)
	for _, sev := range []compliance.Severity{compliance.SeverityHigh, compliance.SeverityMedium, compliance.SeverityLow} {
		want := 0
		for _, f := range accepted.open {
			if f.Accepted == "" && f.Severity.Rank() >= sev.Rank() {
				want++
			}
		}
		e, out = testEnv(path)
		err := runCheck(ctx, e, []string{"--fail-on", string(sev), "--dry-run"})
		if !errors.As(err, &exit) || exit.Code != 3 || !strings.HasPrefix(exit.Msg, fmt.Sprintf("%d findings of severity %s or worse", want, sev)) {
			t.Errorf("--fail-on %s: %v, want exit 3 for %d findings", sev, err, want)
		}
		if !strings.Contains(out.String(), "［例外措置 "+accepted.ref+" により受け入れ］") || !strings.Contains(out.String(), "うち例外措置 1）") ||
			!strings.Contains(out.String(), "（情報管理者）") {
			t.Errorf("--fail-on %s does not show the accepted finding as such, and who answers for each:\n%s", sev, out.String()[max(0, len(out.String())-400):])
		}
	}

	e, _ = testEnv(path)
	if err := runConfig(ctx, e, []string{"set", "network.model", "beta"}); err != nil {
		t.Fatalf("config set network.model beta: %v", err)
	}
	e, _ = testEnv(path)
	if err := runConfig(ctx, e, []string{"set", "network.model", "gamma"}); err == nil {
		t.Error("config set network.model gamma was accepted")
	}
	e, out = testEnv(path)
	if err := runConfig(ctx, e, []string{"get", "network.model"}); err != nil || strings.TrimSpace(out.String()) != "beta" {
		t.Errorf("config get network.model = %q, %v", out.String(), err)
	}
	// An approval the 統括責任者 may not give (c0001 goes to no 国等 system)
	// is found as soon as it is set: the network is proved again.
	e, _ = testEnv(path)
	if err := runConfig(ctx, e, []string{"set", "network.approved_connections", "c0001"}); err != nil {
		t.Fatalf("config set network.approved_connections: %v", err)
	}
	if found := openFindings(t, path, separation.RuleApproval); !slices.Contains(found, "connection:c0001") {
		t.Errorf("after approving c0001, %s is open on %v; want connection:c0001", separation.RuleApproval, found)
	}

	e, out = testEnv(path)
	if err := runCatalog(ctx, e, []string{"coverage"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "90 provisions are checked by rules on the registers") {
		t.Errorf("coverage does not count the provisions rules check:\n%s", out.String()[max(0, len(out.String())-300):])
	}
}

// openFindings returns the subjects of the open findings of rule.
func openFindings(t *testing.T, path, rule string) []string {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fs, _, err := db.ListFindings(context.Background(), store.FindingFilter{Rule: rule, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.Subject)
	}
	return out
}

// acceptedCity is a checked demo city with one finding accepted under the
// demo's 例外措置 for 8.1.3, and its open findings after.
type acceptedCity struct {
	ref  string
	open []store.StoredFinding
}

func acceptOne(t *testing.T, path string) acceptedCity {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	backup, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "system.backup", Limit: 1})
	if err != nil || len(backup) != 1 || backup[0].Severity != compliance.SeverityHigh {
		t.Fatalf("no high system.backup finding to accept: %+v, %v", backup, err)
	}
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	x, err := db.Permits(reg).ExceptionsCovering(ctx, "8.1.3", db.Now())
	if err != nil || len(x) != 1 {
		t.Fatalf("the demo's exception for 8.1.3: %+v, %v", x, err)
	}
	if err := db.AcceptFinding(ctx, store.Acceptance{Rule: backup[0].Rule, Subject: backup[0].Subject, Request: x[0].ID}); err != nil {
		t.Fatal(err)
	}
	open, _, err := db.ListFindings(ctx, store.FindingFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return acceptedCity{ref: strconv.FormatInt(x[0].ID, 10), open: open}
}
