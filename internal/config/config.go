// Package config reads Kijun's configuration file (kijun.toml): what the
// flags and environment variables of the server and the console commands
// hold, in one file a city's operators keep under /etc/kijun. A flag wins
// over the environment, and the environment over the file. A file is read
// strictly: an unknown key, a value of the wrong type, an address or a URL
// that is not one, a key file that cannot be read are each named, with
// their line, before anything is opened.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// MaxSize is the largest configuration file read.
const MaxSize = 64 << 10

// File is the configuration file.
type File struct {
	// DB is the database: a file path, sqlite:PATH or postgres://...
	DB string `toml:"db"`
	// Addr is the address the server listens on.
	Addr string `toml:"addr"`
	// PublicURL is the URL people reach Kijun at.
	PublicURL string `toml:"public_url"`
	// LedgerKey and SecretKey are the files of the ledger's signing key
	// and of the key that seals second-factor secrets.
	LedgerKey string `toml:"ledger_key"`
	SecretKey string `toml:"secret_key"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `toml:"log_level"`
	Proxy    Proxy  `toml:"proxy"`
	TLS      TLS    `toml:"tls"`
	OIDC     OIDC   `toml:"oidc"`
	Backup   Backup `toml:"backup"`
}

// Backup is where the server makes its nightly backups (8.1.3) and how
// many it keeps.
type Backup struct {
	Dir  string `toml:"dir"`
	Keep int    `toml:"keep"`
}

// Proxy is the reverse proxy in front of Kijun, if any: the header it
// writes the client's address into, and the addresses it connects from;
// the header is believed only from them.
type Proxy struct {
	ClientIPHeader string   `toml:"client_ip_header"`
	Trusted        []string `toml:"trusted"`
}

// TLS is the certificate and key the server terminates TLS with; both or
// neither.
type TLS struct {
	Cert string `toml:"cert"`
	Key  string `toml:"key"`
}

// OIDC is the city's identity provider.
type OIDC struct {
	Issuer       string `toml:"issuer"`
	ClientID     string `toml:"client_id"`
	ClientSecret string `toml:"client_secret"`
	StaffClaim   string `toml:"staff_claim"`
}

// Problem is one thing wrong with a file: where and why.
type Problem struct {
	Line int
	Key  string
	Text string
}

func (p Problem) String() string {
	switch {
	case p.Line > 0 && p.Key != "":
		return fmt.Sprintf("line %d: %s: %s", p.Line, p.Key, p.Text)
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Text)
	case p.Key != "":
		return p.Key + ": " + p.Text
	}
	return p.Text
}

// Error is every problem of a file.
type Error struct {
	Path     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "configuration file %s: %d problem(s) / 設定ファイルの誤り", e.Path, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Parse reads a configuration file's text strictly; path names it in
// errors. Only the file's own form is checked: Check looks further.
func Parse(path string, data []byte) (*File, error) {
	if len(data) > MaxSize {
		return nil, &Error{Path: path, Problems: []Problem{{Text: fmt.Sprintf("the file is larger than %d KiB", MaxSize>>10)}}}
	}
	var f File
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	err := dec.Decode(&f)
	if err == nil {
		return &f, nil
	}
	e := &Error{Path: path}
	var strict *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case errors.As(err, &strict):
		for _, m := range strict.Errors {
			row, _ := m.Position()
			e.Problems = append(e.Problems, Problem{Line: row, Key: strings.Join(m.Key(), "."), Text: "unknown key / 不明な設定項目"})
		}
	case errors.As(err, &de):
		row, _ := de.Position()
		e.Problems = append(e.Problems, Problem{Line: row, Key: strings.Join(de.Key(), "."), Text: de.Error()})
	default:
		e.Problems = append(e.Problems, Problem{Text: err.Error()})
	}
	return nil, e
}

// Load reads and parses the file at path, then checks it.
func Load(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, &Error{Path: path, Problems: []Problem{{Text: "cannot read it: " + err.Error()}}}
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, MaxSize+1))
	if err != nil {
		return nil, &Error{Path: path, Problems: []Problem{{Text: "cannot read it: " + err.Error()}}}
	}
	f, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	if ps := f.Check(); len(ps) > 0 {
		return nil, &Error{Path: path, Problems: ps}
	}
	return f, nil
}

// Check returns what is wrong with the file's values: a log level, an
// address, a URL, a proxy address that is none; a TLS certificate without
// its key; a key or certificate file that cannot be read.
func (f *File) Check() []Problem {
	var ps []Problem
	bad := func(key, format string, args ...any) {
		ps = append(ps, Problem{Key: key, Text: fmt.Sprintf(format, args...)})
	}
	switch strings.ToLower(f.LogLevel) {
	case "", "debug", "info", "warn", "error":
	default:
		bad("log_level", "%q is not debug, info, warn or error", f.LogLevel)
	}
	if f.Addr != "" {
		if _, port, ok := strings.Cut(f.Addr, ":"); !ok || port == "" {
			bad("addr", "%q is not HOST:PORT, such as 127.0.0.1:8080", f.Addr)
		}
	}
	if f.PublicURL != "" {
		if u, err := url.Parse(f.PublicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("public_url", "%q is not a URL such as https://kijun.city.example", f.PublicURL)
		}
	}
	for _, t := range f.Proxy.Trusted {
		if _, err := ParsePrefix(t); err != nil {
			bad("proxy.trusted", "%q is not an address or a network such as 10.0.0.0/8", t)
		}
	}
	if len(f.Proxy.Trusted) > 0 && f.Proxy.ClientIPHeader == "" {
		bad("proxy.trusted", "trusted proxies need proxy.client_ip_header, the header they write the client's address into")
	}
	if f.Backup.Keep < 0 {
		bad("backup.keep", "%d: keep at least one backup", f.Backup.Keep)
	}
	if (f.TLS.Cert == "") != (f.TLS.Key == "") {
		bad("tls", "give both cert and key, or neither")
	}
	if f.OIDC.Issuer != "" && (f.OIDC.ClientID == "" || f.PublicURL == "") {
		bad("oidc", "an issuer needs client_id, and public_url for the callback address")
	}
	for _, k := range []struct{ key, path string }{{"tls.cert", f.TLS.Cert}, {"tls.key", f.TLS.Key}} {
		if k.path == "" {
			continue
		}
		if fh, err := os.Open(k.path); err != nil {
			bad(k.key, "cannot read %s: %v", k.path, err)
		} else {
			fh.Close()
		}
	}
	// The ledger and secret keys are made on first start when missing;
	// their directory must exist.
	for _, k := range []struct{ key, path string }{{"ledger_key", f.LedgerKey}, {"secret_key", f.SecretKey}} {
		if k.path == "" {
			continue
		}
		if _, err := os.Stat(k.path); err == nil {
			continue
		}
		if st, err := os.Stat(filepath.Dir(k.path)); err != nil || !st.IsDir() {
			bad(k.key, "%s does not exist, nor does the directory to make it in", k.path)
		}
	}
	return ps
}

// ParsePrefix reads a trusted proxy: an address (a network of one) or a
// network.
func ParsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Env is the file as the environment variables it stands in for: a
// command reads the environment first and the file after it.
func (f *File) Env() map[string]string {
	m := map[string]string{
		"KIJUN_DB": f.DB, "KIJUN_ADDR": f.Addr, "KIJUN_PUBLIC_URL": f.PublicURL,
		"KIJUN_LEDGER_KEY": f.LedgerKey, "KIJUN_SECRET_KEY": f.SecretKey, "KIJUN_LOG_LEVEL": f.LogLevel,
		"KIJUN_CLIENT_IP_HEADER": f.Proxy.ClientIPHeader, "KIJUN_TRUSTED_PROXIES": strings.Join(f.Proxy.Trusted, ","),
		"KIJUN_TLS_CERT": f.TLS.Cert, "KIJUN_TLS_KEY": f.TLS.Key,
		"KIJUN_OIDC_ISSUER": f.OIDC.Issuer, "KIJUN_OIDC_CLIENT_ID": f.OIDC.ClientID,
		"KIJUN_OIDC_CLIENT_SECRET": f.OIDC.ClientSecret, "KIJUN_OIDC_STAFF_CLAIM": f.OIDC.StaffClaim,
		"KIJUN_BACKUP_DIR": f.Backup.Dir,
	}
	if f.Backup.Keep > 0 {
		m["KIJUN_BACKUP_KEEP"] = strconv.Itoa(f.Backup.Keep)
	}
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}
