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
	for v, name := range map[operations.Stage]string{
		operations.StageProcure: "Procurement", operations.StageDevelop: "Development", operations.StageIntroduce: "Introduction",
		operations.StageOperate: "In operation", operations.StageAbolish: "Abolished", "": "Not set",
	} {
		ja[valueKey(v)], en[valueKey(v)] = v.Label(), name
	}
	for _, z := range systems.ZoneSpecs() {
		ja[valueKey(z.Zone)], en[valueKey(z.Zone)] = z.Label, z.LabelEN
	}
	for v, name := range map[systems.Hosting]string{
		systems.HostOnsite: "On the premises", systems.HostOffsite: "An off-site facility", systems.HostCloud: "A cloud service",
	} {
		ja[valueKey(v)], en[valueKey(v)] = v.Label(), name
	}
	stateMessages(ja, en)
	kindMessages(ja, en)
	return map[string]map[string]string{langJA: ja, langEN: en}
}
