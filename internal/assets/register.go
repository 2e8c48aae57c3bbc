package assets

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// Asset is one entry of the 情報資産台帳: an information asset, the 課
// responsible for it (4.2.ア.(1): its 情報管理者 holds the 管理責任), and its
// classification (4.1).
type Asset struct {
	// ID is the asset's 管理番号: the stable key an import matches rows by.
	ID          string `json:"id"`
	Unit        string `json:"unit"`
	UnitName    string `json:"unit_name,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Kind        Kind   `json:"kind"`
	// Location says where the asset lives in words: a server, a cabinet,
	// a shelf.
	Location string `json:"location,omitempty"`
	Classification
	Stage Stage `json:"stage"`
	// Origin is who the asset came from, for one received from outside
	// (4.2.エ).
	Origin string `json:"origin,omitempty"`
	// OriginalID is the original's 管理番号 when this asset is a copy
	// (4.2.ア.(3)): copies stay linked to the original.
	OriginalID string `json:"original_id,omitempty"`
	// Holders are the systems, devices, media and cabinets that hold the
	// asset, as kind:id (system:zeimu, device:PC-00012); each takes the
	// highest class of what it holds (4.2.オ.(4)).
	Holders   []string  `json:"holders,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Version counts changes, so two people editing one asset do not
	// silently overwrite each other.
	Version int64 `json:"version"`
}

// InScope reports whether the asset is in the scope of the measures
// (4.1.4.ア: any class 2 or more).
func (a Asset) InScope() bool { return InScope(a.Classification) }

// FieldError is what is wrong with one field of an asset, in Japanese.
type FieldError = kijun.FieldError

// The fields of an asset, as forms and errors name them.
const (
	FieldID                    = "id"
	FieldUnit                  = "unit"
	FieldName                  = "name"
	FieldDescription           = "description"
	FieldKind                  = "kind"
	FieldLocation              = "location"
	FieldConfidentiality       = "confidentiality"
	FieldConfidentialityReason = "confidentiality_reason"
	FieldIntegrity             = "integrity"
	FieldIntegrityReason       = "integrity_reason"
	FieldAvailability          = "availability"
	FieldAvailabilityReason    = "availability_reason"
	FieldStage                 = "stage"
	FieldOrigin                = "origin"
	FieldOriginalID            = "original_id"
	FieldHolders               = "holders"
)

// idPattern is what a 管理番号 may look like: letters, digits and - _ .,
// 1 to 40 of them, so it survives a spreadsheet and a URL.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// ValidID reports whether s may be a 管理番号: the registers of devices,
// media and areas use the same rule.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// holderPattern is a holder reference, kind:id.
var holderPattern = regexp.MustCompile(`^(system|device|medium|cabinet|area):[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`)

// HolderKinds are the kinds of thing that hold assets, with their names.
func HolderKinds() map[string]string {
	return map[string]string{"system": "情報システム", "device": "機器", "medium": "電磁的記録媒体", "cabinet": "保管庫", "area": "管理区域"}
}

// Check returns every field of a that is wrong under the scales ss, in the
// order of the form, or nil. Whether the unit and the original exist is the
// store's to check.
func (a Asset) Check(ss Scales) []FieldError {
	var fe []FieldError
	bad := func(field, format string, args ...any) {
		fe = append(fe, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !idPattern.MatchString(a.ID) {
		bad(FieldID, "管理番号は英数字と - _ . で 1〜40 文字にしてください（%q）", a.ID)
	}
	if strings.TrimSpace(a.Unit) == "" {
		bad(FieldUnit, "所管課を指定してください（4.2.ア.(1)）")
	}
	if strings.TrimSpace(a.Name) == "" {
		bad(FieldName, "名称は 1〜%d 文字で入力してください", MaxName)
	}
	// Every text field's length and characters (limits.go).
	fe = append(fe, a.checkTexts()...)
	if _, err := a.Kind.Spec(); err != nil {
		bad(FieldKind, "種類 %q はありません（%s）", string(a.Kind), kindNames())
	}
	level := func(field, reasonField string, s Scale, n int, reason string) {
		if _, ok := s.Level(n); !ok {
			bad(field, "%sは 1〜%d で指定してください（%s）", s.Name, s.Max(), s.Clause)
			return
		}
		if n >= 2 && strings.TrimSpace(reason) == "" {
			bad(reasonField, "%s%d とした理由を入力してください", s.Name, n)
		}
	}
	level(FieldConfidentiality, FieldConfidentialityReason, ss.Confidentiality, int(a.Confidentiality), a.ConfidentialityReason)
	level(FieldIntegrity, FieldIntegrityReason, ss.Integrity, int(a.Integrity), a.IntegrityReason)
	level(FieldAvailability, FieldAvailabilityReason, ss.Availability, int(a.Availability), a.AvailabilityReason)
	if _, err := a.Stage.Spec(); err != nil {
		bad(FieldStage, "段階 %q はありません（%s）", string(a.Stage), stageNames())
	}
	if a.Stage == StageObtain && strings.TrimSpace(a.Origin) == "" {
		bad(FieldOrigin, "外部から入手した情報資産は入手元を入力してください（4.2.エ）")
	}
	if a.OriginalID != "" && (a.OriginalID == a.ID || !idPattern.MatchString(a.OriginalID)) {
		bad(FieldOriginalID, "原本の管理番号 %q が正しくありません", a.OriginalID)
	}
	for _, h := range a.Holders {
		if !holderPattern.MatchString(h) {
			bad(FieldHolders, "保有先 %q は system:ID・device:ID・medium:ID・cabinet:ID・area:ID の形にしてください", h)
		}
	}
	return fe
}

func kindNames() string {
	var names []string
	for _, k := range KindSpecs() {
		names = append(names, k.Label)
	}
	return strings.Join(names, "・")
}

// ParseKind reads a kind by its identifier or its Japanese name.
func ParseKind(s string) (Kind, bool) {
	s = strings.TrimSpace(s)
	for _, k := range KindSpecs() {
		if s == string(k.Kind) || s == k.Label {
			return k.Kind, true
		}
	}
	return Kind(s), false
}

// ParseStage reads a stage by its identifier or its Japanese name; 提供
// and 公表 each name the stage 提供・公表 (4.2.ク).
func ParseStage(s string) (Stage, bool) {
	s = strings.TrimSpace(s)
	for _, st := range StageSpecs() {
		if s == string(st.Stage) || s == st.Label || slices.Contains(strings.Split(st.Label, "・"), s) {
			return st.Stage, true
		}
	}
	return Stage(s), false
}

// stageNames lists the stages' names as an error message offers them,
// each one a value ParseStage accepts.
func stageNames() string {
	var names []string
	for _, st := range StageSpecs() {
		names = append(names, st.Label)
	}
	return strings.Join(names, "、")
}

// Same reports whether a and b hold the same values, whatever their
// versions and times: an import that changes nothing writes nothing.
func (a Asset) Same(b Asset) bool {
	return a.ID == b.ID && a.Unit == b.Unit && a.Name == b.Name && a.Description == b.Description && a.Kind == b.Kind &&
		a.Location == b.Location && a.Classification == b.Classification && a.Stage == b.Stage && a.Origin == b.Origin &&
		a.OriginalID == b.OriginalID && strings.Join(a.Holders, ",") == strings.Join(b.Holders, ",")
}
