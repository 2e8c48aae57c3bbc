package notify_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// received is one mail as the test's SMTP server took it.
type received struct {
	From    string
	Rcpt    []string
	To      string // the To header, decoded
	Subject string // decoded
	Body    string // decoded
	Raw     string
}

// mailServer is a real SMTP server on a local port that keeps what it
// receives; it refuses the first refuse messages with a temporary error.
type mailServer struct {
	srv  *smtp.Server
	addr *net.TCPAddr

	mu       sync.Mutex
	got      []received
	refuse   int
	refusals int
}

func startMailServer(t *testing.T) *mailServer {
	t.Helper()
	m := &mailServer{}
	m.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{m: m}, nil }))
	m.srv.Domain = "mail.test"
	m.srv.ReadTimeout, m.srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.addr = ln.Addr().(*net.TCPAddr)
	go m.srv.Serve(ln)
	t.Cleanup(func() { m.srv.Close() })
	return m
}

func (m *mailServer) setRefuse(n int) {
	m.mu.Lock()
	m.refuse = n
	m.mu.Unlock()
}

func (m *mailServer) mails() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.got...)
}

// waitMails waits until the server holds n mails, then a little longer to
// see that no more come.
func (m *mailServer) waitMails(t *testing.T, n int) []received {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(m.mails()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("server received %d mails, want %d", len(m.mails()), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	got := m.mails()
	if len(got) != n {
		t.Fatalf("server received %d mails, want %d", len(got), n)
	}
	return got
}

type session struct {
	m    *mailServer
	from string
	rcpt []string
}

func (s *session) Reset()        { s.from, s.rcpt = "", nil }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
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
func decode(raw []byte) (received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return received{}, err
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return received{}, err
	}
	to, err := dec.DecodeHeader(msg.Header.Get("To"))
	if err != nil {
		return received{}, err
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, stripCRLF(msg.Body)))
	if err != nil {
		return received{}, err
	}
	return received{To: to, Subject: subject, Body: strings.ReplaceAll(string(body), "\r\n", "\n"), Raw: string(raw)}, nil
}

func stripCRLF(r io.Reader) io.Reader {
	b, _ := io.ReadAll(r)
	return strings.NewReader(strings.NewReplacer("\r", "", "\n", "").Replace(string(b)))
}
