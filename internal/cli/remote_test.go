package cli_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/cli"
	"kijun/internal/demo"
	"kijun/internal/devicesheet"
	kj "kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/web"
)

// remoteCity is a demo city served by the real handler, for console
// commands that work through its API.
type remoteCity struct {
	db  *store.DB
	url string
}

func newRemoteCity(t *testing.T, u string) remoteCity {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, u, store.Options{})
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	p := access.DefaultPolicy()
	p.Params = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	svc, err := access.New(ctx, access.Config{DB: db, Policy: p, SealKey: make([]byte, auth.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{DB: db, Access: svc, Version: "test", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return remoteCity{db: db, url: ts.URL}
}

// token stores an account for a (if new) and a write token for it.
func (c remoteCity) token(t *testing.T, a auth.Account) string {
	t.Helper()
	ctx := context.Background()
	a.Status, a.CreatedAt = auth.StatusActive, c.db.Now()
	secret := "secret-" + a.ID
	err := c.db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Account(ctx, a.ID); kj.ErrorCode(err) == kj.ENOTFOUND {
			if err := tx.InsertAccount(ctx, a); err != nil {
				return err
			}
		}
		return tx.InsertToken(ctx, store.APIToken{ID: a.ID + "-cli", AccountID: a.ID, Name: "cli", SecretHash: access.HashToken(secret),
			Scope: access.ScopeWrite, CreatedAt: c.db.Now(), ExpiresAt: c.db.Now().AddDate(0, 0, 1)})
	})
	if err != nil {
		t.Fatal(err)
	}
	return "kjn_" + a.ID + "-cli." + secret
}

// run runs kijun in this process with KIJUN_SERVER set to the city's
// server and KIJUN_TOKEN to token, and no database.
func (c remoteCity) run(t *testing.T, token string, args ...string) (string, string, error) {
	t.Helper()
	env := map[string]string{"KIJUN_SERVER": c.url, "KIJUN_TOKEN": token, "KIJUN_DB": filepath.Join(t.TempDir(), "absent", "none.db")}
	var out, errb bytes.Buffer
	err := cli.Run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

// Console commands that change data work against a running server with a
// token instead of the database, on both engines: the check run by the
// CISO's office, a register import read here and written there all or
// nothing, and a finding assigned by the 課's 情報管理者 and closed by its
// owner; each refused where the server's rules refuse the token's person.
func TestConsoleThroughTheAPI(t *testing.T) {
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			c := newRemoteCity(t, u)
			admin := c.token(t, auth.Account{ID: "cli-admin", DisplayName: "管理者", Admin: true})
			out, _, err := c.run(t, admin, "check", "--quiet", "--fail-on", "none")
			if err != nil || !strings.Contains(out, "点検") {
				t.Fatalf("check: %v %s", err, out)
			}

			// A register file, read at the console, written by the server:
			// one device of the city's export under a new ID.
			dir := t.TempDir()
			var b bytes.Buffer
			if err := devicesheet.Devices.Export(ctx, c.db, store.RegisterFilter{}, sheets.CSVUTF8, &b); err != nil {
				t.Fatal(err)
			}
			_, rows, err := devicesheet.Devices.Read("devices.csv", b.Bytes())
			if err != nil || len(rows) == 0 {
				t.Fatalf("the export: %v %d rows", err, len(rows))
			}
			lines := strings.SplitN(b.String(), "\n", 3)
			csv := lines[0] + "\n" + strings.Replace(lines[1], rows[0].Item.ID, "CLI-PC-1", 1) + "\n"
			tmpl := filepath.Join(dir, "devices.csv")
			os.WriteFile(tmpl, []byte(csv), 0o644)
			day := organisation.Day(c.db.Now())
			var outsider string
			units, _ := c.db.UnitsOn(ctx, day)
			for _, un := range units {
				if un.Code == rows[0].Item.Unit || outsider != "" {
					continue
				}
				ms, _ := c.db.Members(ctx, un.Code, day)
				for _, m := range ms {
					// One who holds no role keeps their own 課 alone.
					if roles, _ := c.db.RolesOf(ctx, m.StaffNo, day); len(roles) == 0 {
						outsider = m.StaffNo
						break
					}
				}
			}
			other := c.token(t, auth.Account{ID: outsider, StaffNo: outsider, DisplayName: "outsider"})
			_, _, err = c.run(t, other, "devices", "import", tmpl)
			if kj.ErrorCode(err) != kj.EINVALID || !strings.Contains(err.Error(), "devices.csv") || !strings.Contains(err.Error(), "2") {
				t.Errorf("a device of another 課 from the console: %v; want the row of the file refused", err)
			}
			if out, _, err := c.run(t, admin, "devices", "import", "--dry-run", tmpl); err != nil || !strings.Contains(out, "取り込むと: 追加 1 件") {
				t.Errorf("dry run through the API: %v %s", err, out)
			}
			if out, _, err := c.run(t, admin, "devices", "import", tmpl); err != nil || !strings.Contains(out, "取り込みました: 追加 1 件") {
				t.Errorf("import through the API: %v %s", err, out)
			}
			if _, err := c.db.Device(ctx, "CLI-PC-1"); err != nil {
				t.Errorf("the imported device: %v", err)
			}
			if _, _, err := c.run(t, admin, "devices", "import", "--as", "100001", tmpl); err == nil {
				t.Error("--as with --server was taken")
			}

			// A finding assigned by its 課's 情報管理者 and closed by its owner.
			fs, _, err := c.db.ListFindings(ctx, store.FindingFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var rule, subject, manager, owner string
			for _, f := range fs {
				if f.Unit == "" {
					continue
				}
				mgr, err := c.db.ActingFor(ctx, organisation.RoleInfoManager, organisation.UnitScope(f.Unit), day)
				if err != nil || mgr.Person.StaffNo == "" {
					continue
				}
				ms, _ := c.db.Members(ctx, f.Unit, day)
				for _, m := range ms {
					if m.StaffNo != mgr.Person.StaffNo {
						rule, subject, manager, owner = f.Rule, f.Subject, mgr.Person.StaffNo, m.StaffNo
						break
					}
				}
				if owner != "" {
					break
				}
			}
			if owner == "" {
				t.Fatal("no finding of a 課 with a 情報管理者 and another member")
			}
			mt := c.token(t, auth.Account{ID: manager, StaffNo: manager, DisplayName: "manager"})
			ot := c.token(t, auth.Account{ID: owner, StaffNo: owner, DisplayName: "owner"})
			if _, _, err := c.run(t, ot, "findings", "assign", rule, subject, owner); kj.ErrorCode(err) != kj.EFORBIDDEN {
				t.Errorf("a member named themself owner: %v", err)
			}
			if _, _, err := c.run(t, mt, "findings", "assign", rule, subject, owner, "--comment", "対応をお願いします"); err != nil {
				t.Fatalf("assign: %v", err)
			}
			if _, _, err := c.run(t, ot, "findings", "close", rule, subject); kj.ErrorCode(err) != kj.EINVALID {
				t.Errorf("closing without a comment: %v", err)
			}
			if _, _, err := c.run(t, ot, "findings", "close", rule, subject, "--comment", "設定を直しました"); err != nil {
				t.Fatalf("close: %v", err)
			}
			f, err := c.db.Finding(ctx, rule, subject)
			if err != nil {
				t.Fatal(err)
			}
			got := []store.StoredFinding{f}
			if err := c.db.FillWork(ctx, got); err != nil || got[0].Work.State != "closed" || got[0].Work.Owner != owner {
				t.Errorf("after the console: %v %+v", err, got[0].Work)
			}
			var ee cli.ExitError
			if _, _, err := c.run(t, ot, "check"); errors.As(err, &ee) || kj.ErrorCode(err) != kj.EFORBIDDEN {
				t.Errorf("a member of staff ran the city's check: %v", err)
			}
		})
	}
}
