package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/permits"
)

// Attachment is a file given with a request or a step, by its declared key.
type Attachment struct {
	Key         string
	Name        string
	ContentType string
	Data        []byte
}

// AttachmentData is a kept file and what it is.
type AttachmentData struct {
	permits.AttachmentRef
	Data []byte
}

// checkFiles checks files against the declared attachments: each known by
// its key, each required one given, none too large or empty.
func checkFiles(specs []permits.AttachmentSpec, files []Attachment) *kijun.FieldErrors {
	given := map[string]int{}
	fe := &kijun.FieldErrors{}
	for _, f := range files {
		known := false
		for _, s := range specs {
			known = known || s.Key == f.Key
		}
		if !known {
			fe.Add(f.Key, "添付 %q はこの手続きにありません", f.Key)
			continue
		}
		given[f.Key] = len(f.Data)
	}
	fe.Fields = append(fe.Fields, permits.CheckAttachments(specs, given).Fields...)
	return fe
}

// addFiles keeps files as added by the request's step numbered step, each
// with a ledger record that holds its SHA-256.
func (tx *Tx) addFiles(ctx context.Context, t *permits.Type, r permits.Request, step int, files []Attachment) error {
	if len(files) == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(n), 0) FROM permit_attachments WHERE request_id = ?", r.ID).Scan(&n); err != nil {
		return fmt.Errorf("attach to request %d: %w", r.ID, err)
	}
	for _, f := range files {
		n++
		sum := sha256.Sum256(f.Data)
		ref := permits.AttachmentRef{N: n, Key: f.Key, Name: cleanName(f.Name), ContentType: f.ContentType, Size: len(f.Data), SHA256: hex.EncodeToString(sum[:])}
		if ref.ContentType == "" {
			ref.ContentType = "application/octet-stream"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO permit_attachments (request_id, n, step_seq, key, name, content_type, size, sha256, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, n, step, ref.Key, ref.Name, ref.ContentType, ref.Size, ref.SHA256, f.Data); err != nil {
			return fmt.Errorf("attach to request %d: %w", r.ID, err)
		}
		state := struct {
			Request int64                 `json:"request"`
			Step    int                   `json:"step"`
			File    permits.AttachmentRef `json:"file"`
		}{r.ID, step, ref}
		if _, err := tx.Record(ctx, Change{Action: "permit.attach", Entity: "permit_request", EntityID: fmt.Sprint(r.ID), State: state, Provisions: t.Clauses}); err != nil {
			return err
		}
	}
	return nil
}

// cleanName keeps the last element of an uploaded file's name, without
// control characters or quotes, so it can be sent back as a download name.
func cleanName(s string) string {
	s = filepath.Base(strings.ReplaceAll(s, "\\", "/"))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, s)
	if s == "" || s == "." || s == "/" {
		return "file"
	}
	return s
}

// attachments returns the files of a request, in order, without their data.
func (tx *Tx) attachments(ctx context.Context, id int64) (map[int][]permits.AttachmentRef, error) {
	out := map[int][]permits.AttachmentRef{}
	err := tx.each(ctx, "SELECT step_seq, n, key, name, content_type, size, sha256 FROM permit_attachments WHERE request_id = ? ORDER BY n",
		[]any{id}, func(sc scanner) error {
			var step int
			var a permits.AttachmentRef
			if err := sc.Scan(&step, &a.N, &a.Key, &a.Name, &a.ContentType, &a.Size, &a.SHA256); err != nil {
				return err
			}
			out[step] = append(out[step], a)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read the files of request %d: %w", id, err)
	}
	return out, nil
}

// Attachment returns file n of a request with its data.
func (p *Permits) Attachment(ctx context.Context, id int64, n int) (AttachmentData, error) {
	var a AttachmentData
	err := p.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT n, key, name, content_type, size, sha256, data FROM permit_attachments WHERE request_id = ? AND n = ?", id, n).
			Scan(&a.N, &a.Key, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.Data)
		return errNoRows(err, "申請 %d に添付 %d はありません", id, n)
	})
	return a, err
}
