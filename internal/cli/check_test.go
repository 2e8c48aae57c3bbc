package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"kijun/internal/kijun"
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

	e, out = testEnv(path)
	if err := runCatalog(ctx, e, []string{"coverage"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "69 provisions are checked by rules on the registers") {
		t.Errorf("coverage does not count the provisions rules check:\n%s", out.String()[max(0, len(out.String())-300):])
	}
}
