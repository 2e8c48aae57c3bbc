package registers

import (
	"context"

	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/systems"
	"kijun/internal/systemsheet"
)

// Network writes the network register: segments and the connections
// between them (5, 8.1.9). It is the city's, kept by the CISO's office
// and the 情報基盤管理者, so no record's 課 lets anyone else write it.
type Network struct{ db *store.DB }

// ErrNetworkKeepers is the refusal of a network write by anyone else.
var ErrNetworkKeepers = kijun.Errorf(kijun.EFORBIDDEN, "ネットワーク台帳は CISO 室・情報基盤管理者が管理します（8.1.9）")

func (n *Network) gate(ed *Editor) error {
	if !ed.KeepsNetwork() {
		return ErrNetworkKeepers
	}
	return nil
}

// CreateSegment adds a segment; its ID must not be in use.
func (n *Network) CreateSegment(ctx context.Context, ed *Editor, s systems.Segment) (systems.Segment, error) {
	if err := n.gate(ed); err != nil {
		return s, err
	}
	return n.db.SaveSegment(ctx, store.Create, s)
}

// UpdateSegment changes a segment at the version read.
func (n *Network) UpdateSegment(ctx context.Context, ed *Editor, s systems.Segment) (systems.Segment, error) {
	if err := n.gate(ed); err != nil {
		return s, err
	}
	return n.db.SaveSegment(ctx, store.Update, s)
}

// CreateConnection adds a connection; its ID must not be in use.
func (n *Network) CreateConnection(ctx context.Context, ed *Editor, c systems.Connection) (systems.Connection, error) {
	if err := n.gate(ed); err != nil {
		return c, err
	}
	return n.db.SaveConnection(ctx, store.Create, c)
}

// UpdateConnection changes a connection at the version read.
func (n *Network) UpdateConnection(ctx context.Context, ed *Editor, c systems.Connection) (systems.Connection, error) {
	if err := n.gate(ed); err != nil {
		return c, err
	}
	return n.db.SaveConnection(ctx, store.Update, c)
}

// Import reads a file of segments or of connections and imports it, all
// or nothing.
func (n *Network) Import(ctx context.Context, ed *Editor, name string, data []byte, connections, dryRun bool) (*store.ImportPlan, error) {
	if err := n.gate(ed); err != nil {
		return nil, err
	}
	return systemsheet.ImportNetwork(ctx, n.db, name, data, connections, dryRun)
}

// RetireSegment takes a segment out of the register at the version read;
// one a connection still names is refused.
func (n *Network) RetireSegment(ctx context.Context, ed *Editor, id string, version int64) (systems.Segment, error) {
	if err := n.gate(ed); err != nil {
		return systems.Segment{}, err
	}
	return n.db.RetireSegment(ctx, id, version)
}

// RetireConnection takes a connection out of the register at the version
// read.
func (n *Network) RetireConnection(ctx context.Context, ed *Editor, id string, version int64) (systems.Connection, error) {
	if err := n.gate(ed); err != nil {
		return systems.Connection{}, err
	}
	return n.db.RetireConnection(ctx, id, version)
}
