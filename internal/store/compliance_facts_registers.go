package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/systems"
)

func (r *factsReader) systems(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindSystem, "s.id")
	if !ok {
		return nil
	}
	// A re-check reads the software of its few systems only.
	sw := map[string][]systems.Software{}
	var err error
	if r.scope == nil {
		if sw, err = r.tx.software(ctx, ""); err != nil {
			return err
		}
	}
	for _, id := range r.scope.ids(compliance.KindSystem) {
		one, err := r.tx.software(ctx, id)
		if err != nil {
			return err
		}
		sw[id] = one[id]
	}
	// 8.1.5ウ, 8.1.7ウ, 8.6.1: what the operations records say, as of the
	// end of the check's day or now, whichever is sooner.
	now := r.tx.db.Now()
	if end := organisation.Day(r.day).Add(24 * time.Hour); end.Before(now) {
		now = end
	}
	ops, err := r.tx.operationsFacts(ctx, now)
	if err != nil {
		return err
	}
	stages, err := r.tx.systemStages(ctx)
	if err != nil {
		return err
	}
	lists, err := r.tx.checklistFacts(ctx, stages)
	if err != nil {
		return err
	}
	return r.query(ctx, "SELECT "+systemColumns+" FROM systems s"+where, args, func(sc scanner) error {
		s, err := scanSystem(sc)
		if err != nil {
			return err
		}
		if stages[s.ID] == operations.StageAbolish {
			// 8.3.1ウ: an abolished system runs no more; the rules on a
			// system in use (its 管理者, its backups, its checklists) no
			// longer apply, and a re-check closes what they found.
			return nil
		}
		s.Software = sw[s.ID]
		f := SystemFacts(s, r.day, r.class["system:"+s.ID])
		o := ops[s.ID]
		f.ChangesAlone, f.VulnsOverdue, f.LogReviewLate = o.changesAlone, o.vulnsOverdue, o.reviewLate
		if open, ok := lists[s.ID]; ok {
			f.Running = true
			f.OpenProcurement, f.OpenDevelopment, f.OpenIntroduction = open[operations.ListProcurement], open[operations.ListDevelopment], open[operations.ListIntroduction]
			f.OpenDocuments, f.OpenIO = open[operations.ListDocuments], open[operations.ListIO]
		}
		r.f.Systems = append(r.f.Systems, f)
		return nil
	})
}

// SystemFacts is what the rules know of s on day, given the class of what
// it holds; roles are filled in by the role step.
func SystemFacts(s systems.System, day time.Time, class compliance.Class) compliance.System {
	out := compliance.System{ID: s.ID, Name: s.Name, Unit: s.Unit, Zone: string(s.Zone), Hosting: string(s.Hosting),
		Redundant: s.Redundant, UPS: s.UPS, SurgeProtect: s.SurgeProtection, Maintenance: s.Maintenance, Backup: s.Backup,
		LogItems: s.LogItems, LogReview: s.LogReview, LogRetentionDays: s.LogRetentionDays, AuthFactors: s.AuthFactors,
		ExternalAccess: s.ExternalAccess, PublicDomain: s.PublicDomain, TLS: s.TLS, Contractor: s.Contractor,
		ContractClauses: s.ContractClauses, Documents: s.Documents, Class: class}
	for _, sw := range s.Software {
		f := compliance.Software{Name: sw.Name, Version: sw.Version, HasEnd: !sw.EndOfSupport.IsZero()}
		if f.HasEnd {
			f.DaysLeft = int(sw.EndOfSupport.Sub(organisation.Day(day)).Hours() / 24)
		}
		out.Software = append(out.Software, f)
	}
	return out
}

// readAssets reads every asset of the city, with the fields the rules
// read; their names are left for the findings to fetch (AssetNames).
func (r *factsReader) readAssets(ctx context.Context) error {
	// Counting first costs less than growing the list of 200,000 assets
	// as it is read.
	var n int
	if err := r.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets").Scan(&n); err != nil {
		return fmt.Errorf("read compliance facts: %w", err)
	}
	r.f.Assets = make([]compliance.Asset, 0, n)
	// Origin is free text, so it is last.
	return r.rowFields(ctx, []string{"a.id", "a.unit_code", "a.kind", "a.stage", "a.original_id",
		"a.confidentiality", "a.integrity", "a.availability", "a.origin"}, "FROM assets a", nil, func(f []string) error {
		a := compliance.Asset{ID: f[0], Unit: f[1], Kind: f[2], Stage: f[3], OriginalID: f[4],
			Confidentiality: digit(f[5]), Integrity: digit(f[6]), Availability: digit(f[7]), Origin: f[8]}
		a.InScope = a.Confidentiality >= 2 || a.Integrity >= 2 || a.Availability >= 2
		r.f.Assets = append(r.f.Assets, a)
		return nil
	})
}

// AssetNames returns the names of the assets with the IDs given.
func (db *DB) AssetNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.eachIn(ctx, "SELECT id, name FROM assets WHERE id IN ", anys(ids), func(sc scanner) error {
			var id, name string
			err := sc.Scan(&id, &name)
			out[id] = name
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read asset names: %w", err)
	}
	return out, nil
}

// anys is strings as query arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (r *factsReader) assets(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindAsset, "a.id")
	if !ok {
		return nil
	}
	// Each asset's holders: how many, and whether any is not registered.
	type held struct {
		n       int
		foreign bool
	}
	holders := map[string]held{}
	hq := "SELECT h.asset_id, h.holder FROM asset_holders h"
	if where != "" {
		hq += strings.Replace(where, "a.id", "h.asset_id", 1)
	}
	var pairs [][2]string
	if err := r.query(ctx, hq, args, func(sc scanner) error {
		var id, h string
		err := sc.Scan(&id, &h)
		pairs = append(pairs, [2]string{id, h})
		return err
	}); err != nil {
		return err
	}
	if err := r.loadExisting(ctx, pairs); err != nil {
		return err
	}
	for _, p := range pairs {
		x := holders[p[0]]
		x.n++
		if !r.holderExists(p[1]) {
			x.foreign = true
		}
		holders[p[0]] = x
	}
	ids := map[string]int{}
	start := len(r.f.Assets)
	if err := r.query(ctx, `SELECT a.id, a.name, a.unit_code, a.kind, a.stage, a.origin, a.original_id,
		a.confidentiality, a.integrity, a.availability FROM assets a`+where, args, func(sc scanner) error {
		var a compliance.Asset
		if err := sc.Scan(&a.ID, &a.Name, &a.Unit, &a.Kind, &a.Stage, &a.Origin, &a.OriginalID, &a.Confidentiality, &a.Integrity, &a.Availability); err != nil {
			return err
		}
		_, a.UnitActive = r.unitOf[a.Unit]
		a.InScope = a.Confidentiality >= 2 || a.Integrity >= 2 || a.Availability >= 2
		a.Holders, a.ForeignHolder = holders[a.ID].n, holders[a.ID].foreign
		ids[a.ID] = len(r.f.Assets)
		r.f.Assets = append(r.f.Assets, a)
		return nil
	}); err != nil {
		return err
	}
	if r.scope != nil && len(r.unitOf) == 0 {
		// A re-check reads no units (units): whether each asset's 課 is
		// in being on the day is asked of it alone.
		active := map[string]bool{}
		day := dateArg(r.day)
		for i := start; i < len(r.f.Assets); i++ {
			a := &r.f.Assets[i]
			is, ok := active[a.Unit]
			if !ok {
				var n int
				if err := r.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_unit_versions WHERE unit_code = ? AND valid_from <= ? AND valid_to >= ?",
					a.Unit, day, day).Scan(&n); err != nil {
					return fmt.Errorf("read compliance facts: %w", err)
				}
				is = n > 0
				active[a.Unit] = is
			}
			a.UnitActive = is
		}
	}
	for i := start; i < len(r.f.Assets); i++ {
		a := &r.f.Assets[i]
		if a.OriginalID == "" {
			continue
		}
		if j, ok := ids[a.OriginalID]; ok {
			o := &r.f.Assets[j]
			a.OriginalExists, a.OriginalHigher = true, below(a, o.Confidentiality, o.Integrity, o.Availability)
		} else if r.scope != nil {
			var c, i, av int
			err := r.tx.QueryRowContext(ctx, "SELECT confidentiality, integrity, availability FROM assets WHERE id = ?", a.OriginalID).Scan(&c, &i, &av)
			switch {
			case err == nil:
				a.OriginalExists, a.OriginalHigher = true, below(a, c, i, av)
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
	}
	return nil
}

func (r *factsReader) devices(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindDevice, "d.id")
	if !ok {
		return nil
	}
	cols := []string{"d.id", "d.unit_code", "d.kind", "COALESCE(d.issued_to, '')", "COALESCE(d.area_id, '')",
		"d.disk_encryption", "d.screen_lock", "d.remote_wipe", "d.privacy_filter", "d.usb_control", "d.bios_password",
		"COALESCE(e.pattern_on, '')", "COALESCE(e.os_updated, '')", r.freeText("d.name"), "d.location"}
	// 8.4.1: what the endpoint-management product last reported of it.
	// 6.1.7, 9.2.1: a device returned, disposed, lost or stolen is no
	// longer asked for the measures of one in use.
	return r.rowFields(ctx, cols, "FROM devices d LEFT JOIN endpoint_status e ON e.device_id = d.id"+andWhere(where, "d.state = 'in_use'"), args, func(f []string) error {
		d := compliance.Device{ID: f[0], Unit: f[1], Kind: f[2], IssuedTo: f[3], Area: f[4],
			DiskEncryption: f[5] != "0", ScreenLock: f[6] != "0", RemoteWipe: f[7] != "0", PrivacyFilter: f[8] != "0",
			USBControl: f[9] != "0", BIOSPassword: f[10] != "0", Name: f[13], Location: f[14]}
		d.IssuedToActive = d.IssuedTo != "" && !r.left[d.IssuedTo]
		d.IssuedToLeft = d.IssuedTo != "" && r.left[d.IssuedTo]
		d.Class, d.MyNumber = r.class["device:"+d.ID], r.myNumber["device:"+d.ID]
		d.PatternAgeDays, d.OSUpdateAgeDays = daysSince(f[11], r.day), daysSince(f[12], r.day)
		r.f.Devices = append(r.f.Devices, d)
		return nil
	})
}

func (r *factsReader) media(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindMedium, "m.id")
	if !ok {
		return nil
	}
	return r.query(ctx, `SELECT m.id, m.name, m.unit_code, m.kind, m.encrypted, m.location, COALESCE(m.area_id, ''), m.cabinet FROM media m`+andWhere(where, "m.state = 'in_use'"), args, func(sc scanner) error {
		var m compliance.Medium
		var enc int
		if err := sc.Scan(&m.ID, &m.Name, &m.Unit, &m.Kind, &enc, &m.Location, &m.Area, &m.Cabinet); err != nil {
			return err
		}
		m.Encrypted = enc != 0
		m.Class, m.MyNumber = r.class["medium:"+m.ID], r.myNumber["medium:"+m.ID]
		r.f.Media = append(r.f.Media, m)
		return nil
	})
}

func (r *factsReader) areas(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindArea, "a.id")
	if !ok {
		return nil
	}
	// 6.2.1イ: the day the standard took effect, by its earliest edition
	// held: an area set up since then was set up under it.
	var since string
	if err := r.tx.QueryRowContext(ctx, "SELECT COALESCE(MIN(effective), '') FROM catalogs WHERE effective <> ''").Scan(&since); err != nil {
		return fmt.Errorf("read compliance facts: %w", err)
	}
	return r.query(ctx, `SELECT a.id, a.name, a.unit_code, a.kind, a.building, a.floor, a.is_new, a.entry_control, a.set_up_on,
		(SELECT COUNT(*) FROM area_people p WHERE p.area_id = a.id) FROM areas a`+where, args, func(sc scanner) error {
		var a compliance.Area
		var isNew int
		if err := sc.Scan(&a.ID, &a.Name, &a.Unit, &a.Kind, &a.Building, &a.Floor, &isNew, &a.EntryControl, &a.SetUpOn, &a.People); err != nil {
			return err
		}
		// 6.2.1イ: set up since the standard took effect is new.
		a.NewSince = since
		a.New = isNew != 0 || (a.SetUpOn != "" && since != "" && a.SetUpOn >= since)
		r.f.Areas = append(r.f.Areas, a)
		return nil
	})
}

// below reports whether the copy a is classed lower than its original's
// classes in any of 機密性, 完全性 and 可用性 (4.2ア(3)).
func below(a *compliance.Asset, c, i, av int) bool {
	return a.Confidentiality < c || a.Integrity < i || a.Availability < av
}

// andWhere adds cond to a WHERE clause that may be empty.
func andWhere(where, cond string) string {
	if where == "" {
		return " WHERE " + cond
	}
	return where + " AND " + cond
}
