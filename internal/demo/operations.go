package demo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// webServer is the 施設予約システム's web server, named by its CPE so the
// demo feed finds it (8.6.1): a version inside the range of the feed's
// first hole, fixed in 2.4.62.
var webServer = systems.Software{Name: "Apache HTTP Server", Version: "2.4.57", CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*",
	EndOfSupport: time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC)}

// webSystem runs webServer.
const webSystem = "yoyaku"

// soloChangeSystem is the system where a change was carried out by one
// person alone (8.1.5ウ), planted.
const soloChangeSystem = "doro"

// operatedSystems are the main systems whose operations the demo records:
// a year of work records, changes confirmed by two people, log policies
// and their reviews.
var operatedSystems = []string{"juki", "zeimu", "keiyaku", "zaimu", "doro", "yoyaku", "bunsho"}

// demoFeed is the demo's vulnerability feed: a few holes of which one hits
// the 施設予約システム's web server; the others name software the city
// does not run, or versions it has moved past.
func demoFeed() []operations.Vuln {
	return []operations.Vuln{
		{ID: "CVE-2026-31001", Summary: "Apache HTTP Server: request smuggling in mod_proxy (fictional, for the demo)", Score: 9.1,
			Affects: []operations.Affect{{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", StartIncluding: "2.4.0", EndExcluding: "2.4.62"}}},
		{ID: "CVE-2026-31002", Summary: "Apache HTTP Server: an older hole fixed in 2.4.55 (fictional)", Score: 7.5,
			Affects: []operations.Affect{{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", StartIncluding: "2.4.0", EndExcluding: "2.4.55"}}},
		{ID: "CVE-2026-31003", Summary: "nginx: memory disclosure (fictional)", Score: 5.3,
			Affects: []operations.Affect{{CPE: "cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*", EndExcluding: "1.27.1"}}},
		{ID: "CVE-2026-31004", Summary: "OpenSSL: denial of service (fictional)", Score: 7.5,
			Affects: []operations.Affect{{CPE: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", StartIncluding: "3.0.0", EndExcluding: "3.0.15"}}},
	}
}

// generateOperations records what the system administrators did over the
// year (8.1.5ア): work records, each main system's changes carried out and
// confirmed by two people (8.1.5ウ) but for one done alone (planted), log
// policies with a review each month (8.1.7ウ), and a vulnerability feed
// imported by the CISO's office and matched to the software (8.6.1). A
// second run adds nothing.
func generateOperations(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x6f7073))
	now := db.Now()
	day := organisation.Day(now)
	ed := registers.Console()
	ops := registers.New(db).Operations
	var rows []operations.WorkRow
	changes, reviews := 0, 0
	tasks := []string{"OS 月例パッチ適用", "バックアップ取得結果の確認", "ウイルス定義ファイル更新の確認", "利用者ID の登録・抹消", "ディスク使用量の点検", "証明書の更新"}
	for _, id := range operatedSystems {
		sys, err := db.System(ctx, id)
		if err != nil {
			continue // a scale without this system
		}
		admin, err := db.HolderOf(ctx, organisation.RoleSystemAdmin, organisation.SystemScope(id), day)
		if err != nil {
			continue
		}
		second := ""
		members, err := db.Members(ctx, sys.Unit, day)
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.StaffNo != admin.Person.StaffNo {
				second = m.StaffNo
				break
			}
		}
		if second == "" {
			continue
		}
		// 8.1.5ア: twice a month for a year, by the ticket system's numbers.
		for m := 12; m >= 1; m-- {
			for k := 0; k < 2; k++ {
				at := now.AddDate(0, -m, 0).Add(time.Duration(k*14*24+rng.IntN(72)) * time.Hour)
				if !at.Before(now) {
					continue
				}
				rows = append(rows, operations.WorkRow{Line: len(rows) + 2, Record: operations.WorkRecord{System: id, At: at,
					Workers: []string{admin.Person.StaffNo, second}, Summary: tasks[rng.IntN(len(tasks))], Components: sys.Name + " 本番サーバ",
					Outcome: operations.OutcomeDone, Ticket: fmt.Sprintf("OPS-%s-%02d%d", id, 12-m, k)}})
			}
		}
		// 8.1.5イ,ウ, 8.3.6: a change a year, carried out by two; in one
		// system by one person alone.
		if id == soloChangeSystem {
			sum.plant("system.change-alone", "system:"+id, "8.1.5.ウ")
		}
		if done, err := db.SystemChanges(ctx, id, 1); err != nil || len(done) > 0 {
			if err != nil {
				return err
			}
		} else {
			c, err := ops.Plan(ctx, ed, admin.Person.StaffNo, operations.Change{System: id, Title: "ミドルウェアの更新",
				Reason: "ベンダーの推奨する修正版の適用", Risk: "更新中の停止（休日夜間に実施）", Rollback: "更新前のスナップショットから戻す",
				Components: sys.Name + " 本番サーバ", Documents: "運用手順書 第3版",
				Versions: []operations.VersionChange{{Product: sys.Software[0].Name, Before: sys.Software[0].Version, After: sys.Software[0].Version}}})
			if err != nil {
				return fmt.Errorf("demo change of %s: %w", id, err)
			}
			step := func(kind, who string, others []string) error {
				c, err = ops.Step(ctx, ed, kind, store.ChangeStep{ID: c.ID, Version: c.Version, Who: who, Others: others,
					At: now.Add(-time.Hour), Outcome: operations.OutcomeDone})
				return err
			}
			owner, err := db.HolderOf(ctx, organisation.RoleSystemOwner, organisation.SystemScope(id), day)
			approver := owner.Person.StaffNo
			if err != nil || approver == "" {
				approver = second
			}
			if err := step(registers.StepApprove, approver, nil); err != nil {
				return fmt.Errorf("demo change of %s: %w", id, err)
			}
			if id == soloChangeSystem {
				if err := step(registers.StepCarry, admin.Person.StaffNo, nil); err != nil {
					return fmt.Errorf("demo change of %s: %w", id, err)
				}
			} else {
				if err := step(registers.StepCarry, admin.Person.StaffNo, []string{second}); err != nil {
					return fmt.Errorf("demo change of %s: %w", id, err)
				}
				if err := step(registers.StepConfirm, second, nil); err != nil {
					return fmt.Errorf("demo change of %s: %w", id, err)
				}
			}
			changes++
		}
		// 8.1.7, 9.1: reviewed monthly by the administrator.
		if _, err := db.LogPolicy(ctx, id); err != nil {
			if _, err := ops.SetLogPolicy(ctx, ed, operations.LogPolicy{System: id, Reviewer: admin.Person.StaffNo, EveryDays: 31,
				OnFailure: "監視装置の警報で保守業者に連絡し、復旧まで操作ログを手書きで記録する", Backup: "月次で外部媒体に保存（管理区域内の施錠保管庫）",
				Monitoring: "統合監視（死活・リソース・不正ログイン）、警報は業務システム管理者と保守業者へ", TimeSync: true}); err != nil {
				return fmt.Errorf("demo log policy of %s: %w", id, err)
			}
			for m := 11; m >= 0; m-- {
				if _, err := ops.RecordLogReview(ctx, ed, operations.LogReview{System: id, At: now.AddDate(0, 0, -m*30-1), Reviewer: admin.Person.StaffNo,
					Findings: []string{"", "", "", "深夜帯のログイン失敗 3 件（利用者の入力誤りと確認）"}[rng.IntN(4)]}); err != nil {
					return fmt.Errorf("demo log review of %s: %w", id, err)
				}
				reviews++
			}
		}
	}
	res, err := db.ImportWorkRecords(ctx, ed, rows, false)
	if err != nil {
		return fmt.Errorf("demo work records: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("operations: %d work records added (%d already there), %d changes, %d log reviews", res.Added, res.Unchanged, changes, reviews))
	// 8.6.1: the CISO's office imports the feed once.
	if fs, err := db.VulnFindings(ctx, store.VulnFilter{Limit: 1}); err != nil || len(fs) > 0 {
		return err
	}
	var feed bytes.Buffer
	if err := operations.WriteNVD(&feed, demoFeed(), now); err != nil {
		return err
	}
	imp, err := ops.ImportFeed(ctx, ed, &feed, operations.FormatNVD)
	if err != nil {
		return fmt.Errorf("demo feed: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("vulnerabilities: %d imported, %d findings opened on %d systems (%s)", imp.Vulns, imp.Opened, imp.Systems,
		strings.Join([]string{webSystem}, ", ")))
	return nil
}
