package assets

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
)

func TestStages(t *testing.T) {
	tests := []struct {
		stage  Stage
		label  string
		clause string
		code   string
	}{
		{StageCreate, "作成", "4.2.ウ", ""},
		{StageObtain, "入手", "4.2.エ", ""},
		{StageUse, "利用", "4.2.オ", ""},
		{StageStore, "保管", "4.2.カ", ""},
		{StageCarry, "運搬", "4.2.キ", ""},
		{StageProvide, "提供・公表", "4.2.ク", ""},
		{StageDispose, "廃棄", "4.2.ケ", ""},
		{Stage("lend"), "lend", "", kijun.EINVALID},
	}
	for _, tt := range tests {
		t.Run(string(tt.stage), func(t *testing.T) {
			s, err := tt.stage.Spec()
			if got := kijun.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if got := s.Clause; got != tt.clause {
				t.Errorf("clause = %q, want %q", got, tt.clause)
			}
			if got := tt.stage.Label(); got != tt.label {
				t.Errorf("label = %q, want %q", got, tt.label)
			}
		})
	}
	if got, want := len(StageSpecs()), 7; got != want {
		t.Errorf("len(StageSpecs()) = %d, want %d", got, want)
	}
}

func TestKinds(t *testing.T) {
	tests := []struct {
		kind  Kind
		label string
		code  string
	}{
		{KindData, "データ", ""},
		{KindDocument, "文書", ""},
		{KindPaper, "紙", ""},
		{KindMedia, "電磁的記録媒体", ""},
		{KindDatabase, "データベース", ""},
		{KindOther, "その他", ""},
		{Kind("laptop"), "laptop", kijun.EINVALID},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			s, err := tt.kind.Spec()
			if got := kijun.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if tt.code == "" && s.LabelPlace == "" {
				t.Errorf("kind %s has no label place (4.2.イ)", tt.kind)
			}
			if got := tt.kind.Label(); got != tt.label {
				t.Errorf("label = %q, want %q", got, tt.label)
			}
		})
	}
}

// The message for an unknown stage lists the stages a person may type, and
// each of them, and each part of 提供・公表, is accepted.
func TestStageMessageListsAcceptedValues(t *testing.T) {
	var msg string
	for _, fe := range (Asset{Stage: "lend"}).Check(KobeScales()) {
		if fe.Field == FieldStage {
			msg = fe.Message
		}
	}
	_, list, ok := strings.Cut(msg, "（")
	list, _, ok2 := strings.Cut(list, "）")
	if !ok || !ok2 {
		t.Fatalf("stage message %q lists no values", msg)
	}
	for _, v := range strings.FieldsFunc(list, func(r rune) bool { return r == '、' || r == '・' }) {
		if _, ok := ParseStage(v); !ok {
			t.Errorf("the message offers %q, which ParseStage refuses", v)
		}
	}
	if s, ok := ParseStage("公表"); !ok || s != StageProvide {
		t.Errorf("ParseStage(公表) = %q, %v; want %q", s, ok, StageProvide)
	}
}
