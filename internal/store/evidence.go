package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"kijun/internal/kijun"
)

// evidenceTable is a table of files kept as evidence for an owner (an
// incident, a corrective action, a self-check report, an audit, a
// finding). Every such table has the columns of kijun.File and the
// bytes; owner names the columns that say what the file is kept for, and
// extra the other columns the table keeps beside it. The rows are never
// changed or deleted: the database refuses it.
type evidenceTable struct {
	name  string
	owner []string
	extra []string
	note  bool // the table keeps a note with the file
}

func (t evidenceTable) columns() []string {
	cols := append([]string{"id"}, t.owner...)
	cols = append(cols, "name", "content_type", "size", "sha256")
	if t.note {
		cols = append(cols, "note")
	}
	return append(append(cols, "uploaded_by", "uploaded_at"), t.extra...)
}

// selectFrom is the query of the files of t with where (the owner's
// columns and any further conditions, each "= ?"), with their bytes or not.
func (t evidenceTable) selectFrom(where []string, data bool) string {
	cols := t.columns()
	if data {
		cols = append(cols, "data")
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + t.name + " WHERE " + strings.Join(where, " = ? AND ") + " = ? ORDER BY id"
}

// scan reads a row of selectFrom into f, the owner's and extra columns
// into owner and extra, and the bytes into data when it is not nil.
func (t evidenceTable) scan(sc scanner, f *kijun.File, owner, extra []any, data *[]byte) error {
	dest := append([]any{&f.ID}, owner...)
	dest = append(dest, &f.Name, &f.ContentType, &f.Size, &f.SHA256)
	if t.note {
		dest = append(dest, &f.Note)
	}
	var at string
	dest = append(append(dest, &f.UploadedBy, &at), extra...)
	if data != nil {
		dest = append(dest, data)
	}
	err := sc.Scan(dest...)
	f.UploadedAt = parseStoredTime(at)
	return err
}

// sealEvidence readies f for keeping data: its name (and note) trimmed, a
// content type, and the SHA-256 and size of data. It reports whether
// there is a file to keep at all: a name and some bytes.
func sealEvidence(f *kijun.File, data []byte) bool {
	f.Name, f.Note = strings.TrimSpace(f.Name), strings.TrimSpace(f.Note)
	if f.ContentType == "" {
		f.ContentType = "application/octet-stream"
	}
	sum := sha256.Sum256(data)
	f.SHA256, f.Size = hex.EncodeToString(sum[:]), int64(len(data))
	return f.Name != "" && len(data) > 0
}

// keepEvidence inserts a sealed file for owner, with the extra columns'
// values, as uploaded now by the actor of ctx (unless f says when), and
// sets its ID.
func (tx *Tx) keepEvidence(ctx context.Context, t evidenceTable, owner, extra []any, f *kijun.File, data []byte) error {
	f.UploadedBy = kijun.ActorFrom(ctx).ID
	if f.UploadedAt.IsZero() {
		f.UploadedAt = tx.db.Now()
	}
	cols := t.columns()[1:]
	args := append(append([]any{}, owner...), f.Name, f.ContentType, f.Size, f.SHA256)
	if t.note {
		args = append(args, f.Note)
	}
	args = append(append(args, f.UploadedBy, storedTime(f.UploadedAt)), extra...)
	cols, args = append(cols, "data"), append(args, data)
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	var err error
	f.ID, err = tx.insertReturningID(ctx, "INSERT INTO "+t.name+" ("+strings.Join(cols, ", ")+") VALUES ("+marks+") RETURNING id", args...)
	if err != nil {
		return fmt.Errorf("keep evidence in %s: %w", t.name, err)
	}
	return nil
}

// eachEvidence calls fn with every row of t that where's columns match
// (args in order), oldest first, without the bytes.
func (tx *Tx) eachEvidence(ctx context.Context, t evidenceTable, where []string, args []any, fn func(sc scanner) error) error {
	return tx.each(ctx, t.selectFrom(where, false), args, fn)
}

// checkEvidence refuses bytes that no longer have the hash taken when
// they were kept: such a file must not be used as evidence.
func checkEvidence(f kijun.File, data []byte) error {
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
		return kijun.Errorf(kijun.EINTERNAL, "証拠 %d（%s）のハッシュが保存時と一致しません（保存時 %s、現在 %s）", f.ID, f.Name, f.SHA256, got)
	}
	return nil
}
