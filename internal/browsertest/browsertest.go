// Package browsertest starts the real Kijun server and a headless Chromium for
// tests of what a person does in the browser. Without Chromium the tests
// skip, saying why; with KIJUN_TEST_BROWSER=1 (as in CI) they fail instead.
package browsertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kijun/internal/cli"
)

// EnvBrowser makes missing Chromium a failure instead of a skip.
const EnvBrowser = "KIJUN_TEST_BROWSER"

// Server is a running `kijun serve`.
type Server struct {
	URL  string // base URL, such as http://127.0.0.1:43121
	DB   string // the database URL it serves
	Logs *strings.Builder
	// AdminID and AdminPassword are the first administrator's, as serve
	// printed them on an empty database.
	AdminID, AdminPassword string
}

// StartServer runs `kijun serve` in this process on a free port, on the
// database at dbURL (a fresh SQLite file when ""), and waits until /healthz
// answers. The server stops when the test ends.
func StartServer(t testing.TB, dbURL string, env map[string]string) *Server {
	t.Helper()
	dir := t.TempDir()
	if dbURL == "" {
		dbURL = filepath.Join(dir, "kijun.db")
	}
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return ""
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	// The ledger key lives beside an SQLite database, where every command
	// looks; for PostgreSQL it goes in the test's directory.
	addr := env["KIJUN_ADDR"]
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	args := []string{"serve", "--addr", addr, "--db", dbURL}
	if strings.HasPrefix(dbURL, "postgres") {
		// A database written before (kijun demo) names its own key.
		key := env["KIJUN_LEDGER_KEY"]
		if key == "" {
			key = filepath.Join(dir, "ledger.key")
		}
		args = append(args, "--ledger-key", key, "--secret-key", filepath.Join(dir, "secret.key"))
	}
	go func() {
		err := cli.Run(ctx, args, getenv, strings.NewReader(""), pw, io.Discard)
		pw.CloseWithError(fmt.Errorf("server stopped: %v", err))
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server stopped with error: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("server did not stop within 15s of shutdown")
		}
	})
	srv := &Server{DB: dbURL}
	out := bufio.NewReader(pr)
	var line string
	for {
		l, err := out.ReadString('\n')
		if err != nil {
			t.Fatalf("server did not start: %v", err)
		}
		if _, v, ok := strings.Cut(l, "user ID: "); ok {
			srv.AdminID = strings.TrimSpace(v)
		}
		if _, v, ok := strings.Cut(l, "temporary password: "); ok {
			srv.AdminPassword = strings.TrimSpace(v)
		}
		if strings.Contains(l, "listening on") {
			line = l
			break
		}
	}
	go io.Copy(io.Discard, out)
	_, rest, ok := strings.Cut(line, "http://")
	if !ok {
		t.Fatalf("unexpected first line from serve: %q", line)
	}
	srv.URL = "http://" + strings.Fields(rest)[0]
	WaitHealthy(t, srv.URL, 10*time.Second)
	return srv
}

// WaitHealthy polls base/healthz until it answers 200.
func WaitHealthy(t testing.TB, base string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s/healthz did not answer 200 within %s", base, within)
}

// ChromiumPath returns the Chromium binary, or "" when there is none.
func ChromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser starts a fresh headless Chromium with an empty profile and returns
// a context for chromedp actions; each action gets at most timeout.
func Browser(t testing.TB) context.Context {
	t.Helper()
	path := ChromiumPath()
	if path == "" {
		if os.Getenv(EnvBrowser) != "" {
			t.Fatalf("%s is set but Chromium is not installed (apt-get install chromium)", EnvBrowser)
		}
		t.Skip("browser test skipped: Chromium is not installed (apt-get install chromium, or set " + EnvBrowser + "=1 to make this a failure)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// Do runs chromedp actions in order with a time limit and fails the test on error.
func Do(t testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// Get runs one chromedp action that returns a value, such as the page title,
// and fails the test on error.
func Get[T any](t testing.TB, ctx context.Context, action chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// Text returns the text of the first element matching the CSS selector.
func Text(t testing.TB, ctx context.Context, css string) string {
	t.Helper()
	return Get(t, ctx, chromedp.Text(chromedp.CSS(css)))
}

// Screenshot saves the page as a PNG under the test's temp dir, or under
// KIJUN_SCREENSHOTS when set (to look at them after the run), and returns its path.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	png := Get(t, ctx, chromedp.FullScreenshot(100))
	dir := os.Getenv("KIJUN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// FreeAddr returns a local address no one listens on, for a server that
// must know its own URL before it starts (passkeys, OIDC callbacks).
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
