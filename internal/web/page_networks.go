package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/systems"
	"kijun/internal/systemsheet"
)

// The network register is the city's: the CISO's office and the 情報基盤
// 管理者 keep it (8.1.9); everyone signed in may read it.

type networkData struct {
	Q         string
	Shown     int // connections shown, at most maxConnections
	Zone      string
	Zones     []systems.ZoneSpec
	Network   store.Network
	CanEdit   bool
	Externals map[string]string
}

// maxConnections is how many connections the page lists at once; the
// filters narrow the rest down.
const maxConnections = 300

// mayEditNetwork reports whether the signed-in person keeps the network
// register: the CISO's office (which includes the 情報基盤管理者) or an
// administrator.
func mayEditNetwork(r *http.Request) bool {
	p := currentOf(r).Principal
	return p.CityOffice() || p.Admin
}

// handleNetworks lists the segments (optionally of one zone) and every
// connection.
func (s *Server) handleNetworks(w http.ResponseWriter, r *http.Request) error {
	d := networkData{Zones: systems.ZoneSpecs(), CanEdit: mayEditNetwork(r), Externals: systems.Externals}
	if z := r.URL.Query().Get("zone"); z != "" {
		zone, ok := systems.ParseZone(z)
		if !ok {
			return kijun.Errorf(kijun.EINVALID, "区分 %s はありません", z)
		}
		d.Zone = string(zone)
	}
	var err error
	if d.Network, err = s.db.NetworkRegister(r.Context(), systems.Zone(d.Zone)); err != nil {
		return err
	}
	// Connections touching the chosen zone's segments, or naming q.
	d.Q = strings.TrimSpace(r.URL.Query().Get("q"))
	inZone := map[string]bool{}
	for _, sg := range d.Network.Segments {
		inZone["segment:"+sg.ID] = true
	}
	var cons []systems.Connection
	for _, c := range d.Network.Connections {
		if d.Zone != "" && !inZone[c.From] && !inZone[c.To] {
			continue
		}
		if d.Q != "" && !strings.Contains(c.ID+" "+c.From+" "+c.To+" "+c.Protocol+" "+c.Restriction, d.Q) {
			continue
		}
		cons = append(cons, c)
	}
	d.Shown = len(cons)
	d.Network.Connections = cons[:min(len(cons), maxConnections)]
	return s.render(w, r, http.StatusOK, "networks", s.newPage(w, r, "networks.title", d))
}

type segmentFormData struct {
	Segment systems.Segment
	// History is the segment's records in the ledger: who changed what
	// and when (8.1.9 asks the network's changes to be kept).
	History  []*records.Record
	New      bool
	Errors   map[string]string
	Zones    []systems.ZoneSpec
	Conflict string
}

type connectionFormData struct {
	Connection systems.Connection
	// History is the connection's records in the ledger.
	History       []*records.Record
	New           bool
	Errors        map[string]string
	Channels      []systems.Channel
	Sanitisations []systems.Sanitisation
	Conflict      string
}

var errNetworkKeepers = registers.ErrNetworkKeepers

// handleSegmentForm shows a segment's form: empty for a new one.
func (s *Server) handleSegmentForm(w http.ResponseWriter, r *http.Request) error {
	if !mayEditNetwork(r) {
		return errNetworkKeepers
	}
	d := segmentFormData{New: r.PathValue("id") == "", Zones: systems.ZoneSpecs(), Errors: map[string]string{}}
	d.Segment.Zone = systems.ZoneLGWAN
	if !d.New {
		var err error
		if d.Segment, err = s.db.Segment(r.Context(), r.PathValue("id")); err != nil {
			return err
		}
		if d.History, err = s.networkHistory(r, "network_segment", d.Segment.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "segment_form", s.newPage(w, r, "networks.segment.title", d))
}

// handleSegmentSave adds (POST /networks/segments) or changes a segment
// through the network register's service, each error beside its field.
func (s *Server) handleSegmentSave(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d := segmentFormData{New: r.PathValue("id") == "", Zones: systems.ZoneSpecs(), Errors: map[string]string{}}
	seg := systems.Segment{ID: strings.TrimSpace(r.FormValue("id")), Name: strings.TrimSpace(r.FormValue("name")),
		Zone: systems.Zone(r.FormValue("zone")), Unit: strings.TrimSpace(r.FormValue("unit")), Address: strings.TrimSpace(r.FormValue("address")),
		Wireless: r.FormValue("wireless") == "1", Description: strings.TrimSpace(r.FormValue("description"))}
	if !d.New {
		seg.ID = r.PathValue("id")
	}
	seg.Version, _ = strconv.ParseInt(r.FormValue("version"), 10, 64)
	d.Segment = seg
	save := s.registers.Network.UpdateSegment
	if d.New {
		save = s.registers.Network.CreateSegment
	}
	saved, err := save(r.Context(), ed, seg)
	done, err := formResult(err, d.Errors, &d.Conflict)
	if err != nil {
		return err
	}
	if done {
		s.recheck(r, "segment:"+saved.ID)
		http.Redirect(w, r, "/networks?saved="+url.QueryEscape("segment:"+saved.ID), http.StatusSeeOther)
		return nil
	}
	if !d.New {
		if d.History, err = s.networkHistory(r, "network_segment", seg.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "segment_form", s.newPage(w, r, "networks.segment.title", d))
}

// handleConnectionForm shows a connection's form: empty for a new one.
func (s *Server) handleConnectionForm(w http.ResponseWriter, r *http.Request) error {
	if !mayEditNetwork(r) {
		return errNetworkKeepers
	}
	d := connectionFormData{New: r.PathValue("id") == "", Channels: systems.Channels(), Sanitisations: systems.Sanitisations(), Errors: map[string]string{}}
	d.Connection.Channel, d.Connection.Sanitisation = systems.ChannelNetwork, systems.SanitiseNone
	if !d.New {
		var err error
		if d.Connection, err = s.db.Connection(r.Context(), r.PathValue("id")); err != nil {
			return err
		}
		if d.History, err = s.networkHistory(r, "network_connection", d.Connection.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "connection_form", s.newPage(w, r, "networks.connection.title", d))
}

// handleConnectionSave adds (POST /networks/connections) or changes a
// connection through the network register's service, each error beside
// its field.
func (s *Server) handleConnectionSave(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d := connectionFormData{New: r.PathValue("id") == "", Channels: systems.Channels(), Sanitisations: systems.Sanitisations(), Errors: map[string]string{}}
	c := systems.Connection{ID: strings.TrimSpace(r.FormValue("id")), From: strings.TrimSpace(r.FormValue("from")), To: strings.TrimSpace(r.FormValue("to")),
		Channel: systems.Channel(r.FormValue("channel")), Protocol: strings.TrimSpace(r.FormValue("protocol")), Ports: strings.TrimSpace(r.FormValue("ports")),
		Restriction: strings.TrimSpace(r.FormValue("restriction")), Sanitisation: systems.Sanitisation(r.FormValue("sanitisation")),
		Wireless: r.FormValue("wireless") == "1", RemoteAccess: r.FormValue("remote_access") == "1", OneWay: r.FormValue("one_way") == "1", Description: strings.TrimSpace(r.FormValue("description"))}
	if !d.New {
		c.ID = r.PathValue("id")
	}
	c.Version, _ = strconv.ParseInt(r.FormValue("version"), 10, 64)
	d.Connection = c
	save := s.registers.Network.UpdateConnection
	if d.New {
		save = s.registers.Network.CreateConnection
	}
	saved, err := save(r.Context(), ed, c)
	done, err := formResult(err, d.Errors, &d.Conflict)
	if err != nil {
		return err
	}
	if done {
		s.recheck(r, "connection:"+saved.ID)
		http.Redirect(w, r, "/networks?saved="+url.QueryEscape("connection:"+saved.ID), http.StatusSeeOther)
		return nil
	}
	if !d.New {
		if d.History, err = s.networkHistory(r, "network_connection", c.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "connection_form", s.newPage(w, r, "networks.connection.title", d))
}

// networkHistory reads the last records of a segment or connection
// (entity network_segment or network_connection) from the ledger, as the
// other registers' pages show theirs.
func (s *Server) networkHistory(r *http.Request, entity, id string) ([]*records.Record, error) {
	return s.db.Records(r.Context(), store.RecordFilter{Entity: entity, EntityID: id, Limit: 50})
}

// networkKind reads which half of the network register a route is about.
func networkKind(r *http.Request) (kind string, connections bool) {
	if strings.HasPrefix(r.URL.Path, "/networks/connections/") {
		return "connections", true
	}
	return "segments", false
}

func (s *Server) handleNetworkExport(w http.ResponseWriter, r *http.Request) error {
	kind, connections := networkKind(r)
	format := r.URL.Query().Get("format")
	if format == "" {
		format = sheets.XLSX
	}
	return download(w, "network-"+kind, format, func(w io.Writer) error {
		return systemsheet.ExportNetwork(r.Context(), s.db, connections, format, w)
	})
}

// networkImport is the import page of segments or connections: kept by
// the CISO's office, so rows are not checked against a 課.
func (s *Server) networkImport(kind string, connections bool) sheetImport {
	return sheetImport{titleKey: "networks.import." + kind, action: "/networks/" + kind + "/import", template: "/networks/" + kind + "/export?format=xlsx",
		maxSize: systemsheet.MaxSize,
		run: func(ctx context.Context, ed *registers.Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
			return s.registers.Network.Import(ctx, ed, name, data, connections, dryRun)
		}}
}

// networkImportPage guards a network import page: only the register's
// keepers reach it.
func (s *Server) networkImportPage(post bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !mayEditNetwork(r) {
			return errNetworkKeepers
		}
		si := s.networkImport(networkKind(r))
		if post {
			return s.importFile(si)(w, r)
		}
		return s.importForm(si)(w, r)
	}
}
