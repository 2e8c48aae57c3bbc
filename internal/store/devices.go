package store

import (
	"context"

	"kijun/internal/devices"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// deviceRegister is the 機器台帳 (6.1, 6.4, 8.1.13, 8.1.14).
var deviceRegister = &register[devices.Device]{
	table: "devices", entity: "device", noun: "機器", what: "機器台帳",
	provisions: []string{"6.1", "6.4", "4.2.ア.(1)"},
	columns: `r.id, r.name, r.unit_code, ` + unitNameOf("r.unit_code") + `, r.kind, COALESCE(r.issued_to, ''),
		COALESCE((SELECT p.name FROM org_people p WHERE p.staff_no = r.issued_to), ''), r.location, COALESCE(r.area_id, ''),
		r.disk_encryption, r.screen_lock, r.remote_wipe, r.privacy_filter, r.usb_control, r.bios_password,
		r.state, r.state_on, r.state_ref, r.created_at, r.updated_at, r.version`,
	scan: func(sc scanner) (devices.Device, error) {
		var d devices.Device
		var created, updated string
		p := &d.Protections
		err := sc.Scan(&d.ID, &d.Name, &d.Unit, &d.UnitName, &d.Kind, &d.IssuedTo, &d.IssuedToName, &d.Location, &d.Area,
			&p.DiskEncryption, &p.ScreenLock, &p.RemoteWipe, &p.PrivacyFilter, &p.USBControl, &p.BIOSPassword,
			&d.State, &d.StateOn, &d.StateRef, &created, &updated, &d.Version)
		d.CreatedAt, d.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
		return d, err
	},
	flags:   []string{"disk_encryption", "screen_lock", "remote_wipe", "privacy_filter", "usb_control", "bios_password"},
	hasArea: true,
	entry:   func(d *devices.Device) *devices.Entry { return &d.Entry },
	life:    func(d *devices.Device) *devices.Lifecycle { return &d.Lifecycle },
	check:   devices.Device.Check,
	same:    devices.Device.Same,
	refs: func(rc *refChecker, d devices.Device) []devices.FieldError {
		fe := entryRefs(rc, d.Entry, d.Area)
		if d.IssuedTo != "" && !rc.exists("person", d.IssuedTo) {
			fe = append(fe, devices.FieldError{Field: devices.FieldIssuedTo, Message: "職員番号 " + d.IssuedTo + " の職員はいません"})
		}
		return fe
	},
	write: func(ctx context.Context, tx *Tx, ds []devices.Device) error {
		rows := make([][]any, 0, len(ds))
		for _, d := range ds {
			p := d.Protections
			rows = append(rows, []any{d.ID, d.Name, d.Unit, d.Kind, nullable(d.IssuedTo), d.Location, nullable(d.Area),
				boolInt(p.DiskEncryption), boolInt(p.ScreenLock), boolInt(p.RemoteWipe), boolInt(p.PrivacyFilter), boolInt(p.USBControl), boolInt(p.BIOSPassword),
				d.State, d.StateOn, d.StateRef, organisation.SearchKey(d.ID + " " + d.Name + " " + d.Location), records.FormatTime(d.CreatedAt), records.FormatTime(d.UpdatedAt), d.Version})
		}
		return tx.upsert(ctx, "devices", []string{"id", "name", "unit_code", "kind", "issued_to", "location", "area_id",
			"disk_encryption", "screen_lock", "remote_wipe", "privacy_filter", "usb_control", "bios_password",
			"state", "state_on", "state_ref", "search_key", "created_at", "updated_at", "version"}, rows)
	},
}

// ListDevices returns a page of the 機器台帳 and how many devices the
// filter matches in all.
func (db *DB) ListDevices(ctx context.Context, f RegisterFilter) ([]devices.Device, int, error) {
	return deviceRegister.list(ctx, db, f)
}

// EachDevice calls fn for every device the filter matches, by ID, for an
// export.
func (db *DB) EachDevice(ctx context.Context, f RegisterFilter, fn func(devices.Device) error) error {
	return deviceRegister.each(ctx, db, f, fn)
}

// Device returns one device, or an ENOTFOUND error.
func (db *DB) Device(ctx context.Context, id string) (devices.Device, error) {
	return deviceRegister.get(ctx, db, id)
}

// CreateDevice adds a device, with its ledger record; see
// CreateAsset for what it refuses.
func (db *DB) CreateDevice(ctx context.Context, g Gate, d devices.Device) (devices.Device, error) {
	return deviceRegister.save(ctx, db, g, Create, d)
}

// UpdateDevice changes a device at the version that was read, with its
// ledger record; see UpdateAsset for what it refuses.
func (db *DB) UpdateDevice(ctx context.Context, g Gate, d devices.Device) (devices.Device, error) {
	return deviceRegister.save(ctx, db, g, Update, d)
}

// ImportDevices imports rows of the 機器台帳 all or nothing, matching
// devices by 管理番号; see register.importRows.
func (db *DB) ImportDevices(ctx context.Context, g Gate, sheet string, rows []Row[devices.Device], columns map[string]string, dryRun bool) (*ImportPlan, error) {
	return deviceRegister.importRows(ctx, db, g, sheet, rows, columns, dryRun)
}

// CountDevices returns how many devices the register holds.
func (db *DB) CountDevices(ctx context.Context) (int, error) { return deviceRegister.count(ctx, db) }
