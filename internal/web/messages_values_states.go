package web

import (
	"kijun/internal/audits"
	"kijun/internal/compliance"
	"kijun/internal/compliance/work"
	"kijun/internal/contractors"
	"kijun/internal/corrective"
	"kijun/internal/devices"
	"kijun/internal/idcards"
	"kijun/internal/incidents"
	"kijun/internal/operations"
	"kijun/internal/permits"
	"kijun/internal/stocktake"
	"kijun/internal/training"
)

// stateMessages adds the English names of the states and severities the
// registers' pages show. The names follow the Japanese Labels closely, so
// a page in English says what the Japanese one says: "awaiting" where the
// record waits on someone, the CISO by that title.
func stateMessages(ja, en map[string]string) {
	addValues(ja, en, map[permits.State]string{
		permits.StateDrafted: "Draft", permits.StateSubmitted: "Submitted", permits.StateReviewed: "Under review",
		permits.StateApproved: "Approved (awaiting its record)", permits.StateRejected: "Rejected",
		permits.StateCarriedOut: "Carried out", permits.StateClosed: "Closed", permits.StateWithdrawn: "Withdrawn",
	})
	addValues(ja, en, map[compliance.Severity]string{
		compliance.SeverityHigh: "High", compliance.SeverityMedium: "Medium", compliance.SeverityLow: "Low",
	})
	addValues(ja, en, map[work.State]string{
		work.StateOpen: "Not started", work.StateInProgress: "In progress", work.StateFixed: "Fixed (awaiting re-inspection)",
		work.StateAccepted: "Accepted by exception", work.StateClosed: "Closed",
	})
	addValues(ja, en, map[corrective.State]string{
		corrective.StateOpen: "In progress", corrective.StateCompleted: "Reported complete (awaiting verification)",
		corrective.StateVerified: "Effectiveness verified",
	})
	addValues(ja, en, map[incidents.Severity]string{
		incidents.SeverityUnjudged: "Not yet assessed", incidents.SeverityLow: "Low", incidents.SeverityMedium: "Medium",
		incidents.SeverityHigh: "High", incidents.SeverityCritical: "Critical",
	})
	addValues(ja, en, map[incidents.Status]string{
		incidents.StatusReported: "Awaiting assessment", incidents.StatusNotIncident: "Not an incident",
		incidents.StatusResponding: "Responding", incidents.StatusContained: "Contained", incidents.StatusClosed: "Closed",
	})
	addValues(ja, en, map[incidents.ActionState]string{
		incidents.StateProposed: "Under consideration", incidents.StateReported: "Reported to the CISO",
		incidents.StateInstructed: "Instructed", incidents.StateDone: "Carried out", incidents.StateChecked: "Effect confirmed",
	})
	addValues(ja, en, map[contractors.State]string{
		contractors.StateDraft: "In preparation", contractors.StateActive: "In force", contractors.StateEnded: "Ended",
	})
	addValues(ja, en, map[contractors.LinkState]string{
		contractors.LinkRequested: "Approval requested", contractors.LinkActive: "Approved, in progress",
		contractors.LinkFound: "Unapproved (discovered)", contractors.LinkEnded: "Ended",
	})
	// An audit's findings are graded 重大, 中 or 軽微, not as the checks'
	// high, medium and low are.
	addValues(ja, en, map[audits.Severity]string{
		audits.SeverityHigh: "Serious", audits.SeverityMedium: "Moderate", audits.SeverityLow: "Minor",
	})
	addValues(ja, en, map[audits.PlanState]string{
		audits.PlanDraft: "Draft (awaiting CISO approval)", audits.PlanApproved: "Approved",
	})
	addValues(ja, en, map[audits.State]string{
		audits.StatePlanned: "Planned", audits.StateFieldwork: "Under way", audits.StateSubmitted: "Reported",
	})
	addValues(ja, en, map[idcards.State]string{
		idcards.StateIssued: "In use", idcards.StateLost: "Lost (suspended)", idcards.StateReturned: "Returned",
		idcards.StateDestroyed: "Destroyed",
	})
	addValues(ja, en, map[stocktake.State]string{
		stocktake.StateOpen: "Counting", stocktake.StateClosed: "Closed",
	})
	addValues(ja, en, map[devices.State]string{
		devices.StateInUse: "In use", devices.StateReturned: "Returned to the lessor", devices.StateDisposed: "Disposed of",
		devices.StateLost: "Lost", devices.StateStolen: "Stolen",
	})
	addValues(ja, en, map[training.PlanState]string{
		training.PlanDraft: "Being drawn up", training.PlanReported: "Reported to the CISO",
	})
	addValues(ja, en, map[operations.ChangeState]string{
		operations.ChangePlanned: "Planned", operations.ChangeApproved: "Approved",
		operations.ChangeDone: "Carried out (awaiting confirmation)", operations.ChangeConfirmed: "Cross-checked",
		operations.ChangeCancelled: "Cancelled",
	})
}
