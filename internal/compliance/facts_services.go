package compliance

// KindService is the kind of the 外部サービス of 10.2.
const KindService Kind = "external_service"

// Service is an external service of the register of 10.2 as the rules
// read it: its kind, its ISMAP registration on the check's day and the
// highest 機密性 of the information assets put on it, so that the CISO's
// 利用基準 can be written as rules on the three.
type Service struct {
	// ID and Name name the service, Provider who provides it; Unit is the
	// 課 that owns its use, whose 情報管理者 is told.
	ID, Name, Provider, Unit string
	// Kind is terms (約款) or contract.
	Kind string
	// ISMAP is true when the service is registered with ISMAP on the
	// check's day; ISMAPNumber and ISMAPExpires are its registration ("",
	// "" for none), so a lapsed one can be named.
	ISMAP                     bool
	ISMAPNumber, ISMAPExpires string
	// Confidentiality is the highest 機密性 of the assets put on the
	// service, 0 when none is; Assets names those of that class.
	Confidentiality int
	Assets          string
}
