package store

import (
	"context"
	"strings"

	"kijun/internal/compliance"
)

// services reads the external services of 10.2 with the highest 機密性 of
// the assets put on each, naming the assets of that class, and whether
// the service's ISMAP registration holds on the check's day. A re-check
// reads the services it names (external_service:ID).
func (r *factsReader) services(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindService, "s.id")
	if !ok {
		return nil
	}
	q := `SELECT s.id, s.name, s.provider, s.unit_code, s.kind, s.ismap_number, s.ismap_expires,
		COALESCE(a.id, ''), COALESCE(a.confidentiality, 0)
		FROM external_services s LEFT JOIN external_service_uses u ON u.service_id = s.id AND u.kind = 'asset'
		LEFT JOIN assets a ON a.id = u.ref_id` + where + " ORDER BY s.id, a.id"
	day := dateArg(r.day)
	var top []string
	flush := func() {
		if n := len(r.f.Services); n > 0 {
			r.f.Services[n-1].Assets = strings.Join(top, "、")
		}
		top = nil
	}
	err := r.query(ctx, q, args, func(sc scanner) error {
		var s compliance.Service
		var asset string
		var conf int
		if err := sc.Scan(&s.ID, &s.Name, &s.Provider, &s.Unit, &s.Kind, &s.ISMAPNumber, &s.ISMAPExpires, &asset, &conf); err != nil {
			return err
		}
		if n := len(r.f.Services); n == 0 || r.f.Services[n-1].ID != s.ID {
			flush()
			// 10.2: a registration counts while its expiry has not passed.
			s.ISMAP = s.ISMAPNumber != "" && s.ISMAPExpires >= day
			r.f.Services = append(r.f.Services, s)
		}
		last := &r.f.Services[len(r.f.Services)-1]
		switch {
		case asset == "":
		case conf > last.Confidentiality:
			last.Confidentiality, top = conf, []string{asset}
		case conf == last.Confidentiality:
			top = append(top, asset)
		}
		return nil
	})
	flush()
	return err
}
