package audits

import (
	"strconv"
	"time"

	"kijun/internal/kijun"
)

// MaxEvidenceBytes is the largest working paper kept.
const MaxEvidenceBytes = 10 << 20

// DefaultRetentionYears is how long evidence is kept unless the city sets
// otherwise (11.1.6).
const DefaultRetentionYears = 5

// RetentionSetting names the city's setting of the retention, in years.
const RetentionSetting = "audit.evidence.retention_years"

// Evidence is a working paper or piece of evidence of an audit (11.1.6),
// kept with its SHA-256; never changed, and after KeepUntil listed for
// disposal by permit, never deleted silently.
type Evidence struct {
	kijun.File
	AuditID   int64     `json:"audit_id"`
	KeepUntil time.Time `json:"keep_until"`
}

// Setting describes the retention for kijun config.
const Setting = "監査の証拠・調書の保存年数（11.1.6、既定 5）/ years audit evidence is kept"

// TooLarge returns the refusal of a file past the limit.
func TooLarge(size int64) error {
	return kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%.1f MB）。監査の証拠として保存できるのは %d MB までです（11.1.6）",
		float64(size)/(1<<20), MaxEvidenceBytes>>20)
}

// ParseRetention reads the city's retention setting; "" is the default.
func ParseRetention(s string) (int, error) {
	if s == "" {
		return DefaultRetentionYears, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100 {
		return 0, kijun.Errorf(kijun.EINVALID, "監査証拠の保存年数 %q は 1 から 100 の整数にしてください", s)
	}
	return n, nil
}
