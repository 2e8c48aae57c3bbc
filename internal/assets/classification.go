package assets

import (
	"fmt"
	"strings"

	"kijun/internal/kijun"
)

// Classification is an asset's class on each of the three scales (4.1), with
// the reason for each class. A class of 2 or more needs a reason, so that
// whoever reviews the register can see why the asset is handled as it is
// (4.2.ウ.(2), 4.2.エ.(2): the creator or receiver decides the class).
type Classification struct {
	Confidentiality       Confidentiality `json:"confidentiality"`
	ConfidentialityReason string          `json:"confidentiality_reason,omitempty"`
	Integrity             Integrity       `json:"integrity"`
	IntegrityReason       string          `json:"integrity_reason,omitempty"`
	Availability          Availability    `json:"availability"`
	AvailabilityReason    string          `json:"availability_reason,omitempty"`
}

// Validate reports an EINVALID error naming every field that is wrong: a
// class outside its scale, or a class of 2 or more without a reason. The
// message is in Japanese and names each field by the scale's name.
func (c Classification) Validate(ss Scales) error {
	var problems []string
	check := func(s Scale, level int, reason string) {
		if _, ok := s.Level(level); !ok {
			problems = append(problems, fmt.Sprintf("%sの分類 %d は 1 から %d の範囲にありません（%s）", s.Name, level, s.Max(), s.Clause))
			return
		}
		if level >= 2 && strings.TrimSpace(reason) == "" {
			problems = append(problems, fmt.Sprintf("%sの理由を入力してください（%s %d には理由が必要です）", s.Name, s.Name, level))
		}
	}
	check(ss.Confidentiality, int(c.Confidentiality), c.ConfidentialityReason)
	check(ss.Integrity, int(c.Integrity), c.IntegrityReason)
	check(ss.Availability, int(c.Availability), c.AvailabilityReason)
	if len(problems) > 0 {
		return kijun.Errorf(kijun.EINVALID, "%s", strings.Join(problems, "。"))
	}
	return nil
}
