// Package demo fills a database with a fictional city, みなと市, for trying
// Kijun out and for benchmarks. The same seed always gives the same city.
// Each part of Kijun adds its own data here as it is built.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/store"
)

// Scale is how big the generated city is.
type Scale string

// The scales: small for trying out, city for what a large Japanese city has
// (about 20,000 staff in 1,000 課 under 30 局/区).
const (
	Small Scale = "small"
	City  Scale = "city"
)

// ParseScale reads a scale name.
func ParseScale(s string) (Scale, error) {
	switch Scale(s) {
	case Small, City:
		return Scale(s), nil
	}
	return "", kijun.Errorf(kijun.EINVALID, "unknown scale %q: use small or city", s)
}

// Options choose what to generate.
type Options struct {
	Scale Scale
	Seed  int64
}

// Summary says what was generated, a line per part, and the shortfalls
// planted on purpose.
type Summary struct {
	City  string
	Lines []string
	// Planted lists every shortfall the city is given on purpose, in the
	// order the parts made them. The rest of the city meets the rules, so
	// these are what a check finds.
	Planted []Plant
	// disposals are the assets to be disposed of once the permits are in:
	// 4.2ケ asks for the permit and its record before the register may
	// say 廃棄, so the demo takes that path too.
	disposals []string
}

// Generate writes the demo city into db. Running it again on the same database
// changes nothing that is already as generated. The city meets the rules
// except for the shortfalls the summary lists as planted.
func Generate(ctx context.Context, db *store.DB, opts Options) (*Summary, error) {
	// Every part draws from one stream, in a fixed order, so a seed always
	// gives the same city.
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x6b696a756e))
	sum := &Summary{City: "みなと市"}
	for _, s := range []struct{ key, value string }{
		{"city.name", "みなと市"},
		{"city.name.en", "Minato City"},
		{"city.code", "999999"}, // not a real 全国地方公共団体コード
	} {
		v, err := db.Setting(ctx, s.key)
		if err == nil && v == s.value {
			continue
		}
		if err := db.SetSetting(ctx, s.key, s.value); err != nil {
			return nil, err
		}
	}
	sum.Lines = append(sum.Lines, "settings: city name and code")
	info, err := db.EnsureDefaultCatalog(ctx)
	if err != nil {
		return nil, err
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("standard in force: %s (%d provisions)", info.Ref(), info.Provisions))
	for _, part := range []func(context.Context, *store.DB, *rand.Rand, Options, *Summary) error{
		generateOrganisation, // chapter 3
		generateNewHire,      // 7.2.2ウ: a new hire of April 2026
		generateAssets,       // chapter 4
		generateSystems,      // chapters 5, 6 and 8
		generateDevices,      // chapter 6
		generateIncidents,    // 7.3
		generatePermits,      // permits, approvals and exceptions
		generateContractors,  // chapter 10: contractors, contracts, 再委託
		traceLeakToChain,     // 10.1.4, 7.3.3エ: a past leak traced to the 再々委託先
		disposePlanted,       // 4.2ケ: disposals by permit and record
		retireDevices,        // 6.1.7, 9.2.1: a lease return and a loss
		generateAudits,       // 11.1: a year of audits and corrective actions
		generateOperations,   // 8.1.5, 8.1.7, 8.6.1: work records, changes, logs, a feed
		generateTraining,     // 7.2: a closed year of training and one under way
		generateDrillPlans,   // 7.2.3: the CISO's drill plan, its results and an improvement
		generateCards,        // 7.4.1: ID cards, a few lost
		generateStocktake,    // 9.2.2: a 課's stocktake, a medium missing
	} {
		if err := part(ctx, db, rng, opts, sum); err != nil {
			return nil, err
		}
	}
	chapters := map[string]bool{}
	for _, p := range sum.Planted {
		chapters[p.Chapter()] = true
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("planted: %d shortfalls for the check to find, in chapters %s", len(sum.Planted), strings.Join(sortedKeys(chapters), ", ")))
	if err := db.Optimize(ctx); err != nil {
		return nil, err
	}
	return sum, nil
}
