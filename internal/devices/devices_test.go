package devices

import "testing"

// 6.2.1イ: a new area may not be in a basement or on the ground floor;
// an existing one there is kept and shown as a gap.
func TestAreaFloor(t *testing.T) {
	base := Area{Entry: Entry{ID: "R-1", Name: "サーバ室", Unit: "111"}, Kind: AreaSystemRoom, Building: "本庁舎", EntryControl: "IC カード", People: []string{"1001"}}
	tests := []struct {
		floor    int
		isNew    bool
		refused  bool
		gap      bool
		floorTxt string
	}{
		{5, true, false, false, "5階"},
		{2, true, false, false, "2階"},
		{1, true, true, true, "1階"},
		{-1, true, true, true, "地下1階"},
		{1, false, false, true, "1階"},
		{-2, false, false, true, "地下2階"},
		{0, false, true, true, "0階"},
	}
	for _, tt := range tests {
		a := base
		a.Floor, a.New = tt.floor, tt.isNew
		fe := a.Check()
		refused := len(fe) == 1 && fe[0].Field == FieldFloor
		if refused != tt.refused || (!tt.refused && len(fe) > 0) {
			t.Errorf("floor %d new %v: %v; want refused=%v", tt.floor, tt.isNew, fe, tt.refused)
		}
		gap := len(a.Gaps()) > 0
		if gap != tt.gap || a.FloorLabel() != tt.floorTxt {
			t.Errorf("floor %d: gap %v, label %q; want %v, %q", tt.floor, gap, a.FloorLabel(), tt.gap, tt.floorTxt)
		}
	}
}

// A mobile terminal lacking what 6.4.4 asks shows each gap with its
// clause; a PC is not asked for remote wipe.
func TestDeviceGaps(t *testing.T) {
	mobile := Device{Entry: Entry{ID: "MB-1", Name: "タブレット", Unit: "111"}, Kind: DeviceMobile, Protections: Protections{DiskEncryption: true}}
	var clauses []string
	for _, g := range mobile.Gaps() {
		clauses = append(clauses, g.Clause)
	}
	if len(clauses) != 3 || clauses[0] != "6.4.4ア" || clauses[2] != "6.4.4ウ" {
		t.Errorf("mobile gaps = %v", clauses)
	}
	pc := Device{Kind: DevicePC}
	if g := pc.Gaps(); len(g) != 1 || g[0].Clause != "6.4.3" {
		t.Errorf("PC gaps = %v, want only 6.4.3", g)
	}
	if fe := (Device{Entry: Entry{ID: "PC-1", Name: "端末", Unit: "111"}, Kind: "abacus", IssuedTo: "no one"}).Check(); len(fe) != 2 {
		t.Errorf("bad kind and staff number: %v", fe)
	}
}
