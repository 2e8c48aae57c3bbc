// Command loadtest drives a Kijun server on loopback with many clients at
// once, as a city's 課長s open their registers and inboxes at 8:30, and
// prints throughput and latency percentiles per route and the server's
// memory. It builds the city-scale demo when the database is missing,
// signs several people in (sessions for pages, API tokens for /api/v1),
// starts `kijun serve` on 127.0.0.1, and runs each level of concurrency
// for a bounded time, first on a server just started (cold) and then on
// the same server again (warm). Only 127.0.0.1 is ever addressed.
//
//	go run ./internal/loadtest -db /tmp/kijun-load/city.db
//	go run ./internal/loadtest -db postgres://postgres@127.0.0.1:5432/load
//	go run ./internal/loadtest -db /tmp/kijun-load/city.db -inprocess -cpuprofile cpu.out -memprofile mem.out
//
// See docs/benchmarks.md for figures and what they mean.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	db, bin, ledgerKey, secretKey string
	clients                       []int
	duration, timeout             time.Duration
	cold, warm, inProcess         bool
	cpuProfile, memProfile        string
	routes                        string
	serverLog                     io.Writer
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var clients string
	fs.StringVar(&c.db, "db", "/tmp/kijun-load/city.db", "database: an SQLite file, or postgres://... on this machine; made with `kijun demo --scale city` when empty")
	fs.StringVar(&c.bin, "bin", "", "the kijun binary to serve with; built from ./cmd/kijun when empty")
	fs.StringVar(&c.ledgerKey, "ledger-key", "", "the database's ledger key file (kijun's default when empty)")
	fs.StringVar(&c.secretKey, "secret-key", "", "the database's secret key file (kijun's default when empty)")
	fs.StringVar(&clients, "clients", "50,200", "concurrent clients, one run per number, comma-separated")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "how long each run sends requests (at most 5m)")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "a request taking longer counts as a timeout")
	fs.BoolVar(&c.cold, "cold", true, "run each level first on a server just started")
	fs.BoolVar(&c.warm, "warm", true, "then run it again on the same, warmed server")
	fs.BoolVar(&c.inProcess, "inprocess", false, "serve in this process (for -cpuprofile and -memprofile; RSS then includes the clients)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "with -inprocess: write a CPU profile of the warm runs here")
	fs.StringVar(&c.memProfile, "memprofile", "", "with -inprocess: write an allocation profile of the warm runs here")
	fs.StringVar(&c.routes, "routes", "", "only the routes whose names contain one of these words, comma-separated (all when empty)")
	logPath := fs.String("serverlog", "", "write the server's log here (discarded when empty)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.serverLog = io.Discard
	if *logPath != "" {
		f, err := os.Create(*logPath)
		if err != nil {
			return err
		}
		defer f.Close()
		c.serverLog = f
	}
	for _, s := range strings.Split(clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1000 {
			return fmt.Errorf("-clients: %q is not a number of clients from 1 to 1000", s)
		}
		c.clients = append(c.clients, n)
	}
	if c.duration <= 0 || c.duration > 5*time.Minute {
		return fmt.Errorf("-duration: %s is not between 0 and 5m", c.duration)
	}
	if (c.cpuProfile != "" || c.memProfile != "") && !c.inProcess {
		return fmt.Errorf("-cpuprofile and -memprofile need -inprocess")
	}
	if err := onLoopback(c.db); err != nil {
		return err
	}
	if c.bin == "" && !c.inProcess {
		bin, err := buildKijun(ctx)
		if err != nil {
			return err
		}
		defer os.RemoveAll(bin)
		c.bin = bin + "/kijun"
	}
	if err := ensureDemo(ctx, c, stderr); err != nil {
		return err
	}
	ppl, err := signIn(ctx, c)
	if err != nil {
		return err
	}
	mix := mixFor(ppl, c.routes)
	if len(mix) == 0 {
		return fmt.Errorf("-routes %q names none of the routes", c.routes)
	}
	fmt.Fprintf(stdout, "# database %s; %d routes; %s a run; GOMAXPROCS of this machine: %d cores\n", display(c.db), len(mix), c.duration, cores())
	for _, n := range c.clients {
		srv, err := startServer(ctx, c)
		if err != nil {
			return err
		}
		if c.cold {
			res := drive(ctx, srv, mix, n, c.duration, c.timeout)
			report(stdout, fmt.Sprintf("%d clients, cold (server just started)", n), res, srv)
		}
		if c.warm && !c.cold {
			// Warm the server up first, unmeasured.
			drive(ctx, srv, mix, n, min(5*time.Second, c.duration), c.timeout)
		}
		if c.warm {
			stopProfile, err := srv.profile(c)
			if err != nil {
				srv.stop()
				return err
			}
			res := drive(ctx, srv, mix, n, c.duration, c.timeout)
			if err := stopProfile(); err != nil {
				srv.stop()
				return err
			}
			report(stdout, fmt.Sprintf("%d clients, warm", n), res, srv)
		}
		srv.stop()
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}
