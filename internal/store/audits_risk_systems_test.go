package store_test

import (
	"testing"

	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The plan page's risk per system (11.1.3): a system's open findings of
// the continuous checks are counted, the serious first; a closed one is
// not, and a system with nothing to show is left out.
func TestAuditSystemRisk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		deputyOrg(t, db)
		at := records.FormatTime(db.Now())
		if err := db.Update(ctx, func(tx *store.Tx) error {
			for _, f := range []struct{ rule, subject, severity, closed string }{
				{"a", "system:S-1", "high", ""}, {"b", "system:S-1", "low", ""}, {"a", "system:S-2", "low", ""},
				{"a", "system:S-3", "high", at}, {"a", "medium:M-1", "high", ""},
			} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_findings (rule, subject, provision, severity, kind, subject_name, unit_code, message, first_seen, last_seen, closed_at)
					VALUES (?, ?, '8.1.1', ?, 'system', 'x', '111', 'x', ?, ?, ?)`, f.rule, f.subject, f.severity, at, at, f.closed); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got, err := db.AuditSystemRisk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].System != "S-1" || got[0].OpenFindings != 2 || got[0].HighFindings != 1 || got[1].System != "S-2" {
			t.Errorf("risk = %+v; want S-1 (2 open, 1 high), then S-2", got)
		}
	})
}
