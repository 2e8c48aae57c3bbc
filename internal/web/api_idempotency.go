package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/store"
)

// idemKeep is how long a POST's answer is kept for its Idempotency-Key.
const idemKeep = 24 * time.Hour

// maxIdemKey bounds the key's length; a UUID is 36 characters.
const maxIdemKey = 200

// idempotent runs a POST at most once per Idempotency-Key: a retry with the
// same key and body gets the first answer again (Idempotent-Replayed:
// true), and the same key with another body is refused (422), so a client
// that lost an answer to a timeout can resend without filing twice. Only
// successful answers are kept: a refused request wrote nothing, and its
// retry is judged afresh. Keys are per account.
func (s *Server) idempotent(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			return h(w, r)
		}
		var fe kijun.FieldErrors
		fe.Text("Idempotency-Key", "Idempotency-Key", key, maxIdemKey, false)
		if len(fe.Fields) > 0 {
			return &statusError{status: http.StatusBadRequest, code: kijun.EINVALID, field: "Idempotency-Key",
				ja: fmt.Sprintf("Idempotency-Key は %d 文字以内の 1 行の文字列にしてください", maxIdemKey),
				en: fmt.Sprintf("Idempotency-Key must be one line of at most %d characters", maxIdemKey)}
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBulkBody+1))
		if err != nil {
			return badField("", "本文を読めません", "the body cannot be read")
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
		hash := hex.EncodeToString(sum[:])
		account := currentOf(r).Account.ID
		switch prev, err := s.db.IdemAnswer(r.Context(), account, key); kijun.ErrorCode(err) {
		case "":
			if prev.Status == 0 && prev.BodyHash == hash {
				return inProgress(key)
			}
			if prev.BodyHash != hash {
				return &statusError{status: http.StatusUnprocessableEntity, code: kijun.ECONFLICT, field: "Idempotency-Key",
					ja: fmt.Sprintf("Idempotency-Key %q は別の内容の要求に使われています。新しい要求には新しいキーを使ってください", key),
					en: fmt.Sprintf("Idempotency-Key %q was used for a request with another body; use a new key for a new request", key)}
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(prev.Status)
			_, err := w.Write(prev.Response)
			return err
		case kijun.ENOTFOUND:
		default:
			return err
		}
		now := s.db.Now()
		a := store.IdemAnswer{AccountID: account, Key: key, Method: r.Method, Path: r.URL.Path, BodyHash: hash,
			CreatedAt: now, ExpiresAt: now.Add(idemKeep)}
		switch claimed, err := s.db.ClaimIdemKey(r.Context(), a); {
		case err != nil:
			return err
		case !claimed:
			return inProgress(key)
		}
		cw := &captureWriter{ResponseWriter: w}
		err = h(cw, r)
		if err != nil || cw.status < 200 || cw.status >= 300 {
			// Nothing was written: a retry is judged afresh.
			if rerr := s.db.ReleaseIdemKey(context.WithoutCancel(r.Context()), account, key); rerr != nil {
				s.log.Warn("release idempotency key", "path", r.URL.Path, "err", rerr)
			}
			return err
		}
		a.Status, a.Response = cw.status, cw.buf.Bytes()
		if err := s.db.KeepIdemAnswer(context.WithoutCancel(r.Context()), a); err != nil {
			s.log.Warn("keep idempotency key", "path", r.URL.Path, "status", strconv.Itoa(cw.status), "err", err)
		}
		return nil
	}
}

// inProgress refuses a retry sent while the first request with its key is
// still running.
func inProgress(key string) error {
	return &statusError{status: http.StatusConflict, code: kijun.ECONFLICT, field: "Idempotency-Key",
		ja: fmt.Sprintf("Idempotency-Key %q の要求はまだ処理中です。少し待ってから同じ内容で送り直してください", key),
		en: fmt.Sprintf("the request with Idempotency-Key %q is still being processed; retry the same request shortly", key)}
}

// captureWriter passes a response through and keeps a copy of it.
type captureWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (c *captureWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *captureWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	c.buf.Write(b)
	return c.ResponseWriter.Write(b)
}

// Started reports whether the response has begun (see started).
func (c *captureWriter) Started() bool { return c.status != 0 }

// ifMatch checks a write's If-Match header against the record's version:
// missing is 428, another version is 412. The header holds the version as
// an ETag, "3" (or W/"3", or 3).
func ifMatch(r *http.Request, version int) error {
	h := r.Header.Get("If-Match")
	if h == "" {
		return &statusError{status: http.StatusPreconditionRequired, code: kijun.ECONFLICT, field: "If-Match",
			ja: "変更には If-Match ヘッダで、読んだ記録の版（ETag）を送ってください",
			en: "send the version you read (its ETag) in an If-Match header to change a record"}
	}
	if h == "*" {
		return nil
	}
	got, err := strconv.Atoi(trimETag(h))
	if err != nil || got != version {
		return &statusError{status: http.StatusPreconditionFailed, code: kijun.ECONFLICT, field: "If-Match",
			ja: fmt.Sprintf("記録は読んだ後に変更されています（送られた版 %s、今の版 %d）。読み直してからもう一度操作してください", h, version),
			en: fmt.Sprintf("the record changed after you read it (you sent %s, it is now %d); read it again and retry", h, version)}
	}
	return nil
}

// ifMatchVersion reads the version an update is made against from its
// If-Match header: missing is 428. The store compares it with the
// record's own in the write's transaction, so no change slips between a
// check and the write; staleVersion turns its refusal into a 412.
func ifMatchVersion(r *http.Request) (int64, error) {
	h := r.Header.Get("If-Match")
	if h == "" {
		return 0, ifMatch(r, 0)
	}
	v, err := strconv.ParseInt(trimETag(h), 10, 64)
	if err != nil || v < 0 {
		return 0, badField("If-Match", "If-Match は読んだ記録の ETag（\"3\" のような版）にしてください", `If-Match must be the ETag read, such as "3"`)
	}
	return v, nil
}

// staleVersion turns a store's conflict on an update made against sent
// into a 412 when the record is now at another version.
func staleVersion(err error, sent, now int64) error {
	if kijun.ErrorCode(err) == kijun.ECONFLICT && sent != now {
		return &statusError{status: http.StatusPreconditionFailed, code: kijun.ECONFLICT, field: "If-Match",
			ja: fmt.Sprintf("記録は読んだ後に変更されています（送られた版 %d、今の版 %d）。読み直してからもう一度操作してください", sent, now),
			en: fmt.Sprintf("the record changed after you read it (you sent %d, it is now %d); read it again and retry", sent, now)}
	}
	return err
}

// etag writes a record's version as its ETag.
func etag(w http.ResponseWriter, version int) {
	w.Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}

// answerItem answers one record as {key: v} with its version as the ETag.
func answerItem(w http.ResponseWriter, status, version int, key string, v any) error {
	etag(w, version)
	writeJSON(w, status, map[string]any{key: v})
	return nil
}

func trimETag(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "W/")
	return strings.Trim(s, `"`)
}
