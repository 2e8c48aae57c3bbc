package store

import (
	"context"
	"fmt"
)

// FindingProvisions returns every provision the findings cite, open or
// closed, once each: under a city's own standard they read 第34条［8.2.6］,
// and a filter by the city's 章 or 条 picks those that fall under it.
func (db *DB) FindingProvisions(ctx context.Context) ([]string, error) {
	var out []string
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT DISTINCT provision FROM compliance_findings ORDER BY provision")
		if err != nil {
			return fmt.Errorf("list cited provisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
