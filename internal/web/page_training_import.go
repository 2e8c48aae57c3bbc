package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"kijun/internal/access"
	"kijun/internal/attendance"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/training"
)

// The registers of the two training files imported through an upload
// (7.2.2オ, 7.2.4): an e-learning system's attendance export and a
// 標的型攻撃メール訓練's results. A drill's upload names its course and
// follow-up course in its register's query, so that its check, its
// confirmation and a job run again after a restart all import it for the
// same course.
const (
	attendanceImportAction = "/training/attendance/import"
	drillImportAction      = "/training/drills/import"
)

// importerKey carries the person an import job works for, found again
// when the job runs (ImportJobs.Work).
type importerKey struct{}

// withImporter names p as the person whose import ctx does.
func withImporter(ctx context.Context, p *access.Principal) context.Context {
	return context.WithValue(ctx, importerKey{}, p)
}

// importerOf returns the person whose import ctx does: the one a job
// named, or the signed-in person of the request the work started from.
func importerOf(ctx context.Context) *access.Principal {
	if p, ok := ctx.Value(importerKey{}).(*access.Principal); ok {
		return p
	}
	if c, ok := ctx.Value(currentKey{}).(*access.Current); ok && c != nil {
		return c.Principal
	}
	return nil
}

// sheetImportOf returns the upload-imported register of a stored
// upload's register address, whose query (a drill's course) is not part
// of its name.
func (s *Server) sheetImportOf(register string) (sheetImport, bool) {
	name, _, _ := strings.Cut(register, "?")
	si, ok := s.sheetImports()[name]
	return si, ok
}

// attendanceImport imports an e-learning system's attendance export: the
// person's gate is the training service's, asked again of every row when
// the work runs, so a 情報管理者's file with a row of another 課 is
// refused whole, that row named (7.2.2オ).
func (s *Server) attendanceImport() sheetImport {
	return sheetImport{titleKey: "trainimport.attendance.title", action: attendanceImportAction, template: "/training/attendance/template.xlsx", maxSize: training.MaxSize,
		trained: func(ctx context.Context, t *attendance.Trainer, u store.Upload, data []byte, dryRun bool) (*store.ImportPlan, error) {
			as, err := attendance.Import(ctx, s.db, t, u.Filename, data, dryRun)
			if err != nil {
				return nil, err
			}
			plan := &store.ImportPlan{DryRun: dryRun, Added: make([]string, len(as))}
			for i, a := range as {
				plan.Added[i] = training.Key(a.CourseID, a.StaffNo)
			}
			return plan, nil
		}}
}

// drillImport imports a drill's results for the course its upload names
// (7.2.4): each person sent the mail took part, each who clicked owes the
// follow-up course.
func (s *Server) drillImport() sheetImport {
	return sheetImport{titleKey: "trainimport.drill.title", action: drillImportAction, maxSize: training.MaxSize,
		trained: func(ctx context.Context, t *attendance.Trainer, u store.Upload, data []byte, dryRun bool) (*store.ImportPlan, error) {
			_, query, _ := strings.Cut(u.Register, "?")
			q, _ := url.ParseQuery(query)
			got, err := attendance.ImportDrill(ctx, s.db, t, q.Get("course"), q.Get("follow"), u.Filename, data, dryRun)
			if err != nil {
				return nil, err
			}
			plan := &store.ImportPlan{DryRun: dryRun, Added: make([]string, len(got.Results))}
			for i, r := range got.Results {
				plan.Added[i] = training.Key(q.Get("course"), r.StaffNo)
			}
			return plan, nil
		}}
}

// runTrained does a training upload's work for the person ctx names, with
// the gate they have as it runs.
func (s *Server) runTrained(ctx context.Context, si sheetImport, u store.Upload, data []byte, dryRun bool) (*store.ImportPlan, error) {
	t, err := attendance.TrainerOf(ctx, s.db, importerOf(ctx))
	if err != nil {
		return nil, err
	}
	if !t.RecordsAny() {
		return nil, errTrainingImporters
	}
	return si.trained(ctx, t, u, data, dryRun)
}

var errTrainingImporters = kijun.Errorf(kijun.EFORBIDDEN, "研修の受講記録と訓練結果を取り込めるのは、課の情報管理者（その課の職員の分）と CISO の事務局です（7.2.2オ）")

// ruleTrainer: who records the training of some 課 (7.2.2オ): the
// 情報管理者 of a 課 (or their deputy, or the 情報責任者 above), the
// CISO's office and administrators. Which rows each may import is the
// training service's to say, row by row.
var ruleTrainer = rule{name: "trainer", allow: func(s *Server, r *http.Request, p *access.Principal) (bool, error) {
	t, err := attendance.TrainerOf(r.Context(), s.db, p)
	return err == nil && t.RecordsAny(), err
}}

// trainingImportData is the form of a training file's upload.
type trainingImportData struct {
	importData
	Drill bool
	// Drills and FollowUps are the courses a drill's results may be for,
	// and those its clickers may be assigned.
	Drills, FollowUps []training.Course
	Course, Follow    string
}

func (s *Server) trainingImportForm(si sheetImport, drill bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d := &trainingImportData{importData: importData{Action: si.action, Template: si.template}, Drill: drill,
			Course: r.URL.Query().Get("course"), Follow: r.URL.Query().Get("follow")}
		return s.renderTrainingImport(w, r, http.StatusOK, si, d)
	}
}

func (s *Server) renderTrainingImport(w http.ResponseWriter, r *http.Request, status int, si sheetImport, d *trainingImportData) error {
	t, err := s.trainer(r)
	if err != nil {
		return err
	}
	if !t.RecordsAny() {
		return errTrainingImporters
	}
	if d.Drill {
		cs, err := s.db.Courses(r.Context(), 0)
		if err != nil {
			return err
		}
		for _, c := range cs {
			switch {
			case c.Mode == training.ModePhishing:
				d.Drills = append(d.Drills, c)
			case slices.Contains(c.Audience, training.AudienceAssigned):
				d.FollowUps = append(d.FollowUps, c)
			}
		}
	}
	return s.render(w, r, status, "training_import", s.newPage(w, r, si.titleKey, d))
}

// trainingImportFile keeps an uploaded training file on the server and
// starts its check, as importFile does for a register; the person is sent
// to the upload's page, whose confirmation writes it all or nothing.
func (s *Server) trainingImportFile(si sheetImport, drill bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d := &trainingImportData{importData: importData{Action: si.action, Template: si.template}, Drill: drill}
		fail := func(msg string) error {
			d.Error = msg
			return s.renderTrainingImport(w, r, http.StatusBadRequest, si, d)
		}
		t, err := s.trainer(r)
		if err != nil {
			return err
		}
		if !t.RecordsAny() {
			return errTrainingImporters
		}
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return fail("ファイルを受け取れませんでした（大きすぎるか、送信が途中で切れました）")
		}
		register := si.action
		if drill {
			d.Course, d.Follow = r.FormValue("course"), r.FormValue("follow")
			if d.Course == "" {
				return fail("訓練（研修コード）を選んでください")
			}
			q := url.Values{"course": {d.Course}}
			if d.Follow != "" {
				q.Set("follow", d.Follow)
			}
			register += "?" + q.Encode()
		}
		return s.spoolFile(w, r, si, register, fail)
	}
}

// handleAttendanceTemplate sends an empty attendance file with its
// headings, for an e-learning system's export to be fitted to.
func (s *Server) handleAttendanceTemplate(w http.ResponseWriter, r *http.Request) error {
	return download(w, "受講記録", "xlsx", training.WriteTemplate)
}
