package web

import (
	"io"
	"kijun/internal/compliance"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/assetsheet"
	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// scales are the classification scales in force: Kobe's (4.1.1 to 4.1.3).
func (s *Server) scales() assets.Scales { return assets.KobeScales() }

type assetListData struct {
	Filter store.AssetFilter
	Form   url.Values
	Assets []assets.Asset
	Total  int
	// AtLeast: Total is a lower bound, for a word most of the city's
	// assets hold (store.ListAssetPage).
	AtLeast   bool
	From, To  int
	Prev      string
	Next      string
	Kinds     []assets.KindSpec
	Stages    []assets.StageSpec
	Query     string // the filter as a query string, for the export links
	CanCreate bool
	Error     string
}

// handleAssets lists the register: filtered, sorted and a page at a time.
func (s *Server) handleAssets(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := assetListData{Form: q, Kinds: assets.KindSpecs(), Stages: assets.StageSpecs()}
	f, err := s.assetFilter(r)
	if err != nil {
		d.Error = kijun.ErrorMessage(err)
		return s.render(w, r, http.StatusBadRequest, "assets", s.newPage(w, r, "assets.title", d))
	}
	d.Filter = f
	p, err := s.db.ListAssetPage(r.Context(), f)
	if err != nil {
		return err
	}
	d.Assets, d.Total, d.AtLeast = p.Assets, p.Total, p.AtLeast
	d.From, d.To = f.Offset+1, f.Offset+len(d.Assets)
	total := d.Total
	if d.AtLeast && len(d.Assets) == f.Limit {
		total = max(total, d.To+1) // a full page: more may follow it
	}
	d.Prev, d.Next, d.Query = pageLinks("/assets", q, f.Offset, f.Limit, len(d.Assets), total)
	d.CanCreate = len(currentOf(r).Principal.Units) > 0 || currentOf(r).Principal.CityOffice() || currentOf(r).Principal.Admin
	return s.render(w, r, http.StatusOK, "assets", s.newPage(w, r, "assets.title", d))
}

// assetFilter reads the list's query: every value is checked, and a wrong
// one is an EINVALID error that says which.
func (s *Server) assetFilter(r *http.Request) (store.AssetFilter, error) {
	q := r.URL.Query()
	f := store.AssetFilter{Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Desc: q.Get("desc") == "1", Limit: 50}
	units, problems, err := s.unitFilter(r)
	if err != nil {
		return f, err
	}
	f.Units = units
	if k := q.Get("kind"); k != "" {
		kind, ok := assets.ParseKind(k)
		if !ok {
			problems = append(problems, "種類 "+k+" はありません")
		}
		f.Kind = kind
	}
	if st := q.Get("stage"); st != "" {
		stage, ok := assets.ParseStage(st)
		if !ok {
			problems = append(problems, "段階 "+st+" はありません")
		}
		f.Stage = stage
	}
	if c := q.Get("c"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 || n > 3 {
			problems = append(problems, "機密性は 1〜3 で指定してください")
		}
		f.MinConfidentiality = n
	}
	f.InScope = q.Get("scope") == "1"
	f.Offset, problems = listPaging(q, f.Q, f.Sort, []string{"id", "name", "unit", "confidentiality", "updated"}, problems)
	if len(problems) > 0 {
		return f, kijun.Errorf(kijun.EINVALID, "%s", strings.Join(problems, "。"))
	}
	return f, nil
}

type assetView struct {
	Asset        assets.Asset
	InScope      bool
	Restrictions []assets.Restriction
	Label        string
	Scales       assets.Scales
	Holders      []holderView
	Copies       []string
	Stages       []store.AssetStage
	History      []*records.Record
	CanEdit      bool
	KindPlace    string
	// Findings are the asset's own open findings (9.2.1).
	Findings []store.StoredFinding
}

type holderView struct {
	Ref, KindName string
	Class         assets.Classification
	Count         int
}

// handleAsset shows one asset: its classes and reasons, what they bring
// (取扱制限), its label, its holders' classes, copies and lifecycle, and
// its history from the ledger.
func (s *Server) handleAsset(w http.ResponseWriter, r *http.Request) error {
	v, err := s.assetView(r)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "assets.title", v)
	p.Title = v.Asset.Name
	return s.render(w, r, http.StatusOK, "asset", p)
}

func (s *Server) assetView(r *http.Request) (*assetView, error) {
	ctx := r.Context()
	a, err := s.db.Asset(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	scope, err := s.unitScope(r)
	if err != nil {
		return nil, err
	}
	if scope != nil && !slices.Contains(scope, a.Unit) {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "この情報資産（所管 %s）を見る権限がありません（8.2.1ア）", a.UnitName)
	}
	v := &assetView{Asset: a, InScope: a.InScope(), Restrictions: assets.Restrictions(a.Classification), Label: assets.Label(a.Classification), Scales: s.scales()}
	if spec, err := a.Kind.Spec(); err == nil {
		v.KindPlace = spec.LabelPlace
	}
	kinds := assets.HolderKinds()
	for _, h := range a.Holders {
		c, n, err := s.db.HolderClass(ctx, h)
		if err != nil {
			return nil, err
		}
		kind, _, _ := strings.Cut(h, ":")
		v.Holders = append(v.Holders, holderView{Ref: h, KindName: kinds[kind], Class: c, Count: n})
	}
	if v.Copies, err = s.db.Copies(ctx, a.ID); err != nil {
		return nil, err
	}
	if v.Stages, err = s.db.AssetStages(ctx, a.ID); err != nil {
		return nil, err
	}
	if v.History, err = s.db.Records(ctx, store.RecordFilter{Entity: "asset", EntityID: a.ID, Limit: 50}); err != nil {
		return nil, err
	}
	if v.CanEdit, err = s.mayEditUnit(r, a.Unit); err != nil {
		return nil, err
	}
	if v.Findings, _, err = s.db.ListFindings(ctx, store.FindingFilter{Subject: string(compliance.KindAsset) + ":" + a.ID, Limit: 50}); err != nil {
		return nil, err
	}
	if err := s.db.FillWork(ctx, v.Findings); err != nil {
		return nil, err
	}
	return v, nil
}

// handleAssetLabel is the printable label of 4.2イ.
func (s *Server) handleAssetLabel(w http.ResponseWriter, r *http.Request) error {
	v, err := s.assetView(r)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "assets.label.title", v)
	return s.render(w, r, http.StatusOK, "asset_label", p)
}

type assetFormData struct {
	Asset  assets.Asset
	Errors map[string]string
	New    bool
	Kinds  []assets.KindSpec
	Stages []assets.StageSpec
	Scales assets.Scales
	// HoldersText is the holders as typed, one per line.
	HoldersText string
	Conflict    string
}

func (s *Server) newAssetForm(a assets.Asset, isNew bool) *assetFormData {
	return &assetFormData{Asset: a, New: isNew, Kinds: assets.KindSpecs(), Stages: assets.StageSpecs(), Scales: s.scales(),
		HoldersText: strings.Join(a.Holders, "\n"), Errors: map[string]string{}}
}

func (s *Server) handleAssetNew(w http.ResponseWriter, r *http.Request) error {
	a := assets.Asset{Kind: assets.KindData, Stage: assets.StageCreate, Classification: assets.Classification{Confidentiality: 1, Integrity: 1, Availability: 1}}
	if units := currentOf(r).Principal.Units; len(units) > 0 {
		a.Unit = units[0]
	}
	return s.render(w, r, http.StatusOK, "asset_form", s.newPage(w, r, "assets.new.title", s.newAssetForm(a, true)))
}

func (s *Server) handleAssetEdit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.Asset(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if ok, err := s.mayEditUnit(r, a.Unit); err != nil || !ok {
		return errOr(err, kijun.Errorf(kijun.EFORBIDDEN, "所管課 %s の情報資産を変更する権限がありません（8.2.1ア）", a.UnitName))
	}
	p := s.newPage(w, r, "assets.edit.title", s.newAssetForm(a, false))
	return s.render(w, r, http.StatusOK, "asset_form", p)
}

// handleAssetSave adds (POST /assets) or changes (POST /assets/{id}) an
// asset from the form, through the register's service, which decides who
// may. Every wrong field is shown beside it; a change someone else made
// first is shown, not overwritten.
func (s *Server) handleAssetSave(w http.ResponseWriter, r *http.Request) error {
	isNew := r.PathValue("id") == ""
	a, formErrs := assetFromForm(r)
	if !isNew {
		a.ID = r.PathValue("id")
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d := s.newAssetForm(a, isNew)
	d.HoldersText = r.FormValue("holders")
	for f, m := range formErrs {
		d.Errors[f] = m
	}
	title := "assets.edit.title"
	if isNew {
		title = "assets.new.title"
	}
	if len(d.Errors) == 0 {
		var saved assets.Asset
		var oldHolders []string
		if isNew {
			saved, err = s.registers.Assets.Create(r.Context(), ed, a)
		} else {
			if old, rerr := s.db.Asset(r.Context(), a.ID); rerr == nil && ed.Keeps(old.Unit) {
				oldHolders = old.Holders // to check again once changed (4.2オ(4))
			}
			saved, err = s.registers.Assets.Update(r.Context(), ed, a)
		}
		if ok, err := formResult(err, d.Errors, &d.Conflict); err != nil {
			return err
		} else if ok {
			// The asset's class reaches what holds it, before and after (4.2オ(4)).
			s.recheck(r, append(append([]string{"asset:" + saved.ID}, oldHolders...), saved.Holders...)...)
			http.Redirect(w, r, "/assets/"+url.PathEscape(saved.ID)+"?saved=1", http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "asset_form", s.newPage(w, r, title, d))
}

// assetFromForm reads an asset from a form; fields that are not even the
// right type are returned as errors.
func assetFromForm(r *http.Request) (assets.Asset, map[string]string) {
	errs := map[string]string{}
	num := func(field string) int {
		n, err := strconv.Atoi(r.FormValue(field))
		if err != nil {
			errs[field] = "数字を選んでください"
		}
		return n
	}
	a := assets.Asset{
		ID: strings.TrimSpace(r.FormValue("id")), Unit: strings.TrimSpace(r.FormValue("unit")), Name: strings.TrimSpace(r.FormValue("name")),
		Description: strings.TrimSpace(r.FormValue("description")), Location: strings.TrimSpace(r.FormValue("location")),
		Origin: strings.TrimSpace(r.FormValue("origin")), OriginalID: strings.TrimSpace(r.FormValue("original_id")),
		Kind: assets.Kind(r.FormValue("kind")), Stage: assets.Stage(r.FormValue("stage")),
	}
	a.Confidentiality = assets.Confidentiality(num(assets.FieldConfidentiality))
	a.ConfidentialityReason = strings.TrimSpace(r.FormValue(assets.FieldConfidentialityReason))
	a.Integrity = assets.Integrity(num(assets.FieldIntegrity))
	a.IntegrityReason = strings.TrimSpace(r.FormValue(assets.FieldIntegrityReason))
	a.Availability = assets.Availability(num(assets.FieldAvailability))
	a.AvailabilityReason = strings.TrimSpace(r.FormValue(assets.FieldAvailabilityReason))
	for _, h := range strings.Fields(strings.ReplaceAll(r.FormValue("holders"), ",", " ")) {
		a.Holders = append(a.Holders, h)
	}
	slices.Sort(a.Holders)
	a.Holders = slices.Compact(a.Holders)
	if v, err := strconv.ParseInt(r.FormValue("version"), 10, 64); err == nil {
		a.Version = v
	}
	return a, errs
}

// assetImport is the asset register's import page.
func (s *Server) assetImport() sheetImport {
	return sheetImport{titleKey: "assets.import.title", action: "/assets/import", template: "/assets/template.xlsx", maxSize: assetsheet.MaxSize,
		run: s.registers.Assets.Import}
}

// handleAssetExport downloads the visible register, as filtered, as .xlsx
// or CSV.
func (s *Server) handleAssetExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.assetFilter(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	return download(w, "joho-shisan-daicho", format, func(w io.Writer) error {
		if format == "" {
			format = sheets.XLSX
		}
		return assetsheet.Export(r.Context(), s.db, f, format, w)
	})
}

func (s *Server) handleAssetTemplate(w http.ResponseWriter, r *http.Request) error {
	return download(w, "joho-shisan-daicho-template", sheets.XLSX, assetsheet.WriteTemplate)
}
