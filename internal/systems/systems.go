// Package systems is the 情報システム台帳 as data and rules: the zones of
// chapter 5 (マイナンバー利用事務系, LGWAN接続系, インターネット接続系 and
// other systems), where a system is hosted (6.1.6), how it is protected
// (6.1.2, 6.1.3, 6.1.5), backed up (8.1.3) and logged (8.1.7), how people
// sign in to it (5.1イ(1), 6.4.2), access from outside (8.2.2), public web
// sites (8.1.12), the software it runs and its end of support (8.4.1エ),
// and its documents (8.1.6). It imports neither SQL nor HTTP.
package systems

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
)

// Zone is the part of the three-tier network a system sits in (5.1 to 5.4).
type Zone string

// The zones.
const (
	ZoneMyNumber Zone = "mynumber" // 5.1 マイナンバー利用事務系
	ZoneLGWAN    Zone = "lgwan"    // 5.2 LGWAN接続系
	ZoneInternet Zone = "internet" // 5.3 インターネット接続系
	ZoneOther    Zone = "other"    // 5.4 その他の情報システム
)

// ZoneSpec names a zone and its clause.
type ZoneSpec struct {
	Zone    Zone
	Label   string
	LabelEN string
	Clause  string
}

// ZoneSpecs returns the zones in the standard's order.
func ZoneSpecs() []ZoneSpec {
	return []ZoneSpec{
		{ZoneMyNumber, "マイナンバー利用事務系", "My Number zone", "5.1"},
		{ZoneLGWAN, "LGWAN接続系", "LGWAN zone", "5.2"},
		{ZoneInternet, "インターネット接続系", "Internet zone", "5.3"},
		{ZoneOther, "その他の情報システム", "Other systems", "5.4"},
	}
}

// Label returns the zone's Japanese name, or the identifier if unknown.
func (z Zone) Label() string {
	for _, s := range ZoneSpecs() {
		if s.Zone == z {
			return s.Label
		}
	}
	return string(z)
}

// ParseZone reads a zone by identifier or Japanese name.
func ParseZone(s string) (Zone, bool) {
	for _, z := range ZoneSpecs() {
		if s == string(z.Zone) || s == z.Label {
			return z.Zone, true
		}
	}
	return Zone(s), false
}

// Hosting is where a system runs.
type Hosting string

// Where systems run.
const (
	HostOnsite  Hosting = "onsite"  // 庁舎内
	HostOffsite Hosting = "offsite" // 庁外の施設 (6.1.6)
	HostCloud   Hosting = "cloud"   // クラウドサービス (8.6 ... and 6.1.6)
)

// HostingLabels names the hostings in Japanese, in display order.
func HostingLabels() []struct {
	Hosting Hosting
	Label   string
} {
	return []struct {
		Hosting Hosting
		Label   string
	}{{HostOnsite, "庁舎内"}, {HostOffsite, "庁外の施設"}, {HostCloud, "クラウドサービス"}}
}

// Label returns the hosting's Japanese name.
func (h Hosting) Label() string {
	for _, l := range HostingLabels() {
		if l.Hosting == h {
			return l.Label
		}
	}
	return string(h)
}

// ParseHosting reads a hosting by identifier or Japanese name.
func ParseHosting(s string) (Hosting, bool) {
	for _, l := range HostingLabels() {
		if s == string(l.Hosting) || s == l.Label {
			return l.Hosting, true
		}
	}
	return Hosting(s), false
}

// Software is a product a system runs, with the vendor's end of support
// (8.4.1エ: サポート期限を把握し、更新等の対策を講じる).
type Software struct {
	Name         string    `json:"name"`
	Version      string    `json:"version,omitempty"`
	EndOfSupport time.Time `json:"end_of_support,omitzero"`
	// CPE is the product's CPE 2.3 name, by which vulnerability feeds
	// name it (8.6.1); its version is Version when that is set.
	CPE string `json:"cpe,omitempty"`
}

// System is one entry of the 情報システム台帳.
type System struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Unit is the 課 that runs the system; its 業務システム責任者 and
	// 管理者 are roles of chapter 3 held for system:ID.
	Unit     string  `json:"unit"`
	UnitName string  `json:"unit_name,omitempty"`
	Zone     Zone    `json:"zone"`
	Hosting  Hosting `json:"hosting"`
	// 6.1.2, 6.1.3, 6.1.5ア
	Redundant       bool   `json:"redundant"`
	UPS             bool   `json:"ups"`
	SurgeProtection bool   `json:"surge_protection"`
	Maintenance     string `json:"maintenance,omitempty"`
	// 8.1.3: the backup and its schedule; "" when there is none.
	Backup string `json:"backup,omitempty"`
	// 8.1.7: what the logs hold, how long they are kept, how they are read.
	LogItems         string `json:"log_items,omitempty"`
	LogRetentionDays int    `json:"log_retention_days"`
	LogReview        string `json:"log_review,omitempty"`
	// AuthFactors is how many kinds of factor signing in takes (5.1イ(1),
	// 6.4.2ア).
	AuthFactors int `json:"auth_factors"`
	// 8.2.2: access from outside the city's networks.
	ExternalAccess bool `json:"external_access"`
	// 8.1.12: the public web site the system serves, and whether over TLS.
	PublicDomain string `json:"public_domain,omitempty"`
	TLS          bool   `json:"tls"`
	// Contractor is the 委託事業者 that builds or runs it, and
	// ContractClauses whether the contract with it states the matters of
	// 10.1.2ア (confidentiality, subcontracting, incident reports, the
	// city's inspection and the rest).
	Contractor      string `json:"contractor,omitempty"`
	ContractClauses bool   `json:"contract_clauses"`
	// Documents are the 仕様書 and ネットワーク構成図 kept (8.1.6).
	Documents string     `json:"documents,omitempty"`
	Software  []Software `json:"software,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Version   int64      `json:"version"`
}

// The fields of a system, as forms and errors name them.
const (
	FieldID          = "id"
	FieldName        = "name"
	FieldDescription = "description"
	FieldUnit        = "unit"
	FieldZone        = "zone"
	FieldHosting     = "hosting"
	FieldMaintenance = "maintenance"
	FieldBackup      = "backup"
	FieldLogItems    = "log_items"
	FieldLogDays     = "log_retention_days"
	FieldLogReview   = "log_review"
	FieldAuthFactors = "auth_factors"
	FieldDomain      = "public_domain"
	FieldContractor  = "contractor"
	FieldDocuments   = "documents"
	FieldSoftware    = "software"
)

var (
	idPattern     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$`)
)

// Check returns every field of s that is wrong, in the form's order.
// Whether the unit and contractor exist is the store's to check.
func (s System) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if !idPattern.MatchString(s.ID) {
		fe.Add(FieldID, "システムIDは英数字と - _ . で 1〜40 文字にしてください（%q）", s.ID)
	}
	if strings.TrimSpace(s.Name) == "" {
		fe.Add(FieldName, "名称は 1〜%d 文字で入力してください", MaxName)
	}
	// Every text field's length and characters (limits.go).
	s.checkTexts(&fe)
	if strings.TrimSpace(s.Unit) == "" {
		fe.Add(FieldUnit, "所管課を指定してください")
	}
	if _, ok := ParseZone(string(s.Zone)); !ok {
		fe.Add(FieldZone, "区分 %q はありません（マイナンバー利用事務系・LGWAN接続系・インターネット接続系・その他の情報システム）", string(s.Zone))
	}
	if _, ok := ParseHosting(string(s.Hosting)); !ok {
		fe.Add(FieldHosting, "設置場所 %q はありません（庁舎内・庁外の施設・クラウドサービス）", string(s.Hosting))
	}
	if s.LogRetentionDays < 0 || s.LogRetentionDays > 36500 {
		fe.Add(FieldLogDays, "ログの保存日数は 0〜36500 日にしてください（8.1.7）")
	}
	if s.AuthFactors < 1 || s.AuthFactors > 3 {
		fe.Add(FieldAuthFactors, "認証の要素数は 1〜3 にしてください（6.4.2ア）")
	}
	if s.PublicDomain != "" && !domainPattern.MatchString(s.PublicDomain) {
		fe.Add(FieldDomain, "公開ドメイン %q はドメイン名（例 www.city.example.jp）で書いてください", s.PublicDomain)
	}
	for _, sw := range s.Software {
		if strings.TrimSpace(sw.Name) == "" {
			fe.Add(FieldSoftware, "ソフトウェアの名称がありません")
		}
		if sw.CPE != "" {
			if _, err := operations.ParseCPE(sw.CPE); err != nil { // 8.6.1: the name feeds match by
				fe.Add(FieldSoftware, "%s: %s", sw.Name, kijun.ErrorMessage(err))
			}
		}
	}
	return fe.Fields
}

// Note is something about a system the standard asks attention for, with
// the clause.
type Note struct {
	Clause string `json:"clause"`
	Text   string `json:"text"`
}

// Notes returns what the register shows about s on day: a My Number system
// signed in to with one factor (5.1イ(1)), a public site without TLS
// (8.1.12), software past or near its end of support (8.4.1エ), a system
// holding 可用性2 assets without backups (8.1.3) or redundancy (6.1.2),
// and one without logs (8.1.7).
func (s System) Notes(day time.Time, availability int) []Note {
	var out []Note
	if s.Zone == ZoneMyNumber && s.AuthFactors < 2 {
		out = append(out, Note{"5.1.イ.(1)", "マイナンバー利用事務系では二つ以上の認証要素を併用してください（現在 " + fmt.Sprint(s.AuthFactors) + "）"})
	}
	if s.PublicDomain != "" && !s.TLS {
		out = append(out, Note{"8.1.12", "公開する Web サイト " + s.PublicDomain + " は暗号化（TLS）されていません"})
	}
	for _, sw := range s.Software {
		switch {
		case sw.EndOfSupport.IsZero():
		case !day.Before(sw.EndOfSupport):
			out = append(out, Note{"8.4.1.エ", sw.Name + " " + sw.Version + " はサポート期限（" + sw.EndOfSupport.Format("2006-01-02") + "）を過ぎています"})
		case day.AddDate(0, 6, 0).After(sw.EndOfSupport):
			out = append(out, Note{"8.4.1.エ", sw.Name + " " + sw.Version + " のサポート期限（" + sw.EndOfSupport.Format("2006-01-02") + "）まで半年を切っています"})
		}
	}
	if availability >= 2 && s.Backup == "" {
		out = append(out, Note{"8.1.3", "可用性2の情報資産を保有していますが、バックアップが登録されていません"})
	}
	if availability >= 2 && !s.Redundant {
		out = append(out, Note{"6.1.2", "可用性2の情報資産を保有していますが、冗長化されていません"})
	}
	if s.LogItems == "" {
		out = append(out, Note{"8.1.7", "取得するログが登録されていません"})
	}
	return out
}

// ParseSoftware reads software written as "name version ~YYYY-MM-DD",
// with the product's CPE 2.3 name among the words where it is known
// ("Apache httpd 2.4.57 cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"),
// one per line or separated by ;, as the spreadsheet and form write it.
func ParseSoftware(text string) ([]Software, error) {
	var out []Software
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '\n' || r == '；' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		var sw Software
		if i := strings.LastIndexAny(part, "~〜"); i >= 0 {
			date := strings.TrimSpace(strings.TrimLeft(part[i:], "~〜"))
			d, err := time.Parse("2006-01-02", date)
			if err != nil {
				return nil, kijun.Errorf(kijun.EINVALID, "ソフトウェア %q のサポート期限 %q は YYYY-MM-DD で書いてください", part, date)
			}
			sw.EndOfSupport = d
			part = strings.TrimSpace(part[:i])
		}
		fields := strings.Fields(part)
		for i, f := range fields {
			if strings.HasPrefix(strings.ToLower(f), "cpe:") {
				sw.CPE = f
				fields = append(fields[:i:i], fields[i+1:]...)
				break
			}
		}
		if len(fields) > 1 {
			sw.Version = fields[len(fields)-1]
			fields = fields[:len(fields)-1]
		}
		sw.Name = strings.Join(fields, " ")
		out = append(out, sw)
	}
	return out, nil
}

// FormatSoftware writes software as ParseSoftware reads it.
func FormatSoftware(sws []Software) string {
	var parts []string
	for _, sw := range sws {
		p := strings.TrimSpace(sw.Name + " " + sw.Version)
		if sw.CPE != "" {
			p += " " + sw.CPE
		}
		if !sw.EndOfSupport.IsZero() {
			p += " ~" + sw.EndOfSupport.Format("2006-01-02")
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// Same reports whether a and b hold the same values, whatever their
// versions and times.
func (s System) Same(b System) bool {
	return s.ID == b.ID && s.Name == b.Name && s.Description == b.Description && s.Unit == b.Unit && s.Zone == b.Zone &&
		s.Hosting == b.Hosting && s.Redundant == b.Redundant && s.UPS == b.UPS && s.SurgeProtection == b.SurgeProtection &&
		s.Maintenance == b.Maintenance && s.Backup == b.Backup && s.LogItems == b.LogItems && s.LogRetentionDays == b.LogRetentionDays &&
		s.LogReview == b.LogReview && s.AuthFactors == b.AuthFactors && s.ExternalAccess == b.ExternalAccess &&
		s.PublicDomain == b.PublicDomain && s.TLS == b.TLS && s.Contractor == b.Contractor && s.ContractClauses == b.ContractClauses && s.Documents == b.Documents &&
		FormatSoftware(s.Software) == FormatSoftware(b.Software)
}
