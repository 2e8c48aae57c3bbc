package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/cli"
	kj "kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// local runs kijun in this process on the database at u itself, with no
// server named and its keys in dir.
func local(u, dir string, args ...string) (string, error) {
	env := map[string]string{"KIJUN_DB": u, "KIJUN_LEDGER_KEY": filepath.Join(dir, "ledger.key"), "KIJUN_SECRET_KEY": filepath.Join(dir, "secret.key")}
	var out, errb bytes.Buffer
	err := cli.Run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), err
}

// carryPeople finds an asset of 機密性 2 or more whose 課 has a 情報管理者,
// a member of that 課 who holds no role, and one of another 課.
func carryPeople(t *testing.T, db *store.DB) (asset, requester, manager, outsider string) {
	t.Helper()
	ctx := context.Background()
	day := organisation.Day(db.Now())
	list, _, err := db.ListAssets(ctx, store.AssetFilter{MinConfidentiality: 2, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	plain := func(unit string) string {
		ms, _ := db.Members(ctx, unit, day)
		for _, m := range ms {
			if roles, _ := db.RolesOf(ctx, m.StaffNo, day); len(roles) == 0 {
				return m.StaffNo
			}
		}
		return ""
	}
	units, _ := db.UnitsOn(ctx, day)
	for _, a := range list {
		mgr, err := db.ActingFor(ctx, organisation.RoleInfoManager, organisation.UnitScope(a.Unit), day)
		if err != nil || mgr.Person.StaffNo == "" {
			continue
		}
		requester = plain(a.Unit)
		for _, u := range units {
			if outsider == "" && u.Code != a.Unit {
				outsider = plain(u.Code)
			}
		}
		if requester != "" && outsider != "" && requester != mgr.Person.StaffNo {
			return a.ID, requester, mgr.Person.StaffNo, outsider
		}
	}
	t.Fatal("the demo has no asset of 機密性 2 with a 情報管理者 and a member of staff to carry it")
	return
}

var permitNo = regexp.MustCompile(`申請 No\.(\d+): (\w+)`)

// kijun permits file and decide work on the database as --as and on a
// server through its permit API as the token's person, on both engines:
// a carry request (4.2キ) filed by a member of staff, refused to one of
// another 課 and decided by the 課's 情報管理者, each way.
func TestPermitsConsoleBothWays(t *testing.T) {
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			c := newRemoteCity(t, u)
			asset, requester, manager, outsider := carryPeople(t, c.db)
			day := organisation.Day(c.db.Now())
			filing := []string{"permits", "file", "carry", "asset=" + asset, "destination=本庁舎3階会議室", "protection=鍵付きケース",
				"--from", day.Format(time.DateOnly), "--to", day.AddDate(0, 0, 3).Format(time.DateOnly)}
			rt := c.token(t, auth.Account{ID: requester, StaffNo: requester, DisplayName: "requester"})
			mt := c.token(t, auth.Account{ID: manager, StaffNo: manager, DisplayName: "manager"})
			ot := c.token(t, auth.Account{ID: outsider, StaffNo: outsider, DisplayName: "outsider"})
			keys := t.TempDir()
			ways := []struct {
				name string
				do   func(who string, args ...string) (string, error)
			}{
				{"server", func(who string, args ...string) (string, error) {
					out, _, err := c.run(t, map[string]string{requester: rt, manager: mt, outsider: ot}[who], args...)
					return out, err
				}},
				{"database", func(who string, args ...string) (string, error) {
					return local(u, keys, append(args, "--as", who)...)
				}},
			}
			for i, w := range ways {
				do := w.do
				out, err := do(requester, filing...)
				m := permitNo.FindStringSubmatch(out)
				if err != nil || m == nil || m[2] != "submitted" {
					t.Fatalf("%s: file: %v %q", w.name, err, out)
				}
				if _, err := do(outsider, "permits", "decide", m[1], "approve"); kj.ErrorCode(err) != kj.EFORBIDDEN {
					t.Errorf("%s: one of another 課 decided: %v", w.name, err)
				}
				verdict, want := "approve", "approved"
				if i == 1 {
					verdict, want = "reject", "rejected"
				}
				out, err = do(manager, "permits", "decide", m[1], verdict, "--reason", "会議室は施錠できないため", "--note", "鍵付きケースで")
				if d := permitNo.FindStringSubmatch(out); err != nil || d == nil || d[2] != want {
					t.Errorf("%s: the 情報管理者 decided: %v %q, want %s", w.name, err, out, want)
				}
			}
			if _, _, err := c.run(t, rt, append(filing, "--as", requester)...); kj.ErrorCode(err) != kj.EINVALID {
				t.Errorf("--as with --server: %v", err)
			}
			if _, err := local(u, keys, filing...); kj.ErrorCode(err) != kj.EINVALID {
				t.Errorf("filing on the database without --as: %v", err)
			}
			if _, err := local(u, keys, "permits", "decide", "x", "approve", "--as", manager); kj.ErrorCode(err) != kj.EINVALID {
				t.Errorf("deciding request x: %v", err)
			}
		})
	}
}
