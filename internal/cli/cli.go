// Package cli implements the kijun command: its subcommands, their flags and
// configuration from the environment.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"

	"kijun/internal/config"
	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
)

// Version is Kijun's release version; a release build stamps it, and
// Commit and Date, with -ldflags "-X kijun/internal/cli.Version=...".
var (
	Version = "0.1.0"
	Commit  = ""
	Date    = ""
)

// env gives a command the process's surroundings, passed in so that tests can
// run commands in the same process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

type command struct {
	name    string
	summary string // English / 日本語
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "start the web server / Web サーバを起動する", runServe},
		{"migrate", "apply database migrations / データベースを最新のスキーマにする", runMigrate},
		{"verify", "check the whole record ledger / 記録台帳の改ざんを検証する", runVerify},
		{"backup", "make a consistent online backup / 稼働中のままバックアップを取る", runBackup},
		{"restore", "put a backup back / バックアップから復元する", runRestore},
		{"demo", "fill a database with a fictional city / 架空の市のデモデータを作る", runDemo},
		{"catalog", "the standard as data: list, show, search, coverage, load, import, export, diff, convert, align / 対策基準", runCatalog},
		{"selfcheck", "自己点検 (11.2): launch a 年度's campaign, its progress, the report to the CISO / 自己点検", runSelfcheck},
		{"soa", "the statement of applicability: text, xlsx, OSCAL / 適用宣言", runSoA},
		{"org", "the organisation: HR import (人事異動), role appointments / 組織・人事異動の取込み・役割の任命", runOrg},
		{"setup", "what a new city still lacks, step by step / 初期設定の残り", runSetup},
		{"assets", "the register of information assets: import, export, template / 情報資産台帳", runAssets},
		{"check", "check the registers against the standard; findings / 台帳の点検（指摘事項）", runCheck},
		{"findings", "work on findings: assign, start, close, comment; on the database or a server / 指摘事項への対応", runFindings},
		{"permits", "permits and approvals: file, decide (database or server), reminders due, the register of exceptions / 申請・承認と督促、例外措置の台帳", runPermits},
		{"audit", "audits: the yearly plan and the audits / 監査計画と監査", runAudit},
		{"actions", "corrective actions: list, overdue / 是正措置の一覧", runActions},
		{"devices", "the register of devices: import, export, template / 機器台帳", runDevices},
		{"media", "the register of removable media: import, export, template / 電磁的記録媒体台帳", runMedia},
		{"areas", "the register of managed areas: import, export, template / 管理区域台帳", runAreas},
		{"contractors", "contractors, contracts, 再委託 and staff: import, export, template / 委託事業者の台帳", runContractors},
		{"worklog", "work records from a ticket system's export / 作業記録の取込み", runWorklog},
		{"endpoints", "pattern files and OS updates of devices, from endpoint management / 端末の定義ファイル・OS更新状況の取込み", runEndpoints},
		{"vulns", "security holes: import feeds (NVD, OSV), list findings / 脆弱性情報の取込みと対応状況", runVulns},
		{"training", "training (7.2): attendance import, completion per 課, template / 研修の受講記録と実施状況", runTraining},
		{"cards", "the register of ID cards and tokens (7.4.1): import, export, template / ID カード台帳", runCards},
		{"ledger", "ledger key and checkpoints / 記録台帳の鍵とチェックポイント", runLedger},
		{"secret", "rotate the key that seals second factors and the SMTP password / 秘密鍵の交換", runSecret},
		{"config", "the city's settings, such as the sign-in policy / 団体の設定（ログインの規則など）", runConfig},
		{"account", "accounts from the console: reset, unlock, list / 利用者IDの操作", runAccount},
		{"mail", "mail to the people who must act: addresses, digest, test / 通知メール", runMail},
		{"version", "print the version / バージョンを表示する", runVersion},
	}
}

// Run runs the kijun command with args (without the program name).
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	// The configuration file (--config FILE before the command, or
	// KIJUN_CONFIG) stands behind the environment: a flag wins over the
	// environment, and the environment over the file.
	path, args, err := configPath(args, getenv("KIJUN_CONFIG"))
	if err != nil {
		return err
	}
	if path != "" {
		f, err := config.Load(path)
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "%s", err.Error())
		}
		file, outer := f.Env(), getenv
		getenv = func(k string) string {
			if v := outer(k); v != "" {
				return v
			}
			return file[k]
		}
	}
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	e.log = newLogger(stderr, getenv("KIJUN_LOG_LEVEL"))
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if c.name != "serve" {
				// A console command's changes are the operator's: the ledger
				// names their operating-system user unless the command names
				// someone else (--as, the demo), never an anonymous actor.
				// The server's own work (the nightly check, mail) is Kijun's.
				ctx = kijun.WithActor(ctx, consoleActor())
			}
			err := c.run(ctx, e, args[1:])
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	usage(stderr)
	return kijun.Errorf(kijun.EINVALID, "unknown command %q", args[0])
}

// configPath takes --config FILE (or --config=FILE) from before the
// command, or else names the file of KIJUN_CONFIG.
func configPath(args []string, fromEnv string) (string, []string, error) {
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "--config" || a == "-config":
			if len(args) < 2 {
				return "", nil, kijun.Errorf(kijun.EINVALID, "--config needs a file: kijun --config /etc/kijun/kijun.toml serve")
			}
			return args[1], args[2:], nil
		case strings.HasPrefix(a, "--config="):
			return strings.TrimPrefix(a, "--config="), args[1:], nil
		}
	}
	return fromEnv, args, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Kijun 基準: the information security standard, executable.")
	fmt.Fprintln(w, "\nUsage: kijun [--config FILE] COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun kijun COMMAND -h for a command's flags.")
	fmt.Fprintln(w, "Environment: KIJUN_DB (database), KIJUN_ADDR (listen address), KIJUN_LEDGER_KEY (checkpoint key file), KIJUN_LOG_LEVEL (debug, info, warn, error),")
	fmt.Fprintln(w, "KIJUN_CONFIG (the configuration file; a flag wins over the environment, the environment over the file: kijun config check FILE).")
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil || level == "" {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// newFlags returns a flag set whose -h prints the summary in both languages.
func newFlags(e *env, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: kijun %s\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags wherever they stand among the arguments, as people
// type them (kijun catalog show 8.2.6 --db x.db), and returns the others.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// dbFlags are the flags of every command that opens the database.
type dbFlags struct {
	url        string
	keyPath    string
	secretPath string
}

func (d *dbFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&d.url, "db", envOr(e, "KIJUN_DB", "kijun.db"), "database: a file path, sqlite:PATH, or postgres://... (env KIJUN_DB) / データベース")
	fs.StringVar(&d.keyPath, "ledger-key", e.getenv("KIJUN_LEDGER_KEY"), "file holding the ledger's checkpoint signing key; default: the SQLite file's name + .ledger.key, or kijun-ledger.key for PostgreSQL (env KIJUN_LEDGER_KEY) / 署名鍵ファイル")
	fs.StringVar(&d.secretPath, "secret-key", e.getenv("KIJUN_SECRET_KEY"), "file holding the key that seals second-factor secrets; default: the SQLite file's name + .secret.key, or kijun-secret.key for PostgreSQL (env KIJUN_SECRET_KEY) / 秘密鍵ファイル")
}

// SecretKeyPath is where the key sealing second-factor secrets lives by
// default for the database at url: beside an SQLite file, or
// kijun-secret.key in the working directory for PostgreSQL.
func SecretKeyPath(url string) (string, error) {
	dialect, target, err := store.ParseURL(url)
	if err != nil {
		return "", err
	}
	if dialect == store.SQLite {
		return target + ".secret.key", nil
	}
	return "kijun-secret.key", nil
}

func (d *dbFlags) secretKeyPath() (string, error) {
	if d.secretPath != "" {
		return d.secretPath, nil
	}
	return SecretKeyPath(d.url)
}

// ledgerKeyPath returns the key file: the flag, or beside the database.
func (d *dbFlags) ledgerKeyPath() (string, error) {
	if d.keyPath != "" {
		return d.keyPath, nil
	}
	dialect, target, err := store.ParseURL(d.url)
	if err != nil {
		return "", err
	}
	if dialect == store.SQLite {
		return target + ".ledger.key", nil
	}
	return "kijun-ledger.key", nil
}

// open opens the database, without its checkpoint key.
func (d *dbFlags) open(ctx context.Context, e *env) (*store.DB, error) {
	return store.Open(ctx, d.url, store.Options{Logger: e.log})
}

// attachKey gives an opened, migrated database its checkpoint key. The key
// file is created only for a database that has no key yet: a second key
// made by accident (another working directory, a mistyped path) would sign
// checkpoints that an auditor holding the first key rejects. When the
// database has a key but its file is not here, a command that must sign
// (required) stops; any other goes on without signing.
func (d *dbFlags) attachKey(ctx context.Context, e *env, db *store.DB, required bool) error {
	path, err := d.ledgerKeyPath()
	if err != nil {
		return err
	}
	ids, err := db.LedgerKeyIDs(ctx)
	if err != nil {
		return err
	}
	key, err := records.LoadKey(path)
	switch {
	case err == nil:
		if len(ids) > 0 && !slices.Contains(ids, key.ID()) {
			return kijun.Errorf(kijun.EINVALID, "the ledger key in %s (%s) is not this database's (%s): point --ledger-key or KIJUN_LEDGER_KEY at the right file", path, key.ID(), strings.Join(ids, ", "))
		}
	case !errors.Is(err, fs.ErrNotExist):
		return kijun.Wrap(kijun.EINVALID, err, "cannot use the ledger key %s", path)
	case len(ids) > 0 && required:
		return kijun.Errorf(kijun.EINVALID, "ledger key file %s not found, and this database's checkpoints are signed by key %s: point --ledger-key or KIJUN_LEDGER_KEY at that key's file", path, strings.Join(ids, ", "))
	case len(ids) > 0:
		e.log.Warn("ledger key file not found; this command signs no checkpoints", "path", path, "key_ids", ids)
		return nil
	default:
		var created bool
		if key, created, err = records.LoadOrCreateKey(path); err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot create the ledger key %s", path)
		}
		if created {
			e.log.Info("created ledger checkpoint key", "path", path, "key_id", key.ID())
		}
	}
	db.SetLedgerKey(key)
	// Heads and checkpoints the keys it replaced signed stay readable.
	retired, err := records.ReadRetiredKeys(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read the retired ledger keys beside %s", path)
	}
	db.SetRetiredKeys(retired)
	// 4.4: the signed tree heads live beside the key, outside the database;
	// a command that signs refuses a ledger that does not extend the last.
	db.SetLedgerHeads(records.HeadsPath(path))
	if err := db.CheckHeads(ctx); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "記録台帳が %s の署名済みの木の先頭を延長していないため、署名しません / refusing to sign", db.LedgerHeads())
	}
	return db.RegisterLedgerKey(ctx)
}

// openReady opens the database for a command that changes it: migrated, its
// ledger key attached (see attachKey for signing), and the embedded standard
// loaded.
func (d *dbFlags) openReady(ctx context.Context, e *env, signing bool) (*store.DB, error) {
	db, err := d.open(ctx, e)
	if err != nil {
		return nil, err
	}
	if err := backupBeforeUpgrade(ctx, e, db, d); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := d.attachKey(ctx, e, db, signing); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func envOr(e *env, name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "Print the version. / バージョンを表示する。")
	if err := fs.Parse(args); err != nil {
		return err
	}
	v := Version
	commit, date := Commit, Date
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		// A build from a checkout without stamps still says its commit.
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && commit == "":
				commit = s.Value
			case s.Key == "vcs.time" && date == "":
				date = s.Value
			}
		}
		goVersion = bi.GoVersion
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	for _, part := range []string{commit, date, goVersion} {
		if part != "" {
			v += " " + part
		}
	}
	fmt.Fprintln(e.stdout, "kijun "+v)
	return nil
}
