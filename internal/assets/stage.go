package assets

import "kijun/internal/kijun"

// Stage is a stage in an asset's life, each governed by an item of 4.2.
type Stage string

// The stages of 4.2.ウ to 4.2.ケ.
const (
	StageCreate  Stage = "create"  // 4.2.ウ 情報の作成
	StageObtain  Stage = "obtain"  // 4.2.エ 情報資産の入手
	StageUse     Stage = "use"     // 4.2.オ 情報資産の利用
	StageStore   Stage = "store"   // 4.2.カ 情報資産の保管
	StageCarry   Stage = "carry"   // 4.2.キ 情報資産の運搬
	StageProvide Stage = "provide" // 4.2.ク 情報資産の提供・公表
	StageDispose Stage = "dispose" // 4.2.ケ 情報資産の廃棄等
)

// StageSpec says how a stage is named and which item of 4.2 governs it.
type StageSpec struct {
	Stage   Stage
	Label   string
	LabelEN string
	Clause  string
}

// StageSpecs returns the stages in the standard's order.
func StageSpecs() []StageSpec {
	return []StageSpec{
		{StageCreate, "作成", "Create", "4.2.ウ"},
		{StageObtain, "入手", "Obtain", "4.2.エ"},
		{StageUse, "利用", "Use", "4.2.オ"},
		{StageStore, "保管", "Store", "4.2.カ"},
		{StageCarry, "運搬", "Carry", "4.2.キ"},
		{StageProvide, "提供・公表", "Provide or publish", "4.2.ク"},
		{StageDispose, "廃棄", "Dispose", "4.2.ケ"},
	}
}

// Spec returns the stage's spec, or an EINVALID error for an unknown stage.
func (s Stage) Spec() (StageSpec, error) {
	for _, sp := range StageSpecs() {
		if sp.Stage == s {
			return sp, nil
		}
	}
	return StageSpec{}, kijun.Errorf(kijun.EINVALID, "段階 %q は 4.2.ウ から 4.2.ケ にありません", string(s))
}

// Label returns the Japanese name of the stage, or the identifier if unknown.
func (s Stage) Label() string {
	if sp, err := s.Spec(); err == nil {
		return sp.Label
	}
	return string(s)
}
