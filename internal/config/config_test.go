package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func problems(t *testing.T, err error) []string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a configuration error", err)
	}
	var out []string
	for _, p := range e.Problems {
		out = append(out, p.String())
	}
	return out
}

// A whole file is read into the environment variables it stands in for.
func TestParseWholeFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"cert.pem", "key.pem"} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600)
	}
	text := `db = "postgres://kijun@db.city.example/kijun"
addr = "0.0.0.0:8443"
public_url = "https://kijun.city.example"
ledger_key = "` + dir + `/ledger.key"
log_level = "warn"

[proxy]
client_ip_header = "X-Forwarded-For"
trusted = ["10.0.0.5", "192.0.2.0/24"]

[tls]
cert = "` + dir + `/cert.pem"
key = "` + dir + `/key.pem"

[oidc]
issuer = "https://idp.city.example"
client_id = "kijun"
`
	path := filepath.Join(dir, "kijun.toml")
	os.WriteFile(path, []byte(text), 0o600)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	env := f.Env()
	for k, want := range map[string]string{
		"KIJUN_DB": "postgres://kijun@db.city.example/kijun", "KIJUN_ADDR": "0.0.0.0:8443", "KIJUN_LOG_LEVEL": "warn",
		"KIJUN_TRUSTED_PROXIES": "10.0.0.5,192.0.2.0/24", "KIJUN_TLS_KEY": dir + "/key.pem", "KIJUN_OIDC_CLIENT_ID": "kijun",
	} {
		if env[k] != want {
			t.Errorf("%s = %q, want %q", k, env[k], want)
		}
	}
	if _, set := env["KIJUN_SECRET_KEY"]; set {
		t.Error("a key the file does not set stands in the environment")
	}
}

// Every problem of a file is named with its line or key, before
// anything is opened.
func TestFileProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"unknown keys", "db = \"x.db\"\nlisten = \"a\"\n[tls]\ncertificate = \"c\"\n", []string{"line 2: listen: unknown key", "line 4: tls.certificate: unknown key"}},
		{"wrong type", "addr = 8080\n", []string{"line 1: addr:"}},
		{"not TOML", "db = \n", []string{"line 1"}},
		{"log level", `log_level = "loud"`, []string{"log_level: \"loud\" is not debug"}},
		{"address", `addr = "8080"`, []string{"addr: \"8080\" is not HOST:PORT"}},
		{"public url", `public_url = "kijun.city"`, []string{"public_url:"}},
		{"proxy", "[proxy]\nclient_ip_header = \"X-Forwarded-For\"\ntrusted = [\"10.0.0.0/33\"]\n", []string{"proxy.trusted: \"10.0.0.0/33\""}},
		{"proxy without header", "[proxy]\ntrusted = [\"10.0.0.1\"]\n", []string{"proxy.trusted: trusted proxies need"}},
		{"half TLS", "[tls]\ncert = \"/nonexistent/c.pem\"\n", []string{"tls: give both", "tls.cert: cannot read /nonexistent/c.pem"}},
		{"key directory", `ledger_key = "/nonexistent/dir/ledger.key"`, []string{"ledger_key: /nonexistent/dir/ledger.key does not exist"}},
		{"oidc", "[oidc]\nissuer = \"https://idp\"\n", []string{"oidc: an issuer needs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kijun.toml")
			os.WriteFile(path, []byte(tt.text), 0o600)
			_, err := Load(path)
			got := problems(t, err)
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %d like %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d = %q, want it to start %q", i, got[i], w)
				}
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("the error does not name the file: %v", err)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); !strings.Contains(strings.Join(problems(t, err), ""), "cannot read it") {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(t.TempDir(), "big.toml")
	os.WriteFile(big, []byte("# "+strings.Repeat("x", MaxSize)+"\n"), 0o600)
	if _, err := Load(big); !strings.Contains(strings.Join(problems(t, err), ""), "larger than") {
		t.Errorf("oversized file: %v", err)
	}
}

// FuzzParse: any text is read as a file or refused with problems, never
// a panic, and a file read writes out environment values it was given.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"db = \"x.db\"\n", "[tls]\ncert = \"a\"\nkey = \"b\"\n", "addr = 1\n", "[proxy]\ntrusted = [\"::1\"]\n", "a.b.c = 1", "[[x]]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := Parse("f.toml", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("an error without problems: %v", err)
			}
			return
		}
		for k, v := range fl.Env() {
			if v == "" || !strings.HasPrefix(k, "KIJUN_") {
				t.Fatalf("env %s=%q", k, v)
			}
		}
		_ = fl.Check()
	})
}
