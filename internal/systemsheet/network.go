package systemsheet

import (
	"context"
	"errors"
	"io"

	"kijun/internal/kijun"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// The network register is two files: segments, and the connections
// between them, systems and external networks. Import segments first: a
// connection must name ends that exist.
const (
	SegmentSheet    = "セグメント"
	ConnectionSheet = "接続"
)

var segmentColumns = []sheets.Column{
	{Heading: "セグメントID", Field: "id", Required: true}, {Heading: "名称", Field: systems.FieldName, Required: true}, {Heading: "区分", Field: systems.FieldZone, Required: true},
	{Heading: "所管課コード", Field: systems.FieldUnit, Required: true}, {Heading: "アドレス", Field: "address", Required: false}, {Heading: "無線", Field: "wireless", Required: false}, {Heading: "説明", Field: systems.FieldDescription, Required: false},
}

var connectionColumns = []sheets.Column{
	{Heading: "接続ID", Field: "id", Required: true}, {Heading: "接続元", Field: "from", Required: true}, {Heading: "接続先", Field: "to", Required: true}, {Heading: "方式", Field: "channel", Required: true},
	{Heading: "プロトコル", Field: "protocol", Required: false}, {Heading: "ポート", Field: "ports", Required: false}, {Heading: "制限", Field: "restriction", Required: false}, {Heading: "無害化", Field: "sanitisation", Required: false},
	{Heading: "無線", Field: "wireless", Required: false}, {Heading: "リモートアクセス", Field: "remote_access", Required: false}, {Heading: "一方向", Field: "one_way", Required: false}, {Heading: "説明", Field: systems.FieldDescription, Required: false},
}

// ReadNetwork reads a segment file (connections false) or a connection
// file (true).
func ReadNetwork(name string, data []byte, connections bool) (store.NetworkRows, error) {
	var rows store.NetworkRows
	var err error
	if !connections {
		rows.Sheet, err = sheets.ReadRegister(name, data, SegmentSheet, "ネットワーク台帳", limits, segmentColumns, func(c sheets.Cells) {
			s := systems.Segment{ID: c.Get("セグメントID"), Name: c.Get("名称"), Unit: c.Get("所管課コード"), Address: c.Get("アドレス"), Description: c.Get("説明")}
			s.Zone, _ = systems.ParseZone(c.Get("区分"))
			s.Wireless = c.Bool("無線")
			rows.Segments = append(rows.Segments, store.Row[systems.Segment]{Line: c.Line, Item: s})
		})
	} else {
		rows.Sheet, err = sheets.ReadRegister(name, data, ConnectionSheet, "ネットワーク台帳", limits, connectionColumns, func(c sheets.Cells) {
			con := systems.Connection{ID: c.Get("接続ID"), From: c.Get("接続元"), To: c.Get("接続先"), Protocol: c.Get("プロトコル"),
				Ports: c.Get("ポート"), Restriction: c.Get("制限"), Description: c.Get("説明")}
			con.Channel, _ = systems.ParseChannel(c.Get("方式"))
			con.Sanitisation, _ = systems.ParseSanitisation(c.Get("無害化"))
			con.Wireless, con.RemoteAccess, con.OneWay = c.Bool("無線"), c.Bool("リモートアクセス"), c.Bool("一方向")
			rows.Connections = append(rows.Connections, store.Row[systems.Connection]{Line: c.Line, Item: con})
		})
	}
	return rows, err
}

// NetworkHeadingOf maps fields to headings for a kind of network file.
func NetworkHeadingOf(connections bool) map[string]string {
	if connections {
		return sheets.HeadingOf(connectionColumns)
	}
	return sheets.HeadingOf(segmentColumns)
}

// ImportNetwork reads and imports a segment or connection file, all or
// nothing, saying every problem at once.
func ImportNetwork(ctx context.Context, db *store.DB, name string, data []byte, connections, dryRun bool) (*store.ImportPlan, error) {
	rows, err := ReadNetwork(name, data, connections)
	var ie *kijun.ImportError
	switch {
	case errors.As(err, &ie):
		_, err := db.ImportNetwork(ctx, rows, NetworkHeadingOf(connections), true)
		var more *kijun.ImportError
		if errors.As(err, &more) {
			ie.Merge(more)
		}
		return nil, ie.AsError()
	case err != nil:
		return nil, err
	}
	return db.ImportNetwork(ctx, rows, NetworkHeadingOf(connections), dryRun)
}

// ExportNetwork writes the segments or the connections in format to w.
func ExportNetwork(ctx context.Context, db *store.DB, connections bool, format string, w io.Writer) error {
	n, err := db.NetworkRegister(ctx, "")
	if err != nil {
		return err
	}
	if connections {
		return sheets.WriteRegister(w, format, ConnectionSheet, connectionColumns, func(write func(...any) error) error {
			for _, c := range n.Connections {
				if err := write(c.ID, c.From, c.To, c.Channel.Label(), c.Protocol, c.Ports, c.Restriction, c.Sanitisation.Label(),
					sheets.YesNo(c.Wireless), sheets.YesNo(c.RemoteAccess), sheets.YesNo(c.OneWay), c.Description); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return sheets.WriteRegister(w, format, SegmentSheet, segmentColumns, func(write func(...any) error) error {
		for _, s := range n.Segments {
			if err := write(s.ID, s.Name, s.Zone.Label(), s.Unit, s.Address, sheets.YesNo(s.Wireless), s.Description); err != nil {
				return err
			}
		}
		return nil
	})
}
