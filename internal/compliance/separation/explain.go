package separation

import (
	"fmt"
	"strings"

	"kijun/internal/systems"
)

// Explain writes v for a text report in Japanese: the clause and rule, the
// message, and the path hop by hop, each hop naming its ends, their zones
// and the connection with its channel, ports and 無害化.
func Explain(v Violation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s %s\n%s\n", v.Clause, v.Rule, v.Subject, v.Message)
	if len(v.Path) == 0 {
		return b.String()
	}
	b.WriteString("経路:\n")
	for i, h := range v.Path {
		fmt.Fprintf(&b, "  %d. %s → %s\n     %s\n", i+1, endLabel(h.From, h.FromName, h.FromZone), endLabel(h.To, h.ToName, h.ToZone), hopLabel(h))
	}
	return b.String()
}

// endLabel names an end with its name and zone.
func endLabel(end, name string, zone systems.Zone) string {
	if name == "" || strings.HasPrefix(end, "external:") {
		return fmt.Sprintf("%s（%s）", end, ZoneLabel(zone))
	}
	return fmt.Sprintf("%s「%s」（%s）", end, name, ZoneLabel(zone))
}

// hopLabel describes the connection of a hop.
func hopLabel(h Hop) string {
	parts := []string{"接続 " + h.Connection}
	if h.Channel != "" {
		parts = append(parts, h.Channel.Label())
	}
	if h.Protocol != "" {
		parts = append(parts, h.Protocol)
	}
	if h.Ports != "" {
		parts = append(parts, "ポート "+h.Ports)
	} else {
		parts = append(parts, "ポート指定なし")
	}
	if h.Sanitisation == "" || h.Sanitisation == systems.SanitiseNone {
		parts = append(parts, "無害化なし")
	} else {
		parts = append(parts, "無害化 "+h.Sanitisation.Label())
	}
	if h.Reversed {
		parts = append(parts, "台帳の接続元・接続先とは逆向き")
	}
	return strings.Join(parts, "・")
}
