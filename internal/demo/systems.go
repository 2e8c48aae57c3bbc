package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"kijun/internal/organisation"
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
}

var demoSoftware = []systems.Software{
	{Name: "Windows Server", Version: "2016", EndOfSupport: time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC)},
	{Name: "Windows Server", Version: "2022", EndOfSupport: time.Date(2031, 10, 14, 0, 0, 0, 0, time.UTC)},
	{Name: "Red Hat Enterprise Linux", Version: "8", EndOfSupport: time.Date(2029, 5, 31, 0, 0, 0, 0, time.UTC)},
	{Name: "CentOS", Version: "7", EndOfSupport: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)},
	{Name: "PostgreSQL", Version: "13", EndOfSupport: time.Date(2025, 11, 13, 0, 0, 0, 0, time.UTC)},
	{Name: "PostgreSQL", Version: "17", EndOfSupport: time.Date(2029, 11, 8, 0, 0, 0, 0, time.UTC)},
}

// systemsPerSection is how many systems of its own each 課 runs beyond the
// city's main ones: about 2,000 in all at city scale.
func systemsPerSection(s Scale) int {
	if s == City {
		return 2
	}
	return 1
}

// generateSystems fills the 情報システム台帳: the city's main systems, and a
// few of each 課's own, across the zones of chapter 5, some with software
// past its end of support so the register has something to point out.
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
	add := func(s systems.System) {
		s.Hosting = []systems.Hosting{systems.HostOnsite, systems.HostOffsite, systems.HostCloud}[rng.IntN(3)]
		s.Redundant, s.UPS, s.SurgeProtection = rng.IntN(3) > 0, rng.IntN(4) > 0, rng.IntN(2) > 0
		s.Maintenance = []string{"", "年間保守契約", "スポット保守"}[rng.IntN(3)]
		s.Backup = []string{"", "日次", "週次", "日次・世代管理7日"}[rng.IntN(4)]
		s.LogItems = []string{"", "ログイン・操作", "ログイン・操作・エラー", "アクセスログ"}[rng.IntN(4)]
		s.LogRetentionDays = []int{0, 365, 1825}[rng.IntN(3)]
		s.LogReview = []string{"", "月次", "四半期"}[rng.IntN(3)]
		s.AuthFactors = 1 + rng.IntN(2)
		if s.Zone == systems.ZoneMyNumber && rng.IntN(5) > 0 {
			s.AuthFactors = 2
		}
		s.Software = []systems.Software{demoSoftware[rng.IntN(len(demoSoftware))], demoSoftware[4+rng.IntN(2)]}
		rows = append(rows, store.SystemRow{Line: len(rows) + 2, System: s})
	}
	for i, ns := range namedSystems {
		s := systems.System{ID: ns.id, Name: ns.name, Unit: sections[i%len(sections)], Zone: ns.zone, Documents: "仕様書, ネットワーク構成図"}
		if ns.zone == systems.ZoneInternet {
			s.PublicDomain, s.ExternalAccess = ns.id+".city.minato.example.jp", true
		}
		add(s)
		rows[len(rows)-1].System.TLS = ns.zone == systems.ZoneInternet
	}
	zones := []systems.Zone{systems.ZoneLGWAN, systems.ZoneLGWAN, systems.ZoneInternet, systems.ZoneOther}
	for _, code := range sections {
		for n := range systemsPerSection(opts.Scale) {
			add(systems.System{ID: fmt.Sprintf("S%s-%d", code, n+1), Name: fmt.Sprintf("%s業務システム%d", code, n+1), Unit: code,
				Zone: zones[rng.IntN(len(zones))]})
		}
	}
	plan, err := db.ImportSystems(ctx, "demo", rows, nil, false)
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
// (5.2イ): mail as text, screens, and cleaned files.
func generateNetwork(ctx context.Context, db *store.DB, systemRows []store.SystemRow, unit string, bureauOf map[string]string, sum *Summary) error {
	type seg = store.Row[systems.Segment]
	type con = store.Row[systems.Connection]
	rows := store.NetworkRows{Sheet: "demo"}
	segOf := map[systems.Zone]string{systems.ZoneMyNumber: "mn-core", systems.ZoneLGWAN: "lg-office", systems.ZoneInternet: "net-office", systems.ZoneOther: "other-lan"}
	for i, s := range []systems.Segment{
		{ID: "mn-core", Name: "マイナンバー利用事務系基幹", Zone: systems.ZoneMyNumber, Address: "10.10.0.0/16"},
		{ID: "lg-office", Name: "LGWAN接続系庁内LAN", Zone: systems.ZoneLGWAN, Address: "10.20.0.0/16"},
		{ID: "lg-wifi", Name: "LGWAN接続系無線LAN", Zone: systems.ZoneLGWAN, Address: "10.21.0.0/16", Wireless: true},
		{ID: "net-office", Name: "インターネット接続系", Zone: systems.ZoneInternet, Address: "10.30.0.0/16"},
		{ID: "other-lan", Name: "施設系LAN", Zone: systems.ZoneOther, Address: "10.40.0.0/16"},
	} {
		s.Unit = unit
		rows.Segments = append(rows.Segments, seg{Line: i + 2, Item: s})
	}
	add := func(c systems.Connection) {
		c.ID = fmt.Sprintf("c%04d", len(rows.Connections)+1)
		if c.Sanitisation == "" {
			c.Sanitisation = systems.SanitiseNone
		}
		rows.Connections = append(rows.Connections, con{Line: len(rows.Connections) + 2, Item: c})
	}
	add(systems.Connection{From: "segment:lg-office", To: "external:lgwan", Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "IP・ポート許可リスト"})
	add(systems.Connection{From: "segment:net-office", To: "external:internet", Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "自治体情報セキュリティクラウド経由"})
	add(systems.Connection{From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelMail, Protocol: "SMTP", Ports: "25", Restriction: "送信元限定", Sanitisation: systems.SanitiseText})
	add(systems.Connection{From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelScreen, Protocol: "RDP", Ports: "3389", Restriction: "仮想ブラウザのみ", Sanitisation: systems.SanitiseScreen})
	add(systems.Connection{From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelFile, Protocol: "HTTPS", Ports: "443", Restriction: "ファイル無害化装置経由", Sanitisation: systems.SanitiseFile})
	add(systems.Connection{From: "segment:mn-core", To: "external:kuni", Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "中間サーバ接続のみ（5.1ア）"})
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
