package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// namedSystems are the fictional city's main systems, which the demo assets
// name as their holders.
var namedSystems = []struct {
	id, name string
	zone     systems.Zone
}{
	{"juki", "住民記録システム", systems.ZoneMyNumber},
	{"zeimu", "税務システム", systems.ZoneMyNumber},
	{"fukushi", "福祉総合システム", systems.ZoneMyNumber},
	{"hoiku", "保育システム", systems.ZoneMyNumber},
	{"kokuho", "国民健康保険システム", systems.ZoneMyNumber},
	{"keiyaku", "契約管理システム", systems.ZoneLGWAN},
	{"zaimu", "財務会計システム", systems.ZoneLGWAN},
	{"doro", "道路台帳システム", systems.ZoneLGWAN},
	{"hojo", "補助金管理システム", systems.ZoneLGWAN},
	{"yoyaku", "施設予約システム", systems.ZoneInternet},
	{"bunsho", "文書管理システム", systems.ZoneLGWAN},
}

// demoSoftware is what the city's systems run, all supported for years
// after the demo's day; endOfLife is software past its end of support, and
// inHouse a package whose vendor has not said when support ends.
var (
	demoSoftware = []systems.Software{
		{Name: "Windows Server", Version: "2022", EndOfSupport: time.Date(2031, 10, 14, 0, 0, 0, 0, time.UTC)},
		{Name: "Windows Server", Version: "2025", EndOfSupport: time.Date(2034, 11, 14, 0, 0, 0, 0, time.UTC)},
		{Name: "Red Hat Enterprise Linux", Version: "9", EndOfSupport: time.Date(2032, 5, 31, 0, 0, 0, 0, time.UTC)},
		{Name: "PostgreSQL", Version: "18", EndOfSupport: time.Date(2030, 11, 14, 0, 0, 0, 0, time.UTC)},
		{Name: "SQL Server", Version: "2022", EndOfSupport: time.Date(2033, 1, 11, 0, 0, 0, 0, time.UTC)},
	}
	endOfLife = []systems.Software{
		{Name: "CentOS", Version: "7", EndOfSupport: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)},
		{Name: "PostgreSQL", Version: "13", EndOfSupport: time.Date(2025, 11, 13, 0, 0, 0, 0, time.UTC)},
	}
	inHouse = systems.Software{Name: "窓口受付パッケージ", Version: "3.2"}
)

// systemsPerSection is how many systems of its own each 課 runs beyond the
// city's main ones: about 2,000 in all at city scale.
func systemsPerSection(s Scale) int {
	if s == City {
		return 2
	}
	return 1
}

// systemHome is a system the demo registers and the 課 that runs it.
type systemHome struct {
	id, name, unit string
	zone           systems.Zone // "" for a 課's own system, whose zone is drawn
	slot           int          // the plant slot of its 課, for a 課's first system; -1 otherwise
}

// demoSystems lists the systems the demo registers, given the city's 課 in
// order of their codes: the main ones spread over the first 課, then each
// 課's own. The organisation appoints their owners and administrators
// (3.1.7, 3.1.8) from this list before the register is filled.
func demoSystems(sections []string, s Scale) []systemHome {
	sections = slices.Sorted(slices.Values(sections))
	var out []systemHome
	for i, ns := range namedSystems {
		out = append(out, systemHome{id: ns.id, name: ns.name, unit: sections[i%len(sections)], zone: ns.zone, slot: -1})
	}
	for i, code := range sections {
		for n := range systemsPerSection(s) {
			h := systemHome{id: fmt.Sprintf("S%s-%d", code, n+1), name: fmt.Sprintf("%s業務システム%d", code, n+1), unit: code, slot: -1}
			if n == 0 {
				h.slot = slotOf(i)
			}
			out = append(out, h)
		}
	}
	return out
}

// Named systems that carry a planted shortfall.
const (
	singleFactorSystem = "hoiku" // 5.1イ(1): a My Number system signed into with a password alone
	ownerlessSystem    = "hojo"  // 3.1.7: nobody appointed 業務システム責任者
)

// demoContractor is the 委託事業者 that runs some 課's systems.
const demoContractor = "minato-is"

// generateSystems fills the 情報システム台帳: the city's main systems, and a
// few of each 課's own, across the zones of chapter 5, each with the
// records chapters 6 and 8 ask for, except the shortfalls planted in some
// 課 (see the slots in plants.go). Each 課's first system holds the 課's
// business database (see generateAssets), so it is of 可用性2.
func generateSystems(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x73797374656d73))
	units, err := db.UnitsOn(ctx, organisation.Day(db.Now()))
	if err != nil {
		return err
	}
	var sections []string
	for _, u := range units {
		if u.Kind == organisation.KindSection {
			sections = append(sections, u.Code)
		}
	}
	if len(sections) == 0 {
		return nil
	}
	var rows []store.SystemRow
	zones := []systems.Zone{systems.ZoneLGWAN, systems.ZoneLGWAN, systems.ZoneInternet, systems.ZoneOther}
	for _, h := range demoSystems(sections, opts.Scale) {
		s := systems.System{ID: h.id, Name: h.name, Unit: h.unit, Zone: h.zone, Documents: "仕様書, ネットワーク構成図（課内施錠保管）"}
		if s.Zone == "" {
			s.Zone = zones[rng.IntN(len(zones))]
		}
		s.Hosting = []systems.Hosting{systems.HostOnsite, systems.HostOffsite, systems.HostCloud}[rng.IntN(3)]
		// 6.1.2, 6.1.3, 6.1.5ア, 8.1.3, 8.1.7: what a system of 可用性2 needs,
		// which every system here has.
		s.Redundant, s.UPS, s.SurgeProtection = true, true, true
		s.Maintenance = []string{"年間保守契約", "年間保守契約（オンサイト）"}[rng.IntN(2)]
		s.Backup = []string{"日次", "日次・世代管理7日", "週次フル・日次差分"}[rng.IntN(3)]
		s.LogItems = []string{"ログイン・操作", "ログイン・操作・エラー", "アクセスログ・操作ログ"}[rng.IntN(3)]
		s.LogRetentionDays = []int{365, 1825}[rng.IntN(2)]
		s.LogReview = []string{"月次", "四半期"}[rng.IntN(2)]
		s.AuthFactors = 2 // 5.1イ(1), 6.4.2ア
		s.Software = []systems.Software{demoSoftware[rng.IntN(3)], demoSoftware[3+rng.IntN(2)]}
		if h.zone == systems.ZoneInternet {
			s.PublicDomain, s.ExternalAccess, s.TLS = s.ID+".city.minato.example.lg.jp", true, true
		}
		if s.ID == webSystem {
			s.Software = append(s.Software, webServer) // 8.6.1: named by its CPE, which the demo feed hits
		}
		subject := "system:" + s.ID
		switch {
		case s.ID == singleFactorSystem:
			s.AuthFactors = 1
			sum.plant("system.mynumber-mfa", subject, "5.1.イ.(1)")
		case h.slot == slotNoBackup:
			s.Backup = ""
			sum.plant("system.backup", subject, "8.1.3")
		case h.slot == slotEndOfSupport:
			s.Software[0] = endOfLife[rng.IntN(len(endOfLife))]
			sum.plant("system.software-eos", subject, "8.4.1.エ")
		case h.slot == slotUnsupervised:
			// Its 業務システム管理者 is not appointed (see buildOrganisation).
			s.Contractor, s.ContractClauses = demoContractor, true
			sum.plant("system.contractor-unsupervised", subject, "8.3.2.ア.(1)")
		case h.slot == slotNoClauses:
			// Run by the contractor under a contract without 10.1.2ア's matters.
			s.Contractor = demoContractor
			sum.plant("system.contract-clauses", subject, "10.1.2.ア")
		case h.slot == slotNotRedundant:
			s.Redundant = false
			sum.plant("system.redundancy", subject, "6.1.2")
		case h.slot == slotNoUPS:
			s.Hosting, s.UPS = systems.HostOnsite, false
			sum.plant("system.ups", subject, "6.1.3.ア")
		case h.slot == slotNoLogReview:
			s.LogReview = ""
			sum.plant("system.log-review", subject, "8.1.7.ウ")
		case h.slot == slotSupportUnknown:
			s.Software = append(s.Software, inHouse)
			sum.plant("system.software-eos-unknown", subject, "8.4.1.エ")
		case h.slot == slotPublicDomain:
			// An event site in the internet zone, outside the lg.jp domain.
			s.Zone, s.PublicDomain, s.ExternalAccess, s.TLS = systems.ZoneInternet, "event-"+s.Unit+".minato-city.example.jp", true, true
			sum.plant("system.public-domain", subject, "8.1.12.ア")
		case h.slot == slotNoDocuments:
			s.Documents = ""
			sum.plant("system.documents", subject, "8.1.6")
		}
		if s.ID == ownerlessSystem {
			sum.plant("role.system-owner", "role:system_owner@"+subject, "3.1.7")
		}
		if h.slot == slotUnsupervised {
			sum.plant("role.system-admin", "role:system_admin@"+subject, "3.1.8")
		}
		rows = append(rows, store.SystemRow{Line: len(rows) + 2, System: s})
	}
	plan, err := db.ImportSystems(ctx, registers.Console(), "demo", rows, nil, false)
	if err != nil {
		return fmt.Errorf("load demo systems: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("systems: %d added, %d changed, %d unchanged", len(plan.Added), len(plan.Changed), plan.Unchanged))
	// Each 局・区 has an LGWAN segment of its own behind the core.
	top := map[string]string{}
	parent := map[string]string{}
	for _, u := range units {
		parent[u.Code] = u.Parent
	}
	for _, code := range sections {
		t := code
		for parent[t] != "" {
			t = parent[t]
		}
		top[code] = t
	}
	return generateNetwork(ctx, db, rows, sections[0], top, sum)
}

// generateNetwork lays out the three tiers of chapter 5: a segment per
// zone, each system in its zone's segment, LGWAN through its own line,
// and the internet zone reaching the LGWAN zone only through 無害化
// (5.2イ): mail as text, screens, and cleaned files. Every link between
// zones is limited to the addresses and ports it needs (5.1ア, 5.2ア,
// 8.1.9ウ). Then the shortfalls a real network gathers are planted: a
// wireless LAN, a file share that skips 無害化, a wireless bridge and a
// maintenance line that reach the マイナンバー利用事務系.
func generateNetwork(ctx context.Context, db *store.DB, systemRows []store.SystemRow, unit string, bureauOf map[string]string, sum *Summary) error {
	type seg = store.Row[systems.Segment]
	type con = store.Row[systems.Connection]
	rows := store.NetworkRows{Sheet: "demo"}
	segOf := map[systems.Zone]string{systems.ZoneMyNumber: "mn-core", systems.ZoneLGWAN: "lg-office", systems.ZoneInternet: "net-office", systems.ZoneOther: "other-lan"}
	for i, s := range []systems.Segment{
		{ID: "mn-core", Name: "マイナンバー利用事務系基幹", Zone: systems.ZoneMyNumber, Address: "10.10.0.0/16"},
		{ID: "mn-branch", Name: "マイナンバー利用事務系別館窓口", Zone: systems.ZoneMyNumber, Address: "10.11.0.0/16"},
		{ID: "lg-office", Name: "LGWAN接続系庁内LAN", Zone: systems.ZoneLGWAN, Address: "10.20.0.0/16"},
		{ID: "lg-wifi", Name: "LGWAN接続系無線LAN", Zone: systems.ZoneLGWAN, Address: "10.21.0.0/16", Wireless: true},
		{ID: "net-office", Name: "インターネット接続系", Zone: systems.ZoneInternet, Address: "10.30.0.0/16"},
		{ID: "other-lan", Name: "施設系LAN", Zone: systems.ZoneOther, Address: "10.40.0.0/16"},
	} {
		s.Unit = unit
		rows.Segments = append(rows.Segments, seg{Line: i + 2, Item: s})
	}
	// 8.1.15ア: the wireless LAN is allowed only with the 情報セキュリティ
	// 管理者's permission, which the register does not hold.
	sum.plant("segment.wireless", "segment:lg-wifi", "8.1.15.ア")
	add := func(c systems.Connection) string {
		c.ID = fmt.Sprintf("c%04d", len(rows.Connections)+1)
		if c.Sanitisation == "" {
			c.Sanitisation = systems.SanitiseNone
		}
		rows.Connections = append(rows.Connections, con{Line: len(rows.Connections) + 2, Item: c})
		return "connection:" + c.ID
	}
	add(systems.Connection{From: "segment:lg-office", To: "external:lgwan", Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "IP・ポート許可リスト"})
	add(systems.Connection{From: "segment:net-office", To: "external:internet", Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "自治体情報セキュリティクラウド経由"})
	add(systems.Connection{From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelMail, Protocol: "SMTP", Ports: "25", Restriction: "送信元限定", Sanitisation: systems.SanitiseText})
	add(systems.Connection{From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelScreen, Protocol: "RDP", Ports: "3389", Restriction: "仮想ブラウザのみ", Sanitisation: systems.SanitiseScreen})
	add(systems.Connection{From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelFile, Protocol: "HTTPS", Ports: "443", Restriction: "ファイル無害化装置経由", Sanitisation: systems.SanitiseFile})
	add(systems.Connection{From: "segment:mn-core", To: "external:kuni", Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "中間サーバ接続のみ（5.1ア）"})
	// 5.2イ: a file share from the internet zone straight into LGWAN,
	// set up for a project and never put through the cleaning appliance.
	c := add(systems.Connection{From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelFile, Protocol: "SMB", Ports: "445", Restriction: "事業課ファイル共有サーバのみ"})
	sum.plant("separation.lgwan-unsanitised", c, "5.2.イ")
	// 8.1.15イ: the annex's My Number counter joined to the core by a
	// wireless bridge.
	c = add(systems.Connection{From: "segment:mn-branch", To: "segment:mn-core", Channel: systems.ChannelNetwork, Protocol: "IP", Ports: "443", Restriction: "別館窓口端末のみ", Wireless: true})
	sum.plant("separation.mynumber-wireless", c, "8.1.15.イ")
	// 5.1ア: a maintenance line from the My Number core to the facilities
	// LAN, which reaches the internet zone for the vendor's remote support:
	// each link is limited, but together they join My Number to the
	// internet. The proof names the link that leaves My Number.
	c = add(systems.Connection{From: "segment:mn-core", To: "segment:other-lan", Channel: systems.ChannelNetwork, Protocol: "SSH", Ports: "22", Restriction: "保守端末のみ"})
	add(systems.Connection{From: "segment:other-lan", To: "segment:net-office", Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "保守業者のリモート保守"})
	sum.plant("separation.mynumber-internet", c, "5.1.ア")
	bureaus := map[string]bool{}
	for _, b := range bureauOf {
		if bureaus[b] {
			continue
		}
		bureaus[b] = true
	}
	for _, b := range sortedKeys(bureaus) {
		id := "lg-" + b
		rows.Segments = append(rows.Segments, seg{Line: len(rows.Segments) + 2, Item: systems.Segment{ID: id,
			Name: b + " 局・区 LGWAN接続系LAN", Zone: systems.ZoneLGWAN, Unit: unit}})
		add(systems.Connection{From: "segment:" + id, To: "segment:lg-office", Channel: systems.ChannelNetwork, Protocol: "IP", Restriction: "L3スイッチのACL"})
	}
	for _, r := range systemRows {
		to := segOf[r.System.Zone]
		if r.System.Zone == systems.ZoneLGWAN && bureauOf[r.System.Unit] != "" {
			to = "lg-" + bureauOf[r.System.Unit]
		}
		add(systems.Connection{From: "system:" + r.System.ID, To: "segment:" + to, Channel: systems.ChannelNetwork,
			Protocol: "HTTPS", Ports: "443", Restriction: "MAC・IP許可リスト"})
	}
	plan, err := db.ImportNetwork(ctx, rows, nil, false)
	if err != nil {
		return fmt.Errorf("load demo network: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("network: %d added, %d changed, %d unchanged (segments and connections)", len(plan.Added), len(plan.Changed), plan.Unchanged))
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
