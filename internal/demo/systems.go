package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	return nil
}
