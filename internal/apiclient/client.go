// Package apiclient calls a running Kijun server's JSON API with a
// personal API token, so a console command can change data without
// holding the database: the server's services decide, as for its pages.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"kijun/internal/kijun"
)

// maxAnswer bounds an answer read from the server.
const maxAnswer = 64 << 20

// Client calls the API of the server at Base with Token.
type Client struct {
	Base  string
	Token string
	HTTP  *http.Client
}

// New returns a client of the server at base (https://kijun.example.jp)
// with token; a base that is not an http(s) URL is an EINVALID error.
func New(base, token string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, kijun.Errorf(kijun.EINVALID, "--server %q must be the server's URL, such as https://kijun.example.jp", base)
	}
	if strings.TrimSpace(token) == "" {
		return nil, kijun.Errorf(kijun.EINVALID, "--server needs --token (env KIJUN_TOKEN): a personal API token from the account page")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{Base: strings.TrimSuffix(base, "/"), Token: token, HTTP: hc}, nil
}

// Problem is a refusal the server answered with (RFC 9457): its kind as
// Kijun's error code, its message, and the fields or rows it names.
type Problem struct {
	Status int              `json:"status"`
	Code   string           `json:"code"`
	Detail string           `json:"detail"`
	Errors []FieldReason    `json:"errors"`
	Rows   []kijun.RowError `json:"rows"`
}

// FieldReason is one field a problem names.
type FieldReason struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Error is the problem's detail; the rows and fields follow on lines of
// their own, as the console prints an import's refusal.
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.Detail)
	for _, f := range p.Errors {
		if !strings.Contains(p.Detail, f.Reason) {
			fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Reason)
		}
	}
	for _, r := range p.Rows {
		fmt.Fprintf(&b, "\n  %s", r.String())
	}
	return b.String()
}

// Unwrap gives the problem's kind to kijun.ErrorCode.
func (p *Problem) Unwrap() error { return &kijun.Error{Code: p.Code, Message: p.Detail} }

// Do sends method path with body as JSON (none when nil) and ifMatch as
// If-Match (none when ""), decodes a success into out (when not nil) and
// returns the answer's ETag. A refusal is a *Problem.
func (c *Client) Do(ctx context.Context, method, path string, body any, ifMatch string, out any) (string, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return "", fmt.Errorf("encode the body of %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return "", kijun.Wrap(kijun.EINVALID, err, "%s %s", method, path)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return "", kijun.Wrap(kijun.EUNAVAILABLE, err, "the server at %s does not answer", c.Base)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return "", kijun.Wrap(kijun.EUNAVAILABLE, err, "read the answer to %s %s", method, path)
	}
	if resp.StatusCode >= 300 {
		p := &Problem{Status: resp.StatusCode}
		if json.Unmarshal(data, p) != nil || p.Code == "" {
			p.Code, p.Detail = kijun.EINTERNAL, ""
		}
		if p.Detail == "" {
			p.Detail = fmt.Sprintf("%s %s answered %s", method, path, resp.Status)
		}
		return "", p
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return "", fmt.Errorf("decode the answer to %s %s: %w", method, path, err)
		}
	}
	return resp.Header.Get("ETag"), nil
}
