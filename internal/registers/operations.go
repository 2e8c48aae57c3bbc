package registers

import (
	"context"
	"io"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/store"
)

// Operations writes the system administrators' records of chapter 8: work
// records (8.1.5ア), changes carried out and confirmed by two people
// (8.1.5イ, ウ, 8.3.6), log policies and reviews (8.1.7, 9.1) and the
// vulnerability feeds matched to the software register (8.6.1). A system's
// records are written by its 課, its 業務システム管理者 and the city office
// (which includes the 情報基盤管理者): the Editor is asked inside each
// write, for the form, the import and the console alike.
type Operations struct{ db *store.DB }

// AddWork records one operation on a system.
func (o *Operations) AddWork(ctx context.Context, ed *Editor, w operations.WorkRecord) (operations.WorkRecord, error) {
	return o.db.AddWorkRecord(ctx, ed, w)
}

// ImportWork reads a ticket system's CSV export and records its rows for
// ed, all or none.
func (o *Operations) ImportWork(ctx context.Context, ed *Editor, r io.Reader, dryRun bool) (*store.WorkImport, error) {
	rows, err := operations.ReadWorkCSV(r, o.db.Now())
	if err != nil {
		return nil, err
	}
	return o.db.ImportWorkRecords(ctx, ed, rows, dryRun)
}

// Plan records a planned change by the person who.
func (o *Operations) Plan(ctx context.Context, ed *Editor, who string, c operations.Change) (operations.Change, error) {
	return o.db.PlanChange(ctx, ed, who, c)
}

// The steps of a change after its plan.
const (
	StepApprove = "approve"
	StepCarry   = "carry"
	StepConfirm = "confirm"
	StepCancel  = "cancel"
)

// Step takes one step of a change for ed.
func (o *Operations) Step(ctx context.Context, ed *Editor, step string, s store.ChangeStep) (operations.Change, error) {
	switch step {
	case StepApprove:
		return o.db.ApproveChange(ctx, ed, s)
	case StepCarry:
		return o.db.CarryChange(ctx, ed, s)
	case StepConfirm:
		return o.db.ConfirmChange(ctx, ed, s)
	case StepCancel:
		return o.db.CancelChange(ctx, ed, s)
	}
	return operations.Change{}, kijun.Errorf(kijun.EINVALID, "変更の手順 %q はありません（approve, carry, confirm, cancel）", step)
}

// SetLogPolicy sets how a system's logs are kept and reviewed.
func (o *Operations) SetLogPolicy(ctx context.Context, ed *Editor, p operations.LogPolicy) (operations.LogPolicy, error) {
	return o.db.SetLogPolicy(ctx, ed, p)
}

// RecordLogReview records a review of a system's logs.
func (o *Operations) RecordLogReview(ctx context.Context, ed *Editor, r operations.LogReview) (operations.LogReview, error) {
	return o.db.RecordLogReview(ctx, ed, r)
}

// ImportFeed imports a vulnerability feed, streamed, all or nothing; only
// the city office imports feeds.
func (o *Operations) ImportFeed(ctx context.Context, ed *Editor, r io.Reader, f operations.Format) (*store.FeedImport, error) {
	return o.db.ImportFeed(ctx, ed, r, f)
}

// CloseByException closes a system's open security hole under an
// exception (9.5) in force that covers 8.6.1.
func (o *Operations) CloseByException(ctx context.Context, ed *Editor, system, vuln string, request int64) error {
	return o.db.CloseVulnByException(ctx, ed, system, vuln, request)
}

// ImportEndpoints reads an endpoint-management product's CSV export and
// records each device's pattern file and OS update (8.4.1), all or none;
// only the city office imports it.
func (o *Operations) ImportEndpoints(ctx context.Context, ed *Editor, r io.Reader) (*store.EndpointImport, error) {
	rows, err := operations.ReadEndpointCSV(r, o.db.Now())
	if err != nil {
		return nil, err
	}
	return o.db.ImportEndpointStatus(ctx, ed, rows)
}
