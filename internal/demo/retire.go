package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kijun/internal/devices"
	"kijun/internal/incidents"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// retireUnit is the 課 whose leased server goes back and whose USB memory
// is lost: 情報政策課, as in the register templates.
const retireUnit = "10101"

// retireDevices takes two items out of use the way the standard asks: a
// leased server goes back to its lessor under a 機器の廃棄・リース返却
// request whose record of the erasure is kept (6.1.7), and a USB memory
// is lost and reported as an incident (9.2.1). The registers then say
// リース返却済み and 紛失, each with what authorises or reports it.
func retireDevices(ctx context.Context, db *store.DB, _ *rand.Rand, _ Options, sum *Summary) error {
	if _, err := db.Device(ctx, "SV-LEASE-01"); err == nil {
		return nil
	}
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	p := db.Permits(reg)
	today := organisation.Day(db.Now())
	chief, staff, err := chiefAndStaff(ctx, db, retireUnit, today)
	if err != nil {
		return fmt.Errorf("retire devices: %w", err)
	}
	sv := devices.Device{Entry: devices.Entry{ID: "SV-LEASE-01", Name: "リース満了の文書管理サーバ", Unit: retireUnit},
		Kind: devices.DeviceServer, Location: "本庁舎 情報システム室", Protections: devices.Protections{DiskEncryption: true}}
	if sv, err = db.CreateDevice(ctx, registers.Console(), sv); err != nil {
		return fmt.Errorf("register the leased server: %w", err)
	}
	r, err := p.File(ctx, store.Filing{Type: "device_dispose", Requester: staff, Submit: true,
		Fields: map[string]string{"device": sv.ID, "kind": "リース返却", "planned_method": "データ消去ソフトによる消去"}})
	if err != nil {
		return fmt.Errorf("file the return of %s: %w", sv.ID, err)
	}
	if _, err := p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: chief}); err != nil {
		return fmt.Errorf("permit the return of %s: %w", sv.ID, err)
	}
	on := organisation.FormatDate(today)
	if _, err := p.Record(ctx, r.ID, staff, map[string]string{"disposed_on": on, "disposed_by": staff,
		"method": "データ消去ソフトによる消去", "certificate": "消去証明 LEASE-2026-001", "witness": chief}, false); err != nil {
		return fmt.Errorf("record the return of %s: %w", sv.ID, err)
	}
	sv.Lifecycle = devices.Lifecycle{State: devices.StateReturned, StateOn: on, StateRef: fmt.Sprint(r.ID)}
	if _, err := db.UpdateDevice(ctx, registers.Console(), sv); err != nil {
		return fmt.Errorf("mark %s returned: %w", sv.ID, err)
	}

	// The USB memory whose loss one of the city's past incidents reports
	// (9.2.1): the register says 紛失, naming it.
	now := db.Now()
	past, err := db.IncidentStatRows(ctx, now.AddDate(-10, 0, 0), now)
	if err != nil {
		return err
	}
	var lost *incidents.StatRow
	for i := range past {
		if past[i].Kind == incidents.KindLoss && !past[i].Drill {
			lost = &past[i]
			break
		}
	}
	if lost == nil {
		sum.Lines = append(sum.Lines, fmt.Sprintf("devices: %s returned under request %d (6.1.7)", sv.ID, r.ID))
		return nil
	}
	usb := devices.Medium{Entry: devices.Entry{ID: "USB-LOST-01", Name: "窓口用 USB メモリ", Unit: lost.Unit}, Kind: devices.MediumUSB, Encrypted: true}
	if usb, err = db.CreateMedium(ctx, registers.Console(), usb); err != nil {
		return fmt.Errorf("register the USB memory: %w", err)
	}
	usb.Lifecycle = devices.Lifecycle{State: devices.StateLost, StateOn: organisation.FormatDate(organisation.Day(lost.DiscoveredAt)), StateRef: fmt.Sprint(lost.ID)}
	if _, err := db.UpdateMedium(ctx, registers.Console(), usb); err != nil {
		return fmt.Errorf("mark %s lost: %w", usb.ID, err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("devices: %s returned under request %d (6.1.7), %s lost as incident %d reports (9.2.1)", sv.ID, r.ID, usb.ID, lost.ID))
	return nil
}

// chiefAndStaff returns the 情報管理者 of unit on day and a member of its
// staff who is not them, to file and decide its requests.
func chiefAndStaff(ctx context.Context, db *store.DB, unit string, day time.Time) (chief, staff string, err error) {
	h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(unit), day)
	if err != nil {
		return "", "", err
	}
	members, err := db.Members(ctx, unit, day)
	if err != nil {
		return "", "", err
	}
	for _, m := range members {
		if m.StaffNo != h.Person.StaffNo && m.Assignment.Post == organisation.PostStaff {
			return h.Person.StaffNo, m.StaffNo, nil
		}
	}
	return "", "", fmt.Errorf("no member of %s but its 情報管理者", unit)
}
