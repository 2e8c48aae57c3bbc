package separation

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"kijun/internal/systems"
)

// city is a small α network laid out as the demo city's: a segment per
// zone, a wireless LAN on the LGWAN side that touches nothing, the internet
// zone reaching LGWAN only through 無害化, and the マイナンバー利用事務系
// reaching 国等 through an approved link (c0006).
func city() Input {
	net := func(id, from, to string) systems.Connection {
		return systems.Connection{ID: id, From: from, To: to, Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "IP許可リスト", Sanitisation: systems.SanitiseNone}
	}
	return Input{
		Segments: []systems.Segment{
			{ID: "mn-core", Name: "マイナンバー利用事務系基幹", Zone: systems.ZoneMyNumber},
			{ID: "lg-office", Name: "LGWAN接続系庁内LAN", Zone: systems.ZoneLGWAN},
			{ID: "lg-wifi", Name: "LGWAN接続系無線LAN", Zone: systems.ZoneLGWAN, Wireless: true},
			{ID: "net-office", Name: "インターネット接続系", Zone: systems.ZoneInternet},
			{ID: "other-lan", Name: "施設系LAN", Zone: systems.ZoneOther},
		},
		Systems: []systems.System{
			{ID: "juki", Name: "住民記録システム", Zone: systems.ZoneMyNumber},
			{ID: "zaimu", Name: "財務会計システム", Zone: systems.ZoneLGWAN},
			{ID: "yoyaku", Name: "施設予約システム", Zone: systems.ZoneInternet},
			{ID: "shisetsu", Name: "施設管理システム", Zone: systems.ZoneOther},
		},
		Connections: []systems.Connection{
			net("c0001", "segment:lg-office", "external:lgwan"),
			net("c0002", "segment:net-office", "external:internet"),
			{ID: "c0003", From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelMail, Ports: "25", Sanitisation: systems.SanitiseText},
			{ID: "c0004", From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelScreen, Ports: "3389", Sanitisation: systems.SanitiseScreen},
			{ID: "c0005", From: "segment:net-office", To: "segment:lg-office", Channel: systems.ChannelFile, Ports: "443", Sanitisation: systems.SanitiseFile},
			net("c0006", "segment:mn-core", "external:kuni"),
			net("c0007", "system:juki", "segment:mn-core"),
			net("c0008", "system:zaimu", "segment:lg-office"),
			net("c0009", "system:yoyaku", "segment:net-office"),
			net("c0010", "system:shisetsu", "segment:other-lan"),
		},
		Approved: map[string]bool{"c0006": true},
	}
}

func link(id, from, to string) systems.Connection {
	return systems.Connection{ID: id, From: from, To: to, Channel: systems.ChannelNetwork, Protocol: "HTTPS", Ports: "443", Restriction: "IP許可リスト", Sanitisation: systems.SanitiseNone}
}

// finding is what a test expects of a violation: its rule, subject, and the
// connections of its path in order.
type finding struct {
	rule, subject string
	path          []string
}

func findings(vs []Violation) []finding {
	out := []finding{}
	for _, v := range vs {
		f := finding{rule: v.Rule, subject: v.Subject}
		for _, h := range v.Path {
			f.path = append(f.path, h.Connection)
		}
		out = append(out, f)
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *Input)
		want   []finding
	}{
		{"clean α city", func(*Input) {}, nil},
		{"direct link from My Number to the internet", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:mn-core", "external:internet"))
		}, []finding{{RuleMyNumberInternet, "connection:x1", []string{"x1"}}}},
		{"My Number → LGWAN → internet zone → internet, hop by hop", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:mn-core", "segment:lg-office"), link("x2", "segment:lg-office", "segment:net-office"))
		}, []finding{
			{RuleMyNumberInternet, "connection:x2", []string{"x1", "x2", "c0002"}},
			{RuleLGWANSanitised, "connection:x2", []string{"x2"}},
		}},
		{"My Number → LGWAN → 国等 → internet, not approved", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:mn-core", "external:lgwan"), link("x2", "external:lgwan", "external:kuni"), link("x3", "external:kuni", "external:internet"))
			in.Approved = nil
		}, []finding{{RuleMyNumberInternet, "connection:c0006", []string{"c0006", "x3"}}}},
		{"My Number → LGWAN → 国等 → internet, approved", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:mn-core", "external:lgwan"), link("x2", "external:lgwan", "external:kuni"), link("x3", "external:kuni", "external:internet"))
			in.Approved = map[string]bool{"c0006": true, "x1": true}
		}, nil},
		{"My Number → LGWAN → 国等 → internet, only the 国等 link approved", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:mn-core", "external:lgwan"), link("x2", "external:lgwan", "external:kuni"), link("x3", "external:kuni", "external:internet"))
		}, []finding{{RuleMyNumberInternet, "connection:x1", []string{"x1", "x2", "x3"}}}},
		{"approval of a link that is not to 国等 is not trusted", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:mn-core", "external:internet"))
			in.Approved = map[string]bool{"c0006": true, "x1": true, "gone": true}
		}, []finding{
			{RuleMyNumberInternet, "connection:x1", []string{"x1"}},
			{RuleApproval, "connection:gone", nil},
			{RuleApproval, "connection:x1", []string{"x1"}},
		}},
		{"one bad link reaching many parts of the internet side is one finding", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:mn-core", "segment:other-lan"), link("x2", "segment:other-lan", "segment:net-office"), link("x3", "segment:other-lan", "system:yoyaku"))
		}, []finding{{RuleMyNumberInternet, "connection:x1", []string{"x1", "x2", "c0002"}}}},
		{"unsanitised file transfer from the internet zone into LGWAN", func(in *Input) {
			c := link("x1", "segment:net-office", "segment:lg-office")
			c.Channel = systems.ChannelFile
			in.Connections = append(in.Connections, c)
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"the same file transfer through file_clean", func(in *Input) {
			c := link("x1", "segment:net-office", "segment:lg-office")
			c.Channel, c.Sanitisation = systems.ChannelFile, systems.SanitiseFile
			in.Connections = append(in.Connections, c)
		}, nil},
		{"a one-way file transfer out of LGWAN brings nothing in", func(in *Input) {
			c := link("x1", "segment:lg-office", "segment:net-office")
			c.Channel, c.OneWay = systems.ChannelFile, true
			in.Connections = append(in.Connections, c)
		}, nil},
		// The direction a connection is written in decides nothing: an
		// unsanitised link between LGWAN and the internet is found both ways.
		{"an unsanitised file transfer written from LGWAN to the internet", func(in *Input) {
			c := link("x1", "segment:lg-office", "segment:net-office")
			c.Channel = systems.ChannelFile
			in.Connections = append(in.Connections, c)
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"an unsanitised file transfer written from the internet to LGWAN", func(in *Input) {
			c := link("x1", "segment:net-office", "segment:lg-office")
			c.Channel = systems.ChannelFile
			in.Connections = append(in.Connections, c)
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"unsanitised mail written from LGWAN to the internet", func(in *Input) {
			c := link("x1", "segment:lg-office", "external:internet")
			c.Channel = systems.ChannelMail
			in.Connections = append(in.Connections, c)
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"a method that does not fit the channel is not 無害化", func(in *Input) {
			c := link("x1", "segment:net-office", "system:zaimu")
			c.Channel, c.Sanitisation = systems.ChannelMail, systems.SanitiseFile
			in.Connections = append(in.Connections, c)
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"internet into LGWAN through a その他 system", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:other-lan", "segment:net-office"), link("x2", "segment:other-lan", "segment:lg-office"))
		}, []finding{{RuleLGWANSanitised, "connection:x2", []string{"x1", "x2"}}}},
		{"My Number link without restriction or ports", func(in *Input) {
			c := link("x1", "segment:mn-core", "system:zaimu")
			c.Restriction, c.Ports = "", ""
			d := link("x2", "system:juki", "external:kuni")
			d.Ports = " "
			in.Connections = append(in.Connections, c, d)
		}, []finding{
			{RuleMyNumberLimited, "connection:x1", []string{"x1"}},
			{RuleMyNumberLimited, "connection:x2", []string{"x2"}},
		}},
		{"wireless into My Number", func(in *Input) {
			in.Segments = append(in.Segments, systems.Segment{ID: "mn-wifi", Name: "無線", Zone: systems.ZoneMyNumber, Wireless: true})
			c := link("x1", "segment:lg-office", "system:juki")
			c.Wireless = true
			in.Connections = append(in.Connections, c, link("x2", "segment:lg-wifi", "segment:mn-core"))
		}, []finding{
			{RuleMyNumberWireless, "connection:x1", []string{"x1"}},
			{RuleMyNumberWireless, "connection:x2", []string{"x2"}},
			{RuleMyNumberWireless, "segment:mn-wifi", nil},
		}},
		{"remote access into My Number", func(in *Input) {
			c := link("x1", "segment:lg-office", "segment:mn-core")
			c.RemoteAccess = true
			in.Connections = append(in.Connections, c)
		}, []finding{{RuleMyNumberRemote, "connection:x1", []string{"x1"}}}},
		{"β-style screen transfer into LGWAN under α", func(in *Input) {
			c := link("x1", "segment:net-office", "system:zaimu")
			c.Channel = systems.ChannelScreen
			in.Connections = append(in.Connections, c)
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"β accepts screen transfer into LGWAN", func(in *Input) {
			c := link("x1", "segment:net-office", "system:zaimu")
			c.Channel = systems.ChannelScreen
			in.Connections = append(in.Connections, c)
			in.Model = Beta
		}, nil},
		{"β' does not accept a network link into LGWAN", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:net-office", "system:zaimu"))
			in.Model = BetaPrime
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"β does not relax My Number: screen transfer from the internet zone", func(in *Input) {
			c := link("x1", "segment:net-office", "system:juki")
			c.Channel, c.Sanitisation = systems.ChannelScreen, systems.SanitiseScreen
			in.Connections = append(in.Connections, c)
			in.Model = Beta
		}, []finding{{RuleMyNumberInternet, "connection:x1", []string{"x1", "c0002"}}}},
		{"direct internet from LGWAN under α", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:lg-office", "external:internet"))
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"α' accepts a limited direct link from LGWAN to the internet", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:lg-office", "external:internet"))
			in.Model = AlphaPrime
		}, nil},
		{"α' does not accept an unlimited one", func(in *Input) {
			c := link("x1", "segment:lg-office", "external:internet")
			c.Restriction = ""
			in.Connections = append(in.Connections, c)
			in.Model = AlphaPrime
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
		{"α' breakout with My Number on LGWAN still breaks 5.1ア", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:lg-office", "external:internet"), link("x2", "segment:mn-core", "segment:lg-office"))
			in.Model = AlphaPrime
		}, []finding{{RuleMyNumberInternet, "connection:x2", []string{"x2", "x1"}}}},
		{"その他 system straight to the internet", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "system:shisetsu", "external:internet"))
		}, []finding{{RuleSecurityCloud, "connection:x1", []string{"x1"}}}},
		{"an end the register does not hold", func(in *Input) {
			in.Connections = append(in.Connections, link("x1", "segment:gone", "segment:lg-office"))
		}, []finding{{RuleRegisterUnknownEnd, "segment:gone", nil}}},
		{"an unknown model checks as α", func(in *Input) {
			c := link("x1", "segment:net-office", "system:zaimu")
			c.Channel = systems.ChannelScreen
			in.Connections = append(in.Connections, c)
			in.Model = "gamma"
		}, []finding{{RuleLGWANSanitised, "connection:x1", []string{"x1"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := city()
			tt.change(&in)
			vs := Check(in)
			got, want := findings(vs), tt.want
			if want == nil {
				want = []finding{}
			}
			if !reflect.DeepEqual(got, want) {
				var b strings.Builder
				for _, v := range vs {
					b.WriteString(Explain(v))
				}
				t.Errorf("Check:\ngot  %v\nwant %v\n%s", got, want, b.String())
			}
			for _, v := range vs {
				if v.Clause == "" || v.Message == "" {
					t.Errorf("%s %s: clause %q, message %q; want both", v.Rule, v.Subject, v.Clause, v.Message)
				}
				for i := 1; i < len(v.Path); i++ {
					if v.Path[i-1].To != v.Path[i].From {
						t.Errorf("%s %s: hop %d ends at %s, hop %d starts at %s; want a connected path", v.Rule, v.Subject, i, v.Path[i-1].To, i+1, v.Path[i].From)
					}
				}
			}
		})
	}
}

// TestCheckChainHops reads the three-hop chain end by end, as a reviewer
// would read the explanation.
func TestCheckChainHops(t *testing.T) {
	in := city()
	in.Connections = append(in.Connections, link("x1", "segment:mn-core", "segment:lg-office"), link("x2", "segment:net-office", "segment:lg-office"))
	vs := Check(in)
	if len(vs) == 0 || vs[0].Rule != RuleMyNumberInternet {
		t.Fatalf("Check: got %v, want a %s finding first", findings(vs), RuleMyNumberInternet)
	}
	var got []string
	for _, h := range vs[0].Path {
		got = append(got, h.From+">"+h.To)
	}
	want := []string{"segment:mn-core>segment:lg-office", "segment:lg-office>segment:net-office", "segment:net-office>external:internet"}
	if !slices.Equal(got, want) {
		t.Errorf("path: got %v, want %v", got, want)
	}
	if !vs[0].Path[1].Reversed {
		t.Errorf("hop 2 goes against x2's From and To: got Reversed false, want true")
	}
	text := Explain(vs[0])
	for _, s := range []string{"[5.1ア]", "1. segment:mn-core「マイナンバー利用事務系基幹」（マイナンバー利用事務系）", "2. segment:lg-office", "3. segment:net-office", "external:internet（インターネット）", "接続 x2", "逆向き"} {
		if !strings.Contains(text, s) {
			t.Errorf("Explain: got\n%s\nwant it to contain %q", text, s)
		}
	}
}

// TestCheckDeterministic checks that the order of the register's rows
// does not change the findings.
func TestCheckDeterministic(t *testing.T) {
	in := generated(40, 120, 80, 7)
	want := Check(in)
	if len(want) == 0 {
		t.Fatal("generated city: got no violations, want some to compare")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		rng.Shuffle(len(in.Connections), func(a, b int) { in.Connections[a], in.Connections[b] = in.Connections[b], in.Connections[a] })
		rng.Shuffle(len(in.Segments), func(a, b int) { in.Segments[a], in.Segments[b] = in.Segments[b], in.Segments[a] })
		if got := Check(in); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: got %d violations %v, want %d %v", i, len(got), findings(got), len(want), findings(want))
		}
	}
}

func TestParseModel(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Model
		ok   bool
	}{{"", Alpha, true}, {"beta", Beta, true}, {"β'モデル", BetaPrime, true}, {"α'", AlphaPrime, true}, {"gamma", "", false}} {
		got, err := ParseModel(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseModel(%q): got %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// generated is a city the size of the demo's at city scale: per-局 LGWAN
// segments, a system each behind its zone's segment, and, when bad > 0,
// that many faults of every kind spread through it.
func generated(bureaus, segments, nsystems, bad int) Input {
	in := city()
	zones := []systems.Zone{systems.ZoneLGWAN, systems.ZoneLGWAN, systems.ZoneInternet, systems.ZoneOther, systems.ZoneMyNumber}
	seg := func(z systems.Zone) string {
		return map[systems.Zone]string{systems.ZoneMyNumber: "mn-core", systems.ZoneLGWAN: "lg-office", systems.ZoneInternet: "net-office", systems.ZoneOther: "other-lan"}[z]
	}
	for b := range bureaus {
		id := fmt.Sprintf("lg-b%02d", b)
		in.Segments = append(in.Segments, systems.Segment{ID: id, Name: fmt.Sprintf("局%02d LGWAN接続系LAN", b), Zone: systems.ZoneLGWAN})
		c := link("b"+id, "segment:"+id, "segment:lg-office")
		c.Ports = ""
		in.Connections = append(in.Connections, c)
	}
	for s := range segments - bureaus {
		z := zones[s%len(zones)]
		id := fmt.Sprintf("seg%04d", s)
		in.Segments = append(in.Segments, systems.Segment{ID: id, Name: "区画 " + id, Zone: z})
		in.Connections = append(in.Connections, link("s"+id, "segment:"+id, "segment:"+seg(z)))
	}
	for s := range nsystems {
		z := zones[s%len(zones)]
		id := fmt.Sprintf("SYS%04d", s)
		in.Systems = append(in.Systems, systems.System{ID: id, Name: "業務システム " + id, Zone: z})
		to := seg(z)
		if z == systems.ZoneLGWAN {
			to = fmt.Sprintf("lg-b%02d", s%bureaus)
		}
		in.Connections = append(in.Connections, link("y"+id, "system:"+id, "segment:"+to))
	}
	for i := range bad {
		mn := fmt.Sprintf("system:SYS%04d", 4+5*i)
		lg := fmt.Sprintf("segment:lg-b%02d", i%bureaus)
		net := fmt.Sprintf("system:SYS%04d", 2+5*i)
		c := link(fmt.Sprintf("z%03d-a", i), mn, lg)
		c.Restriction = ""
		d := link(fmt.Sprintf("z%03d-b", i), net, lg)
		e := link(fmt.Sprintf("z%03d-c", i), "segment:lg-wifi", mn)
		e.RemoteAccess = true
		in.Connections = append(in.Connections, c, d, e)
	}
	return in
}
