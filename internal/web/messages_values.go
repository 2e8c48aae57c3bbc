package web

import (
	"fmt"
	"path"
	"reflect"

	"kijun/internal/operations"
	"kijun/internal/systems"
)

// L names a value of one of the registers' kinds (a system's stage, zone
// or hosting, a record's state or severity) in the page's language: in English the message
// "value.<package>.<Type>.<value>" where there is one, else the value's
// Japanese Label.
func (p *page) L(v interface{ Label() string }) string {
	if p.Lang != langJA {
		if m, ok := p.msgs[valueKey(v)]; ok {
			return m
		}
	}
	return v.Label()
}

func valueKey(v any) string {
	t := reflect.TypeOf(v)
	return "value." + path.Base(t.PkgPath()) + "." + t.Name() + "." + fmt.Sprint(v)
}

// valueMessages are the English names of the values L shows, beside
// their Japanese Labels.
func valueMessages() map[string]map[string]string {
	ja, en := map[string]string{}, map[string]string{}
	addValues(ja, en, map[operations.Stage]string{
		operations.StageProcure: "Procurement", operations.StageDevelop: "Development", operations.StageIntroduce: "Introduction",
		operations.StageOperate: "In operation", operations.StageAbolish: "Abolished", "": "Not set",
	})
	for _, z := range systems.ZoneSpecs() {
		addName(ja, en, z.Zone, z.Label, z.LabelEN)
	}
	addValues(ja, en, map[systems.Hosting]string{
		systems.HostOnsite: "On the premises", systems.HostOffsite: "An off-site facility", systems.HostCloud: "A cloud service",
	})
	stateMessages(ja, en)
	kindMessages(ja, en)
	return map[string]map[string]string{langJA: ja, langEN: en}
}

// labelled is a register's value with a Japanese Label, as L shows it.
type labelled interface {
	comparable
	Label() string
}

// addValues registers the English names of one type's values beside
// their Japanese Labels.
func addValues[T labelled](ja, en map[string]string, names map[T]string) {
	for v, name := range names {
		ja[valueKey(v)], en[valueKey(v)] = v.Label(), name
	}
}

// addName registers one value's Japanese and English names, for a package
// that names its values in both itself.
func addName(ja, en map[string]string, v any, jaName, enName string) {
	ja[valueKey(v)], en[valueKey(v)] = jaName, enName
}
