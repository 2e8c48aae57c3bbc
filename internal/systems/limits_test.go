package systems

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
)

// TestTextLimits checks that every text field of a system, a segment and
// a connection has a limit and refuses characters that are not text, with
// the field named in Japanese.
func TestTextLimits(t *testing.T) {
	long := strings.Repeat("あ", MaxDescription+1)
	sys := System{ID: "zeimu", Name: "税務システム", Unit: "111", Zone: ZoneMyNumber, Hosting: HostOnsite, AuthFactors: 2}
	if fe := sys.Check(); len(fe) != 0 {
		t.Fatalf("a good system: %v", fe)
	}
	for _, tt := range []struct {
		name   string
		check  func() []kijun.FieldError
		field  string
		saying string
	}{
		{"backup", func() []kijun.FieldError { s := sys; s.Backup = long; return s.Check() }, FieldBackup, "バックアップは 2000 文字以内"},
		{"log items", func() []kijun.FieldError { s := sys; s.LogItems = long; return s.Check() }, FieldLogItems, "2000 文字以内"},
		{"log review", func() []kijun.FieldError { s := sys; s.LogReview = long; return s.Check() }, FieldLogReview, "2000 文字以内"},
		{"documents", func() []kijun.FieldError { s := sys; s.Documents = long; return s.Check() }, FieldDocuments, "2000 文字以内"},
		{"maintenance", func() []kijun.FieldError { s := sys; s.Maintenance = long; return s.Check() }, FieldMaintenance, "200 文字以内"},
		{"contractor", func() []kijun.FieldError { s := sys; s.Contractor = long; return s.Check() }, FieldContractor, "200 文字以内"},
		{"software version", func() []kijun.FieldError {
			s := sys
			s.Software = []Software{{Name: "OS", Version: long}}
			return s.Check()
		}, FieldSoftware, "1 件目の版は 200 文字以内"},
		{"direction control in the name", func() []kijun.FieldError { s := sys; s.Name = "税務\u202e"; return s.Check() }, FieldName, "文字の向き"},
		{"segment description", func() []kijun.FieldError {
			return Segment{ID: "s1", Name: "庁内LAN", Zone: ZoneMyNumber, Unit: "111", Description: long}.Check()
		}, FieldDescription, "2000 文字以内"},
		{"connection restriction", func() []kijun.FieldError {
			return Connection{ID: "c1", From: "segment:a", To: "segment:b", Channel: ChannelNetwork, Sanitisation: SanitiseNone, Restriction: long}.Check()
		}, "restriction", "接続制限は 2000 文字以内"},
		{"connection protocol", func() []kijun.FieldError {
			return Connection{ID: "c1", From: "segment:a", To: "segment:b", Channel: ChannelNetwork, Sanitisation: SanitiseNone, Protocol: "https\x00"}.Check()
		}, "protocol", "制御文字"},
	} {
		found := false
		for _, f := range tt.check() {
			found = found || f.Field == tt.field && strings.Contains(f.Message, tt.saying)
		}
		if !found {
			t.Errorf("%s: errors %v, want %s saying %q", tt.name, tt.check(), tt.field, tt.saying)
		}
	}
}
