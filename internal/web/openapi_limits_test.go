package web

import (
	"testing"

	"kijun/internal/assets"
	"kijun/internal/systems"
)

// TestOpenAPIStatesTextLimits checks that the OpenAPI document states the
// domain's limit on each text field an integration reads and writes back,
// so a client can check before it sends.
func TestOpenAPIStatesTextLimits(t *testing.T) {
	sch := schemas()
	maxOf := func(schema, field string) any {
		props := sch[schema].(object)["properties"].(object)
		f, _ := props[field].(object)
		return f["maxLength"]
	}
	for _, tt := range []struct {
		schema, field string
		want          int
	}{
		{"AssetSummary", "name", assets.MaxName},
		{"AssetSummary", "confidentiality_reason", assets.MaxReason},
		{"AssetSummary", "integrity_reason", assets.MaxReason},
		{"AssetSummary", "availability_reason", assets.MaxReason},
		{"AssetSummary", "origin", assets.MaxName},
		{"AssetSummary", "description", assets.MaxDescription},
		{"AssetSummary", "location", assets.MaxName},
		{"SystemSummary", "backup", systems.MaxDescription},
		{"SystemSummary", "contractor", systems.MaxName},
	} {
		if got := maxOf(tt.schema, tt.field); got != tt.want {
			t.Errorf("%s.%s maxLength = %v, want %d", tt.schema, tt.field, got, tt.want)
		}
	}
}
