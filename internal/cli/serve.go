package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"kijun/internal/access"
	"kijun/internal/compliance/monitor"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve [--addr HOST:PORT] [--db URL]",
		"Start the web server. With no flags it listens on 127.0.0.1:8080 and uses ./kijun.db, creating and migrating it if missing.\nWeb サーバを起動します。フラグなしでは 127.0.0.1:8080 で待ち受け、./kijun.db を使います（なければ作成します）。")
	var d dbFlags
	d.register(fs, e)
	addr := fs.String("addr", envOr(e, "KIJUN_ADDR", "127.0.0.1:8080"), "address to listen on (env KIJUN_ADDR) / 待ち受けアドレス")
	every := fs.Duration("checkpoint-interval", time.Minute, "how often to sign a ledger checkpoint when records were added / 署名付きチェックポイントの間隔")
	publicURL := fs.String("public-url", e.getenv("KIJUN_PUBLIC_URL"), "the URL people reach Kijun at, such as https://kijun.city.example: enables secure cookies, passkeys and OIDC (env KIJUN_PUBLIC_URL) / 利用者がアクセスするURL")
	clientIP := fs.String("client-ip-header", e.getenv("KIJUN_CLIENT_IP_HEADER"), "behind a reverse proxy, the header it writes the client's address into, such as X-Forwarded-For; only when Kijun is reachable through the proxy alone (env KIJUN_CLIENT_IP_HEADER) / プロキシが接続元アドレスを書くヘッダ")
	trusted := fs.String("trusted-proxies", e.getenv("KIJUN_TRUSTED_PROXIES"), "the reverse proxies' addresses or networks, separated by commas: the client-ip-header is believed only from them (env KIJUN_TRUSTED_PROXIES) / 信頼するプロキシ")
	tlsCert := fs.String("tls-cert", e.getenv("KIJUN_TLS_CERT"), "serve HTTPS with this certificate file (PEM), read again on SIGHUP (env KIJUN_TLS_CERT) / TLS 証明書")
	backupDir := fs.String("backup-dir", e.getenv("KIJUN_BACKUP_DIR"), "make a verified, recorded backup into this directory every night from 3 a.m. JST (SQLite; env KIJUN_BACKUP_DIR) / 夜間バックアップの保存先")
	backupKeep := fs.Int("backup-keep", envInt(e, "KIJUN_BACKUP_KEEP", 14), "how many nightly backups to keep (env KIJUN_BACKUP_KEEP) / 保持する世代数")
	tlsKey := fs.String("tls-key", e.getenv("KIJUN_TLS_KEY"), "the certificate's private key file (PEM) (env KIJUN_TLS_KEY) / TLS 秘密鍵")
	if err := fs.Parse(args); err != nil {
		return err
	}
	proxies, err := parseTrustedProxies(*trusted)
	if err != nil {
		return err
	}
	if len(proxies) > 0 && *clientIP == "" {
		return kijun.Errorf(kijun.EINVALID, "--trusted-proxies needs --client-ip-header, the header the proxies write the client's address into")
	}
	var cert *certificate
	switch {
	case (*tlsCert == "") != (*tlsKey == ""):
		return kijun.Errorf(kijun.EINVALID, "TLS needs both --tls-cert and --tls-key")
	case *tlsCert != "":
		if cert, err = loadCertificate(*tlsCert, *tlsKey); err != nil {
			return err
		}
	}
	// The port is bound before anything is written: a start that cannot
	// listen must not create the first administrator and print its
	// one-time password to nobody.
	ln, err := listen(*addr, cert)
	if err != nil {
		return err
	}
	defer ln.Close()
	db, err := d.openReady(ctx, e, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkLedgerBeforeServing(ctx, e, db); err != nil {
		return err
	}
	svc, err := newAccess(ctx, e, db, &d, strings.TrimRight(*publicURL, "/"))
	if err != nil {
		return err
	}
	// 7.4.3キ, 8.2.6イ: the first administrator's password is temporary and
	// shown once, here.
	if id, pw, err := svc.Bootstrap(ctx); err != nil {
		return err
	} else if id != "" {
		fmt.Fprintf(e.stdout, "初期管理者を作成しました / First administrator created\n"+
			"  利用者ID / user ID: %s\n"+
			"  仮のパスワード / temporary password: %s\n"+
			"  初回ログイン時に変更が必要です。この表示は一度だけです。 / Change it at first sign-in; it is shown only once.\n", id, pw)
		// A new city: the setup page says what it still lacks, in order.
		fmt.Fprintf(e.stdout, "初期設定の手順 / Setting up a new city: http://%s/admin/setup (kijun setup status)\n", ln.Addr())
	}
	// The job queue: the nightly check (9.2.1), mail and reminders.
	// One monitor for the nightly check and the pages' re-checks, which
	// share its rules and the network it keeps.
	m := monitor.New(db)
	// The work of imports uploaded on the pages is a job of the queue,
	// worked by the server made below.
	imports := &web.ImportJobs{}
	sched, mailer, err := startJobs(ctx, e, db, &d, strings.TrimRight(*publicURL, "/"), m, backupPlan{dir: *backupDir, keep: *backupKeep}, imports)
	if err != nil {
		return err
	}
	defer stopJobs(e, sched)
	srv, err := web.New(web.Config{DB: db, Access: svc, Logger: e.log, Version: Version, Secure: strings.HasPrefix(*publicURL, "https://"), ClientIPHeader: *clientIP, TrustedProxies: proxies, Mailer: mailer, Monitor: m, Jobs: sched})
	if err != nil {
		return err
	}
	imports.Bind(srv)
	go resumeImports(ctx, e, db)
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          nil,
	}
	scheme := "http"
	if cert != nil {
		scheme = "https"
		go cert.reloadOnHangup(ctx, e)
	}
	fmt.Fprintf(e.stdout, "Kijun is listening on %s://%s (database: %s %s)\n", scheme, ln.Addr(), db.Dialect, db.Display)
	e.log.Info("listening", "addr", ln.Addr().String(), "db", db.Dialect.String())

	done := make(chan struct{})
	go func() {
		defer close(done)
		checkpointLoop(ctx, e, db, *every)
	}()
	go sessionJanitor(ctx, e, db)
	// 10.1.4, 7.2.2カ: the chain check's rows and the year's training
	// attendance are kept between reads; they are read once now rather
	// than at the first check or report.
	go func() {
		if err := db.WarmCaches(ctx, db.Now()); err != nil && ctx.Err() == nil {
			e.log.Warn("read the kept rows at start", "err", err)
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	e.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		e.log.Warn("shutdown", "err", err)
	}
	<-done
	// A last checkpoint, so that the tail written since the previous one is covered.
	if _, err := db.Checkpoint(sctx); err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		e.log.Warn("final checkpoint", "err", err)
	}
	return nil
}

// newAccess builds the sign-in service from the city's settings and the
// environment: the secret key beside the ledger key, passkeys and OIDC when
// a public URL is known.
func newAccess(ctx context.Context, e *env, db *store.DB, d *dbFlags, publicURL string) (*access.Service, error) {
	policy, err := access.LoadPolicy(ctx, db)
	if err != nil {
		return nil, err
	}
	path, err := d.secretKeyPath()
	if err != nil {
		return nil, err
	}
	key, err := access.LoadOrCreateSealKey(ctx, db, path)
	if err != nil {
		return nil, err
	}
	issuer, _ := db.Setting(ctx, "city.name")
	cfg := access.Config{DB: db, Policy: policy, SealKey: key, Issuer: strings.TrimSpace(issuer + " Kijun")}
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, kijun.Errorf(kijun.EINVALID, "KIJUN_PUBLIC_URL %q is not a URL such as https://kijun.city.example", publicURL)
		}
		// WebAuthn names the site by its domain; an address cannot be one.
		if net.ParseIP(strings.Trim(u.Hostname(), "[]")) == nil {
			cfg.PasskeyOrigin = publicURL
		} else {
			e.log.Warn("passkeys are off: KIJUN_PUBLIC_URL must name a host, not an address", "url", publicURL)
		}
	}
	if iss := e.getenv("KIJUN_OIDC_ISSUER"); iss != "" {
		if publicURL == "" {
			return nil, kijun.Errorf(kijun.EINVALID, "KIJUN_OIDC_ISSUER needs KIJUN_PUBLIC_URL, for the callback address")
		}
		cfg.OIDC = &access.OIDCConfig{Issuer: iss, ClientID: e.getenv("KIJUN_OIDC_CLIENT_ID"), ClientSecret: e.getenv("KIJUN_OIDC_CLIENT_SECRET"),
			RedirectURL: publicURL + "/auth/oidc/callback", StaffClaim: e.getenv("KIJUN_OIDC_STAFF_CLAIM")}
	}
	return access.New(ctx, cfg)
}

// sessionJanitor removes sessions nobody has used for a day; any use would
// already be refused by the timeouts of 8.2.5.
func sessionJanitor(ctx context.Context, e *env, db *store.DB) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := db.DeleteSessionsIdleSince(ctx, db.Now().Add(-24*time.Hour)); err != nil {
				e.log.Warn("remove idle sessions", "err", err)
			} else if n > 0 {
				e.log.Info("removed idle sessions", "count", n)
			}
		}
	}
}

// listen binds addr, serving TLS with cert when it is not nil.
func listen(addr string, cert *certificate) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		if cert != nil {
			return tls.NewListener(ln, cert.tlsConfig()), nil
		}
		return ln, nil
	}
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, kijun.Errorf(kijun.EINVALID, "cannot listen on %s: the address is already in use; stop the other program or choose another with --addr or KIJUN_ADDR", addr)
	}
	return nil, kijun.Wrap(kijun.EINVALID, err, "cannot listen on %s; choose another address with --addr or KIJUN_ADDR", addr)
}

// checkpointLoop signs a checkpoint whenever records were added since the last
// one, so a truncated tail is detectable within one interval.
func checkpointLoop(ctx context.Context, e *env, db *store.DB, every time.Duration) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := db.Checkpoint(ctx); err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND && ctx.Err() == nil {
				e.log.Warn("ledger checkpoint", "err", err)
			}
		}
	}
}
