package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"kijun/internal/jobs"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// importRunner runs the work of uploaded imports (their checks and
// writes) on goroutines of their own, so that the request that starts one
// answers at once, and keeps the progress of those running for the
// status page. What a page shows after a reload, or from another server,
// is the progress noted in the store every second.
type importRunner struct {
	mu   sync.Mutex
	live map[string]*store.ImportProgress
	wg   sync.WaitGroup
}

// noteEvery is how often running work notes its progress in the store.
const noteEvery = time.Second

// maxShownErrors is how many row errors an upload's page lists.
const maxShownErrors = 200

// importResult is the outcome of an upload's work, kept with it as JSON.
type importResult struct {
	Plan    *store.ImportPlan `json:"plan,omitempty"`
	Summary string            `json:"summary,omitempty"`
	Error   string            `json:"error,omitempty"`
	Errors  []kijun.RowError  `json:"errors,omitempty"`
	// Detail lists an organisation import's changes.
	Detail *importDetail `json:"detail,omitempty"`
	// More is how many row errors there were past those listed.
	More int `json:"more,omitempty"`
}

// progress returns the running work's counts of id, when it runs here.
func (ir *importRunner) progress(id string) *store.ImportProgress {
	ir.mu.Lock()
	defer ir.mu.Unlock()
	return ir.live[id]
}

// wait returns once no work runs: for tests, and for a server that stops.
func (ir *importRunner) wait() { ir.wg.Wait() }

// start has the check of u (or, confirm, the check again and the write)
// done for the person of r: as a job of the queue when the server has
// one (Config.Jobs), which asks again who the person is and what they
// may write when it runs; otherwise on a goroutine of this process, with
// the gate ed they have now.
func (ir *importRunner) start(s *Server, r *http.Request, u store.Upload, si sheetImport, ed *registers.Editor, confirm bool) error {
	if s.jobs != nil {
		_, err := s.jobs.InsertNow(r.Context(), ImportArgs{Upload: u.ID, Confirm: confirm}, &jobs.InsertOpts{MaxAttempts: 3})
		return err
	}
	ctx := kijun.WithActor(context.WithoutCancel(r.Context()), currentOf(r).Principal.Actor())
	ir.wg.Add(1)
	go func() {
		defer ir.wg.Done()
		ir.run(s, ctx, u, si, ed, confirm)
	}()
	return nil
}

// run does the work of u, keeping its progress where this process's
// status pages read it.
func (ir *importRunner) run(s *Server, ctx context.Context, u store.Upload, si sheetImport, ed *registers.Editor, confirm bool) {
	prog := &store.ImportProgress{}
	ir.mu.Lock()
	if ir.live == nil {
		ir.live = map[string]*store.ImportProgress{}
	}
	ir.live[u.ID] = prog
	ir.mu.Unlock()
	defer func() {
		ir.mu.Lock()
		delete(ir.live, u.ID)
		ir.mu.Unlock()
	}()
	s.workImport(ctx, u, si, ed, confirm, prog)
}

// ImportArgs is the job that does an uploaded register file's work: its
// check, or once confirmed its write.
type ImportArgs struct {
	Upload  string `json:"upload"`
	Confirm bool   `json:"confirm"`
}

// Kind names the job.
func (ImportArgs) Kind() string { return "register.import" }

// InsertOpts puts an import in the queue of work a person waits for, so
// that no backlog of mails holds it up.
func (ImportArgs) InsertOpts() jobs.InsertOpts { return jobs.InsertOpts{Queue: jobs.QueueWaited} }

// ImportJobs works the import jobs of a server made after the job queue
// was opened: register Work with the queue, then Bind the server.
type ImportJobs struct {
	mu  sync.Mutex
	srv *Server
}

// Bind makes s the server whose imports j works.
func (j *ImportJobs) Bind(s *Server) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.srv = s
}

// Work does an import job: the upload's owner is found again, with what
// they may write now (8.2.1ア: each row's 課 before and after), and the
// work is done in their name. An upload whose work has ended, or that is
// gone, leaves nothing to do.
func (j *ImportJobs) Work(ctx context.Context, a ImportArgs) error {
	j.mu.Lock()
	s := j.srv
	j.mu.Unlock()
	if s == nil {
		return errors.New("import job: the server is not ready")
	}
	u, err := s.db.Upload(ctx, a.Upload)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if u.State != store.UploadChecking && u.State != store.UploadWriting {
		return nil
	}
	fail := func(msg string) error {
		body, _ := json.Marshal(importResult{Error: msg})
		return s.db.NoteUpload(ctx, u.ID, 0, 0, 0, store.UploadFailed, string(body))
	}
	if u.State == store.UploadWriting {
		// A write that stopped past its commit point (a restart) is
		// written to the end from its claims, not checked again.
		written, found, err := s.db.ResumeImport(ctx, u.ID)
		if err != nil {
			return err
		}
		if found {
			body, _ := json.Marshal(importResult{Summary: fmt.Sprintf("取込みを再開して書き終えました（再開後に %d 件）", written)})
			return s.db.NoteUpload(ctx, u.ID, u.Read, u.Checked, u.Written+int64(written), store.UploadDone, string(body))
		}
	}
	si, ok := s.sheetImportOf(u.Register)
	if !ok {
		return fail("取込み先 " + u.Register + " はありません")
	}
	p, err := s.access.PrincipalOf(ctx, u.Owner)
	if err != nil {
		return fail("取り込む人の権限を確かめられません: " + kijun.ErrorMessage(err))
	}
	if !mayImportCity(si, p) {
		return fail("このファイルを取り込めるのは情報セキュリティ管理者（CISO の事務局）だけです")
	}
	ed, err := registers.EditorOf(ctx, s.db, p)
	if err != nil {
		return err
	}
	ctx = withImporter(ctx, p)
	s.imports.run(s, kijun.WithActor(ctx, p.Actor()), u, si, ed, a.Confirm)
	return nil
}

// workImport reads the upload's file and checks it, or imports it when
// confirm, all or nothing, noting its progress as it goes and its
// outcome at the end.
func (s *Server) workImport(ctx context.Context, u store.Upload, si sheetImport, ed *registers.Editor, confirm bool, prog *store.ImportProgress) {
	stop := make(chan struct{})
	noted := make(chan struct{})
	go func() {
		defer close(noted)
		t := time.NewTicker(noteEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				// A note waits for the import's own write, if it is
				// writing: it is a save like any other.
				if err := s.db.NoteUpload(ctx, u.ID, prog.Read.Load(), prog.Checked.Load(), prog.Written.Load(), "", ""); err != nil {
					s.log.Error("note import progress", "upload", u.ID, "err", err)
				}
			}
		}
	}()
	var res importResult
	state := store.UploadChecked
	plan, err := func() (*store.ImportPlan, error) {
		data, err := s.db.UploadData(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if si.trained != nil {
			return s.runTrained(ctx, si, u, data, !confirm)
		}
		if si.detailed != nil {
			plan, detail, err := si.detailed(ctx, u.Filename, data, !confirm)
			res.Detail = detail
			return plan, err
		}
		// The upload names the staged write, so that a job run again
		// after a restart finds it (ResumeImport).
		return si.run(store.WithImportID(store.WithImportProgress(ctx, prog), u.ID), ed, u.Filename, data, !confirm)
	}()
	close(stop)
	<-noted
	var ie *kijun.ImportError
	switch {
	case errors.As(err, &ie):
		// The rows are listed once, in the table; the headline counts them.
		state, res.Errors = store.UploadFailed, ie.Errors
		res.Error = fmt.Sprintf("%s の %d 箇所に誤りがあるため、何も取り込んでいません", ie.What, len(ie.Errors))
		if len(res.Errors) > maxShownErrors {
			res.More, res.Errors = len(res.Errors)-maxShownErrors, res.Errors[:maxShownErrors]
		}
	case err != nil && kijun.ErrorCode(err) != kijun.EINTERNAL:
		state, res.Error = store.UploadFailed, kijun.ErrorMessage(err)
	case err != nil:
		s.log.Error("import", "upload", u.ID, "register", u.Register, "err", err)
		state, res.Error = store.UploadFailed, "取込み中にサーバで問題が起きました。何も取り込んでいません。もう一度お試しください"
	default:
		res.Plan, res.Summary = plan, plan.Describe()
		if confirm {
			state = store.UploadDone
		}
		if n := int64(len(plan.Added) + len(plan.Changed) + plan.Unchanged); prog.Checked.Load() == 0 {
			// A register whose import counts nothing as it goes.
			prog.Read.Store(n)
			prog.Checked.Store(n)
			if confirm {
				prog.Written.Store(int64(len(plan.Added) + len(plan.Changed)))
			}
		}
	}
	if state == store.UploadDone && len(plan.Added)+len(plan.Changed) > 0 {
		// An import may touch any record: check the whole city again,
		// before the page says done, so that what it links to is
		// current (for the HR file: who has left, 8.2.1イ(3); which roles
		// stand empty, 3.1).
		if _, err := s.monitor.Run(ctx, s.db.Now()); err != nil {
			s.log.Error("check the city after an import", "register", u.Register, "err", err)
		}
	}
	body, _ := json.Marshal(res)
	if err := s.db.NoteUpload(ctx, u.ID, prog.Read.Load(), prog.Checked.Load(), prog.Written.Load(), state, string(body)); err != nil {
		s.log.Error("note import outcome", "upload", u.ID, "err", err)
	}
}

// sheetImports are the registers imported through an upload, by the
// address of their import page.
func (s *Server) sheetImports() map[string]sheetImport {
	m := map[string]sheetImport{}
	for _, si := range []sheetImport{s.assetImport(), s.contractorImport(), s.systemImport(),
		s.networkImport("segments", false), s.networkImport("connections", true),
		s.devices.importer(s), s.media.importer(s), s.areas.importer(s), s.hrImport(), s.reorgImport(),
		s.attendanceImport(), s.drillImport()} {
		m[si.action] = si
	}
	return m
}

// uploadOwner names the person an upload belongs to.
func uploadOwner(r *http.Request) string {
	p := currentOf(r).Principal
	if p.AccountID != "" {
		return p.AccountID
	}
	return "staff:" + p.StaffNo
}

// ownUpload loads the upload the path names, when it is the person's own;
// another's is not found, as one that does not exist.
func (s *Server) ownUpload(r *http.Request) (store.Upload, error) {
	u, err := s.db.Upload(r.Context(), r.PathValue("id"))
	if err != nil {
		return u, err
	}
	if u.Owner != uploadOwner(r) {
		return store.Upload{}, kijun.Errorf(kijun.ENOTFOUND, "取込みファイル %s はありません", r.PathValue("id"))
	}
	if p := s.imports.progress(u.ID); p != nil {
		u.Read, u.Checked, u.Written = p.Read.Load(), p.Checked.Load(), p.Written.Load()
	}
	return u, nil
}

// importStatus is an upload's state as the status page and its JSON show
// it.
type importStatus struct {
	ID       string `json:"id"`
	State    string `json:"state"`
	Phase    string `json:"phase"` // the state in words
	Finished bool   `json:"finished"`
	Filename string `json:"filename"`
	Size     int    `json:"size"`
	Read     int    `json:"rows_read"`
	Checked  int    `json:"rows_checked"`
	Written  int    `json:"rows_written"`
	Confirm  bool   `json:"confirmed"`
	importResult
	Action   string `json:"-"`
	Template string `json:"-"`
}

func (s *Server) statusOf(p *page, u store.Upload) importStatus {
	st := importStatus{ID: u.ID, State: u.State, Phase: p.T("import.state." + u.State), Finished: u.Finished(), Filename: u.Filename, Size: int(u.Size),
		Read: int(u.Read), Checked: int(u.Checked), Written: int(u.Written), Confirm: u.Confirmed, Action: u.Register}
	if si, ok := s.sheetImportOf(u.Register); ok {
		st.Template = si.template
	}
	if u.Result != "" {
		json.Unmarshal([]byte(u.Result), &st.importResult)
	}
	return st
}

// handleImportStatusPage shows an upload's work: its progress while it
// runs (the page's script asks the JSON status every second and a reload
// shows the same), then the plan and the confirmation, the rows in error,
// or what was written.
func (s *Server) handleImportStatusPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.ownUpload(r)
	if err != nil {
		return err
	}
	title := "import.status.title"
	if si, ok := s.sheetImportOf(u.Register); ok {
		title = si.titleKey
	}
	p := s.newPage(w, r, title, nil)
	st := s.statusOf(p, u)
	p.Data = st
	status := http.StatusOK
	if u.State == store.UploadFailed {
		status = http.StatusBadRequest
	}
	return s.render(w, r, status, "import_status", p)
}

// handleImportStatus answers an upload's state as JSON, for the status
// page's script.
func (s *Server) handleImportStatus(w http.ResponseWriter, r *http.Request) error {
	u, err := s.ownUpload(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, s.statusOf(s.newPage(w, r, "", nil), u))
	return nil
}

// handleImportConfirm starts the write of a checked upload: every row is
// checked again, for the person as they are now, and then written, all
// or nothing. Confirming twice starts one write.
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.ownUpload(r)
	if err != nil {
		return err
	}
	si, ok := s.sheetImportOf(u.Register)
	if !ok {
		return kijun.Errorf(kijun.ENOTFOUND, "取込み先 %s はありません", u.Register)
	}
	if !mayImportCity(si, currentOf(r).Principal) {
		return kijun.Errorf(kijun.EFORBIDDEN, "このファイルを取り込めるのは情報セキュリティ管理者（CISO の事務局）だけです")
	}
	if si.action == "/networks/segments/import" || si.action == "/networks/connections/import" {
		if !mayEditNetwork(r) {
			return errNetworkKeepers
		}
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	moved, err := s.db.MoveUpload(r.Context(), u.ID, store.UploadChecked, store.UploadWriting, true)
	if err != nil {
		return err
	}
	if moved {
		u.State = store.UploadWriting
		if err := s.imports.start(s, r, u, si, ed, true); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/imports/"+u.ID, http.StatusSeeOther)
	return nil
}
