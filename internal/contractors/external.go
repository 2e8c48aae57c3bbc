package contractors

import (
	"time"

	"kijun/internal/kijun"
)

// ServiceKind is how the city uses an external service (10.2): on the
// provider's standard terms (約款), which the city cannot negotiate, or
// under a contract of its own.
type ServiceKind string

// The kinds of external service.
const (
	ServiceTerms    ServiceKind = "terms"    // 約款による外部サービス
	ServiceContract ServiceKind = "contract" // 契約による外部サービス
)

// ServiceKinds lists the kinds in order.
func ServiceKinds() []ServiceKind { return []ServiceKind{ServiceTerms, ServiceContract} }

// Label is the kind's Japanese name.
func (k ServiceKind) Label() string {
	switch k {
	case ServiceTerms:
		return "約款"
	case ServiceContract:
		return "契約"
	}
	return string(k)
}

// ParseServiceKind reads a kind by identifier or Japanese name.
func ParseServiceKind(s string) (ServiceKind, bool) {
	for _, k := range ServiceKinds() {
		if s == string(k) || s == k.Label() {
			return k, true
		}
	}
	return "", false
}

// ExternalService is one 外部サービス the city uses (10.2): a service of
// an outside organisation that provides part or all of an information
// system's functions. The CISO's 利用基準 decides what information may be
// put on it by its kind and ISMAP registration; the continuous checks
// judge each entry by the assets the register says are put on it.
type ExternalService struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Provider is the organisation providing the service; Contractor the
	// 事業者ID of the register when it is a contractor there, "" if not.
	Provider   string      `json:"provider"`
	Contractor string      `json:"contractor,omitempty"`
	Kind       ServiceKind `json:"kind"`
	// ISMAPNumber is the service's ISMAP registration number, "" when it
	// is not registered; ISMAPExpires the day the registration ends.
	ISMAPNumber  string    `json:"ismap_number,omitempty"`
	ISMAPExpires time.Time `json:"ismap_expires,omitzero"`
	// Unit is the 課 that owns the use of the service.
	Unit     string `json:"unit"`
	UnitName string `json:"unit_name,omitempty"`
	// Systems are the systems using the service; Assets the information
	// assets put on it, whose highest 機密性 the rules judge.
	Systems []string `json:"systems,omitempty"`
	Assets  []string `json:"assets,omitempty"`
	// Confidentiality is the highest 機密性 of Assets, read by the store
	// for pages; 0 when no asset is put on it.
	Confidentiality int       `json:"confidentiality,omitempty"`
	Note            string    `json:"note,omitempty"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
	Version         int       `json:"version"`
}

// The form fields of an external service (FieldName, FieldUnit,
// FieldContractor, FieldSystems, FieldAssets and FieldNote are shared
// with the contract and the return).
const (
	FieldProvider     = "provider"
	FieldServiceKind  = "kind"
	FieldISMAPNumber  = "ismap_number"
	FieldISMAPExpires = "ismap_expires"
)

// ISMAPValid reports whether the service is registered with ISMAP on day.
func (s ExternalService) ISMAPValid(day time.Time) bool {
	return s.ISMAPNumber != "" && !s.ISMAPExpires.Before(day)
}

// Check returns what is wrong with s on its own: whether the 課,
// contractor, systems and assets exist is for the store to say.
func (s ExternalService) Check() []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	checkID(fe, FieldID, "サービスID", s.ID)
	if s.Name == "" {
		fe.Add(FieldName, "サービスの名称を入力してください")
	}
	fe.Text(FieldName, "名称", s.Name, kijun.MaxName, false)
	if s.Provider == "" {
		fe.Add(FieldProvider, "提供者を入力してください")
	}
	fe.Text(FieldProvider, "提供者", s.Provider, kijun.MaxName, false)
	if s.Contractor != "" {
		checkID(fe, FieldContractor, "事業者ID", s.Contractor)
	}
	if _, ok := ParseServiceKind(string(s.Kind)); !ok {
		fe.Add(FieldServiceKind, "約款か契約かを選んでください（10.2）")
	}
	if s.Unit == "" {
		fe.Add(FieldUnit, "所管課コードを入力してください")
	}
	switch {
	case s.ISMAPNumber == "" && !s.ISMAPExpires.IsZero():
		fe.Add(FieldISMAPNumber, "ISMAP の登録番号を入力してください")
	case s.ISMAPNumber != "" && s.ISMAPExpires.IsZero():
		fe.Add(FieldISMAPExpires, "ISMAP 登録の有効期限を入力してください")
	}
	fe.Text(FieldISMAPNumber, "ISMAP の登録番号", s.ISMAPNumber, 100, false)
	if len(s.Systems) > MaxEntrusted || len(s.Assets) > MaxEntrusted {
		fe.Add(FieldAssets, "システム・情報資産はそれぞれ %d 件までです", MaxEntrusted)
	}
	for _, id := range s.Systems {
		checkID(fe, FieldSystems, "システムID", id)
	}
	for _, id := range s.Assets {
		checkID(fe, FieldAssets, "管理番号", id)
	}
	fe.Text(FieldNote, "備考", s.Note, kijun.MaxNote, true)
	return fe.Fields
}
