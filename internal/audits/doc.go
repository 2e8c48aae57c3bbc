// Package audits is chapter 11.1 of the standard, 監査, as rules, states
// and validation, with neither SQL nor HTTP.
//
// A yearly plan per 年度 (11.1.3) is drafted by the 情報セキュリティ監査
// 統括責任者 and approved by the CISO; it names each audit: its scope (課,
// systems, a contractor; chapters or provisions), its criteria (the
// catalog edition in force), its auditors and its dates. An auditor must be
// independent of what they audit (11.1.2): Independence reads the
// organisation data over time (where the auditor worked, which roles they
// held) and names each conflict; the store asks it when the plan is made
// and again whenever an auditor records work. An auditor from outside (a
// contractor, 11.1.4) is allowed only where the audit says so.
//
// Work is a checklist generated from the provisions in scope (Checklist),
// a sample of register records drawn by a seeded random draw that is
// recorded and can be shown again (Draw), a verdict per sampled record,
// evidence kept with its SHA-256 for the city's retention period (11.1.6),
// and findings citing provisions and a severity, each of which becomes a
// corrective action (11.1.7). The report to the CISO (11.1.5) is a page
// and a workbook; its submission is a ledger record.
package audits
