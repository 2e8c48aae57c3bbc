package compliance

import (
	_ "embed"

	"kijun/internal/catalog"
)

// defaultRules are the rules Kijun ships for the reference standard,
// 神戸市情報セキュリティ対策基準 第5.5版.
//
//go:embed rules/kobe-5.5.yaml
var defaultRules []byte

// DefaultSource returns the shipped rule file, as a city starts its own from.
func DefaultSource() []byte { return defaultRules }

// Default returns the shipped rules, checked against the shipped catalog.
func Default() (*Ruleset, error) {
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	return Parse(defaultRules, func(id string) bool { return cat.Find(id) != nil })
}
