package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"kijun/internal/catalog"
	"kijun/internal/catalog/align"
	"kijun/internal/kijun"
	"kijun/internal/records"
)

// CityWide says whether the acting person works for the whole city, as
// the CISO's office that confirms how the city's own standard aligns with
// the reference (3.2.2, 11.3).
type CityWide interface {
	City() bool
}

// The states of an alignment under review.
const (
	AlignProposed = "proposed"
	AlignAccepted = "accepted"
	AlignRejected = "rejected"
	AlignChanged  = "changed"
	AlignAdded    = "added"
)

// Alignment is one city provision under review: the proposal, its state,
// and the alignments confirmed for it.
type Alignment struct {
	FromKey, FromEdition, FromPID string
	ToKey, ToEdition              string
	// Title and Text are the city provision's.
	Title, Text string
	Candidates  []align.Candidate
	Doubt       float64
	Status      string
	DecidedBy   string
	DecidedAt   string
	// Confirmed are the mappings confirmed from this provision.
	Confirmed []ConfirmedMapping
}

// ConfirmedMapping is an alignment the CISO's office confirmed.
type ConfirmedMapping struct {
	To           string
	Relationship catalog.Relationship
	By, At       string
}

// SaveAlignmentProposals stores the proposals for the city catalog
// from@fromEdition against the reference to@toEdition. A provision already
// decided keeps its decision; the others take the new proposal. Both
// catalogs must be loaded.
func (db *DB) SaveAlignmentProposals(ctx context.Context, g CityWide, fromKey, fromEdition, toKey, toEdition string, props []align.Proposal) error {
	if g == nil || !g.City() {
		return errAlignForbidden()
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.catalogLoaded(ctx, fromKey, fromEdition); err != nil {
			return err
		}
		if err := tx.catalogLoaded(ctx, toKey, toEdition); err != nil {
			return err
		}
		for i, p := range props {
			if err := tx.provisionExists(ctx, fromKey, fromEdition, p.From); err != nil {
				return err
			}
			cands, err := json.Marshal(p.Candidates)
			if err != nil {
				return fmt.Errorf("encode candidates of %s: %w", p.From, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_alignments (from_key, from_edition, from_pid, to_key, to_edition, ord, candidates, doubt)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (from_key, from_edition, from_pid, to_key) DO UPDATE SET to_edition = excluded.to_edition, ord = excluded.ord,
				candidates = excluded.candidates, doubt = excluded.doubt
				WHERE catalog_alignments.status = 'proposed'`,
				fromKey, fromEdition, p.From, toKey, toEdition, i, string(cands), p.Doubt); err != nil {
				return fmt.Errorf("store proposal for %s: %w", p.From, err)
			}
		}
		_, err := tx.Record(ctx, Change{Action: "catalog.alignment.propose", Entity: "catalog_alignment",
			EntityID: fromKey + "@" + fromEdition + ">" + toKey + "@" + toEdition, State: props, Provisions: []string{"11.3"}})
		return err
	})
}

// AlignmentDecision is what the reviewer decided for one city provision.
type AlignmentDecision struct {
	// Action is accept (the first candidate as proposed), reject (no
	// reference provision: the city's own), change (To instead of the
	// proposal) or add (To beside the alignments confirmed already).
	Action string
	// To and Relationship name the reference provision for change and add.
	To           string
	Relationship catalog.Relationship
}

// DecideAlignment records the CISO's office's decision on one city
// provision's alignment and writes the confirmed alignments as catalog
// mappings with who confirmed them and when, with a ledger record, in one
// transaction.
func (db *DB) DecideAlignment(ctx context.Context, g CityWide, fromKey, fromEdition, fromPID, toKey string, d AlignmentDecision) (Alignment, error) {
	if g == nil || !g.City() {
		return Alignment{}, errAlignForbidden()
	}
	var out Alignment
	err := db.Update(ctx, func(tx *Tx) error {
		a, err := tx.alignment(ctx, fromKey, fromEdition, fromPID, toKey)
		if err != nil {
			return err
		}
		who := kijun.ActorFrom(ctx).ID
		now := records.FormatTime(db.Now())
		var add []ConfirmedMapping
		status := ""
		switch d.Action {
		case "accept":
			if len(a.Candidates) == 0 {
				return kijun.Errorf(kijun.EINVALID, "%s には対応の候補がありません（変更か追加で対応先を指定してください）", fromPID)
			}
			c := a.Candidates[0]
			add, status = []ConfirmedMapping{{To: c.To, Relationship: c.Relationship}}, AlignAccepted
		case "reject":
			status = AlignRejected
		case "change", "add":
			if !d.Relationship.Valid() || d.Relationship == catalog.RelatedTo {
				return kijun.Errorf(kijun.EINVALID, "関係 %q は equivalent, subset-of, superset-of, intersects-with のいずれかにしてください", d.Relationship)
			}
			if err := tx.provisionExists(ctx, toKey, a.ToEdition, d.To); err != nil {
				return kijun.Errorf(kijun.EINVALID, "対応先の規定 %s は %s 第%s版にありません", d.To, toKey, a.ToEdition)
			}
			add = []ConfirmedMapping{{To: d.To, Relationship: d.Relationship}}
			status = AlignChanged
			if d.Action == "add" {
				status = AlignAdded
			}
		default:
			return kijun.Errorf(kijun.EINVALID, "判断 %q は accept, reject, change, add のいずれかにしてください", d.Action)
		}
		if d.Action != "add" {
			for _, table := range []string{"catalog_mappings", "catalog_mapping_confirmations"} {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE from_key = ? AND from_pid = ? AND to_key = ?`, fromKey, fromPID, toKey); err != nil {
					return fmt.Errorf("replace alignments of %s: %w", fromPID, err)
				}
			}
		}
		for _, m := range add {
			if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_mappings (from_key, from_pid, to_key, to_pid, relationship, note)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (from_key, from_pid, to_key, to_pid) DO UPDATE SET relationship = excluded.relationship`,
				fromKey, fromPID, toKey, m.To, string(m.Relationship), "対応の確認 (confirmed alignment)"); err != nil {
				return fmt.Errorf("store alignment %s → %s: %w", fromPID, m.To, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_mapping_confirmations (from_key, from_pid, to_key, to_pid, confirmed_by, confirmed_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (from_key, from_pid, to_key, to_pid) DO UPDATE SET confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`,
				fromKey, fromPID, toKey, m.To, who, now); err != nil {
				return fmt.Errorf("store confirmation %s → %s: %w", fromPID, m.To, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE catalog_alignments SET status = ?, decided_by = ?, decided_at = ?
			WHERE from_key = ? AND from_edition = ? AND from_pid = ? AND to_key = ?`, status, who, now, fromKey, fromEdition, fromPID, toKey); err != nil {
			return fmt.Errorf("record decision on %s: %w", fromPID, err)
		}
		if out, err = tx.alignment(ctx, fromKey, fromEdition, fromPID, toKey); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "catalog.alignment.decide", Entity: "catalog_alignment",
			EntityID: fromKey + "@" + fromEdition + "/" + fromPID + ">" + toKey, State: out, Provisions: []string{"11.3"}})
		return err
	})
	return out, err
}

// Alignments returns the city provisions under review against toKey,
// undecided first and the most doubtful first among them.
func (db *DB) Alignments(ctx context.Context, fromKey, fromEdition, toKey string) ([]Alignment, error) {
	var out []Alignment
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT a.from_pid FROM catalog_alignments a
			WHERE a.from_key = ? AND a.from_edition = ? AND a.to_key = ?
			ORDER BY CASE WHEN a.status = 'proposed' THEN 0 ELSE 1 END, a.doubt DESC, a.ord`, fromKey, fromEdition, toKey)
		if err != nil {
			return fmt.Errorf("read alignments: %w", err)
		}
		var pids []string
		for rows.Next() {
			var pid string
			if err := rows.Scan(&pid); err != nil {
				rows.Close()
				return fmt.Errorf("read alignments: %w", err)
			}
			pids = append(pids, pid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, pid := range pids {
			a, err := tx.alignment(ctx, fromKey, fromEdition, pid, toKey)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// ConfirmedAlignments returns the confirmed mappings from the city's
// catalog to the reference, by city provision.
func (db *DB) ConfirmedAlignments(ctx context.Context, fromKey, toKey string) (map[string][]ConfirmedMapping, error) {
	out := map[string][]ConfirmedMapping{}
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT m.from_pid, m.to_pid, m.relationship, c.confirmed_by, c.confirmed_at FROM catalog_mappings m
			JOIN catalog_mapping_confirmations c ON c.from_key = m.from_key AND c.from_pid = m.from_pid AND c.to_key = m.to_key AND c.to_pid = m.to_pid
			WHERE m.from_key = ? AND m.to_key = ? ORDER BY m.from_pid, m.to_pid`, fromKey, toKey)
		if err != nil {
			return fmt.Errorf("read confirmed alignments: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var from string
			var m ConfirmedMapping
			var rel string
			if err := rows.Scan(&from, &m.To, &rel, &m.By, &m.At); err != nil {
				return fmt.Errorf("read confirmed alignments: %w", err)
			}
			m.Relationship = catalog.Relationship(rel)
			out[from] = append(out[from], m)
		}
		return rows.Err()
	})
	return out, err
}

func (tx *Tx) alignment(ctx context.Context, fromKey, fromEdition, pid, toKey string) (Alignment, error) {
	a := Alignment{FromKey: fromKey, FromEdition: fromEdition, FromPID: pid, ToKey: toKey}
	var cands string
	err := tx.QueryRowContext(ctx, `SELECT to_edition, candidates, doubt, status, decided_by, decided_at FROM catalog_alignments
		WHERE from_key = ? AND from_edition = ? AND from_pid = ? AND to_key = ?`, fromKey, fromEdition, pid, toKey).
		Scan(&a.ToEdition, &cands, &a.Doubt, &a.Status, &a.DecidedBy, &a.DecidedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, kijun.Errorf(kijun.ENOTFOUND, "%s@%s の %s の対応案はありません", fromKey, fromEdition, pid)
	}
	if err != nil {
		return a, fmt.Errorf("read alignment of %s: %w", pid, err)
	}
	if err := json.Unmarshal([]byte(cands), &a.Candidates); err != nil {
		return a, fmt.Errorf("decode candidates of %s: %w", pid, err)
	}
	var data string
	err = tx.QueryRowContext(ctx, `SELECT p.title, p.data FROM provisions p JOIN catalogs c ON c.id = p.catalog_id
		WHERE c.key = ? AND c.edition = ? AND p.pid = ?`, fromKey, fromEdition, pid).Scan(&a.Title, &data)
	if err != nil {
		return a, fmt.Errorf("read provision %s: %w", pid, err)
	}
	var p catalog.Provision
	if err := decodeProvision(data, &p); err != nil {
		return a, err
	}
	a.Text = p.Text
	rows, err := tx.QueryContext(ctx, `SELECT m.to_pid, m.relationship, c.confirmed_by, c.confirmed_at FROM catalog_mappings m
		JOIN catalog_mapping_confirmations c ON c.from_key = m.from_key AND c.from_pid = m.from_pid AND c.to_key = m.to_key AND c.to_pid = m.to_pid
		WHERE m.from_key = ? AND m.from_pid = ? AND m.to_key = ? ORDER BY m.to_pid`, fromKey, pid, toKey)
	if err != nil {
		return a, fmt.Errorf("read alignments of %s: %w", pid, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m ConfirmedMapping
		var rel string
		if err := rows.Scan(&m.To, &rel, &m.By, &m.At); err != nil {
			return a, fmt.Errorf("read alignments of %s: %w", pid, err)
		}
		m.Relationship = catalog.Relationship(rel)
		a.Confirmed = append(a.Confirmed, m)
	}
	return a, rows.Err()
}

func (tx *Tx) catalogLoaded(ctx context.Context, key, edition string) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM catalogs WHERE key = ? AND edition = ?`, key, edition).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return kijun.Errorf(kijun.ENOTFOUND, "基準 %s@%s は読み込まれていません（kijun catalog load で読み込んでください）", key, edition)
	}
	return err
}

func (tx *Tx) provisionExists(ctx context.Context, key, edition, pid string) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM provisions p JOIN catalogs c ON c.id = p.catalog_id
		WHERE c.key = ? AND c.edition = ? AND p.pid = ?`, key, edition, pid).Scan(&n)
	if err != nil {
		return fmt.Errorf("find provision %s: %w", pid, err)
	}
	if n == 0 {
		return kijun.Errorf(kijun.EINVALID, "規定 %s は %s@%s にありません", pid, key, edition)
	}
	return nil
}

func errAlignForbidden() error {
	return kijun.Errorf(kijun.EFORBIDDEN, "基準の対応を確定する権限がありません（CISO の事務局のみ。11.3）")
}
