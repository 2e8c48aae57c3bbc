package assets

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
)

func TestClassificationValidate(t *testing.T) {
	four := KobeScales()
	four.Confidentiality.Levels = append(four.Confidentiality.Levels, Level{Number: 4, Label: "極秘", Criteria: "市が独自に定める"})
	tests := []struct {
		name string
		ss   Scales
		c    Classification
		code string
		says []string
		not  []string
	}{
		{"all 1 without reasons", KobeScales(), Classification{Confidentiality: 1, Integrity: 1, Availability: 1}, "", nil, nil},
		{"all top with reasons", KobeScales(), Classification{
			Confidentiality: 3, ConfidentialityReason: "個人情報を含む",
			Integrity: 2, IntegrityReason: "課税の基礎",
			Availability: 2, AvailabilityReason: "窓口業務で常時使う",
		}, "", nil, nil},
		{"confidentiality 4", KobeScales(), Classification{Confidentiality: 4, ConfidentialityReason: "x", Integrity: 1, Availability: 1},
			kijun.EINVALID, []string{"機密性の分類 4", "1 から 3", "4.1.1"}, []string{"完全性", "可用性"}},
		{"confidentiality 4 on a city's own scale", four, Classification{Confidentiality: 4, ConfidentialityReason: "x", Integrity: 1, Availability: 1}, "", nil, nil},
		{"unset confidentiality", KobeScales(), Classification{Integrity: 1, Availability: 1},
			kijun.EINVALID, []string{"機密性の分類 0"}, nil},
		{"integrity 3", KobeScales(), Classification{Confidentiality: 1, Integrity: 3, IntegrityReason: "x", Availability: 1},
			kijun.EINVALID, []string{"完全性の分類 3", "1 から 2", "4.1.2"}, nil},
		{"availability -1", KobeScales(), Classification{Confidentiality: 1, Integrity: 1, Availability: -1},
			kijun.EINVALID, []string{"可用性の分類 -1", "4.1.3"}, nil},
		{"confidentiality 2 without reason", KobeScales(), Classification{Confidentiality: 2, ConfidentialityReason: "  ", Integrity: 1, Availability: 1},
			kijun.EINVALID, []string{"機密性の理由", "機密性 2"}, []string{"完全性"}},
		{"integrity 2 without reason", KobeScales(), Classification{Confidentiality: 1, Integrity: 2, Availability: 1},
			kijun.EINVALID, []string{"完全性の理由"}, []string{"機密性", "可用性"}},
		{"availability 2 without reason", KobeScales(), Classification{Confidentiality: 1, Integrity: 1, Availability: 2},
			kijun.EINVALID, []string{"可用性の理由"}, []string{"機密性", "完全性"}},
		{"every field wrong", KobeScales(), Classification{Confidentiality: 3, Integrity: 5, Availability: 2},
			kijun.EINVALID, []string{"機密性の理由", "完全性の分類 5", "可用性の理由"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate(tt.ss)
			if got := kijun.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			msg := kijun.ErrorMessage(err)
			for _, s := range tt.says {
				if !strings.Contains(msg, s) {
					t.Errorf("message = %q, want it to contain %q", msg, s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(msg, s) {
					t.Errorf("message = %q, want it not to mention %q", msg, s)
				}
			}
		})
	}
}
