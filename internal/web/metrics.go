package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"kijun/internal/store"
)

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry, db *store.DB) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kijun_http_requests_total", Help: "HTTP requests served, by route, method and status.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kijun_http_request_duration_seconds", Help: "Time to serve HTTP requests, by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	ledger := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "kijun_ledger_records", Help: "Records in the ledger (its last sequence number).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		seq, _, err := db.Head(ctx)
		if err != nil {
			return -1
		}
		return float64(seq)
	})
	reg.MustRegister(m.requests, m.latency, ledger,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// handleMetrics serves the Prometheus metrics to operators; a scraper
// signs in with a read-only API token.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metricsHTTP.ServeHTTP(w, r)
	return nil
}
