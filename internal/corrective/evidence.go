package corrective

import (
	"fmt"
	"time"

	"kijun/internal/kijun"
)

// MaxEvidenceBytes is the largest file kept as evidence of completion.
// It stays below the web server's limit on a whole form, so a larger file
// gets this limit's own message.
const MaxEvidenceBytes = 10 << 20

// Evidence is a file showing an action was carried out, kept with the
// SHA-256 of its bytes taken at upload; the bytes are never changed.
type Evidence struct {
	ID          int64     `json:"id"`
	ActionID    int64     `json:"action_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Note        string    `json:"note,omitempty"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// TooLarge returns the refusal of a file past the limit.
func TooLarge(size int64) error {
	return kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%s）。証拠として保存できるのは %s までです", formatBytes(size), formatBytes(MaxEvidenceBytes))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d バイト", n)
}
