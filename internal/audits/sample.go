package audits

import (
	"math/rand/v2"
	"slices"
	"time"

	"kijun/internal/kijun"
)

// Register is a register a sample is drawn from.
type Register string

// The registers an auditor samples.
const (
	RegisterAssets  Register = "assets"
	RegisterDevices Register = "devices"
	RegisterMedia   Register = "media"
	RegisterSystems Register = "systems"
)

// Registers lists the registers in the order the pages show them.
func Registers() []Register {
	return []Register{RegisterAssets, RegisterDevices, RegisterMedia, RegisterSystems}
}

// Label returns the register's Japanese name.
func (r Register) Label() string {
	switch r {
	case RegisterAssets:
		return "情報資産台帳"
	case RegisterDevices:
		return "機器台帳"
	case RegisterMedia:
		return "電磁的記録媒体台帳"
	case RegisterSystems:
		return "情報システム台帳"
	}
	return string(r)
}

// Valid reports whether r is a known register.
func (r Register) Valid() bool { return slices.Contains(Registers(), r) }

// MaxSample is the largest sample drawn at once.
const MaxSample = 500

// Sample is a draw of records from a register for one audit: the seed and
// the population are recorded, so Draw gives the same records again.
type Sample struct {
	AuditID    int64     `json:"audit_id"`
	Register   Register  `json:"register"`
	Seed       uint64    `json:"seed"`
	Size       int       `json:"size"`
	Population []string  `json:"population"` // the IDs drawn from, sorted
	Drawn      []string  `json:"drawn"`
	DrawnBy    string    `json:"drawn_by"`
	DrawnAt    time.Time `json:"drawn_at"`
	Verdicts   []Verdict `json:"verdicts,omitempty"`
}

// Draw picks n of population by a PCG generator seeded with seed: the
// same seed and population give the same records, in the same order. The
// population is sorted first so the order it was read in does not matter.
func Draw(seed uint64, population []string, n int) []string {
	pop := slices.Clone(population)
	slices.Sort(pop)
	pop = slices.Compact(pop)
	if n >= len(pop) {
		return pop
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	// A partial Fisher–Yates shuffle: the first n places are the sample.
	for i := 0; i < n; i++ {
		j := i + r.IntN(len(pop)-i)
		pop[i], pop[j] = pop[j], pop[i]
	}
	return pop[:n]
}

// CheckSize refuses a sample size out of range.
func CheckSize(n int) error {
	if n < 1 || n > MaxSample {
		return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "size", Message: "抽出する件数は 1 から 500 の間にしてください"}}}).AsError()
	}
	return nil
}

// Verdict is the auditor's judgement of one sampled record.
type Verdict struct {
	RecordID string    `json:"record_id"`
	Conforms bool      `json:"conforms"`
	Note     string    `json:"note,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}
