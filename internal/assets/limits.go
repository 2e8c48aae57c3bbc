package assets

import "kijun/internal/kijun"

// The most characters each text field of an asset may hold. The OpenAPI
// document states the same limits (maxLength), from these.
const (
	MaxName        = kijun.MaxName // name, location, origin
	MaxDescription = kijun.MaxNote // description
	MaxReason      = kijun.MaxNote // the reason of each class (4.1)
	MaxHolders     = 100           // holders of one asset
)

// textField is one text field of an asset and its limit.
type textField struct {
	field, label string
	value        string
	max          int
	multiline    bool
}

// texts lists a's text fields with their limits, in the order of the form.
func (a Asset) texts() []textField {
	return []textField{
		{FieldName, "名称", a.Name, MaxName, false},
		{FieldDescription, "説明", a.Description, MaxDescription, true},
		{FieldLocation, "保存場所", a.Location, MaxName, false},
		{FieldConfidentialityReason, "機密性の理由", a.ConfidentialityReason, MaxReason, true},
		{FieldIntegrityReason, "完全性の理由", a.IntegrityReason, MaxReason, true},
		{FieldAvailabilityReason, "可用性の理由", a.AvailabilityReason, MaxReason, true},
		{FieldOrigin, "入手元", a.Origin, MaxName, false},
	}
}

// checkTexts returns the errors of a's text fields: too long, or not text
// a person reads as written (kijun.FieldErrors.Text).
func (a Asset) checkTexts() []FieldError {
	var fe kijun.FieldErrors
	for _, f := range a.texts() {
		fe.Text(f.field, f.label, f.value, f.max, f.multiline)
	}
	if len(a.Holders) > MaxHolders {
		fe.Add(FieldHolders, "保有先は %d 件までにしてください（%d 件あります）", MaxHolders, len(a.Holders))
	}
	return fe.Fields
}
