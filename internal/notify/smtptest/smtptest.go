// Package smtptest runs a real SMTP server inside a test and reads what it
// receives as a mail program would: recipients, decoded subject and body.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one mail as the server took it.
type Mail struct {
	From    string
	Rcpt    []string
	To      string // the To header, decoded
	Subject string // decoded
	Body    string // decoded
	Raw     string
}

// Server is a real SMTP server on a local port that keeps what it
// receives; it refuses the first Refuse(n) messages with a temporary error.
type Server struct {
	srv *smtp.Server
	// Addr is where it listens, on 127.0.0.1.
	Addr *net.TCPAddr

	user, password string

	mu       sync.Mutex
	got      []Mail
	refuse   int
	refusals int
	reject   map[string]bool
	rcpts    map[string]int
}

// Start starts a server that stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, func(*smtp.Server) {})
}

func start(t testing.TB, configure func(*smtp.Server)) *Server {
	t.Helper()
	m := &Server{}
	m.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{m: m}, nil }))
	configure(m.srv)
	m.srv.Domain = "mail.test"
	m.srv.ReadTimeout, m.srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.Addr = ln.Addr().(*net.TCPAddr)
	go m.srv.Serve(ln)
	t.Cleanup(func() { m.srv.Close() })
	return m
}

// Refuse makes the server refuse the next n messages (451, try later).
func (m *Server) Refuse(n int) {
	m.mu.Lock()
	m.refuse = n
	m.mu.Unlock()
}

// Mails returns what the server has received so far.
func (m *Server) Mails() []Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Mail(nil), m.got...)
}

// Wait waits until the server holds n mails, then a little longer to
// see that no more come.
func (m *Server) Wait(t testing.TB, n int) []Mail {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(m.Mails()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("server Mail %d mails, want %d", len(m.Mails()), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	got := m.Mails()
	if len(got) != n {
		t.Fatalf("server Mail %d mails, want %d", len(got), n)
	}
	return got
}

type session struct {
	m      *Server
	from   string
	rcpt   []string
	authed bool
}

// AuthMechanisms offers PLAIN when the server asks for a password.
func (s *session) AuthMechanisms() []string {
	if s.m.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks the user and password the server was started with.
func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if user != s.m.user || password != s.m.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad user or password"}
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Reset()        { s.from, s.rcpt = "", nil }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.m.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if s.m.rcpts == nil {
		s.m.rcpts = map[string]int{}
	}
	s.m.rcpts[to]++
	if s.m.reject[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.rcpt = append(s.rcpt, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if s.m.refusals < s.m.refuse {
		s.m.refusals++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	got, err := decode(raw)
	if err != nil {
		return err
	}
	got.From, got.Rcpt = s.from, s.rcpt
	s.m.got = append(s.m.got, got)
	return nil
}

// decode reads a message as a mail program would: the encoded words of
// the headers and the base64 UTF-8 body.
func decode(raw []byte) (Mail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Mail{}, err
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Mail{}, err
	}
	to, err := dec.DecodeHeader(msg.Header.Get("To"))
	if err != nil {
		return Mail{}, err
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, stripCRLF(msg.Body)))
	if err != nil {
		return Mail{}, err
	}
	return Mail{To: to, Subject: subject, Body: strings.ReplaceAll(string(body), "\r\n", "\n"), Raw: string(raw)}, nil
}

func stripCRLF(r io.Reader) io.Reader {
	b, _ := io.ReadAll(r)
	return strings.NewReader(strings.NewReplacer("\r", "", "\n", "").Replace(string(b)))
}

// Refusals returns how many messages the server has refused.
func (m *Server) Refusals() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.refusals
}

// StartTLS starts a server that offers STARTTLS, with a certificate for
// 127.0.0.1 made for the test, and takes mail only after a sign-in with
// user and password. It returns the TLS configuration that trusts it.
func StartTLS(t testing.TB, user, password string) (*Server, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	m := start(t, func(srv *smtp.Server) {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	})
	m.user, m.password = user, password
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return m, &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

// RejectRcpt makes the server refuse addr for good (550, no such user).
func (m *Server) RejectRcpt(addr string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.reject == nil {
		m.reject = map[string]bool{}
	}
	m.reject[addr] = true
}

// RcptAttempts returns how many times a client named addr as a recipient.
func (m *Server) RcptAttempts(addr string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rcpts[addr]
}
