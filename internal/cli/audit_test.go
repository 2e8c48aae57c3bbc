package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// kijun audit and kijun actions at the console: a plan drafted once per
// 年度, bad years and settings refused with one clear line.
func TestAuditAndActionsCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	if r := kijun(t, dir, "migrate", "--db", db); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	if out := runOK(t, dir, "actions", "list", "--db", db); !strings.Contains(out, "0 件") {
		t.Errorf("actions list on an empty register: %q", out)
	}
	out := runOK(t, dir, "audit", "plan", "--year", "2026", "--draft", "--note", "重点: 媒体管理", "--db", db)
	if !strings.Contains(out, "令和8年度 の監査計画（案") {
		t.Errorf("draft: %q", out)
	}
	out = runOK(t, dir, "audit", "plan", "--year", "2026", "--db", db)
	if !strings.Contains(out, "令和8年度 監査計画: 案") {
		t.Errorf("plan: %q", out)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"audit", "--db", db}, "say plan or list"},
		{"actions without list", []string{"actions", "show", "--db", db}, "say list"},
		{"a second plan", []string{"audit", "plan", "--year", "2026", "--draft", "--db", db}, "令和8年度 の監査計画は既にあります"},
		{"no plan", []string{"audit", "plan", "--year", "2030", "--db", db}, "監査計画はありません"},
		{"a year out of range", []string{"audit", "plan", "--year", "1800", "--draft", "--db", db}, "年度を西暦の 4 桁"},
		{"retention not a number", []string{"config", "set", "audit.evidence.retention_years", "five", "--db", db}, "1 から 100 の整数"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := kijun(t, dir, tt.args...)
			if r.code != 1 || !strings.Contains(lastLine(r.stderr), tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, lastLine(r.stderr), tt.want)
			}
		})
	}
}

// runOK runs kijun and returns its output, failing the test unless it
// exits 0.
func runOK(t *testing.T, dir string, args ...string) string {
	t.Helper()
	r := kijun(t, dir, args...)
	if r.code != 0 {
		t.Fatalf("kijun %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}
