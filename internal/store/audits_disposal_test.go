package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// auditEvidenceWorld is an approved audit of 課 111 with two evidence
// files, 2001 appointed the audit director and 2008 the CISO.
func auditEvidenceWorld(t *testing.T, db *store.DB) (audits.Evidence, audits.Evidence) {
	t.Helper()
	ctx := t.Context()
	deputyOrg(t, db)
	if _, err := db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleAuditDirector, Scope: organisation.City(), StaffNo: "2001",
		Period: organisation.Period{From: day("2024-04-01")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	director := audits.Actor{StaffNo: "2001", Director: true}
	year := wareki.FiscalYear(db.Now())
	start, end := wareki.FiscalYearRange(year)
	p, err := db.CreatePlan(as("2001"), director, year, "")
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.AddAudit(as("2001"), director, p.ID, audits.Audit{Title: "情報政策課の媒体管理", Units: []string{"111"}, Provisions: []string{"6.4"},
		Auditors:   []audits.Auditor{{StaffNo: "2006"}},
		PeriodFrom: organisation.Day(start).AddDate(-1, 0, 0), PeriodTo: organisation.Day(start).AddDate(0, 0, -1),
		Starts: organisation.Day(start), Ends: organisation.Day(end).AddDate(0, 0, -1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApprovePlan(as("2008"), audits.Actor{StaffNo: "2008", CISO: true}, p.ID, 0); err != nil {
		t.Fatal(err)
	}
	var out []audits.Evidence
	for _, name := range []string{"照合表.xlsx", "監査調書.pdf"} {
		e, err := db.AddAuditEvidence(as("2006"), audits.Actor{StaffNo: "2006"}, audits.Evidence{AuditID: a.ID, File: kijun.File{Name: name}}, []byte("working paper "+name))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out[0], out[1]
}

// fileDisposal files a request to dispose of the evidence named, by the
// audit director, approved by the CISO when approve is set.
func fileDisposal(t *testing.T, pm *store.Permits, evidence string, approve bool) int64 {
	t.Helper()
	ctx := t.Context()
	r, err := pm.File(ctx, store.Filing{Type: audits.DisposalPermitType, Requester: "2001", Submit: true,
		Fields: map[string]string{audits.DisposalField: evidence, "reason": "保存期限の経過"}})
	if err != nil {
		t.Fatal(err)
	}
	if approve {
		if _, err := pm.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "2008"}); err != nil {
			t.Fatal(err)
		}
	}
	return r.ID
}

// TestDisposeAuditEvidence: evidence past its retention is disposed of
// only by the audit director, under a request the CISO approved naming
// the file (11.1.6); each refusal says why and writes nothing; the
// disposal removes the bytes, keeps the record with who, when and the
// request, and is one ledger record.
func TestDisposeAuditEvidence(t *testing.T) {
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			clock := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
			db := storetest.Open(t, u, store.Options{Now: func() time.Time { return clock }})
			ctx := t.Context()
			e1, e2 := auditEvidenceWorld(t, db)
			pm := db.Permits(reg)
			granted := fileDisposal(t, pm, "  "+fmt.Sprint(e1.ID)+" ", true)
			pending := fileDisposal(t, pm, fmt.Sprint(e2.ID), false)
			director := audits.Actor{StaffNo: "2001", Director: true}
			seq0, _, _ := db.Head(ctx)
			refused := func(name string, who audits.Actor, permit int64, ids []int64, code, want string) {
				t.Helper()
				_, err := db.DisposeAuditEvidence(as(who.StaffNo), who, permit, ids)
				if kijun.ErrorCode(err) != code || !strings.Contains(kijun.ErrorMessage(err), want) {
					t.Errorf("%s: %v, want %s naming %q", name, err, code, want)
				}
			}
			refused("not the director", audits.Actor{StaffNo: "2004"}, granted, []int64{e1.ID}, kijun.EFORBIDDEN, "監査統括責任者")
			refused("no request", director, 0, []int64{e1.ID}, kijun.EINVALID, "申請番号")
			refused("no file", director, granted, nil, kijun.EINVALID, "選んで")
			refused("before its retention ends", director, granted, []int64{e1.ID}, kijun.EINVALID, "保存期限は "+organisation.FormatDate(e1.KeepUntil))
			clock = e1.KeepUntil.AddDate(0, 0, 1).Add(3 * time.Hour)
			refused("no such request", director, 99999, []int64{e1.ID}, kijun.EINVALID, "申請番号 99999 の申請はありません")
			refused("not approved", director, pending, []int64{e2.ID}, kijun.EINVALID, "CISO の許可を得ていません")
			refused("a file the request does not name", director, granted, []int64{e1.ID, e2.ID}, kijun.EINVALID, "挙げられていません")
			if seq, _, _ := db.Head(ctx); seq != seq0 {
				t.Fatalf("the refusals wrote %d ledger records", seq-seq0)
			}
			// The table itself still refuses a change that is not a recorded disposal.
			if err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "UPDATE audit_evidence SET data = ? WHERE id = ?", []byte{}, e2.ID)
				return err
			}); err == nil || !strings.Contains(err.Error(), "never changed") {
				t.Errorf("emptied evidence without a disposal: %v", err)
			}

			got, err := db.DisposeAuditEvidence(as("2001"), director, granted, []int64{e1.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].SHA256 != e1.SHA256 || got[0].PermitID != granted || got[0].DisposedBy != organisation.ActorID("2001") {
				t.Errorf("disposal = %+v", got)
			}
			if seq, _, _ := db.Head(ctx); seq != seq0+1 {
				t.Errorf("the disposal wrote %d ledger records, want 1", seq-seq0)
			}
			var size int64
			if err := db.View(ctx, func(tx *store.Tx) error {
				return tx.QueryRowContext(ctx, "SELECT length(data) FROM audit_evidence WHERE id = ?", e1.ID).Scan(&size)
			}); err != nil || size != 0 {
				t.Errorf("bytes left after disposal: %d, %v", size, err)
			}
			if _, _, err := db.AuditEvidenceFile(ctx, e1.AuditID, e1.ID); kijun.ErrorCode(err) != kijun.ENOTFOUND || !strings.Contains(err.Error(), "廃棄") {
				t.Errorf("reading a disposed file: %v", err)
			}
			kept, err := db.DisposedEvidence(ctx)
			if err != nil || len(kept) != 1 || kept[0].Name != e1.Name || kept[0].SHA256 != e1.SHA256 || kept[0].PermitID != granted || !kept[0].DisposedAt.Equal(clock) {
				t.Errorf("records kept of disposals: %+v, %v", kept, err)
			}
			listed, err := db.EvidenceForDisposal(ctx, organisation.Day(clock))
			if err != nil || len(listed) != 1 || listed[0].ID != e2.ID {
				t.Errorf("still listed for disposal: %+v, %v", listed, err)
			}
			refused("disposed already", director, granted, []int64{e1.ID}, kijun.EINVALID, "廃棄済み")
		})
	}
}
