package audits

import "time"

// DisposalPermitType is the request type whose approval by the CISO lets
// the audit director dispose of evidence past its retention (11.1.6).
const DisposalPermitType = "audit_evidence_dispose"

// DisposalField is the request field naming the evidence it permits
// disposing of, by number.
const DisposalField = "evidence"

// Disposal is the record that stays of a disposed evidence file (11.1.6):
// its name and SHA-256 from upload, who disposed of it, when, and the
// approved request that permitted it. Only the file's bytes are gone.
type Disposal struct {
	EvidenceID int64     `json:"evidence_id"`
	AuditID    int64     `json:"audit_id"`
	Name       string    `json:"name"`
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	KeepUntil  time.Time `json:"keep_until"`
	PermitID   int64     `json:"permit_id"`
	DisposedBy string    `json:"disposed_by"`
	DisposedAt time.Time `json:"disposed_at"`
}
