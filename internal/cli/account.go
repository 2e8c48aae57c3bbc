package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/access"
	"kijun/internal/audits"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/work"
	"kijun/internal/config"
	"kijun/internal/kijun"
	"kijun/internal/notify"
	"kijun/internal/store"
)

const configUsage = `Usage: kijun config list | get KEY | set KEY VALUE [--db URL]
       kijun config check FILE   check a configuration file (kijun.toml) without starting / 設定ファイルの検査

The city's settings / 団体の設定. Sign-in follows these (8.2.5, 8.2.6, 6.4.2); a server
reads them when it starts.
  city.name                       団体名（認証アプリにも表示）`

func runConfig(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, configUsage+"\n"+policyHelp())
		return nil
	}
	sub, args := args[0], args[1:]
	if sub == "check" {
		return checkConfigFile(e, args)
	}
	fs := newFlags(e, "config "+sub, configUsage)
	var d dbFlags
	d.register(fs, e)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	keys := []string{"city.name"}
	for _, s := range settings() {
		keys = append(keys, s.Key)
	}
	switch {
	case sub == "list" && len(rest) == 0:
		for _, k := range keys {
			v, err := db.Setting(ctx, k)
			if kijun.ErrorCode(err) == kijun.ENOTFOUND {
				v = "(default)"
			} else if err != nil {
				return err
			}
			if k == notify.SettingPassword && v != "(default)" {
				v = "(sealed)"
			}
			fmt.Fprintf(e.stdout, "%s=%s\n", k, v)
		}
		return nil
	case sub == "get" && len(rest) == 1:
		v, err := db.Setting(ctx, rest[0])
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, v)
		return nil
	case sub == "set" && len(rest) == 2:
		key, value := rest[0], rest[1]
		if notify.IsSetting(key) {
			return setMailSetting(ctx, db, &d, key, value)
		}
		if known, err := (&work.DueDays{}).Apply(key, value); known { // 9.2.1イ: the days a finding has
			if err != nil {
				return err
			}
			return db.SetSetting(ctx, key, value)
		}
		if known, err := store.CheckOperationsSetting(key, value); known { // 8.3.4イ, 8.6.1
			if err != nil {
				return err
			}
			return db.SetSetting(ctx, key, value)
		}
		network := slices.ContainsFunc(monitor.Settings(), func(s setting) bool { return s.Key == key })
		if key == audits.RetentionSetting {
			if _, err := audits.ParseRetention(value); err != nil {
				return err
			}
		} else if network {
			if err := monitor.CheckSetting(key, value); err != nil {
				return err
			}
		} else if key != "city.name" {
			p := access.DefaultPolicy()
			if err := p.Apply(key, value); err != nil {
				return err
			}
		} else if strings.TrimSpace(value) == "" {
			return kijun.Errorf(kijun.EINVALID, "city.name must not be empty / 団体名が空です")
		}
		if err := db.SetSetting(ctx, key, value); err != nil {
			return err
		}
		if network {
			// The network's model and approved connections decide the
			// separation proof: prove it again now.
			if _, err := monitor.New(db).Recheck(ctx, "network:"); err != nil {
				return err
			}
		}
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "usage: kijun config list | get KEY | set KEY VALUE")
}

// setting is one key of kijun config, with its meaning.
type setting = struct{ Key, Meaning string }

// settings are the keys kijun config knows besides city.name: the sign-in
// policy and the separation proof's model and approvals.
func settings() []setting {
	return append(append(append(append(access.PolicySettings(), monitor.Settings()...), notify.Settings()...),
		setting{Key: audits.RetentionSetting, Meaning: audits.Setting}), work.Keys()...)
}

func policyHelp() string {
	var b strings.Builder
	for _, s := range settings() {
		fmt.Fprintf(&b, "  %-31s %s\n", s.Key, s.Meaning)
	}
	return strings.TrimRight(b.String(), "\n")
}

const accountUsage = `Usage: kijun account COMMAND ID [--db URL]

Accounts, from the server's console / 利用者IDの操作（サーバのコンソールから）:
  reset ID    issue a temporary password, printed once (8.2.6イ) / 仮のパスワードを発行
  unlock ID   end a lock after failed sign-ins (8.2.5) / ロックを解除
  list        list accounts and their state / 一覧

For when no administrator can sign in; the ledger records these as done
from the console.`

func runAccount(ctx context.Context, e *env, args []string) error {
	c, err := openSubcommand(ctx, e, "account", accountUsage, args)
	if c == nil || err != nil {
		return err
	}
	defer c.db.Close()
	sub, rest, db := c.name, c.rest, c.db
	svc, err := newAccess(ctx, e, db, c.flags, "")
	if err != nil {
		return err
	}
	console := &access.Principal{AccountID: "console", Admin: true}
	ctx = kijun.WithActor(ctx, console.Actor())
	if sub == "list" {
		accounts, err := db.Accounts(ctx)
		if err != nil {
			return err
		}
		lock := svc.Policy().Lockout
		for _, a := range accounts {
			state := a.Status
			if lock.Locked(a.SignIn, db.Now()) {
				state += ",locked"
			}
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\tadmin=%v\n", a.ID, a.DisplayName, state, a.Admin)
		}
		return nil
	}
	if len(rest) != 1 {
		return kijun.Errorf(kijun.EINVALID, "account %s needs one user ID", sub)
	}
	action := map[string]access.AccountAction{"reset": access.ActionResetPassword, "unlock": access.ActionUnlock}[sub]
	if action == "" {
		return kijun.Errorf(kijun.EINVALID, "unknown account command %q (reset, unlock, list)", sub)
	}
	a, err := db.Account(ctx, rest[0])
	if err != nil {
		return err
	}
	pw, err := svc.Administer(ctx, console, a.ID, a.Version, action)
	if err != nil {
		return err
	}
	if pw != "" {
		fmt.Fprintf(e.stdout, "仮のパスワード / temporary password (%s): %s\n", a.ID, pw)
	} else {
		fmt.Fprintf(e.stdout, "unlocked %s\n", a.ID)
	}
	return nil
}

// checkConfigFile checks a configuration file without starting anything:
// every problem is named, with its line.
func checkConfigFile(e *env, args []string) error {
	if len(args) != 1 {
		return kijun.Errorf(kijun.EINVALID, "usage: kijun config check FILE")
	}
	if _, err := config.Load(args[0]); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "%s", err.Error())
	}
	fmt.Fprintf(e.stdout, "%s: ok / 設定ファイルに誤りはありません\n", args[0])
	return nil
}
