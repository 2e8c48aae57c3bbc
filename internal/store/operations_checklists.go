package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/operations"
)

// checklistProvisions are what the checklist records cite.
var checklistProvisions = []string{"8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.1.6"}

// Checklists returns the checklists of 8.3.1 to 8.3.5 with their items
// read from the standard Kijun ships with. Callers must not change the
// items.
func Checklists() ([]operations.ChecklistSpec, error) {
	specs, err := embeddedChecklists()
	return slices.Clone(specs), err
}

// embeddedChecklists reads the embedded catalog once: parsing it costs
// some 30 ms, too much for every system page, and it is constant for the
// life of the binary (BenchmarkChecklists).
var embeddedChecklists = sync.OnceValues(func() ([]operations.ChecklistSpec, error) {
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	return operations.Checklists(cat)
})

// StageRecord is where a system is in its life and since when.
type StageRecord struct {
	System  string           `json:"system"`
	Stage   operations.Stage `json:"stage"`
	MovedAt time.Time        `json:"moved_at"`
	MovedBy string           `json:"moved_by"`
	Version int              `json:"version"`
}

// SystemStage returns a system's stage; a system never moved in Kijun has
// the empty stage and version 0.
func (db *DB) SystemStage(ctx context.Context, id string) (StageRecord, error) {
	var st StageRecord
	err := db.View(ctx, func(tx *Tx) (err error) {
		if _, err := tx.systemUnit(ctx, id); err != nil {
			return err
		}
		st, err = tx.systemStage(ctx, id)
		return err
	})
	return st, err
}

func (tx *Tx) systemStage(ctx context.Context, id string) (StageRecord, error) {
	st := StageRecord{System: id}
	var stage, at string
	err := tx.QueryRowContext(ctx, "SELECT stage, moved_at, moved_by, version FROM system_stages WHERE system_id = ?", id).Scan(&stage, &at, &st.MovedBy, &st.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read stage of system %s: %w", id, err)
	}
	st.Stage, st.MovedAt = operations.Stage(stage), parseStoredTime(at)
	return st, nil
}

// MoveSystemStage moves a system to stage to (8.3) for g, at the version
// read, with its ledger record. Moving to 稼働 with obligatory items open
// is not refused: the continuous check finds it, citing the clause. An
// abolished system (8.3.1ウ) moves no more: its record is the report the
// clause asks for.
func (db *DB) MoveSystemStage(ctx context.Context, g OpsGate, id string, to operations.Stage, version int) (StageRecord, error) {
	if _, ok := operations.ParseStage(string(to)); !ok {
		return StageRecord{}, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: operations.FieldStage, Message: fmt.Sprintf("段階 %q はありません（procure, develop, introduce, operate, abolish）", to)}}}).AsError()
	}
	var st StageRecord
	err := db.Update(ctx, func(tx *Tx) (err error) {
		if err := tx.gateSystem(ctx, g, id); err != nil {
			return err
		}
		if st, err = tx.systemStage(ctx, id); err != nil {
			return err
		}
		if st.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "情報システム %s の段階は他の人が変更しました（版 %d → %d）。読み込み直してください", id, version, st.Version)
		}
		if st.Stage == to {
			return kijun.Errorf(kijun.EINVALID, "情報システム %s はすでに%sの段階です", id, to.Label())
		}
		if st.Stage == operations.StageAbolish {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: operations.FieldStage, Message: fmt.Sprintf("情報システム %s は廃止済みです。段階は変えられません（8.3.1ウ）", id)}}}).AsError()
		}
		st.Stage, st.MovedAt, st.MovedBy, st.Version = to, db.Now(), kijun.ActorFrom(ctx).ID, st.Version+1
		if _, err := tx.ExecContext(ctx, `INSERT INTO system_stages (system_id, stage, moved_at, moved_by, version) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (system_id) DO UPDATE SET stage = excluded.stage, moved_at = excluded.moved_at, moved_by = excluded.moved_by, version = excluded.version`,
			id, string(st.Stage), storedTime(st.MovedAt), st.MovedBy, st.Version); err != nil {
			return fmt.Errorf("move system %s to %s: %w", id, to, err)
		}
		provisions := []string{"8.3"}
		if to == operations.StageAbolish {
			provisions = append(provisions, "8.3.1")
		}
		_, err = tx.Record(ctx, Change{Action: "system.stage", Entity: "system_stage", EntityID: id, State: st, Provisions: provisions})
		return err
	})
	return st, err
}

// EvidenceUpload is a file sent with an answer.
type EvidenceUpload struct {
	Name, ContentType string
	Data              []byte
}

// AnswerChecklistItem answers one item of a system's checklist for g,
// keeping the evidence file sent with it (if any) with its SHA-256, and
// writes both with their ledger records in one transaction. A met item
// needs evidence (sent now or kept before); an obligatory item cannot be
// not applicable.
func (db *DB) AnswerChecklistItem(ctx context.Context, g OpsGate, a operations.Answer, file *EvidenceUpload) (operations.Answer, error) {
	specs, err := Checklists()
	if err != nil {
		return a, err
	}
	spec, ok := operations.FindChecklist(specs, a.List)
	if !ok {
		return a, kijun.Errorf(kijun.ENOTFOUND, "チェックリスト %q はありません", a.List)
	}
	item, ok := spec.Item(a.Provision)
	if !ok {
		return a, kijun.Errorf(kijun.ENOTFOUND, "チェックリスト「%s」に項目 %s はありません", spec.Title, a.Provision)
	}
	a.Note = strings.TrimSpace(a.Note)
	var e operations.EvidenceFile
	if file != nil {
		if int64(len(file.Data)) > operations.MaxEvidenceBytes {
			return a, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: operations.FieldEvidence, Message: fmt.Sprintf("証拠のファイルが大きすぎます。%d MB までです", operations.MaxEvidenceBytes>>20)}}}).AsError()
		}
		e = operations.EvidenceFile{System: a.System, List: a.List, Provision: a.Provision, Name: strings.TrimSpace(file.Name), ContentType: file.ContentType, Size: int64(len(file.Data))}
		var fe kijun.FieldErrors
		fe.Text(operations.FieldEvidence, "ファイル名", e.Name, 255, false)
		if len(file.Data) == 0 {
			fe.Add(operations.FieldEvidence, "証拠のファイル %s は空です", e.Name)
		}
		if err := fe.AsError(); err != nil {
			return a, err
		}
		if e.ContentType == "" {
			e.ContentType = "application/octet-stream"
		}
		sum := sha256.Sum256(file.Data)
		e.SHA256 = hex.EncodeToString(sum[:])
	}
	// The records cite the checklist's own clause.
	cites := []string{spec.Clause}
	err = db.Update(ctx, func(tx *Tx) error {
		if err := tx.gateSystem(ctx, g, a.System); err != nil {
			return err
		}
		var kept int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM checklist_evidence WHERE system_id = ? AND checklist = ? AND provision = ?",
			a.System, string(a.List), a.Provision).Scan(&kept); err != nil {
			return fmt.Errorf("count evidence of %s: %w", a.Provision, err)
		}
		if file != nil {
			kept++
		}
		if fe := a.Check(item, kept); len(fe) > 0 {
			return (&kijun.FieldErrors{Fields: fe}).AsError()
		}
		now, who := db.Now(), kijun.ActorFrom(ctx).ID
		if file != nil {
			e.UploadedBy, e.UploadedAt = who, now
			id, err := tx.insertReturningID(ctx, `INSERT INTO checklist_evidence (system_id, checklist, provision, name, content_type, size, sha256, uploaded_by, uploaded_at, data)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.System, string(e.List), e.Provision, e.Name, e.ContentType, e.Size, e.SHA256, who, storedTime(now), file.Data)
			if err != nil {
				return fmt.Errorf("keep evidence of %s: %w", a.Provision, err)
			}
			e.ID = id
			if _, err := tx.Record(ctx, Change{Action: "checklist.evidence", Entity: "checklist_evidence", EntityID: fmt.Sprint(id), State: e, Provisions: cites}); err != nil {
				return err
			}
		}
		a.By, a.At = who, now
		if _, err := tx.ExecContext(ctx, `INSERT INTO checklist_answers (system_id, checklist, provision, verdict, note, answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (system_id, checklist, provision) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, answered_by = excluded.answered_by, answered_at = excluded.answered_at`,
			a.System, string(a.List), a.Provision, string(a.Verdict), a.Note, who, storedTime(now)); err != nil {
			return fmt.Errorf("answer %s of system %s: %w", a.Provision, a.System, err)
		}
		_, err := tx.Record(ctx, Change{Action: "checklist.answer", Entity: "checklist_answer", EntityID: a.System + "/" + a.Provision, State: a, Provisions: cites})
		return err
	})
	return a, err
}

// ChecklistState is what a system has answered of its checklists.
type ChecklistState struct {
	// Answers by checklist, then provision.
	Answers map[operations.ChecklistKind]map[string]operations.Answer
	// Evidence by checklist, then provision, oldest first.
	Evidence map[operations.ChecklistKind]map[string][]operations.EvidenceFile
}

// SystemChecklists returns a system's answers and evidence files.
func (db *DB) SystemChecklists(ctx context.Context, id string) (ChecklistState, error) {
	st := ChecklistState{Answers: map[operations.ChecklistKind]map[string]operations.Answer{}, Evidence: map[operations.ChecklistKind]map[string][]operations.EvidenceFile{}}
	err := db.View(ctx, func(tx *Tx) error {
		err := tx.each(ctx, "SELECT checklist, provision, verdict, note, answered_by, answered_at FROM checklist_answers WHERE system_id = ?", []any{id}, func(sc scanner) error {
			a := operations.Answer{System: id}
			var list, verdict, at string
			if err := sc.Scan(&list, &a.Provision, &verdict, &a.Note, &a.By, &at); err != nil {
				return err
			}
			a.List, a.Verdict, a.At = operations.ChecklistKind(list), operations.Verdict(verdict), parseStoredTime(at)
			if st.Answers[a.List] == nil {
				st.Answers[a.List] = map[string]operations.Answer{}
			}
			st.Answers[a.List][a.Provision] = a
			return nil
		})
		if err != nil {
			return fmt.Errorf("read checklist answers of system %s: %w", id, err)
		}
		err = tx.each(ctx, "SELECT "+checklistEvidenceColumns+" FROM checklist_evidence WHERE system_id = ? ORDER BY id", []any{id}, func(sc scanner) error {
			e, err := scanChecklistEvidence(sc)
			if err != nil {
				return err
			}
			if st.Evidence[e.List] == nil {
				st.Evidence[e.List] = map[string][]operations.EvidenceFile{}
			}
			st.Evidence[e.List][e.Provision] = append(st.Evidence[e.List][e.Provision], e)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read checklist evidence of system %s: %w", id, err)
		}
		return nil
	})
	return st, err
}

const checklistEvidenceColumns = "id, system_id, checklist, provision, name, content_type, size, sha256, uploaded_by, uploaded_at"

func scanChecklistEvidence(sc scanner, extra ...any) (operations.EvidenceFile, error) {
	var e operations.EvidenceFile
	var list, at string
	err := sc.Scan(append([]any{&e.ID, &e.System, &list, &e.Provision, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &e.UploadedBy, &at}, extra...)...)
	e.List, e.UploadedAt = operations.ChecklistKind(list), parseStoredTime(at)
	return e, err
}

// ChecklistEvidenceFile returns one evidence file of a system and its
// bytes, after checking they still have the hash taken when kept. The
// documents of 8.3.4 are read only by those who need them (8.1.6): the
// system's 課, its 業務システム管理者 and the city office.
func (db *DB) ChecklistEvidenceFile(ctx context.Context, g OpsGate, system string, id int64) (operations.EvidenceFile, []byte, error) {
	var e operations.EvidenceFile
	var data []byte
	err := db.View(ctx, func(tx *Tx) (err error) {
		unit, err := tx.systemUnit(ctx, system)
		if err != nil {
			return err
		}
		if !operates(g, system, unit) {
			return kijun.Errorf(kijun.EFORBIDDEN, "情報システム %s の資料を閲覧できるのは、所管課・業務システム管理者・情報基盤管理者だけです（8.1.6）", system)
		}
		e, err = scanChecklistEvidence(tx.QueryRowContext(ctx, "SELECT "+checklistEvidenceColumns+", data FROM checklist_evidence WHERE id = ? AND system_id = ?", id, system), &data)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はこの情報システムにありません", id)
		}
		return err
	})
	if err != nil {
		return e, nil, err
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
		return e, nil, kijun.Errorf(kijun.EINTERNAL, "証拠 %d（%s）のハッシュが保存時と一致しません（保存時 %s、現在 %s）", id, e.Name, e.SHA256, got)
	}
	return e, data, nil
}

// systemStages reads the stage of every system that has moved (8.3), for
// the facts: those in 稼働 have their checklists judged, the abolished
// are judged no more (8.3.1ウ).
func (tx *Tx) systemStages(ctx context.Context) (map[string]operations.Stage, error) {
	out := map[string]operations.Stage{}
	err := tx.each(ctx, "SELECT system_id, stage FROM system_stages", nil, func(sc scanner) error {
		var id, stage string
		err := sc.Scan(&id, &stage)
		out[id] = operations.Stage(stage)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the systems' stages: %w", err)
	}
	return out, nil
}

// checklistFacts reads, per system in 稼働 by stages, how many obligatory
// items of each checklist stand unmet (8.3.1 to 8.3.5).
func (tx *Tx) checklistFacts(ctx context.Context, stages map[string]operations.Stage) (map[string]map[operations.ChecklistKind]int, error) {
	running := map[string]map[operations.ChecklistKind]map[string]operations.Verdict{}
	for id, st := range stages {
		if st == operations.StageOperate {
			running[id] = map[operations.ChecklistKind]map[string]operations.Verdict{}
		}
	}
	if len(running) == 0 {
		return nil, nil
	}
	specs, err := Checklists()
	if err != nil {
		return nil, err
	}
	err = tx.each(ctx, `SELECT a.system_id, a.checklist, a.provision, a.verdict FROM checklist_answers a JOIN system_stages s ON s.system_id = a.system_id
		WHERE s.stage = ?`, []any{string(operations.StageOperate)}, func(sc scanner) error {
		var id, list, prov, verdict string
		if err := sc.Scan(&id, &list, &prov, &verdict); err != nil {
			return err
		}
		k := operations.ChecklistKind(list)
		if running[id][k] == nil {
			running[id][k] = map[string]operations.Verdict{}
		}
		running[id][k][prov] = operations.Verdict(verdict)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read checklist answers: %w", err)
	}
	out := map[string]map[operations.ChecklistKind]int{}
	for id, answers := range running {
		out[id] = map[operations.ChecklistKind]int{}
		for _, s := range specs {
			out[id][s.Kind] = len(s.OpenObligatory(answers[s.Kind]))
		}
	}
	return out, nil
}
