package cli

import (
	"context"
	"io"

	"kijun/internal/devices"
	"kijun/internal/devicesheet"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// chapter6Sheet is the console command of one of chapter 6's registers.
func chapter6Sheet[T any](name, title string, reg *devicesheet.Register[T], writer func(*registers.Service) *registers.Register[T]) registerSheet {
	return registerSheet{
		name:     name,
		usage:    "Usage: kijun " + name + " COMMAND [flags]\n\n" + title + ":\n" + sheetUsage,
		template: reg.WriteTemplate,
		export: func(ctx context.Context, db *store.DB, format string, w io.Writer) error {
			return reg.Export(ctx, db, store.RegisterFilter{}, format, w)
		},
		imp: func(ctx context.Context, db *store.DB, ed *registers.Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
			return writer(registers.New(db)).Import(ctx, ed, name, data, dryRun)
		},
		api: "/api/v1/" + name,
		items: func(file string, data []byte) (any, []int, error) {
			_, rows, err := reg.Read(file, data)
			items, lines := make([]T, len(rows)), make([]int, len(rows))
			for i, r := range rows {
				items[i], lines[i] = r.Item, r.Line
			}
			return items, lines, err
		},
	}
}

// 6.1, 6.4, 8.1.13, 8.1.14: the 機器台帳.
func runDevices(ctx context.Context, e *env, args []string) error {
	return runSheet(ctx, e, chapter6Sheet("devices", "The register of devices (6.1, 6.4) / 機器台帳", devicesheet.Devices,
		func(rs *registers.Service) *registers.Register[devices.Device] { return rs.Devices }), args)
}

// 6.4.3, 4.2カ: the 電磁的記録媒体台帳.
func runMedia(ctx context.Context, e *env, args []string) error {
	return runSheet(ctx, e, chapter6Sheet("media", "The register of removable media (6.4.3, 4.2カ) / 電磁的記録媒体台帳", devicesheet.Media,
		func(rs *registers.Service) *registers.Register[devices.Medium] { return rs.Media }), args)
}

// 6.2: the 管理区域台帳. Import areas before the devices and media that
// stand in them.
func runAreas(ctx context.Context, e *env, args []string) error {
	return runSheet(ctx, e, chapter6Sheet("areas", "The register of managed areas (6.2) / 管理区域台帳; import it before devices and media", devicesheet.Areas,
		func(rs *registers.Service) *registers.Register[devices.Area] { return rs.Areas }), args)
}
