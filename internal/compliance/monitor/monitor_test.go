package monitor_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/compliance"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/separation"
	"kijun/internal/demo"
	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// smallDemo fills db with the small demo city.
func smallDemo(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := demo.Generate(context.Background(), db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
}

// checkedDemo fills db with the small demo city, checks it whole and
// returns the monitor that did.
func checkedDemo(t *testing.T, db *store.DB) *monitor.Monitor {
	t.Helper()
	smallDemo(t, db)
	m := monitor.New(db)
	if _, err := m.Run(context.Background(), db.Now()); err != nil {
		t.Fatal(err)
	}
	return m
}

func has(fs []compliance.Finding, rule, subject string) bool {
	return slices.ContainsFunc(fs, func(f compliance.Finding) bool { return f.Rule == rule && f.Subject == subject })
}

// TestRunRecheckAndWhatIf follows what the CISO's office sees: a full run
// keeps findings; fixing a system closes its finding when it is saved and
// re-checked; a proposed connection shows the separation finding it would
// open before anything is saved.
func TestRunRecheckAndWhatIf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallDemo(t, db)
		m := monitor.New(db)
		res, err := m.Run(ctx, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Opened != len(res.Findings) || res.ID == 0 {
			t.Fatalf("first run: %d findings, %d opened, run %d", len(res.Findings), res.Opened, res.ID)
		}
		// A second run finds the same and opens nothing.
		again, err := m.Run(ctx, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if again.Opened != 0 || again.Closed != 0 || len(again.Findings) != len(res.Findings) {
			t.Fatalf("second run opened %d, closed %d, found %d (first %d)", again.Opened, again.Closed, len(again.Findings), len(res.Findings))
		}

		// A system without a maintenance contract is given one.
		sys, err := db.System(ctx, "juki")
		if err != nil {
			t.Fatal(err)
		}
		sys.Documents = ""
		if sys, err = db.UpdateSystem(ctx, registers.Console(), sys); err != nil {
			t.Fatal(err)
		}
		now, err := m.Recheck(ctx, "system:juki")
		if err != nil {
			t.Fatal(err)
		}
		if !has(now, "system.documents", "system:juki") {
			t.Fatalf("re-check after removing the documents did not find it: %v", now)
		}
		open, _, err := db.ListFindings(ctx, store.FindingFilter{Subject: "system:juki", Rule: "system.documents"})
		if err != nil || len(open) != 1 || open[0].Provision != "8.1.6" {
			t.Fatalf("kept finding = %+v, %v", open, err)
		}
		sys.Documents = "仕様書, ネットワーク構成図"
		if _, err := db.UpdateSystem(ctx, registers.Console(), sys); err != nil {
			t.Fatal(err)
		}
		if now, err = m.Recheck(ctx, "system:juki"); err != nil {
			t.Fatal(err)
		}
		if has(now, "system.documents", "system:juki") {
			t.Fatal("the fixed system is still found wanting")
		}
		closed, _, err := db.ListFindings(ctx, store.FindingFilter{Subject: "system:juki", Rule: "system.documents", Closed: true})
		if err != nil || len(closed) != 1 || closed[0].ClosedAt.IsZero() {
			t.Fatalf("closed finding = %+v, %v", closed, err)
		}
		// The re-check left the other systems' findings alone.
		all, total, err := db.ListFindings(ctx, store.FindingFilter{Limit: 1})
		if err != nil || total == 0 || len(all) != 1 {
			t.Fatalf("open findings after re-check: %d, %v", total, err)
		}

		// What if the マイナンバー core were connected to the internet?
		added, gone, err := m.WhatIf(ctx, monitor.Proposal{Connection: &systems.Connection{ID: "whatif-1", From: "segment:mn-core",
			To: "external:internet", Channel: systems.ChannelNetwork, Sanitisation: systems.SanitiseNone}})
		if err != nil {
			t.Fatal(err)
		}
		if !has(added, "separation.mynumber-internet", "connection:whatif-1") || len(gone) != 0 {
			t.Fatalf("what-if added %v, closed %v", added, gone)
		}
		// Only the proposed connection is found wanting: the other
		// connections' findings stand before and after.
		for _, f := range added {
			if f.Subject != "connection:whatif-1" {
				t.Errorf("the new connection's what-if added %s on %s", f.Rule, f.Subject)
			}
		}
		if _, err := db.Connection(ctx, "whatif-1"); err == nil {
			t.Fatal("the what-if saved the connection")
		}
		// What if a system moved into the マイナンバー zone with one factor?
		lg, err := db.System(ctx, "keiyaku")
		if err != nil {
			t.Fatal(err)
		}
		lg.Zone, lg.AuthFactors = systems.ZoneMyNumber, 1
		added, _, err = m.WhatIf(ctx, monitor.Proposal{System: &lg})
		if err != nil {
			t.Fatal(err)
		}
		if !has(added, "system.mynumber-mfa", "system:keiyaku") {
			t.Fatalf("moving a one-factor system into マイナンバー added %v", added)
		}
	})
}

// A re-check after a change to one connection judges that connection by
// every rule and the whole network by the separation proof, and leaves the
// other connections' own findings as they were: a full run afterwards
// finds nothing more and nothing less.
func TestRecheckConnection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := checkedDemo(t, db)
		net, err := db.NetworkRegister(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var maint, other systems.Connection
		for _, c := range net.Connections {
			switch {
			case c.From == "segment:other-lan" && c.To == "segment:net-office":
				maint = c
			case other.ID == "" && c.Restriction != "":
				other = c
			}
		}
		if maint.ID == "" || other.ID == "" {
			t.Fatalf("demo connections not found: %+v", net.Connections)
		}
		// Another connection has a finding of its own rules, which a
		// re-check of the maintenance link must leave open.
		other.Restriction = ""
		other.From, other.To = "segment:other-lan", "segment:lg-office"
		if _, err := db.SaveConnection(ctx, store.Update, other); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Recheck(ctx, "connection:"+other.ID); err != nil {
			t.Fatal(err)
		}
		kept := func(rule, subject string) bool {
			fs, _, err := db.ListFindings(ctx, store.FindingFilter{Subject: subject, Rule: rule})
			if err != nil {
				t.Fatal(err)
			}
			return len(fs) == 1
		}
		if !kept("connection.unrestricted", "connection:"+other.ID) {
			t.Fatal("the other connection's missing access control was not found")
		}
		// A what-if on the maintenance link speaks of that link alone: the
		// other connection's finding stands before and after.
		proposed := maint
		proposed.Restriction = ""
		added, closed, err := m.WhatIf(ctx, monitor.Proposal{Connection: &proposed})
		if err != nil {
			t.Fatal(err)
		}
		if !has(added, "connection.unrestricted", "connection:"+maint.ID) {
			t.Errorf("what-if without access control added %v", added)
		}
		for _, f := range append(added, closed...) {
			if f.Subject != "connection:"+maint.ID {
				t.Errorf("what-if on %s changed %s on %s", maint.ID, f.Rule, f.Subject)
			}
		}

		// The maintenance link loses its access control and is pointed
		// at the internet from the マイナンバー core.
		maint.Restriction = ""
		maint.From, maint.To = "segment:mn-core", "external:internet"
		if _, err := db.SaveConnection(ctx, store.Update, maint); err != nil {
			t.Fatal(err)
		}
		now, err := m.Recheck(ctx, "connection:"+maint.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !has(now, "separation.mynumber-internet", "connection:"+maint.ID) || !kept("separation.mynumber-internet", "connection:"+maint.ID) {
			t.Fatalf("re-check found %v", now)
		}
		// The finding names the connection by both its ends, not by its
		// bare ID.
		for _, f := range now {
			if f.Subject == "connection:"+maint.ID && !strings.Contains(f.SubjectName, "インターネット") {
				t.Errorf("%s names its connection %q, without its ends", f.Rule, f.SubjectName)
			}
		}
		if !kept("connection.unrestricted", "connection:"+other.ID) {
			t.Fatal("re-checking one connection closed another's own finding")
		}
		again, err := m.Run(ctx, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if again.Opened != 0 || again.Closed != 0 {
			t.Fatalf("a full run after the re-checks opened %d and closed %d", again.Opened, again.Closed)
		}
	})
}

// A city loads a rule file of its own: one whose condition cannot be
// worked out on the registers as they are is refused and nothing is put in
// force; a good one is in force at the next run, which checks by its rules
// alone (and the separation proof).
func TestLoadCityRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallDemo(t, db)
		sys, err := db.System(ctx, "juki")
		if err != nil {
			t.Fatal(err)
		}
		sys.Documents = ""
		if _, err := db.UpdateSystem(ctx, registers.Console(), sys); err != nil {
			t.Fatal(err)
		}
		m := monitor.New(db)
		file := func(when string) []byte {
			return []byte(`version: city-1
rules:
  - id: city.documents
    provision: 8.1.6
    applies: system
    severity: low
    when: ` + when + `
    message: 仕様書等の文書を台帳に記録してください。
`)
		}
		// False on an empty record, an error on every system with a
		// maintenance contract in words.
		_, err = m.LoadRules(ctx, file(`Maintenance != "" && int(Maintenance) > 0`))
		if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "今の台帳に当てはめると") || !strings.Contains(err.Error(), "city.documents") {
			t.Fatalf("a rule that fails on the registers: %v", err)
		}
		if _, err := db.CurrentRules(ctx); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Fatalf("the refused file was put in force: %v", err)
		}
		if _, err := m.LoadRules(ctx, file(`Documents == ""`)); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		var res *monitor.Result
		go func() {
			defer close(done)
			res, err = m.Run(ctx, db.Now())
		}()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatal("the run after loading a rule file did not return")
		}
		if err != nil {
			t.Fatal(err)
		}
		if res.RulesVersion != "city-1" || !has(res.Findings, "city.documents", "system:juki") {
			t.Fatalf("run under the city's rules: version %s, %d findings", res.RulesVersion, len(res.Findings))
		}
		for _, f := range res.Findings {
			if f.Rule != "city.documents" && !strings.HasPrefix(f.Rule, separation.RulePrefix) {
				t.Errorf("a rule the city's file does not hold found %s: %s", f.Subject, f.Rule)
			}
		}
	})
}

// A system moved into the マイナンバー利用事務系 makes the devices and media
// that share its assets マイナンバー ones (5.1イ(2)): the what-if shows
// their findings before the move, and the re-check of what the save
// touches opens them, so that a full run after finds nothing more.
func TestSystemMoveReachesSharingDevices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := checkedDemo(t, db)
		// 道路管理システム shares an asset with one PC, whose USB ports are
		// left open: a shortfall only in the マイナンバー利用事務系.
		sharing, err := db.SharingHolders(ctx, "doro")
		if err != nil || len(sharing) != 1 {
			t.Fatalf("what shares doro's assets: %v, %v", sharing, err)
		}
		var pc string
		for h := range sharing {
			_, pc, _ = strings.Cut(h, ":")
		}
		d, err := db.Device(ctx, pc)
		if err != nil {
			t.Fatal(err)
		}
		d.Protections.USBControl = false
		if _, err := db.UpdateDevice(ctx, registers.Console(), d); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Recheck(ctx, "device:"+pc); err != nil {
			t.Fatal(err)
		}
		sys, err := db.System(ctx, "doro")
		if err != nil {
			t.Fatal(err)
		}
		oldZone := sys.Zone
		sys.Zone, sys.AuthFactors = systems.ZoneMyNumber, 2
		added, _, err := m.WhatIf(ctx, monitor.Proposal{System: &sys})
		if err != nil {
			t.Fatal(err)
		}
		var shared []string
		for _, f := range added {
			if f.Kind == compliance.KindDevice || f.Kind == compliance.KindMedium {
				shared = append(shared, f.Key())
			}
		}
		if !slices.Contains(shared, "device.mynumber-usb|device:"+pc) {
			t.Fatalf("the what-if of the move did not find the PC sharing its assets: %v", added)
		}
		saved, err := db.UpdateSystem(ctx, registers.Console(), sys)
		if err != nil {
			t.Fatal(err)
		}
		touched, err := m.SystemTouches(ctx, false, oldZone, saved)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Recheck(ctx, touched...); err != nil {
			t.Fatal(err)
		}
		for _, key := range shared {
			rule, subject, _ := strings.Cut(key, "|")
			if open, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: rule, Subject: subject}); err != nil || len(open) != 1 {
				t.Errorf("after the save, %s on %s: %d open, %v", rule, subject, len(open), err)
			}
		}
		full, err := m.Run(ctx, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if full.Opened != 0 || full.Closed != 0 {
			t.Errorf("a full run after the move's re-check opened %d and closed %d", full.Opened, full.Closed)
		}
	})
}

// 4.2ア(3), 5.1イ(2): a copy of マイナンバー data is マイナンバー data. A PC
// with its USB ports open is no finding until it keeps a copy of an asset
// the 住民記録システム holds; then it is, at once and in the full run alike.
func TestCopyOfMyNumberData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := checkedDemo(t, db)
		var original string
		if err := db.View(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT asset_id FROM asset_holders WHERE holder = 'system:juki' ORDER BY asset_id LIMIT 1").Scan(&original)
		}); err != nil {
			t.Fatal(err)
		}
		pcs, _, err := db.ListDevices(ctx, store.RegisterFilter{Kind: "pc", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var pc devices.Device
		open := func() int {
			t.Helper()
			fs, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "device.mynumber-usb", Subject: "device:" + pc.ID})
			if err != nil {
				t.Fatal(err)
			}
			return len(fs)
		}
		// A PC whose open USB ports are no finding: one that holds no
		// マイナンバー data.
		for _, d := range pcs {
			pc = d
			pc.Protections.USBControl = false
			if pc, err = db.UpdateDevice(ctx, registers.Console(), pc); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Recheck(ctx, "device:"+pc.ID); err != nil {
				t.Fatal(err)
			}
			if open() == 0 {
				break
			}
			pc.Protections.USBControl = true
			if pc, err = db.UpdateDevice(ctx, registers.Console(), pc); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Recheck(ctx, "device:"+pc.ID); err != nil {
				t.Fatal(err)
			}
			pc = devices.Device{}
		}
		if pc.ID == "" {
			t.Fatal("no PC outside the マイナンバー利用事務系 in the demo")
		}
		cp := assets.Asset{ID: "COPY-0001", Name: "住民記録の写し", Unit: pc.Unit, Kind: assets.KindData, Location: "端末", Stage: assets.StageUse,
			Classification: assets.Classification{Confidentiality: 3, ConfidentialityReason: "個人番号", Integrity: 2, IntegrityReason: "正確性",
				Availability: 2, AvailabilityReason: "窓口"}, OriginalID: original, Holders: []string{"device:" + pc.ID}}
		if cp, err = db.CreateAsset(ctx, registers.Console(), cp, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Recheck(ctx, "asset:"+cp.ID, "device:"+pc.ID); err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 1 {
			t.Errorf("the PC keeping a copy of 住民記録 data: device.mynumber-usb open %d, want 1", n)
		}
		// 4.2ア(3): a copy is classed as its original at least.
		cp, err = db.Asset(ctx, cp.ID)
		if err != nil {
			t.Fatal(err)
		}
		cp.Confidentiality, cp.ConfidentialityReason = 1, ""
		if _, err := db.UpdateAsset(ctx, registers.Console(), cp, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Recheck(ctx, "asset:"+cp.ID, "device:"+pc.ID); err != nil {
			t.Fatal(err)
		}
		if fs, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "asset.copy-below-original", Subject: "asset:" + cp.ID}); err != nil || len(fs) != 1 {
			t.Errorf("a copy classed below its original: asset.copy-below-original open %d, %v; want 1", len(fs), err)
		}
		full, err := m.Run(ctx, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if full.Opened != 0 || full.Closed != 0 {
			t.Errorf("a full run after the copy's re-check opened %d and closed %d", full.Opened, full.Closed)
		}
	})
}
