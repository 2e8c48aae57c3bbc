package web

import (
	"mime"
	"net/http"

	"kijun/internal/kijun"
)

// sendEvidence sends a kept evidence file, whose hash was checked on
// reading, always as a download under its cleaned name, with the SHA-256
// taken when it was kept.
func sendEvidence(w http.ResponseWriter, name, sha256 string, data []byte) error {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": kijun.FileName(name)}))
	w.Header().Set("X-Content-SHA256", sha256)
	_, err := w.Write(data)
	return err
}
