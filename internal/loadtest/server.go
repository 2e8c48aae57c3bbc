package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"kijun/internal/cli"
	"kijun/internal/store"
)

// server is a kijun serve on 127.0.0.1, in its own process or in this one.
type server struct {
	base string
	pid  int
	stop func()
	// peakRSS is the largest resident set sampled while a run drove it.
	mu      sync.Mutex
	peakRSS int64
}

// startServer starts kijun serve on a free port of 127.0.0.1 and waits
// for /healthz.
func startServer(ctx context.Context, c config) (*server, error) {
	args := []string{"serve", "--db", c.db, "--addr", "127.0.0.1:0"}
	if c.ledgerKey != "" {
		args = append(args, "--ledger-key", c.ledgerKey)
	}
	if c.secretKey != "" {
		args = append(args, "--secret-key", c.secretKey)
	}
	pr, pw := io.Pipe()
	s := &server{}
	if c.inProcess {
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			err := cli.Run(sctx, args, os.Getenv, nil, pw, c.serverLog)
			pw.CloseWithError(fmt.Errorf("serve ended: %v", err))
		}()
		s.pid, s.stop = os.Getpid(), func() { cancel(); <-done }
	} else {
		cmd := exec.CommandContext(ctx, c.bin, args...)
		cmd.Stdout, cmd.Stderr = pw, c.serverLog
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		go func() { pw.CloseWithError(fmt.Errorf("serve ended: %v", cmd.Wait())) }()
		s.pid = cmd.Process.Pid
		s.stop = func() { cmd.Process.Signal(os.Interrupt); time.Sleep(200 * time.Millisecond); cmd.Process.Kill() }
	}
	// The first start on a new database prints the first administrator's
	// notice before the line that says where it listens.
	rd := bufio.NewReader(pr)
	for s.base == "" {
		line, err := rd.ReadString('\n')
		if err != nil {
			s.stop()
			return nil, err
		}
		if _, rest, ok := strings.Cut(line, "listening on http://"); ok {
			s.base = "http://" + strings.Fields(rest)[0]
		}
	}
	go io.Copy(io.Discard, rd)
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if ctx.Err() != nil {
			s.stop()
			return nil, ctx.Err()
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// rss returns the server's resident set and its high-water mark, in bytes,
// from /proc.
func (s *server) rss() (now, peak int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(s.pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, ":")
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			now = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return now, peak
}

// sample records the resident set every 100 ms until done is closed.
func (s *server) sample(done <-chan struct{}) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		now, _ := s.rss()
		s.mu.Lock()
		s.peakRSS = max(s.peakRSS, now)
		s.mu.Unlock()
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
}

// profile starts the profiles the flags ask for and returns what ends
// them; in its own process the server is not profiled from here.
func (s *server) profile(c config) (func() error, error) {
	if !c.inProcess || (c.cpuProfile == "" && c.memProfile == "") {
		return func() error { return nil }, nil
	}
	var cpu *os.File
	if c.cpuProfile != "" {
		var err error
		if cpu, err = os.Create(c.cpuProfile); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			return nil, err
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return err
			}
		}
		if c.memProfile != "" {
			f, err := os.Create(c.memProfile)
			if err != nil {
				return err
			}
			runtime.GC()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				return err
			}
			return f.Close()
		}
		return nil
	}, nil
}

// ensureDemo makes the city-scale demo in c.db when it has no assets.
func ensureDemo(ctx context.Context, c config, log io.Writer) error {
	if !strings.HasPrefix(c.db, "postgres") {
		if st, err := os.Stat(strings.TrimPrefix(c.db, "sqlite:")); err == nil && st.Size() > 0 {
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(strings.TrimPrefix(c.db, "sqlite:")), 0o755); err != nil {
			return err
		}
	} else {
		db, err := store.Open(ctx, c.db, store.Options{})
		if err != nil {
			return err
		}
		applied, _ := db.Migrate(ctx)
		_ = applied
		n, err := db.CountAssets(ctx)
		db.Close()
		if err == nil && n > 0 {
			return nil
		}
	}
	fmt.Fprintf(log, "loadtest: making the city-scale demo in %s (minutes)\n", display(c.db))
	args := []string{"demo", "--scale", "city", "--db", c.db}
	if c.ledgerKey != "" {
		args = append(args, "--ledger-key", c.ledgerKey)
	}
	if c.secretKey != "" {
		args = append(args, "--secret-key", c.secretKey)
	}
	return cli.Run(ctx, args, os.Getenv, nil, io.Discard, log)
}

// onLoopback refuses a PostgreSQL server that is not on this machine: the
// load goes nowhere else.
func onLoopback(db string) error {
	if !strings.HasPrefix(db, "postgres") {
		return nil
	}
	u, err := url.Parse(db)
	if err != nil {
		return fmt.Errorf("-db: %w", err)
	}
	// The host may also be given as a parameter, one or several.
	hosts := append([]string{u.Hostname()}, strings.Split(u.Query().Get("host"), ",")...)
	for _, host := range hosts {
		host = strings.TrimSpace(host)
		if host == "" || host == "localhost" || strings.HasPrefix(host, "/") {
			continue
		}
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			continue
		}
		return fmt.Errorf("-db: %s is not on this machine (127.0.0.1, ::1 or localhost only)", host)
	}
	return nil
}

// display is the database without its password.
func display(db string) string {
	if u, err := url.Parse(db); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		return u.String()
	}
	return db
}

// buildKijun builds ./cmd/kijun into a new temporary directory.
func buildKijun(ctx context.Context) (string, error) {
	dir, err := os.MkdirTemp("", "kijun-load-")
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, "kijun"), "kijun/cmd/kijun")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("build kijun: %w", err)
	}
	return dir, nil
}

func cores() int { return runtime.NumCPU() }

// url is path on the server.
func (s *server) url(path string) *url.URL {
	u, _ := url.Parse(s.base + path)
	return u
}
