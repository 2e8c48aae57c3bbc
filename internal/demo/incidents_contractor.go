package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// amaContractID is the contract of the planted 尼崎-style chain
// (generateContractors' amaContract): 再委託 F0003 → F0004, and the
// unapproved 再々委託 F0004 → F0005 that carried the data away.
const amaContractID = "K0001"

// traceLeakToChain has the CSIRT record, through the incident
// service, that one of the past leaks from a 委託先 arose at the end of
// the 尼崎-style chain (10.1.4, 7.3.3エ): the 再々委託先 F0005 under
// contract K0001. The statistics of that year then count it under the
// contractor (事業者別), and the contractor's page lists it. The most
// recent closed leak is chosen (else the most recent closed incident);
// it does nothing when an incident names the contractor already, or when
// the chain is not in the register.
func traceLeakToChain(ctx context.Context, db *store.DB, _ *rand.Rand, _ Options, sum *Summary) error {
	if _, err := db.ContractEntry(ctx, amaContractID); err != nil {
		return nil
	}
	fyStart, _ := wareki.FiscalYearRange(wareki.FiscalYear(db.Now()))
	rows, err := db.IncidentStatRows(ctx, fyStart.AddDate(-5, 0, -1), fyStart)
	if err != nil {
		return err
	}
	pick := -1
	for i, r := range rows {
		if r.Contractor == firmAmaC {
			return nil
		}
		if r.Status != incidents.StatusClosed || r.Drill {
			continue
		}
		if pick < 0 || r.Kind == incidents.KindLeak || rows[pick].Kind != incidents.KindLeak {
			pick = i
		}
	}
	if pick < 0 {
		return nil
	}
	in, err := db.Incident(ctx, rows[pick].ID)
	if err != nil {
		return err
	}
	if _, err := db.RecordIncidentCause(ctx, in.ID, in.Version, incidents.Finding{Cause: incidents.CauseContractor,
		Text:         "再々委託先の従業員が集計データを USB メモリで持ち出し、紛失したもの。再々委託は承認されていなかった（10.1.4）",
		ContractorID: firmAmaC, ContractID: amaContractID}); err != nil {
		return err
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("incidents: no. %d (found %s) names the 再々委託先 %s under contract %s",
		in.ID, in.DiscoveredAt.In(time.UTC).Format("2006-01-02"), firmAmaC, amaContractID))
	return nil
}
