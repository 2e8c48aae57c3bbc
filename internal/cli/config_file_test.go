package cli_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A flag wins over the environment, and the environment over the
// configuration file, for every command: here the database migrate makes.
func TestConfigFilePrecedence(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "kijun.toml")
	os.WriteFile(conf, []byte("db = \""+filepath.Join(dir, "file.db")+"\"\nlog_level = \"warn\"\n"), 0o600)
	if r := kijun(t, dir, "--config", conf, "migrate"); r.code != 0 {
		t.Fatalf("migrate from the file: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "file.db")); err != nil {
		t.Errorf("the file's database was not made: %v", err)
	}
	run := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command(kijunBin, args...)
		cmd.Dir = dir
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("kijun %v: %v\n%s", args, err, out)
		}
	}
	run([]string{"KIJUN_CONFIG=" + conf, "KIJUN_DB=" + filepath.Join(dir, "env.db")}, "migrate")
	if _, err := os.Stat(filepath.Join(dir, "env.db")); err != nil {
		t.Errorf("the environment did not win over the file: %v", err)
	}
	run([]string{"KIJUN_CONFIG=" + conf, "KIJUN_DB=" + filepath.Join(dir, "env2.db")}, "migrate", "--db", filepath.Join(dir, "flag.db"))
	if _, err := os.Stat(filepath.Join(dir, "flag.db")); err != nil {
		t.Errorf("the flag did not win over the environment: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "env2.db")); err == nil {
		t.Error("the environment's database was made though a flag named another")
	}

	// A bad file stops every command before anything is opened, naming
	// each problem; config check says the same without starting.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("db = \""+filepath.Join(dir, "never.db")+"\"\nport = 80\nlog_level = \"loud\"\n"), 0o600)
	r := kijun(t, dir, "--config", bad, "migrate")
	if r.code == 0 || !strings.Contains(r.stderr, "line 2: port: unknown key") {
		t.Errorf("migrate with a bad file: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "never.db")); err == nil {
		t.Error("a bad configuration file still opened its database")
	}
	if r := kijun(t, dir, "config", "check", bad); r.code == 0 || !strings.Contains(r.stderr, "port: unknown key") {
		t.Errorf("config check of a bad file: %+v", r)
	}
	if r := kijun(t, dir, "config", "check", conf); r.code != 0 || !strings.Contains(r.stdout, "ok") {
		t.Errorf("config check of a good file: %+v", r)
	}
}

// serve terminates TLS with the certificate the configuration file
// names, and serves a renewed one after SIGHUP without a restart.
func TestServeTLSReloadsOnHangup(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeCert(t, certFile, keyFile, 1)
	conf := filepath.Join(dir, "kijun.toml")
	os.WriteFile(conf, []byte(`db = "`+filepath.Join(dir, "kijun.db")+`"
addr = "127.0.0.1:0"
[tls]
cert = "`+certFile+`"
key = "`+keyFile+`"
`), 0o600)
	cmd := exec.Command(kijunBin, "--config", conf, "serve")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	line, _, err := readListening(bufio.NewReader(out))
	_, rest, ok := strings.Cut(line, "https://")
	if err != nil || !ok {
		t.Fatalf("serve's line %q, %v: want https", line, err)
	}
	addr := strings.Fields(rest)[0]
	serial := func() int64 {
		t.Helper()
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
		resp, err := c.Get("https://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
			t.Fatalf("healthz over TLS: %d %+v", resp.StatusCode, resp.TLS)
		}
		return resp.TLS.PeerCertificates[0].SerialNumber.Int64()
	}
	if got := serial(); got != 1 {
		t.Fatalf("serves certificate %d, want 1", got)
	}
	writeCert(t, certFile, keyFile, 2)
	cmd.Process.Signal(syscall.SIGHUP)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for serial() != 2 {
		if ctx.Err() != nil {
			t.Fatal("the renewed certificate was not served after SIGHUP")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 with serial n.
func writeCert(t *testing.T, certFile, keyFile string, n int64) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(n), Subject: pkix.Name{CommonName: "kijun.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"localhost"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
}
