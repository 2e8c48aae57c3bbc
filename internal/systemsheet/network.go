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

var segmentColumns = []column{
	{"セグメントID", "id", true}, {"名称", systems.FieldName, true}, {"区分", systems.FieldZone, true},
	{"所管課コード", systems.FieldUnit, true}, {"アドレス", "address", false}, {"無線", "wireless", false}, {"説明", systems.FieldDescription, false},
}

var connectionColumns = []column{
	{"接続ID", "id", true}, {"接続元", "from", true}, {"接続先", "to", true}, {"方式", "channel", true},
	{"プロトコル", "protocol", false}, {"ポート", "ports", false}, {"制限", "restriction", false}, {"無害化", "sanitisation", false},
	{"無線", "wireless", false}, {"リモートアクセス", "remote_access", false}, {"説明", systems.FieldDescription, false},
}

func headings(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Heading
	}
	return out
}

func headingOf(cs []column) map[string]string {
	m := map[string]string{}
	for _, c := range cs {
		m[c.Field] = c.Heading
	}
	return m
}

func required(cs []column) []string {
	var out []string
	for _, c := range cs {
		if c.Required {
			out = append(out, c.Heading)
		}
	}
	return out
}

// ReadNetwork reads a segment file (connections false) or a connection
// file (true).
func ReadNetwork(name string, data []byte, connections bool) (store.NetworkRows, error) {
	var rows store.NetworkRows
	ie := &kijun.ImportError{What: "ネットワーク台帳"}
	flag := func(r sheets.Record, h string) bool {
		b, ok := yes(r.Cell(h))
		if !ok {
			ie.Add(r.Sheet, r.Line, h, "%s %q は「あり」又は「なし」で書いてください", h, r.Cell(h))
		}
		return b
	}
	var err error
	if !connections {
		_, err = sheets.Records(name, data, SegmentSheet, ie.What, required(segmentColumns), func(r sheets.Record) {
			s := systems.Segment{ID: r.Cell("セグメントID"), Name: r.Cell("名称"), Unit: r.Cell("所管課コード"), Address: r.Cell("アドレス"), Description: r.Cell("説明")}
			s.Zone, _ = systems.ParseZone(r.Cell("区分"))
			s.Wireless = flag(r, "無線")
			rows.Segments = append(rows.Segments, store.NetworkRow[systems.Segment]{Sheet: r.Sheet, Line: r.Line, Item: s})
		})
	} else {
		_, err = sheets.Records(name, data, ConnectionSheet, ie.What, required(connectionColumns), func(r sheets.Record) {
			c := systems.Connection{ID: r.Cell("接続ID"), From: r.Cell("接続元"), To: r.Cell("接続先"), Protocol: r.Cell("プロトコル"),
				Ports: r.Cell("ポート"), Restriction: r.Cell("制限"), Description: r.Cell("説明")}
			c.Channel, _ = systems.ParseChannel(r.Cell("方式"))
			c.Sanitisation, _ = systems.ParseSanitisation(r.Cell("無害化"))
			c.Wireless, c.RemoteAccess = flag(r, "無線"), flag(r, "リモートアクセス")
			rows.Connections = append(rows.Connections, store.NetworkRow[systems.Connection]{Sheet: r.Sheet, Line: r.Line, Item: c})
		})
	}
	if err != nil {
		return rows, err
	}
	return rows, ie.AsError()
}

// NetworkHeadingOf maps fields to headings for a kind of network file.
func NetworkHeadingOf(connections bool) map[string]string {
	if connections {
		return headingOf(connectionColumns)
	}
	return headingOf(segmentColumns)
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
		return sheets.WriteAll(w, format, ConnectionSheet, headings(connectionColumns), func(write func(...any) error) error {
			for _, c := range n.Connections {
				if err := write(c.ID, c.From, c.To, c.Channel.Label(), c.Protocol, c.Ports, c.Restriction, c.Sanitisation.Label(),
					yesno(c.Wireless), yesno(c.RemoteAccess), c.Description); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return sheets.WriteAll(w, format, SegmentSheet, headings(segmentColumns), func(write func(...any) error) error {
		for _, s := range n.Segments {
			if err := write(s.ID, s.Name, s.Zone.Label(), s.Unit, s.Address, yesno(s.Wireless), s.Description); err != nil {
				return err
			}
		}
		return nil
	})
}
