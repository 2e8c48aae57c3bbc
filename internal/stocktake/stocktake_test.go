package stocktake

import "testing"

func TestParseCode(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind Kind
		id   string
		ok   bool
	}{
		{"medium:M0101-01", KindMedium, "M0101-01", true},
		{" device:D0101-0001 ", KindDevice, "D0101-0001", true},
		{"M0101-01", "", "M0101-01", true},
		{"https://kijun.example/media/M0101-01", KindMedium, "M0101-01", true},
		{"", "", "", false},
		{"medium:", "", "", false},
		{"a b", "", "", false},
		{"medium:M\x00", "", "", false},
	} {
		kind, id, ok := ParseCode(c.in)
		if kind != c.kind || id != c.id || ok != c.ok {
			t.Errorf("ParseCode(%q) = %q, %q, %v; want %q, %q, %v", c.in, kind, id, ok, c.kind, c.id, c.ok)
		}
	}
}

func TestCheckMark(t *testing.T) {
	for _, c := range []struct {
		mark  Mark
		place string
		bad   bool
	}{
		{MarkFound, "", false}, {MarkMissing, "", false}, {MarkElsewhere, "会議室", false},
		{MarkElsewhere, " ", true}, {MarkMissing, "会議室", true}, {"gone", "", true},
	} {
		if got := len(CheckMark(c.mark, c.place)) > 0; got != c.bad {
			t.Errorf("CheckMark(%q, %q) refused = %v, want %v", c.mark, c.place, got, c.bad)
		}
	}
}

func TestFindAndGate(t *testing.T) {
	s := Stocktake{Items: []Item{{Kind: KindDevice, ID: "X1"}, {Kind: KindMedium, ID: "X1"}, {Kind: KindMedium, ID: "M2"}}}
	if it, ok := s.Find("medium:X1"); !ok || it.Kind != KindMedium {
		t.Errorf("Find(medium:X1) = %+v, %v", it, ok)
	}
	if _, ok := s.Find("device:M2"); ok {
		t.Error("Find(device:M2) found a medium")
	}
	tk := Taker{StaffNo: "1", Manages: map[string]bool{"A": true}, Units: map[string]bool{"B": true}}
	if !tk.Runs("A") || tk.Runs("B") || !tk.Counts("B") || tk.Counts("C") {
		t.Errorf("gate of %+v wrong", tk)
	}
}

// FuzzParseCode: whatever a camera reads, ParseCode neither panics nor
// returns an ID with a separator or a control character in it.
func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"medium:M1", "device:D-1", "https://x/media/M1", "", "::", "medium:\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, id, ok := ParseCode(s)
		if !ok {
			return
		}
		if id == "" || len(id) > maxCode {
			t.Fatalf("ParseCode(%q) = %q, %q", s, kind, id)
		}
		if _, _, again := ParseCode(string(kind) + ":" + id); kind != "" && !again {
			t.Fatalf("ParseCode(%q) gave %q:%q, which does not read back", s, kind, id)
		}
	})
}
