package incidents

import (
	"fmt"
	"time"

	"kijun/internal/kijun"
)

// MaxEvidenceBytes is the largest evidence file kept (8.5.3). Larger
// files (disk images, full logs) are kept apart and described here. It
// stays below the web server's limit on a whole form, so a file past it
// gets this limit's own message.
const MaxEvidenceBytes = 10 << 20

// Evidence is a file kept for an incident, with the SHA-256 of its bytes
// taken when it was uploaded. The bytes are never changed; reading them
// checks the hash again (8.5.3).
type Evidence struct {
	ID          int64     `json:"id"`
	IncidentID  int64     `json:"incident_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Note        string    `json:"note,omitempty"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// TooLarge returns the error for a file past the limit, in Japanese.
func TooLarge(size int64) error {
	return kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%s）。証拠として保存できるのは %s までです。大きなファイルは別に保全し、その場所を説明に書いてください",
		FormatBytes(size), FormatBytes(MaxEvidenceBytes))
}

// FormatBytes writes a size for people.
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d バイト", n)
}
