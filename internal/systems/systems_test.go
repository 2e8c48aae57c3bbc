package systems

import (
	"strings"
	"testing"
	"time"
)

func TestParseSoftware(t *testing.T) {
	sws, err := ParseSoftware("Windows Server 2019 ~2029-01-09; PostgreSQL 15\nRHEL 8.10 〜2029-05-31")
	if err != nil {
		t.Fatal(err)
	}
	want := "Windows Server 2019 ~2029-01-09; PostgreSQL 15; RHEL 8.10 ~2029-05-31"
	if got := FormatSoftware(sws); got != want {
		t.Errorf("round trip = %q, want %q", got, want)
	}
	if sws[0].Name != "Windows Server" || sws[0].Version != "2019" {
		t.Errorf("first = %+v", sws[0])
	}
	if _, err := ParseSoftware("Oracle 19c ~2027/13/01"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("bad date: %v", err)
	}
}

func TestNotes(t *testing.T) {
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	s := System{ID: "juki", Zone: ZoneMyNumber, AuthFactors: 1, PublicDomain: "www.city.example.jp",
		Software: []Software{{Name: "Windows Server", Version: "2016", EndOfSupport: time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC)},
			{Name: "CentOS", Version: "7", EndOfSupport: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)}}}
	var clauses []string
	for _, n := range s.Notes(day, 2) {
		clauses = append(clauses, n.Clause)
	}
	want := "5.1.イ.(1) 8.1.12 8.4.1.エ 8.4.1.エ 8.1.3 6.1.2 8.1.7"
	if got := strings.Join(clauses, " "); got != want {
		t.Errorf("notes = %s, want %s", got, want)
	}
	ok := System{ID: "x", Zone: ZoneLGWAN, AuthFactors: 2, Backup: "日次", Redundant: true, LogItems: "操作ログ"}
	if n := ok.Notes(day, 2); len(n) != 0 {
		t.Errorf("a well-kept system has notes: %v", n)
	}
}

func TestCheck(t *testing.T) {
	bad := System{ID: "bad id", Zone: "cloud9", Hosting: "moon", AuthFactors: 0, PublicDomain: "not a domain", LogRetentionDays: -1}
	var fields []string
	for _, f := range bad.Check() {
		fields = append(fields, f.Field)
	}
	want := "id name unit zone hosting log_retention_days auth_factors public_domain"
	if got := strings.Join(fields, " "); got != want {
		t.Errorf("fields = %s, want %s", got, want)
	}
}
