package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/wareki"
)

// message is one mail as it goes over SMTP.
type message struct {
	From    mail.Address
	To      mail.Address
	Subject string
	Body    string
	Date    time.Time
}

// bytes renders m as an RFC 5322 message with MIME: the subject and names
// as RFC 2047 encoded words in UTF-8, the body as UTF-8 text in base64, so
// that Japanese reaches every mail program intact, with CRLF line ends.
func (m message) bytes() []byte {
	var b bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&b, "%s: %s\r\n", name, value) }
	header("From", m.From.String())
	header("To", m.To.String())
	header("Subject", encodeHeader(m.Subject))
	header("Date", m.Date.In(wareki.JST()).Format(time.RFC1123Z))
	header("Message-ID", messageID(m.From.Address))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// encodeHeader writes a header value as RFC 2047 encoded words when it is
// not plain ASCII, one word per line of at most 39 bytes of UTF-8, cut
// between characters: no line passes the 78 characters RFC 5322 asks for,
// and decoders join adjacent encoded words without the folding space.
func encodeHeader(v string) string {
	ascii := true
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii && len(v) <= 68 {
		return v
	}
	var words []string
	for len(v) > 0 {
		n := 0
		for n < len(v) {
			_, l := utf8.DecodeRuneInString(v[n:])
			if n > 0 && n+l > 39 {
				break
			}
			n += l
		}
		words = append(words, "=?UTF-8?B?"+base64.StdEncoding.EncodeToString([]byte(v[:n]))+"?=")
		v = v[n:]
	}
	return strings.Join(words, "\r\n ")
}

func messageID(from string) string {
	b := make([]byte, 12)
	rand.Read(b)
	_, host, _ := strings.Cut(from, "@")
	return "<" + hex.EncodeToString(b) + "@" + host + ">"
}
