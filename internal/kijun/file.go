package kijun

import "time"

// File is what every file kept as evidence has, whatever it is kept for
// (an incident 8.5.3, a corrective action, a self-check answer 11.2.1, an
// audit 11.1.6, a finding): its name, the SHA-256 of its bytes taken when
// it was kept, who kept it and when. The bytes are never changed; reading
// them checks the hash again.
type File struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Note        string    `json:"note,omitempty"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}
