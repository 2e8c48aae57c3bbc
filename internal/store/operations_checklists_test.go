package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func TestSystemChecklists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opsSystem(t, db, "2.4.57")
		admin := opsGate{systems: []string{"web"}}
		running := func() *struct{ open, running bool } {
			t.Helper()
			f, err := db.ComplianceFacts(ctx, db.Now(), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range f.Systems {
				if s.ID == "web" {
					return &struct{ open, running bool }{s.OpenIO > 0, s.Running}
				}
			}
			t.Fatal("no facts for web")
			return nil
		}
		if got := running(); got.running {
			t.Error("a system never moved is running")
		}
		if _, err := db.MoveSystemStage(ctx, opsGate{units: []string{"112"}}, "web", operations.StageDevelop, 0); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("another 課 moves the system: %v", err)
		}
		st, err := db.MoveSystemStage(ctx, admin, "web", operations.StageDevelop, 0)
		if err != nil || st.Version != 1 {
			t.Fatalf("move to develop: %+v %v", st, err)
		}
		if _, err := db.MoveSystemStage(ctx, admin, "web", operations.StageIntroduce, 0); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("move from a stale version: %v", err)
		}

		io := operations.Answer{System: "web", List: operations.ListIO, Provision: "8.3.5.ア", Verdict: operations.VerdictMet}
		if _, err := db.AnswerChecklistItem(ctx, admin, io, nil); !strings.Contains(kijun.ErrorMessage(err), "証拠") {
			t.Errorf("met without evidence: %v", err)
		}
		na := io
		na.Verdict, na.Note = operations.VerdictNA, "入力なし"
		if _, err := db.AnswerChecklistItem(ctx, admin, na, nil); !strings.Contains(kijun.ErrorMessage(err), "義務") {
			t.Errorf("an obligatory item not applicable: %v", err)
		}
		if _, err := db.AnswerChecklistItem(ctx, admin, operations.Answer{System: "web", List: operations.ListIO, Provision: "8.3.2.ア.(1)", Verdict: operations.VerdictMet}, nil); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("an item of another checklist: %v", err)
		}
		file := &store.EvidenceUpload{Name: "設計書.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7 入力チェック")}
		if _, err := db.AnswerChecklistItem(ctx, admin, io, file); err != nil {
			t.Fatalf("met with evidence: %v", err)
		}

		// 稼働 with 8.3.5イ and ウ open: a fact the rule finds.
		if _, err := db.MoveSystemStage(ctx, admin, "web", operations.StageOperate, 1); err != nil {
			t.Fatal(err)
		}
		if got := running(); !got.running || !got.open {
			t.Errorf("running with 8.3.5 open: got %+v, want running and open", got)
		}
		for _, p := range []string{"8.3.5.イ", "8.3.5.ウ"} {
			a := io
			a.Provision = p
			if _, err := db.AnswerChecklistItem(ctx, admin, a, &store.EvidenceUpload{Name: p + ".txt", Data: []byte(p)}); err != nil {
				t.Fatal(err)
			}
		}
		if got := running(); got.open {
			t.Error("every item of 8.3.5 met, still open")
		}

		state, err := db.SystemChecklists(ctx, "web")
		if err != nil {
			t.Fatal(err)
		}
		ev := state.Evidence[operations.ListIO]["8.3.5.ア"]
		if len(ev) != 1 || len(ev[0].SHA256) != 64 || state.Answers[operations.ListIO]["8.3.5.ア"].Verdict != operations.VerdictMet {
			t.Fatalf("got %+v %+v", ev, state.Answers)
		}
		// 8.1.6: the documents are read only by those who keep the system.
		if _, _, err := db.ChecklistEvidenceFile(ctx, opsGate{units: []string{"112"}}, "web", ev[0].ID); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("another 課 reads the evidence: %v", err)
		}
		_, data, err := db.ChecklistEvidenceFile(ctx, admin, "web", ev[0].ID)
		if err != nil || string(data) != string(file.Data) {
			t.Errorf("read the evidence: %q %v", data, err)
		}
		recs, err := db.Records(ctx, store.RecordFilter{Entity: "checklist_evidence"})
		if err != nil || len(recs) != 3 {
			t.Errorf("got %d evidence records (%v), want 3", len(recs), err)
		}

		// 8.3.1ウ: abolishing is recorded citing the clause, the system
		// no longer runs, and it moves no more.
		if _, err := db.MoveSystemStage(ctx, opsGate{units: []string{"112"}}, "web", operations.StageAbolish, 2); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("another 課 abolishes the system: %v", err)
		}
		if st, err := db.MoveSystemStage(ctx, admin, "web", operations.StageAbolish, 2); err != nil || st.Stage != operations.StageAbolish {
			t.Fatalf("abolish: %+v %v", st, err)
		}
		// 8.3.1ウ: an abolished system runs no more, so the rules on a
		// system in use and on its roles see it no more.
		f, err := db.ComplianceFacts(ctx, db.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range f.Systems {
			if s.ID == "web" {
				t.Errorf("an abolished system is still judged as a system in use: %+v", s)
			}
		}
		for _, r := range f.Roles {
			if r.Scope == "system:web" {
				t.Errorf("an abolished system's role %s must still be held", r.Role)
			}
		}
		if _, err := db.MoveSystemStage(ctx, admin, "web", operations.StageOperate, 3); !strings.Contains(kijun.ErrorMessage(err), "廃止済み") {
			t.Errorf("an abolished system moved back: %v", err)
		}
		recs, err = db.Records(ctx, store.RecordFilter{Entity: "system_stage"})
		cited := 0
		for _, r := range recs {
			if slices.Contains(r.Provisions, "8.3.1") {
				cited++
			}
		}
		if err != nil || len(recs) != 3 || cited != 1 {
			t.Errorf("stage records: %d (%d citing 8.3.1) %v, want 3 with the abolition citing 8.3.1", len(recs), cited, err)
		}
	})
}
