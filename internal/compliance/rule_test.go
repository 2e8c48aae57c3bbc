package compliance

import (
	"strings"
	"testing"
)

func TestDefaultRulesLoad(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Rules) == 0 {
		t.Fatal("no rules")
	}
}

func TestParseRefusesBadRules(t *testing.T) {
	src := `version: x
rules:
  - id: a
    provision: 6.1.2
    applies: system
    severity: high
    when: Availabilty >= 2
    message: m
  - id: a
    provision: 99.9
    applies: printer
    severity: urgent
    when: "true"
    message: ""
  - id: c
    provision: 6.1.2
    applies: system
    severity: low
    when: "true"
    detail: Software[0].Name
    message: m
`
	_, err := Parse([]byte(src), func(id string) bool { return id == "6.1.2" })
	if err == nil {
		t.Fatal("bad rules were accepted")
	}
	for _, want := range []string{"1 番目のルール（a）: when を解釈できません", "2 番目のルール（a）: id が重複", "条項 99.9 は施行中の対策基準にありません",
		"severity \"urgent\"", "message（", "applies \"printer\"", "3 番目のルール（c）: detail を評価できません"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestCheckFindsAndExplains(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	f := &Facts{Systems: []System{
		{ID: "ok", Name: "良い", Unit: "100", Zone: "lgwan", Hosting: "onsite", Redundant: true, UPS: true, SurgeProtect: true,
			Maintenance: "年間", Backup: "日次", LogItems: "ログイン", LogReview: "月次", LogRetentionDays: 365, AuthFactors: 2,
			Documents: "仕様書・構成図", Class: Class{Availability: 2}},
		{ID: "bad", Name: "悪い", Unit: "200", Zone: "lgwan", AuthFactors: 2, Class: Class{Availability: 2}, Software: []Software{{Name: "CentOS", Version: "7", HasEnd: true, DaysLeft: -10}, {Name: "PostgreSQL", Version: "17", HasEnd: true, DaysLeft: 900}}},
	}}
	got, err := rs.Check(f)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]Finding{}
	for _, fd := range got {
		if fd.Subject == "system:ok" {
			t.Errorf("a system that meets the rules was found wanting: %+v", fd)
		}
		found[fd.Rule] = fd
	}
	for _, id := range []string{"system.redundancy", "system.maintenance", "system.backup", "system.software-eos"} {
		fd, ok := found[id]
		if !ok {
			t.Errorf("rule %s did not find system:bad", id)
			continue
		}
		if fd.Unit != "200" || fd.Provision != rs.Rule(id).Provision {
			t.Errorf("finding %+v", fd)
		}
	}
	if d := found["system.software-eos"].Detail; d != "CentOS 7" {
		t.Errorf("detail = %q, want the one product past its end", d)
	}
}
