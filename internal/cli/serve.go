package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"

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
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, true)
	if err != nil {
		return err
	}
	defer db.Close()
	srv, err := web.New(web.Config{DB: db, Logger: e.log, Version: Version})
	if err != nil {
		return err
	}
	ln, err := listen(*addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          nil,
	}
	fmt.Fprintf(e.stdout, "Kijun is listening on http://%s (database: %s %s)\n", ln.Addr(), db.Dialect, db.Display)
	e.log.Info("listening", "addr", ln.Addr().String(), "db", db.Dialect.String())

	done := make(chan struct{})
	go func() {
		defer close(done)
		checkpointLoop(ctx, e, db, *every)
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

func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
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
