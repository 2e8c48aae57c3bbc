package monitor

import (
	"context"
	"kijun/internal/compliance/report"
	"kijun/internal/kijun"
)

// ReportMeta gathers what the export says besides the findings: the city,
// the standard in force, the latest run, the provisions the rules check and
// the names of the 課.
func (mon *Monitor) ReportMeta(ctx context.Context) (report.Meta, error) {
	db := mon.db
	m := report.Meta{Generated: db.Now(), Units: map[string]string{}}
	if city, err := db.Setting(ctx, "city.name"); err == nil {
		m.City = city
	} else if kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return m, err
	}
	info, err := db.DefaultCatalog(ctx)
	if err != nil {
		return m, err
	}
	if m.Catalog, err = db.Catalog(ctx, info.Key, info.Edition); err != nil {
		return m, err
	}
	if m.Run, err = db.LastCheckRun(ctx); err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return m, err
	}
	rs, err := mon.Rules(ctx)
	if err != nil {
		return m, err
	}
	for p := range rs.Provisions() {
		m.Provisions = append(m.Provisions, p)
	}
	units, err := db.UnitsOn(ctx, m.Generated)
	if err != nil {
		return m, err
	}
	for _, u := range units {
		m.Units[u.Code] = u.Name
	}
	return m, nil
}
