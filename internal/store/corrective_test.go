package store_test

import (
	"strings"
	"testing"

	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestCorrectiveActionLifecycle walks an action of 課 111 from an audit
// finding to its verification, with the refusals of 11.1.7 on the way:
// completion without evidence, verification by the owner, a 課 reading
// another's actions. Each accepted change is one ledger record; a refused
// one writes nothing.
func TestCorrectiveActionLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		city := corrective.Officer{StaffNo: "2007", City: true}
		owner := corrective.Officer{StaffNo: "2002", Units: map[string]bool{"111": true}}
		staff111 := corrective.Officer{StaffNo: "2004", Units: map[string]bool{"111": true}}
		other := corrective.Officer{StaffNo: "2005", Units: map[string]bool{"112": true}}
		today := organisation.Day(db.Now())
		a := corrective.Action{Source: corrective.Source{Kind: corrective.SourceAuditFinding, ID: "7"}, Unit: "111",
			OwnerRole: organisation.RoleInfoManager, OwnerScope: organisation.UnitScope("111"), Title: "USB メモリの暗号化",
			Provisions: []string{"6.4.3"}, Due: today.AddDate(0, 0, -1), RootCause: "手順がない", Plan: "暗号化して台帳を直す"}
		if _, err := db.CreateCorrective(as("2004"), staff111, a); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("a member of staff opened an action: %v", err)
		}
		bad := a
		bad.Title = ""
		if _, err := db.CreateCorrective(as("2007"), city, bad); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "件名") {
			t.Fatalf("an action with no title: %v", err)
		}
		seq0, _, _ := db.Head(t.Context())
		a, err := db.CreateCorrective(as("2007"), city, a)
		if err != nil {
			t.Fatal(err)
		}
		if a.Owner != "2002" {
			t.Errorf("owner = %q, want the 課長 2002 (情報管理者 by post)", a.Owner)
		}
		if _, err := db.CorrectiveAction(t.Context(), other, a.ID); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("課 112 read 111's action: %v", err)
		}
		got, err := db.CorrectiveActions(t.Context(), other, store.CorrectiveFilter{})
		if err != nil || len(got) != 0 {
			t.Errorf("課 112 lists %d actions (%v), want none", len(got), err)
		}
		overdue, err := db.CorrectiveActions(t.Context(), city, store.CorrectiveFilter{Overdue: true, Day: db.Now()})
		if err != nil || len(overdue) != 1 {
			t.Errorf("overdue = %d (%v), want 1", len(overdue), err)
		}
		// 11.1.7: not done without evidence.
		_, err = db.CompleteCorrective(as("2002"), owner, a.ID, a.Version, "暗号化しました")
		if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "証拠") {
			t.Fatalf("completed without evidence: %v", err)
		}
		if _, err := db.AddCorrectiveEvidence(as("2005"), other, corrective.Evidence{ActionID: a.ID, File: kijun.File{Name: "x.txt"}}, []byte("x")); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("課 112 attached evidence to 111's action: %v", err)
		}
		if _, err := db.AddCorrectiveEvidence(as("2002"), owner, corrective.Evidence{ActionID: a.ID, File: kijun.File{Name: "big.bin"}}, make([]byte, corrective.MaxEvidenceBytes+1)); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a file past the limit: %v", err)
		}
		e, err := db.AddCorrectiveEvidence(as("2002"), owner, corrective.Evidence{ActionID: a.ID, File: kijun.File{Name: "暗号化記録.pdf"}}, []byte("%PDF-1.4 記録"))
		if err != nil {
			t.Fatal(err)
		}
		if len(e.SHA256) != 64 {
			t.Errorf("sha256 = %q", e.SHA256)
		}
		a, err = db.CompleteCorrective(as("2002"), owner, a.ID, a.Version, "全台を暗号化し台帳を更新しました")
		if err != nil {
			t.Fatal(err)
		}
		// 11.1.7: the owner does not verify their own action.
		ownerVerifier := corrective.Officer{StaffNo: "2002", City: true}
		if _, err := db.VerifyCorrective(as("2002"), ownerVerifier, a.ID, a.Version, true, "確認"); kijun.ErrorCode(err) != kijun.EFORBIDDEN || !strings.Contains(err.Error(), "担当者") {
			t.Fatalf("the owner verified: %v", err)
		}
		if _, err := db.VerifyCorrective(as("2004"), staff111, a.ID, a.Version, true, "確認"); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("a member of staff verified: %v", err)
		}
		a, err = db.VerifyCorrective(as("2007"), city, a.ID, a.Version, true, "抜き取りで 5 台の暗号化を確認")
		if err != nil {
			t.Fatal(err)
		}
		if a.State != corrective.StateVerified || a.VerifiedBy != "2007" {
			t.Errorf("state = %s by %s, want verified by 2007", a.State, a.VerifiedBy)
		}
		seq1, _, _ := db.Head(t.Context())
		if got, want := seq1-seq0, int64(4); got != want {
			t.Errorf("ledger records = %d, want %d (open, evidence, complete, verify)", got, want)
		}
		e2, data, err := db.CorrectiveEvidenceFile(t.Context(), staff111, a.ID, e.ID)
		if err != nil || string(data) != "%PDF-1.4 記録" || e2.SHA256 != e.SHA256 {
			t.Errorf("evidence read back: %v", err)
		}
	})
}

// TestCorrectiveIneffectiveReopens: a verification that finds the action
// ineffective sends it back to its owner, who plans again.
func TestCorrectiveIneffectiveReopens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		city := corrective.Officer{StaffNo: "2007", City: true}
		owner := corrective.Officer{StaffNo: "2002", Units: map[string]bool{"111": true}}
		today := organisation.Day(db.Now())
		a, err := db.CreateCorrective(as("2007"), city, corrective.Action{Source: corrective.Source{Kind: corrective.SourceComplianceFinding, ID: "media.encrypt|M-1"},
			Unit: "111", OwnerRole: organisation.RoleInfoManager, OwnerScope: organisation.UnitScope("111"), Title: "媒体の暗号化", Due: today.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddCorrectiveEvidence(as("2002"), owner, corrective.Evidence{ActionID: a.ID, File: kijun.File{Name: "a.txt"}}, []byte("a")); err != nil {
			t.Fatal(err)
		}
		if a, err = db.CompleteCorrective(as("2002"), owner, a.ID, 0, "済み"); err != nil {
			t.Fatal(err)
		}
		if a, err = db.VerifyCorrective(as("2007"), city, a.ID, a.Version, false, "まだ平文の媒体がある"); err != nil {
			t.Fatal(err)
		}
		if a.State != corrective.StateOpen || a.Reopened != 1 {
			t.Errorf("state = %s, reopened %d; want open, 1", a.State, a.Reopened)
		}
		if _, err := db.ReplanCorrective(as("2002"), owner, a.ID, a.Version, "原因", "残りを暗号化", today.AddDate(0, 2, 0)); err != nil {
			t.Errorf("the owner could not plan again: %v", err)
		}
		if _, err := db.ReplanCorrective(as("2002"), owner, a.ID, 1, "原因", "x", today); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a stale version: %v", err)
		}
	})
}
