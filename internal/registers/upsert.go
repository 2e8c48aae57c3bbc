package registers

import (
	"context"

	"kijun/internal/assetsheet"
	"kijun/internal/store"
	"kijun/internal/systemsheet"
)

// The API's bulk writes: rows already read from JSON, written all or
// nothing by the same store import as a spreadsheet, so a row refused in a
// file is refused in a call. Each refusal names the row and the field by
// its JSON name, as the caller sent it, rather than a column heading.

// byField maps each field of a heading map to itself, for a report that
// names fields as JSON does.
func byField(headingOf map[string]string) map[string]string {
	out := make(map[string]string, len(headingOf))
	for f := range headingOf {
		out[f] = f
	}
	return out
}

// Upsert writes many assets for ed in one call, all or nothing, each by
// the rules of Create and Update (8.2.1ア: ed keeps each row's 課 before
// and after).
func (s *Assets) Upsert(ctx context.Context, ed *Editor, rows []store.AssetRow, dryRun bool) (*store.ImportPlan, error) {
	return s.db.ImportAssets(ctx, ed, "api", rows, s.scales, byField(assetsheet.HeadingOf()), dryRun)
}

// Upsert writes many systems for ed in one call, all or nothing, each by
// the rules of Create and Update.
func (s *Systems) Upsert(ctx context.Context, ed *Editor, rows []store.SystemRow, dryRun bool) (*store.ImportPlan, error) {
	return s.db.ImportSystems(ctx, ed, "api", rows, byField(systemsheet.HeadingOf()), dryRun)
}

// Upsert writes many segments, or many connections, in one call, all or
// nothing (8.1.9: by the network register's keepers only).
func (n *Network) Upsert(ctx context.Context, ed *Editor, rows store.NetworkRows, dryRun bool) (*store.ImportPlan, error) {
	if err := n.gate(ed); err != nil {
		return nil, err
	}
	rows.Sheet = "api"
	return n.db.ImportNetwork(ctx, rows, byField(systemsheet.NetworkHeadingOf(len(rows.Connections) > 0)), dryRun)
}
