package cli

import (
	"context"
	"fmt"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/notify"
	"kijun/internal/store"
)

const mailUsage = `Usage: kijun mail COMMAND [--db URL]

Mail to the people who must act / 通知メール:
  address STAFF_NO ADDRESS   set a person's mail address ("" removes it) / 職員のメールアドレスを登録
  prefer STAFF_NO each|digest each mail as it comes, or one digest a day / 都度受け取るか1日1通のまとめか
  test ADDRESS               send a test mail now with the smtp.* settings / 試験送信

The SMTP server is set with kijun config set smtp.host ... (see kijun config).`

func runMail(ctx context.Context, e *env, args []string) error {
	c, err := openSubcommand(ctx, e, "mail", mailUsage, args)
	if c == nil || err != nil {
		return err
	}
	defer c.db.Close()
	sub, rest, db, d := c.name, c.rest, c.db, c.flags
	switch {
	case sub == "address" && len(rest) == 2:
		if err := db.SetPersonMail(ctx, rest[0], rest[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "職員番号 %s のメールアドレスを登録しました / mail address of %s set\n", rest[0], rest[0])
		return nil
	case sub == "prefer" && len(rest) == 2:
		if err := db.SetMailPreference(ctx, rest[0], rest[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "職員番号 %s の受け取り方を %s にしました / %s now gets %s mail\n", rest[0], rest[1], rest[0], rest[1])
		return nil
	case sub == "test" && len(rest) == 1:
		key, err := sealKey(ctx, db, d)
		if err != nil {
			return err
		}
		n := notify.New(notify.Config{DB: db, Logger: e.log, SealKey: key, PublicURL: e.getenv("KIJUN_PUBLIC_URL")})
		if err := n.SendTest(ctx, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s に試験メールを送りました / test mail sent to %s\n", rest[0], rest[0])
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "usage: kijun mail address STAFF_NO ADDRESS | prefer STAFF_NO each|digest | test ADDRESS")
}

// subcommand is a command's subcommand with its arguments, and the
// database its flags named, open and ready.
type subcommand struct {
	name  string
	rest  []string
	db    *store.DB
	flags *dbFlags
}

// openSubcommand reads `kijun CMD SUB [flags] ARGS...` and opens the
// database; it returns nil after printing usage when help is asked.
func openSubcommand(ctx context.Context, e *env, cmd, usage string, args []string) (*subcommand, error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, usage)
		return nil, nil
	}
	c := &subcommand{name: args[0], flags: &dbFlags{}}
	fs := newFlags(e, cmd+" "+c.name, usage)
	c.flags.register(fs, e)
	var err error
	if c.rest, err = parseArgs(fs, args[1:]); err != nil {
		return nil, err
	}
	if c.db, err = c.flags.openReady(ctx, e, false); err != nil {
		return nil, err
	}
	return c, nil
}

func sealKey(ctx context.Context, db *store.DB, d *dbFlags) ([]byte, error) {
	path, err := d.secretKeyPath()
	if err != nil {
		return nil, err
	}
	return access.LoadOrCreateSealKey(ctx, db, path)
}

// setMailSetting checks a mail setting and writes it; the SMTP password is
// sealed with the secret key first, so neither the settings table nor a
// backup holds it in the clear.
func setMailSetting(ctx context.Context, db *store.DB, d *dbFlags, key, value string) error {
	if err := notify.CheckSetting(key, value); err != nil {
		return err
	}
	if key == notify.SettingPassword {
		k, err := sealKey(ctx, db, d)
		if err != nil {
			return err
		}
		if value, err = notify.SealPassword(k, value); err != nil {
			return err
		}
	}
	return db.SetSetting(ctx, key, value)
}
