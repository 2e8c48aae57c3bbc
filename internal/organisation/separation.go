package organisation

import (
	"slices"
	"strings"

	"kijun/internal/kijun"
)

// Party is a person taking part in a request or an audit, possibly acting
// for someone else (a deputy's OnBehalfOf is the holder's staff number).
type Party struct {
	StaffNo    string
	OnBehalfOf string
}

// people returns the persons the party stands for: itself, and the holder
// it deputises for.
func (p Party) people() []string {
	out := []string{p.StaffNo}
	if p.OnBehalfOf != "" {
		out = append(out, p.OnBehalfOf)
	}
	return out
}

// Approval is a request for approval or permission and its decision.
type Approval struct {
	Applicant Party
	Approver  Party
	// Unavoidable marks the やむを得ない場合 of 3.2.10ア; Reason must say why.
	Unavoidable bool
	Reason      string
}

// Verdict is the outcome of a 3.2.10 check that passed.
type Verdict struct {
	// Flagged: allowed only as unavoidable; reviewers should see it.
	Flagged bool
	Reason  string
}

// CheckApproval applies 3.2.10ア: the applicant and the approver of the same
// request may not be the same person, unless unavoidable and the reason is
// recorded, which is allowed but flagged. A deputy approving for the
// applicant, or the applicant approving as someone's deputy, is the same
// person on both sides too.
func CheckApproval(a Approval) (Verdict, error) {
	if a.Applicant.StaffNo == "" || a.Approver.StaffNo == "" {
		return Verdict{}, kijun.Errorf(kijun.EINVALID, "申請者と承認者の両方が必要です")
	}
	if !overlap(a.Applicant.people(), a.Approver.people()) {
		return Verdict{}, nil
	}
	if a.Unavoidable {
		reason := strings.TrimSpace(a.Reason)
		if reason == "" {
			return Verdict{}, kijun.Errorf(kijun.EINVALID, "やむを得ない場合として申請者自身が承認するには理由の記録が必要です（3.2.10ア）")
		}
		return Verdict{Flagged: true, Reason: reason}, nil
	}
	return Verdict{}, kijun.Errorf(kijun.EFORBIDDEN, "申請者と承認者・許可者が同じ者になるため承認できません（3.2.10ア 兼務の禁止）。やむを得ない場合は理由を記録してください")
}

// Audit is an audit and who takes part in it.
type Audit struct {
	Auditor Party
	// AuditorUnits is the auditor's unit and every unit above it on the
	// audit's date, nearest first (see Store.UnitPath).
	AuditorUnits []string
	// Auditee is the person audited, if a person is.
	Auditee Party
	// AuditeeUnit is the unit audited, if a unit is.
	AuditeeUnit string
}

// CheckAudit applies 3.2.10イ: the auditee and the auditor of the same audit
// may not be the same person, nor may the auditor belong to the audited
// unit or a unit inside it. There is no unavoidable case.
func CheckAudit(a Audit) error {
	if a.Auditor.StaffNo == "" {
		return kijun.Errorf(kijun.EINVALID, "監査を実施する者が必要です")
	}
	if a.Auditee.StaffNo == "" && a.AuditeeUnit == "" {
		return kijun.Errorf(kijun.EINVALID, "監査を受ける者又は組織が必要です")
	}
	if a.Auditee.StaffNo != "" && overlap(a.Auditor.people(), a.Auditee.people()) {
		return kijun.Errorf(kijun.EFORBIDDEN, "監査を受ける者と監査を実施する者が同じ者になります（3.2.10イ 兼務の禁止）")
	}
	if a.AuditeeUnit != "" && slices.Contains(a.AuditorUnits, a.AuditeeUnit) {
		return kijun.Errorf(kijun.EFORBIDDEN, "監査を実施する者が監査対象の組織（%s）に所属しています（3.2.10イ 兼務の禁止）", a.AuditeeUnit)
	}
	return nil
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if x != "" && slices.Contains(b, x) {
			return true
		}
	}
	return false
}
