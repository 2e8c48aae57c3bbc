package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// route is one kind of request of the mix, with its share of the load.
type route struct {
	name   string
	weight int
	// req makes the request, by a person chosen from the route's people.
	req func(r *rand.Rand) *http.Request
}

// mixFor is the morning's mix: registers and the dashboard by the city's
// people, inboxes and their own registers by 課長s, and integrations
// reading the API lists. only keeps the routes whose names hold one of
// its comma-separated words.
func mixFor(p *people, only string) []route {
	page := func(ps []person, path func(r *rand.Rand) string) func(r *rand.Rand) *http.Request {
		return func(r *rand.Rand) *http.Request {
			req, _ := http.NewRequest("GET", path(r), nil)
			req.AddCookie(&http.Cookie{Name: "kijun_session", Value: ps[r.IntN(len(ps))].cookie})
			return req
		}
	}
	api := func(paths ...string) func(r *rand.Rand) *http.Request {
		return func(r *rand.Rand) *http.Request {
			req, _ := http.NewRequest("GET", paths[r.IntN(len(paths))], nil)
			req.Header.Set("Authorization", "Bearer "+p.city[r.IntN(len(p.city))].token)
			return req
		}
	}
	fixed := func(s string) func(*rand.Rand) string { return func(*rand.Rand) string { return s } }
	all := []route{
		{"asset list, in scope, page 101", 3, page(p.city, fixed("/assets?scope=1&sort=updated&desc=1&offset=5000"))},
		{"asset page", 3, page(p.city, func(r *rand.Rand) string { return "/assets/" + p.assets[r.IntN(len(p.assets))] })},
		{"/compliance", 2, page(p.city, fixed("/compliance"))},
		{"/permits/inbox", 3, page(p.chiefs, fixed("/permits/inbox"))},
		{"asset list, own 課", 2, page(p.chiefs, fixed("/assets"))},
		{"api/v1 lists", 2, api("/api/v1/assets", "/api/v1/systems", "/api/v1/records", "/api/v1/actions")},
	}
	if only == "" {
		return all
	}
	var out []route
	for _, rt := range all {
		for _, w := range strings.Split(only, ",") {
			if w = strings.TrimSpace(w); w != "" && strings.Contains(rt.name, w) {
				out = append(out, rt)
				break
			}
		}
	}
	return out
}

// result is what a run measured, per route.
type result struct {
	elapsed time.Duration
	routes  []routeResult
}

type routeResult struct {
	name             string
	times            []time.Duration
	errors, timeouts int
	firstError       string
}

// drive runs clients at once against srv for d, each sending the mix's
// requests one after another, and stops by itself.
func drive(ctx context.Context, srv *server, mix []route, clients int, d, timeout time.Duration) result {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var total int
	for _, rt := range mix {
		total += rt.weight
	}
	pick := func(r *rand.Rand) int {
		n := r.IntN(total)
		for i, rt := range mix {
			if n -= rt.weight; n < 0 {
				return i
			}
		}
		return len(mix) - 1
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	sampled := make(chan struct{})
	go srv.sample(sampled)
	per := make([][]routeResult, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), uint64(start.UnixNano())))
			mine := make([]routeResult, len(mix))
			for ctx.Err() == nil {
				i := pick(r)
				req := mix[i].req(r)
				req.URL = srv.url(req.URL.String())
				req.Host = req.URL.Host
				t0 := time.Now()
				resp, err := client.Do(req.WithContext(context.WithoutCancel(ctx)))
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: status %d", req.URL.Path, resp.StatusCode)
					}
				}
				el := time.Since(t0)
				switch {
				case err == nil:
					mine[i].times = append(mine[i].times, el)
				case isTimeout(err):
					mine[i].timeouts++
				default:
					mine[i].errors++
					if mine[i].firstError == "" {
						mine[i].firstError = err.Error()
					}
				}
			}
			per[c] = mine
		}()
	}
	wg.Wait()
	close(sampled)
	res := result{elapsed: time.Since(start)}
	for i, rt := range mix {
		rr := routeResult{name: rt.name}
		for _, m := range per {
			rr.times = append(rr.times, m[i].times...)
			rr.errors += m[i].errors
			rr.timeouts += m[i].timeouts
			if rr.firstError == "" {
				rr.firstError = m[i].firstError
			}
		}
		res.routes = append(res.routes, rr)
	}
	return res
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// report prints a run's table: per route the requests answered 200 a
// second, the percentiles of their times, and what failed.
func report(w io.Writer, title string, res result, srv *server) {
	now, hwm := srv.rss()
	srv.mu.Lock()
	peak := srv.peakRSS
	srv.mu.Unlock()
	fmt.Fprintf(w, "\n## %s: %.1f s; server RSS %d MB now, %d MB at most while sampled, high-water %d MB\n",
		title, res.elapsed.Seconds(), now>>20, peak>>20, hwm>>20)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "route\tok\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\ttimeouts\t")
	var all []time.Duration
	var errs, timeouts int
	for _, rr := range res.routes {
		all = append(all, rr.times...)
		errs += rr.errors
		timeouts += rr.timeouts
		line(tw, rr.name, rr.times, res.elapsed, rr.errors, rr.timeouts)
	}
	line(tw, "all", all, res.elapsed, errs, timeouts)
	tw.Flush()
	for _, rr := range res.routes {
		if rr.firstError != "" {
			fmt.Fprintf(w, "first error of %s: %s\n", rr.name, rr.firstError)
		}
	}
}

func line(w io.Writer, name string, times []time.Duration, elapsed time.Duration, errs, timeouts int) {
	slices.Sort(times)
	pct := func(p int) string {
		if len(times) == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f", float64(times[min(len(times)-1, len(times)*p/100)].Microseconds())/1000)
	}
	fmt.Fprintf(w, "%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%d\t\n", name, len(times), float64(len(times))/elapsed.Seconds(), pct(50), pct(95), pct(99), errs, timeouts)
}
