package separation

import (
	"fmt"
	"strings"

	"kijun/internal/systems"
)

// Model is the network model of the ministry's guideline that the city
// follows; it decides which crossings between the LGWAN and internet sides
// the checks accept. The マイナンバー利用事務系 rules are the same in every
// model.
type Model string

// The models of the guideline. The zero value checks as Alpha.
const (
	Alpha      Model = "alpha"       // αモデル: business terminals in the LGWAN zone
	AlphaPrime Model = "alpha-prime" // α'モデル: α with limited direct use of cloud services from LGWAN
	Beta       Model = "beta"        // βモデル: business terminals in the internet zone
	BetaPrime  Model = "beta-prime"  // β'モデル: business terminals and systems in the internet zone
)

// Models lists the models in the guideline's order.
func Models() []Model { return []Model{Alpha, AlphaPrime, Beta, BetaPrime} }

var modelLabels = map[Model]string{Alpha: "αモデル", AlphaPrime: "α'モデル", Beta: "βモデル", BetaPrime: "β'モデル"}

// Label returns the model's Japanese name.
func (m Model) Label() string {
	if l, ok := modelLabels[m.orAlpha()]; ok {
		return l
	}
	return string(m)
}

// ParseModel reads a model by identifier or Japanese name; blank is Alpha.
func ParseModel(s string) (Model, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Alpha, nil
	}
	for _, m := range Models() {
		if s == string(m) || s == modelLabels[m] || s == strings.TrimSuffix(modelLabels[m], "モデル") {
			return m, nil
		}
	}
	return "", fmt.Errorf("parse network model %q: want alpha, alpha-prime, beta or beta-prime", s)
}

// orAlpha returns the model Check applies: an unknown or blank model is
// checked as α, the strictest.
func (m Model) orAlpha() Model {
	if _, ok := modelLabels[m]; ok {
		return m
	}
	return Alpha
}

// sanitises reports whether c crosses with an accepted 無害化 method of
// 5.2イ. The method must fit the channel: text-only mail on mail (5.2イ(1)),
// screen transfer on a screen channel (5.2イ(2)), and cleaned files on a
// file transfer or a network link through a cleaning appliance (5.2イ(3)).
// In β and β' a screen channel is itself the accepted way for terminals on
// the internet side to work on LGWAN systems, whatever its method says.
func (m Model) sanitises(c *systems.Connection) bool {
	switch c.Sanitisation {
	case systems.SanitiseText:
		return c.Channel == systems.ChannelMail
	case systems.SanitiseScreen:
		return c.Channel == systems.ChannelScreen
	case systems.SanitiseFile:
		return c.Channel == systems.ChannelFile || c.Channel == systems.ChannelNetwork
	}
	m = m.orAlpha()
	return (m == Beta || m == BetaPrime) && c.Channel == systems.ChannelScreen
}

// breakout reports whether c is an α' direct link from the LGWAN zone to
// the internet that the model accepts: limited to named destinations by
// address and port. The register's external:internet already means the
// internet through the セキュリティクラウド.
func (m Model) breakout(c *systems.Connection, from, to *node) bool {
	if m.orAlpha() != AlphaPrime {
		return false
	}
	lg, net := from, to
	if lg.end == endInternet {
		lg, net = to, from
	}
	return lg.zone == systems.ZoneLGWAN && net.end == endInternet && limited(c)
}

// limited reports whether c is limited by address and port (5.1ア).
func limited(c *systems.Connection) bool {
	return strings.TrimSpace(c.Restriction) != "" && strings.TrimSpace(c.Ports) != ""
}
