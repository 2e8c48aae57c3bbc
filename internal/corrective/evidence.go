package corrective

import (
	"fmt"

	"kijun/internal/kijun"
)

// MaxEvidenceBytes is the largest file kept as evidence of completion.
// It stays below the web server's limit on a whole form, so a larger file
// gets this limit's own message.
const MaxEvidenceBytes = 10 << 20

// Evidence is a file showing an action was carried out, kept with the
// SHA-256 of its bytes taken at upload; the bytes are never changed.
type Evidence struct {
	kijun.File
	ActionID int64 `json:"action_id"`
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
