package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

func lostUSBReport(now time.Time) incidents.Incident {
	return incidents.Incident{
		Title: "住民データ入り USB メモリの紛失", Kind: incidents.KindLoss,
		DiscoveredAt: now.Add(-time.Hour), OccurredAt: now.Add(-20 * time.Hour),
		Reporter: "1004", Unit: "111", Description: "帰宅途中に USB メモリを紛失した",
		Leak: incidents.Leak{State: incidents.LeakSuspected, People: 120},
	}
}

func noticeTo(ns []store.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, string(n.Role)+":"+n.StaffNo)
	}
	return out
}

func incidentFields(err error) []string {
	var fe *kijun.FieldErrors
	if !errors.As(err, &fe) {
		return nil
	}
	var out []string
	for _, f := range fe.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestIncidentLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: organisation.ActorID("1004")})
		smallOrg(t, db)
		now := db.Now()

		// Bad input is refused, naming the field.
		bad := lostUSBReport(now)
		bad.OccurredAt = bad.DiscoveredAt.Add(time.Minute)
		if _, _, err := db.FileIncident(ctx, bad); !slices.Equal(incidentFields(err), []string{incidents.FieldOccurredAt}) {
			t.Fatalf("発生 after 判明: got %v", err)
		}

		in, notices, err := db.FileIncident(ctx, lostUSBReport(now))
		if err != nil {
			t.Fatalf("file: %v", err)
		}
		// 1002 is both the 課長 of 111 (情報管理者) and the 情報セキュリティ
		// 管理者: told once. 1001 heads the 局 (情報責任者); 1005 is the CISO.
		want := []string{"info_manager:1002", "info_officer:1001", "ciso:1005"}
		if got := noticeTo(notices); !slices.Equal(got, want) {
			t.Errorf("notices: got %v, want %v", got, want)
		}
		if owed := len(in.Owed()); owed != 3 {
			t.Errorf("owed: got %d items, want 3 (キ, ク, ケ)", owed)
		}
		recs, err := db.Records(ctx, store.RecordFilter{Entity: "incident", EntityID: "1"})
		if err != nil || len(recs) != 2 {
			t.Errorf("ledger: got %d records (%v), want the report and its notices", len(recs), err)
		}

		// Acknowledgement: only the person told (or their deputy).
		if _, err := db.AcknowledgeNotice(ctx, notices[0].ID, "1004"); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("acknowledged by someone else: %v", err)
		}
		if _, err := db.AcknowledgeNotice(ctx, notices[0].ID, "1002"); err != nil {
			t.Fatalf("acknowledge: %v", err)
		}
		board, err := db.IncidentBoard(ctx, now)
		if err != nil || len(board) != 1 || board[0].FirstAckAt.IsZero() || board[0].Unacknowledged != 2 {
			t.Fatalf("board: %+v, %v", board, err)
		}

		// Escalation: past due, each unacknowledged notice goes one step
		// up, once however often it runs.
		later := now.Add(5 * time.Hour)
		made, err := db.EscalateOverdue(ctx, later)
		if err != nil {
			t.Fatalf("escalate: %v", err)
		}
		// The 情報責任者's notice goes to the 情報セキュリティ管理者 (1002); the
		// CISO has nobody above.
		if got := noticeTo(made); !slices.Equal(got, []string{"security_manager:1002"}) {
			t.Errorf("escalated: got %v", got)
		}
		again, err := db.EscalateOverdue(ctx, later)
		if err != nil || len(again) != 0 {
			t.Errorf("escalating again made %v, %v", again, err)
		}

		// Correction keeps the earlier version.
		c := in
		c.Urgent, c.Response = true, "警察へ遺失届を提出"
		c2, err := db.CorrectIncident(ctx, c, "緊急性あり")
		if err != nil {
			t.Fatalf("correct: %v", err)
		}
		if _, err := db.CorrectIncident(ctx, c, "古い版から"); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("stale correction: %v", err)
		}
		hist, err := db.IncidentHistory(ctx, in.ID)
		if err != nil || len(hist) != 2 || hist[0].Incident.Response != "" || hist[1].Incident.Response == "" {
			t.Errorf("history: %+v, %v", hist, err)
		}

		// CSIRT: triage, CISO report, instruction, cause, measure, close.
		tr, err := db.TriageIncident(ctx, in.ID, c2.Version, incidents.Triage{IsIncident: true, Severity: incidents.SeverityHigh})
		if err != nil || tr.Status != incidents.StatusResponding {
			t.Fatalf("triage: %+v %v", tr.Status, err)
		}
		if tr, err = db.ReportIncidentToCISO(ctx, in.ID, tr.Version, ""); err != nil {
			t.Fatalf("report to CISO: %v", err)
		}
		ins, err := db.AddAction(ctx, incidents.Action{IncidentID: in.ID, Kind: incidents.ActionInstruction, Text: "立ち回り先を捜索する", Assignee: "1002"})
		if err != nil {
			t.Fatalf("instruction: %v", err)
		}
		if _, err := db.CloseIncident(ctx, in.ID, tr.Version); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("closed with work left: %v", err)
		}
		if _, err := db.AdvanceAction(ctx, ins.ID, ins.Version, incidents.StateDone, false, ""); err != nil {
			t.Fatalf("instruction done: %v", err)
		}
		if tr, err = db.RecordIncidentCause(ctx, in.ID, tr.Version, incidents.Finding{Cause: incidents.CauseCareless, Text: "持ち出し手順が守られていなかった"}); err != nil {
			t.Fatalf("cause: %v", err)
		}
		m, err := db.AddAction(ctx, incidents.Action{IncidentID: in.ID, Kind: incidents.ActionMeasure, Text: "暗号化 USB メモリ以外の持ち出しを禁止する"})
		if err != nil {
			t.Fatalf("measure: %v", err)
		}
		for _, to := range []incidents.ActionState{incidents.StateReported, incidents.StateInstructed} {
			if m, err = db.AdvanceAction(ctx, m.ID, m.Version, to, false, ""); err != nil {
				t.Fatalf("measure to %s: %v", to, err)
			}
		}
		if err := db.RecordOutsideReport(ctx, in.ID, incidents.BodyPPC, incidents.StageFlash, time.Time{}, "PPC-1"); err != nil {
			t.Errorf("outside report: %v", err)
		}
		if err := db.RecordOutsideReport(ctx, in.ID, incidents.BodyPolice, incidents.StageReport, time.Time{}, ""); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a report not owed was recorded: %v", err)
		}
		if tr, err = db.CloseIncident(ctx, in.ID, tr.Version); err != nil || tr.Status != incidents.StatusClosed {
			t.Fatalf("close: %v", err)
		}
		// 7.3.3オ: a done measure's effect is checked later.
		if m, err = db.AdvanceAction(ctx, m.ID, m.Version, incidents.StateDone, false, ""); err != nil {
			t.Fatalf("measure done: %v", err)
		}
		if due, err := db.MeasuresToCheck(ctx, now); err != nil || len(due) != 0 {
			t.Errorf("measures to check today: %v, %v", due, err)
		}
		if due, err := db.MeasuresToCheck(ctx, now.AddDate(0, 0, incidents.CheckAfterDays+1)); err != nil || len(due) != 1 {
			t.Errorf("measures to check in %d days: %v, %v", incidents.CheckAfterDays+1, due, err)
		}
		f, err := db.IncidentFile(ctx, in.ID)
		if err != nil {
			t.Fatalf("file: %v", err)
		}
		if _, ok := f.Made(incidents.Obligation{Body: incidents.BodyPPC, Stage: incidents.StageFlash}); !ok || len(f.Events) < 10 || len(f.Actions) != 2 {
			t.Errorf("incident file: %d events, %d actions, outside %v", len(f.Events), len(f.Actions), f.Outside)
		}
		if board, _ := db.IncidentBoard(ctx, now); len(board) != 0 {
			t.Errorf("a closed incident is on the board")
		}
		// Reports are never deleted.
		err = db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM incidents WHERE id = ?", in.ID)
			return err
		})
		if err == nil {
			t.Error("an incident was deleted")
		}
	})
}

func TestEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		in, _, err := db.FileIncident(ctx, lostUSBReport(db.Now()))
		if err != nil {
			t.Fatal(err)
		}
		data := []byte("遺失届の写し")
		e, err := db.AddEvidence(ctx, incidents.Evidence{IncidentID: in.ID, File: kijun.File{Name: "ishitsu.txt", ContentType: "text/plain"}}, data)
		if err != nil {
			t.Fatalf("add: %v", err)
		}
		if sum := sha256.Sum256(data); e.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("sha256: got %q, want the hash of the bytes", e.SHA256)
		}
		got, back, err := db.Evidence(ctx, e.ID)
		if err != nil || !bytes.Equal(back, data) || got.SHA256 != e.SHA256 {
			t.Errorf("read back: %v", err)
		}
		// The bytes cannot be changed.
		err = db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE incident_evidence SET data = ? WHERE id = ?", []byte("x"), e.ID)
			return err
		})
		if err == nil {
			t.Error("evidence was changed")
		}
		big := make([]byte, incidents.MaxEvidenceBytes+1)
		if _, err := db.AddEvidence(ctx, incidents.Evidence{IncidentID: in.ID, File: kijun.File{Name: "big.bin"}}, big); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("too large: %v", err)
		}
	})
}

func TestDrillAndStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		now := db.Now()
		if _, _, err := db.FileIncident(ctx, lostUSBReport(now)); err != nil {
			t.Fatal(err)
		}
		d := lostUSBReport(now)
		d.Drill, d.Kind = true, incidents.KindMalware
		drill, _, err := db.FileIncident(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := db.TriageIncident(ctx, drill.ID, 0, incidents.Triage{IsIncident: true, Severity: incidents.SeverityMedium})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordDebrief(ctx, drill.ID, tr.Version, "連絡網の電話番号が古かった"); err != nil {
			t.Fatalf("debrief: %v", err)
		}
		rows, err := db.IncidentStatRows(ctx, now.Add(-48*time.Hour), now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		s := incidents.Compute(rows)
		if s.Incidents != 1 || s.Drills != 1 || len(s.ByKind) != 1 || s.ByKind[0].Key != string(incidents.KindLoss) {
			t.Errorf("stats: %+v", s)
		}
	})
}

func TestFailuresContactsProcedures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		now := db.Now()
		if _, err := db.SaveFailure(ctx, incidents.Failure{System: "none", Unit: "112", ReportedBy: "1005", OccurredAt: now, Description: "x"}); !slices.Equal(incidentFields(err), []string{"system"}) {
			t.Errorf("unknown system: %v", err)
		}
		// 8.1.8: a failure recorded, then found to be an incident.
		if _, err := db.CreateSystem(ctx, registers.Console(), systems.System{ID: "zeimu", Name: "税務システム", Unit: "112", Zone: systems.ZoneLGWAN,
			Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		fr, err := db.SaveFailure(ctx, incidents.Failure{System: "zeimu", Unit: "112", ReportedBy: "1005", OccurredAt: now.Add(-time.Hour),
			Description: "税務システムに不審な管理者ログインの記録がある"})
		if err != nil {
			t.Fatal(err)
		}
		promoted, err := db.PromoteFailure(ctx, fr.ID, "1003", "112")
		if err != nil {
			t.Fatalf("promote: %v", err)
		}
		if promoted.FailureID != fr.ID || !slices.Equal(promoted.Systems, []string{"zeimu"}) {
			t.Errorf("promoted: %+v", promoted)
		}
		if _, err := db.PromoteFailure(ctx, fr.ID, "1003", "112"); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("promoted twice: %v", err)
		}
		if fs, err := db.Failures(ctx, now.Add(-24*time.Hour), now.Add(time.Hour), 10); err != nil || len(fs) != 1 || fs[0].IncidentID != promoted.ID {
			t.Errorf("failures: %+v %v", fs, err)
		}
		c, err := db.SaveContact(ctx, incidents.Contact{Order: 2, Name: "兵庫県警察 サイバー犯罪対策課", Unit: "兵庫県警察", Phone: "078-341-7441", Outside: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveContact(ctx, incidents.Contact{Order: 1, Name: "佐藤 花子", Unit: "情報政策課", Post: "課長", Phone: "078-000-0000", Mail: "sato@example.jp"}); err != nil {
			t.Fatal(err)
		}
		c.Phone = "078-341-7442"
		if _, err := db.SaveContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveContact(ctx, c); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("stale contact: %v", err)
		}
		cs, err := db.Contacts(ctx)
		if err != nil || len(cs) != 2 || cs[0].Order != 1 || cs[1].Phone != "078-341-7442" {
			t.Errorf("contacts: %+v %v", cs, err)
		}
		p, err := db.SaveProcedure(ctx, incidents.Procedure{Title: "インシデント対応手順書", Owner: "1001", Covers: []string{"ア", "イ", "ウ", "エ", "オ"},
			ReviewedOn: day("2025-04-01"), NextReview: day("2026-04-01")})
		if err != nil {
			t.Fatal(err)
		}
		ps, err := db.Procedures(ctx)
		if err != nil || len(ps) != 1 || ps[0].OwnerName != "山田 太郎" || len(ps[0].Missing()) != 0 || !ps[0].NextReview.Equal(p.NextReview) {
			t.Errorf("procedures: %+v %v", ps, err)
		}
	})
}

// 7.3.1イ: a report judged serious reaches the CISO at once: the CISO's
// notice, due later under 7.3.1オ, is brought forward.
func TestSeriousBringsTheCISOForward(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		in, ns, err := db.FileIncident(ctx, lostUSBReport(db.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.TriageIncident(ctx, in.ID, in.Version, incidents.Triage{IsIncident: true, Severity: incidents.SeverityCritical}); err != nil {
			t.Fatal(err)
		}
		f, err := db.IncidentFile(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Notices) != len(ns) {
			t.Errorf("got %d notices, want the %d already made: each person is told once", len(f.Notices), len(ns))
		}
		for _, n := range f.Notices {
			if n.Role == organisation.RoleCISO && n.DueAt.After(db.Now().Add(incidents.AckFirst)) {
				t.Errorf("the CISO's notice is due %v after a critical judgement", n.DueAt)
			}
		}
		if !slices.ContainsFunc(f.Events, func(e incidents.Event) bool { return strings.Contains(e.Text, "確認期限を早めました") }) {
			t.Error("the timeline does not say the CISO's notice was brought forward")
		}
	})
}

// An unacknowledged notice escalates to someone who is still to
// acknowledge one of their own: that notice is brought forward, not
// doubled.
func TestEscalationToSomeoneAlreadyTold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		in, ns, err := db.FileIncident(ctx, lostUSBReport(db.Now()))
		if err != nil {
			t.Fatal(err)
		}
		// Nobody acknowledges. 1002 (情報管理者 and 情報セキュリティ管理者)
		// is overdue after 30 minutes; above the 情報管理者 is the
		// 情報セキュリティ管理者, 1002 again, then the 統括責任者, who is not
		// appointed here ...
		at := db.Now().Add(45 * time.Minute)
		made, err := db.EscalateOverdue(ctx, at)
		if err != nil || len(made) != 0 {
			t.Fatalf("escalate: %v %v", noticeTo(made), err)
		}
		// ... and then the CISO (1005), whose own notice is brought forward.
		f, err := db.IncidentFile(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range f.Notices {
			if n.StaffNo == "1005" && n.DueAt.After(at.Add(incidents.EscalateWithin)) {
				t.Errorf("the CISO's notice is due %v, want it brought forward to %v", n.DueAt, at.Add(incidents.EscalateWithin))
			}
		}
		// After five hours the 情報責任者 (1001) escalates to the
		// 情報セキュリティ管理者 (1002), whose own notice has escalated already,
		// so 1002 gets a new notice; the CISO has nobody above.
		made, err = db.EscalateOverdue(ctx, db.Now().Add(5*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got := noticeTo(made); !slices.Equal(got, []string{"security_manager:1002"}) {
			t.Errorf("escalated: got %v", got)
		}
		f, err = db.IncidentFile(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Notices) != len(ns)+1 {
			t.Errorf("got %d notices, want %d", len(f.Notices), len(ns)+1)
		}
	})
}
