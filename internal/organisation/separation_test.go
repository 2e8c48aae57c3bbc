package organisation

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
)

func TestCheckApproval(t *testing.T) {
	tests := []struct {
		name    string
		a       Approval
		code    string
		flagged bool
	}{
		{"different people", Approval{Applicant: Party{StaffNo: "1"}, Approver: Party{StaffNo: "2"}}, "", false},
		{"same person", Approval{Applicant: Party{StaffNo: "1"}, Approver: Party{StaffNo: "1"}}, kijun.EFORBIDDEN, false},
		{"deputy approving for the applicant", Approval{Applicant: Party{StaffNo: "1"}, Approver: Party{StaffNo: "2", OnBehalfOf: "1"}}, kijun.EFORBIDDEN, false},
		{"applicant approving as a deputy for someone", Approval{Applicant: Party{StaffNo: "1"}, Approver: Party{StaffNo: "1", OnBehalfOf: "3"}}, kijun.EFORBIDDEN, false},
		{"applicant acting for the approver", Approval{Applicant: Party{StaffNo: "2", OnBehalfOf: "1"}, Approver: Party{StaffNo: "1"}}, kijun.EFORBIDDEN, false},
		{"deputies for different holders", Approval{Applicant: Party{StaffNo: "1", OnBehalfOf: "3"}, Approver: Party{StaffNo: "2", OnBehalfOf: "4"}}, "", false},
		{"unavoidable with a reason", Approval{Applicant: Party{StaffNo: "1"}, Approver: Party{StaffNo: "1"}, Unavoidable: true, Reason: "課に職員が一人のため"}, "", true},
		{"unavoidable without a reason", Approval{Applicant: Party{StaffNo: "1"}, Approver: Party{StaffNo: "1"}, Unavoidable: true, Reason: "  "}, kijun.EINVALID, false},
		{"unavoidable but not needed", Approval{Applicant: Party{StaffNo: "1"}, Approver: Party{StaffNo: "2"}, Unavoidable: true, Reason: "x"}, "", false},
		{"no approver", Approval{Applicant: Party{StaffNo: "1"}}, kijun.EINVALID, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := CheckApproval(tt.a)
			if got := kijun.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if v.Flagged != tt.flagged {
				t.Errorf("flagged = %v, want %v", v.Flagged, tt.flagged)
			}
			if tt.code == kijun.EFORBIDDEN && !strings.Contains(kijun.ErrorMessage(err), "3.2.10ア") {
				t.Errorf("message %q does not cite 3.2.10ア", kijun.ErrorMessage(err))
			}
		})
	}
}

func TestCheckAudit(t *testing.T) {
	path := []string{"1111", "111", "100"} // 係 < 課 < 局
	tests := []struct {
		name string
		a    Audit
		code string
	}{
		{"independent auditor", Audit{Auditor: Party{StaffNo: "9"}, AuditorUnits: []string{"900"}, AuditeeUnit: "111"}, ""},
		{"auditor audits themselves", Audit{Auditor: Party{StaffNo: "1"}, Auditee: Party{StaffNo: "1"}}, kijun.EFORBIDDEN},
		{"auditor deputising for the auditee", Audit{Auditor: Party{StaffNo: "2", OnBehalfOf: "1"}, Auditee: Party{StaffNo: "1"}}, kijun.EFORBIDDEN},
		{"auditor in the audited unit", Audit{Auditor: Party{StaffNo: "9"}, AuditorUnits: path[1:], AuditeeUnit: "111"}, kijun.EFORBIDDEN},
		{"auditor inside the audited unit", Audit{Auditor: Party{StaffNo: "9"}, AuditorUnits: path, AuditeeUnit: "100"}, kijun.EFORBIDDEN},
		{"auditor above the audited unit", Audit{Auditor: Party{StaffNo: "9"}, AuditorUnits: path[2:], AuditeeUnit: "111"}, ""},
		{"nothing audited", Audit{Auditor: Party{StaffNo: "9"}}, kijun.EINVALID},
		{"no auditor", Audit{AuditeeUnit: "111"}, kijun.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAudit(tt.a)
			if got := kijun.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if tt.code == kijun.EFORBIDDEN && !strings.Contains(kijun.ErrorMessage(err), "3.2.10イ") {
				t.Errorf("message %q does not cite 3.2.10イ", kijun.ErrorMessage(err))
			}
		})
	}
}
