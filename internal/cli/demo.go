package cli

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pquerna/otp/totp"

	"kijun/internal/auth"
	"kijun/internal/store"

	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/kijun"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "code" {
		return runDemoCode(ctx, e, args[1:])
	}
	fs := newFlags(e, "demo [--db URL] [--scale small|city] [--seed N] [--no-accounts]\n       kijun demo code [--db URL] USER_ID",
		"Fill a database with a fictional city (みなと市) for trying Kijun out and for benchmarks. Deterministic for a given seed.\n架空の市（みなと市）のデモデータを作ります。同じ seed なら同じデータになります。")
	var d dbFlags
	d.register(fs, e)
	scale := fs.String("scale", "small", "small or city / small（小規模）または city（政令市規模）")
	seed := fs.Int64("seed", 1, "random seed / 乱数の種")
	noAccounts := fs.Bool("no-accounts", false, "make no sign-in accounts for the demo's people / デモ用アカウントを作らない")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sc, err := demo.ParseScale(*scale)
	if err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = kijun.WithActor(ctx, kijun.Actor{ID: "demo"})
	sum, err := demo.Generate(ctx, db, demo.Options{Scale: sc, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo data for %s (%s scale, seed %d) is in %s\n", sum.City, sc, *seed, db.Display)
	for _, l := range sum.Lines {
		fmt.Fprintln(e.stdout, "  "+l)
	}
	// 9.2.1: the registers are checked once now, so the compliance pages
	// show the demo city's findings from the first start, not "no check
	// has run".
	res, err := monitor.New(db).Run(ctx, db.Now())
	if err != nil {
		return fmt.Errorf("check the demo city: %w", err)
	}
	fmt.Fprintf(e.stdout, "  点検 / check: %d findings\n", len(res.Findings))
	// 11.2: the self-check is judged against those findings.
	lines, err := demo.GenerateSelfcheck(ctx, db)
	if err != nil {
		return err
	}
	for _, l := range lines {
		fmt.Fprintln(e.stdout, "  "+l)
	}
	if *noAccounts {
		return nil
	}
	return demoAccounts(ctx, e, db, &d)
}

// demoAccounts makes sign-in accounts for a few of the demo city's people
// by role and prints how to sign in as each.
func demoAccounts(ctx context.Context, e *env, db *store.DB, d *dbFlags) error {
	people, err := demo.PickPeople(ctx, db)
	if err != nil {
		return err
	}
	key, err := sealKey(ctx, db, d)
	if err != nil {
		return err
	}
	pw, err := demoPassword()
	if err != nil {
		return err
	}
	city, _ := db.Setting(ctx, "city.name")
	logins, err := demo.MakeAccounts(ctx, db, key, strings.TrimSpace(city+" Kijun"), pw, people)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nデモ用アカウント / demo accounts (password for all: %s)\n", pw)
	for _, l := range logins {
		unit := ""
		if l.Unit != "" {
			unit = "（" + l.Unit + "）"
		}
		fmt.Fprintf(e.stdout, "  %s: %s%s\n    user ID %s · TOTP secret %s\n", l.Role, l.Name, unit, l.ID, l.TOTP)
	}
	fmt.Fprintf(e.stdout, "サインインの確認コード / the sign-in code: kijun demo code --db %s USER_ID (or add the TOTP secret to an authenticator app)\n", d.url)
	return nil
}

// demoPassword makes the demo accounts' shared password: random, so no
// two demo databases share one.
func demoPassword() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	s := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return "demo-" + s[:4] + "-" + s[4:8] + "-" + s[8:12], nil
}

// runDemoCode prints the current TOTP code of a demo account, so a
// newcomer signs in without setting up an authenticator app. Only the
// accounts `kijun demo` made (demo.SettingAccounts) have their code shown.
func runDemoCode(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo code [--db URL] USER_ID", "Print the current sign-in code of a demo account.\nデモ用アカウントの現在の確認コードを表示します。")
	var d dbFlags
	d.register(fs, e)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return kijun.Errorf(kijun.EINVALID, "利用者IDを 1 つ指定してください: kijun demo code USER_ID")
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ids, err := db.Setting(ctx, demo.SettingAccounts)
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	if !slices.Contains(strings.Fields(ids), rest[0]) {
		return kijun.Errorf(kijun.EINVALID, "%s は kijun demo が作ったアカウントではありません。確認コードは認証アプリで確かめてください", rest[0])
	}
	key, err := sealKey(ctx, db, &d)
	if err != nil {
		return err
	}
	var sealed string
	if err := db.View(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, rest[0])
		sealed = a.TOTPSecret
		return err
	}); err != nil {
		return err
	}
	secret, err := auth.OpenSecret(key, sealed)
	if err != nil {
		return err
	}
	code, err := totp.GenerateCode(string(secret), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, code)
	return nil
}
