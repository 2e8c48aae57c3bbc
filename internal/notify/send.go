package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/mail"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"kijun/internal/jobs"
	"kijun/internal/kijun"
)

// sendTimeout bounds one conversation with the SMTP server; a server that
// hangs makes the job fail and be retried, not a worker stuck.
const sendTimeout = time.Minute

// send delivers one message over SMTP.
func (n *Notifier) send(ctx context.Context, c smtpConfig, m message) error {
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return kijun.Wrap(kijun.EUNAVAILABLE, err, "cannot reach the SMTP server %s", addr)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	var cl *smtp.Client
	if c.StartTLS {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if n.cfg.TLS != nil {
			tc = n.cfg.TLS.Clone()
		}
		if tc.ServerName == "" {
			tc.ServerName = c.Host
		}
		cl, err = smtp.NewClientStartTLS(conn, tc)
		if err != nil {
			conn.Close()
			return kijun.Wrap(kijun.EUNAVAILABLE, err, "STARTTLS with %s failed (smtp.starttls is on)", addr)
		}
	} else {
		cl = smtp.NewClient(conn)
	}
	defer cl.Close()
	if c.User != "" {
		// Credentials go only over TLS, or to a relay on this host.
		if _, isTLS := cl.TLSConnectionState(); !isTLS && !isLoopback(c.Host) {
			return kijun.Errorf(kijun.EINVALID, "smtp.user is set but smtp.starttls is off: the password would cross the network in the clear")
		}
		if err := cl.Auth(sasl.NewPlainClient("", c.User, c.Password)); err != nil {
			return kijun.Wrap(kijun.EUNAVAILABLE, err, "SMTP server %s refused the sign-in of %s", addr, c.User)
		}
	}
	if err := cl.SendMail(c.From, []string{m.To.Address}, bytes.NewReader(m.bytes())); err != nil {
		err = kijun.Wrap(kijun.EUNAVAILABLE, err, "SMTP server %s did not take the mail to %s", addr, m.To.Address)
		// A 5xx answer to the mail itself (an address that does not exist,
		// a message refused by policy) will not change: the job ends. A
		// temporary 4xx, or a refused sign-in an administrator can fix, is
		// tried again.
		var se *smtp.SMTPError
		if errors.As(err, &se) && se.Code >= 500 && se.Code != 530 && se.Code != 535 {
			return jobs.Permanent(err)
		}
		return err
	}
	if err := cl.Quit(); err != nil {
		n.log.Warn("smtp quit", "err", err)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// from is the sender as mails show it: the city's Kijun.
func (c smtpConfig) from() mail.Address {
	name := "Kijun"
	if c.CityName != "" {
		name = c.CityName + " Kijun"
	}
	return mail.Address{Name: name, Address: c.From}
}

// link is the full address of a page, for a mail.
func (c smtpConfig) link(path string) string {
	if path == "" {
		return ""
	}
	if c.BaseURL == "" {
		return path
	}
	return c.BaseURL + path
}
