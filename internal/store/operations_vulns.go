package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// Settings of the urgency the city sets for security holes (8.6.1: 緊急度
// に応じて): the days allowed for a critical (CVSS 9.0 or more), high (7.0
// or more) and other hole.
const (
	SettingVulnCriticalDays = "vulns.critical_days"
	SettingVulnHighDays     = "vulns.high_days"
	SettingVulnMediumDays   = "vulns.medium_days"
)

// urgency reads the city's urgency, the defaults where it sets none.
func (tx *Tx) urgency(ctx context.Context) (operations.Urgency, error) {
	u := operations.DefaultUrgency()
	dst := map[string]*int{SettingVulnCriticalDays: &u.CriticalDays, SettingVulnHighDays: &u.HighDays, SettingVulnMediumDays: &u.MediumDays}
	err := tx.each(ctx, "SELECT key, value FROM settings WHERE key IN (?, ?, ?)", []any{SettingVulnCriticalDays, SettingVulnHighDays, SettingVulnMediumDays},
		func(sc scanner) error {
			var k, v string
			if err := sc.Scan(&k, &v); err != nil {
				return err
			}
			if n, err := strconv.Atoi(v); err == nil && n > 0 { // a value not a number of days keeps the default
				*dst[k] = n
			}
			return nil
		})
	if err != nil {
		return u, fmt.Errorf("read the urgency settings: %w", err)
	}
	return u, nil
}

// FeedImport is what an import of a vulnerability feed did.
type FeedImport struct {
	Format  operations.Format `json:"format"`
	Vulns   int               `json:"vulns"`
	Affects int               `json:"affects"`
	Opened  int               `json:"opened"`
	Closed  int               `json:"closed"`
	// Systems counts the systems with an open finding of this feed.
	Systems int `json:"systems"`
}

// ImportFeed imports a vulnerability feed for g, who must work for the
// whole city (8.6.1: 情報セキュリティ管理者), streamed from r in one
// transaction: every vulnerability and the products it affects are kept,
// matched against every system's software, and a finding opened per
// affected system, or closed where the feed no longer lists the system's
// version; any fault of the file leaves the database as it was.
func (db *DB) ImportFeed(ctx context.Context, g OpsGate, r io.Reader, f operations.Format) (*FeedImport, error) {
	if g == nil || !g.City() {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "脆弱性情報を取り込めるのは CISO 室（情報セキュリティ管理者）です（8.6.1）")
	}
	out := &FeedImport{}
	now := db.Now()
	err := db.Update(ctx, func(tx *Tx) error {
		installed, err := tx.installed(ctx, nil)
		if err != nil {
			return err
		}
		inv := operations.NewInventory(installed)
		var batch []operations.Vuln
		var hits []operations.Hit
		scores := map[string]operations.Vuln{}
		imported := map[string]bool{}
		flush := func() error {
			if err := tx.writeVulns(ctx, batch, now); err != nil {
				return err
			}
			batch = batch[:0]
			return nil
		}
		format, err := operations.ReadFeed(r, f, func(v operations.Vuln) error {
			if imported[v.ID] {
				return kijun.Errorf(kijun.EINVALID, "%s がファイルに二度あります", v.ID)
			}
			imported[v.ID] = true
			out.Vulns++
			out.Affects += len(v.Affects)
			batch = append(batch, v)
			if h := inv.Match(v); len(h) > 0 {
				hits = append(hits, h...)
				scores[v.ID] = operations.Vuln{ID: v.ID, Score: v.Score, Severity: v.Severity}
			}
			if len(batch) == 500 {
				return flush()
			}
			return nil
		})
		out.Format = format
		if err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		changes, err := tx.reconcile(ctx, hits, scores, nil, func(system, vuln string) bool { return imported[vuln] }, nil, now)
		if err != nil {
			return err
		}
		systems := map[string]bool{}
		for _, c := range changes {
			if c.Action == "vuln.open" {
				out.Opened++
			} else {
				out.Closed++
			}
		}
		for _, h := range hits {
			systems[h.System] = true
		}
		out.Systems = len(systems)
		feed := Change{Action: "vuln.import", Entity: "vuln_feed", EntityID: string(format) + "@" + records.FormatTime(now), State: out, Provisions: []string{"8.6.1"}}
		return tx.RecordMany(ctx, append([]Change{feed}, changes...))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeVulns upserts vulns and replaces the products each affects.
func (tx *Tx) writeVulns(ctx context.Context, vs []operations.Vuln, now time.Time) error {
	if len(vs) == 0 {
		return nil
	}
	var args, ids, aargs []any
	at := records.FormatTime(now)
	for _, v := range vs {
		mod := ""
		if !v.Modified.IsZero() {
			mod = records.FormatTime(v.Modified)
		}
		args = append(args, v.ID, v.Source, v.Score, v.Severity, v.Summary, mod, at)
		ids = append(ids, v.ID)
		for i, a := range v.Affects {
			body, err := json.Marshal(a)
			if err != nil {
				return err
			}
			aargs = append(aargs, v.ID, i+1, a.Key(), string(body))
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO vulns (id, source, score, severity, summary, modified, imported_at) VALUES `+placeholders(len(vs), 7)+`
		ON CONFLICT (id) DO UPDATE SET source = excluded.source, score = excluded.score, severity = excluded.severity,
		summary = excluded.summary, modified = excluded.modified, imported_at = excluded.imported_at`, args...); err != nil {
		return fmt.Errorf("write vulnerabilities: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM vuln_affects WHERE vuln_id IN "+inList(len(ids)), ids...); err != nil {
		return fmt.Errorf("write affected products: %w", err)
	}
	for chunk := range slices.Chunk(aargs, 4*1000) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO vuln_affects (vuln_id, seq, product_key, body) VALUES "+placeholders(len(chunk)/4, 4), chunk...); err != nil {
			return fmt.Errorf("write affected products: %w", err)
		}
	}
	return nil
}

// installed reads the software of the systems given (every system when
// ids is nil) as the inventory matching reads it: products without a CPE
// are matched by name against feeds that name packages.
func (tx *Tx) installed(ctx context.Context, ids []string) ([]operations.Installed, error) {
	var out []operations.Installed
	scan := func(sc scanner) error {
		var p operations.Installed
		var cpe string
		if err := sc.Scan(&p.System, &p.Name, &p.Version, &cpe); err != nil {
			return err
		}
		if cpe != "" {
			c, err := operations.ParseCPE(cpe)
			if err != nil {
				return nil // the register refuses such a CPE; one left from before is not matched
			}
			p.CPE = c
		}
		out = append(out, p)
		return nil
	}
	const q = "SELECT system_id, name, version, cpe FROM system_software"
	if ids == nil {
		return out, tx.each(ctx, q, nil, scan)
	}
	keys := make([]any, len(ids))
	for i, id := range ids {
		keys[i] = id
	}
	return out, tx.eachIn(ctx, q+" WHERE system_id IN ", keys, scan)
}

// rematchSystems matches the software of the systems given, as it now is,
// against every vulnerability kept, and opens and closes their findings:
// called in the transaction that changes a system's software, so a
// version moved past the fix closes its finding as it is saved.
func (tx *Tx) rematchSystems(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	installed, err := tx.installed(ctx, ids)
	if err != nil {
		return err
	}
	var keys []any
	seen := map[string]bool{}
	for _, p := range installed {
		for _, k := range p.Keys() {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	inv := operations.NewInventory(installed)
	affects := map[string][]operations.Affect{}
	var order []string
	if len(keys) > 0 {
		err = tx.eachIn(ctx, "SELECT vuln_id, body FROM vuln_affects WHERE product_key IN ", keys, func(sc scanner) error {
			var id, body string
			if err := sc.Scan(&id, &body); err != nil {
				return err
			}
			var a operations.Affect
			if err := json.Unmarshal([]byte(body), &a); err != nil {
				return fmt.Errorf("read affected product of %s: %w", id, err)
			}
			if _, ok := affects[id]; !ok {
				order = append(order, id)
			}
			affects[id] = append(affects[id], a)
			return nil
		})
		if err != nil {
			return err
		}
	}
	var hits []operations.Hit
	for _, id := range order {
		hits = append(hits, inv.Match(operations.Vuln{ID: id, Affects: affects[id]})...)
	}
	scores := map[string]operations.Vuln{}
	if len(hits) > 0 {
		var vkeys []any
		for _, h := range hits {
			if _, ok := scores[h.Vuln]; !ok {
				scores[h.Vuln] = operations.Vuln{}
				vkeys = append(vkeys, h.Vuln)
			}
		}
		if err := tx.eachIn(ctx, "SELECT id, score, severity FROM vulns WHERE id IN ", vkeys, func(sc scanner) error {
			var v operations.Vuln
			if err := sc.Scan(&v.ID, &v.Score, &v.Severity); err != nil {
				return err
			}
			scores[v.ID] = v
			return nil
		}); err != nil {
			return err
		}
	}
	in := map[string]bool{}
	for _, id := range ids {
		in[id] = true
	}
	products := map[[2]string]bool{}
	for _, p := range installed {
		products[[2]string{p.System, p.Name}] = true
	}
	changes, err := tx.reconcile(ctx, hits, scores, ids, func(system, vuln string) bool { return in[system] }, products, time.Time{})
	if err != nil {
		return err
	}
	return tx.RecordMany(ctx, changes)
}

// reconcile opens a finding for every hit without an open one, and closes
// the open findings inScope selects that no hit holds: as fixed (or the
// product removed, when products is given and no longer lists it), or as
// withdrawn by the feed when products is nil. It returns the ledger
// records of what it changed, for the caller to append.
//
// A finding closed by an accepted exception (9.5) stays closed while the
// system is still affected: the exception is the city's decision.
func (tx *Tx) reconcile(ctx context.Context, hits []operations.Hit, vulns map[string]operations.Vuln, systems []string,
	inScope func(system, vuln string) bool, products map[[2]string]bool, now time.Time) ([]Change, error) {
	if now.IsZero() {
		now = tx.db.Now()
	}
	u, err := tx.urgency(ctx)
	if err != nil {
		return nil, err
	}
	type row struct {
		product   string
		open      bool
		exception bool
	}
	existing := map[[2]string]row{}
	read := func(sc scanner) error {
		var s, v, p, closed, reason string
		if err := sc.Scan(&s, &v, &p, &closed, &reason); err != nil {
			return err
		}
		if inScope(s, v) {
			existing[[2]string{s, v}] = row{product: p, open: closed == "", exception: reason == operations.ClosedException}
		}
		return nil
	}
	const q = "SELECT system_id, vuln_id, product, closed_at, close_reason FROM vuln_findings"
	if systems == nil {
		err = tx.each(ctx, q, nil, read)
	} else {
		keys := make([]any, len(systems))
		for i, s := range systems {
			keys[i] = s
		}
		err = tx.eachIn(ctx, q+" WHERE system_id IN ", keys, read)
	}
	if err != nil {
		return nil, fmt.Errorf("read vulnerability findings: %w", err)
	}
	var changes []Change
	var opens []any
	hit := map[[2]string]bool{}
	day := organisation.Day(now)
	admins := map[string]string{}
	for _, h := range hits {
		k := [2]string{h.System, h.Vuln}
		if hit[k] {
			continue
		}
		hit[k] = true
		if e, ok := existing[k]; ok && (e.open || e.exception) {
			continue
		}
		admin, ok := admins[h.System]
		if !ok {
			if holder, err := tx.holderOf(ctx, organisation.RoleSystemAdmin, organisation.SystemScope(h.System), day); err == nil {
				admin = holder.Person.StaffNo
			}
			admins[h.System] = admin
		}
		f := operations.OpenFinding(h, vulns[h.Vuln], u, admin, now)
		opens = append(opens, f.System, f.Vuln, f.Product, f.Version, f.Fixed, f.Score, f.Severity, f.Urgency, records.FormatTime(f.Due), f.Admin, records.FormatTime(now), "", "")
		changes = append(changes, Change{Action: "vuln.open", Entity: "vuln_finding", EntityID: f.System + "/" + f.Vuln, State: f, Provisions: []string{"8.6.1"}})
	}
	for chunk := range slices.Chunk(opens, 13*500) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO vuln_findings (system_id, vuln_id, product, version, fixed, score, severity, urgency, due_on, admin, opened_at, closed_at, close_reason)
			VALUES `+placeholders(len(chunk)/13, 13)+`
			ON CONFLICT (system_id, vuln_id) DO UPDATE SET product = excluded.product, version = excluded.version, fixed = excluded.fixed,
			score = excluded.score, severity = excluded.severity, urgency = excluded.urgency, due_on = excluded.due_on, admin = excluded.admin,
			opened_at = excluded.opened_at, closed_at = '', close_reason = ''`, chunk...); err != nil {
			return nil, fmt.Errorf("open findings: %w", err)
		}
	}
	closes := map[string][][2]string{}
	for k, e := range existing {
		if !e.open || hit[k] {
			continue
		}
		reason := operations.ClosedWithdrawn
		if products != nil {
			reason = operations.ClosedFixed
			if !products[[2]string{k[0], e.product}] {
				reason = operations.ClosedRemoved
			}
		}
		closes[reason] = append(closes[reason], [2]string{k[0], k[1]})
		changes = append(changes, Change{Action: "vuln.close", Entity: "vuln_finding", EntityID: k[0] + "/" + k[1],
			State: map[string]string{"system": k[0], "vuln": k[1], "reason": reason}, Provisions: []string{"8.6.1"}})
	}
	for reason, ks := range closes {
		if err := tx.closeVulnFindings(ctx, ks, reason, now); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Action+a.EntityID, b.Action+b.EntityID) })
	return changes, nil
}

// closeVulnFindings closes the findings of the (system, vuln) pairs given,
// for reason.
func (tx *Tx) closeVulnFindings(ctx context.Context, ks [][2]string, reason string, now time.Time) error {
	bySystem := map[string][]any{}
	for _, k := range ks {
		bySystem[k[0]] = append(bySystem[k[0]], k[1])
	}
	for system, vulns := range bySystem {
		for chunk := range slices.Chunk(vulns, 500) {
			args := append([]any{records.FormatTime(now), reason, system}, chunk...)
			if _, err := tx.ExecContext(ctx, "UPDATE vuln_findings SET closed_at = ?, close_reason = ? WHERE system_id = ? AND vuln_id IN "+inList(len(chunk)), args...); err != nil {
				return fmt.Errorf("close findings of %s: %w", system, err)
			}
		}
	}
	return nil
}

// VulnFilter selects vulnerability findings.
type VulnFilter struct {
	System string // "" for every system
	// Units limits the list to systems of these 課 (nil: every 課).
	Units []string
	Open  bool // only open findings
	Limit int
}

// VulnFindings returns findings, the most urgent first: open before
// closed, then by due day.
func (db *DB) VulnFindings(ctx context.Context, f VulnFilter) ([]operations.VulnFinding, error) {
	if f.Limit <= 0 || f.Limit > 5000 {
		f.Limit = 200
	}
	var conds []string
	var args []any
	if f.System != "" {
		conds, args = append(conds, "f.system_id = ?"), append(args, f.System)
	}
	if f.Open {
		conds = append(conds, "f.closed_at = ''")
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			return nil, nil
		}
		conds = append(conds, "s.unit_code IN "+inList(len(f.Units)))
		for _, u := range f.Units {
			args = append(args, u)
		}
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	var out []operations.VulnFinding
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT f.system_id, f.vuln_id, f.product, f.version, f.fixed, f.score, f.severity, f.urgency, f.due_on, f.admin,
			f.opened_at, f.closed_at, f.close_reason, v.summary
			FROM vuln_findings f JOIN vulns v ON v.id = f.vuln_id JOIN systems s ON s.id = f.system_id `+where+`
			ORDER BY CASE WHEN f.closed_at = '' THEN 0 ELSE 1 END, f.due_on, f.system_id, f.vuln_id LIMIT ?`, append(args, f.Limit), func(sc scanner) error {
			var v operations.VulnFinding
			var due, opened, closed string
			if err := sc.Scan(&v.System, &v.Vuln, &v.Product, &v.Version, &v.Fixed, &v.Score, &v.Severity, &v.Urgency, &due, &v.Admin,
				&opened, &closed, &v.CloseReason, &v.Summary); err != nil {
				return err
			}
			v.Due, v.OpenedAt = parseStoredTime(due), parseStoredTime(opened)
			if closed != "" {
				v.ClosedAt = parseStoredTime(closed)
			}
			out = append(out, v)
			return nil
		})
	})
	return out, err
}

// CloseVulnByException closes an open finding of a system under a 例外措置
// (9.5) in force that covers 8.6.1, for g, with its ledger record: a
// request that is not an approved exception, has ended or is written
// against another provision is refused beside the request field. The
// finding stays closed while the exception is the city's decision; a
// later feed or change does not open it again.
func (db *DB) CloseVulnByException(ctx context.Context, g OpsGate, system, vuln string, request int64) error {
	today := organisation.Day(db.Now())
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.gateSystem(ctx, g, system); err != nil {
			return err
		}
		var closed string
		err := tx.QueryRowContext(ctx, "SELECT closed_at FROM vuln_findings WHERE system_id = ? AND vuln_id = ?", system, vuln).Scan(&closed)
		if err != nil || closed != "" {
			return errNoRows(errOrClosed(err), "情報システム %s に未対応の %s はありません", system, vuln)
		}
		_, problem, err := tx.exceptionFor(ctx, request, "8.6.1", today)
		if err != nil {
			return err
		}
		if problem != "" {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "request", Message: problem}}}).AsError()
		}
		now := db.Now()
		if err := tx.closeVulnFindings(ctx, [][2]string{{system, vuln}}, operations.ClosedException, now); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "vuln.close", Entity: "vuln_finding", EntityID: system + "/" + vuln,
			State: map[string]any{"system": system, "vuln": vuln, "reason": operations.ClosedException, "request": request}, Provisions: []string{"8.6.1", "9.5.1"}})
		return err
	})
}

// errOrClosed is err, or sql.ErrNoRows for a finding already closed.
func errOrClosed(err error) error {
	if err == nil {
		return sql.ErrNoRows
	}
	return err
}
