package cli_test

import (
	"bufio"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkServeReady measures the time from starting the kijun process on an
// existing database to /healthz answering 200. Target: under 1 second.
func BenchmarkServeReady(b *testing.B) {
	dir := b.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if out, err := exec.Command(kijunBin, "demo", "--db", db).CombinedOutput(); err != nil {
		b.Fatalf("demo: %v\n%s", err, out)
	}
	var worst time.Duration
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		cmd := exec.Command(kijunBin, "serve", "--db", db, "--addr", "127.0.0.1:0")
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		// A new database's first start prints the first administrator's
		// notice before the line that says where it listens.
		rd := bufio.NewReader(out)
		var line string
		for !strings.Contains(line, "listening on http://") {
			var err error
			if line, err = rd.ReadString('\n'); err != nil {
				b.Fatalf("serve: no line saying where it listens: %v", err)
			}
		}
		go io.Copy(io.Discard, rd)
		_, rest, _ := strings.Cut(line, "http://")
		url := "http://" + strings.Fields(rest)[0] + "/healthz"
		for {
			resp, err := http.Get(url)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
		d := time.Since(start)
		total += d
		worst = max(worst, d)
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-ready")
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}
