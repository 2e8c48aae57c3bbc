package cli

import (
	"context"
	"crypto/tls"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"net/netip"

	"kijun/internal/config"
	"kijun/internal/kijun"
)

// certificate holds the server's TLS certificate, read again from its
// files on SIGHUP so a renewed one is served without a restart. A reload
// that fails keeps the certificate in use and says why.
type certificate struct {
	certFile, keyFile string
	mu                sync.RWMutex
	cert              *tls.Certificate
}

func loadCertificate(certFile, keyFile string) (*certificate, error) {
	c := &certificate{certFile: certFile, keyFile: keyFile}
	if err := c.reload(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *certificate) reload() error {
	cert, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read the TLS certificate %s and key %s", c.certFile, c.keyFile)
	}
	c.mu.Lock()
	c.cert = &cert
	c.mu.Unlock()
	return nil
}

func (c *certificate) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.cert, nil
}

// tlsConfig is Go's default TLS settings from 1.2 on, serving c.
func (c *certificate) tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: c.get}
}

// reloadOnHangup reads the certificate again at each SIGHUP until ctx ends.
func (c *certificate) reloadOnHangup(ctx context.Context, e *env) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			if err := c.reload(); err != nil {
				e.log.Warn("TLS certificate not reloaded; the one in use stays", "err", err)
			} else {
				e.log.Info("TLS certificate reloaded", "cert", c.certFile)
			}
		}
	}
}

// parseTrustedProxies reads the proxies whose client-address header is
// believed: addresses or networks, separated by commas.
func parseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := config.ParsePrefix(part)
		if err != nil {
			return nil, kijun.Errorf(kijun.EINVALID, "trusted proxy %q is not an address or a network such as 10.0.0.0/8", part)
		}
		out = append(out, p)
	}
	return out, nil
}
