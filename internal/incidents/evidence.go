package incidents

import (
	"fmt"

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
	kijun.File
	IncidentID int64 `json:"incident_id"`
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
