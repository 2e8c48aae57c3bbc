package registers

import (
	"kijun/internal/assets"
	"kijun/internal/devices"
	"kijun/internal/devicesheet"
	"kijun/internal/store"
)

// Service writes every register, one service per kind of record.
type Service struct {
	Assets  *Assets
	Systems *Systems
	Devices *Register[devices.Device]
	Media   *Register[devices.Medium]
	Areas   *Register[devices.Area]
	Network *Network
	// Contractors writes chapter 10's register.
	Contractors *Contractors
	// Operations writes chapter 8's operations records (8.1.5, 8.1.7,
	// 8.6.1).
	Operations *Operations
	// Findings writes the work on the continuous check's findings
	// (9.2.1ア, イ).
	Findings *Findings
}

// New returns the registers' services over db, classifying assets on
// Kobe's scales (4.1.1 to 4.1.3).
func New(db *store.DB) *Service {
	return &Service{
		Assets:  &Assets{db: db, scales: assets.KobeScales()},
		Systems: &Systems{db: db},
		Devices: &Register[devices.Device]{db: db, sheet: devicesheet.Devices,
			create: (*store.DB).CreateDevice, update: (*store.DB).UpdateDevice},
		Media: &Register[devices.Medium]{db: db, sheet: devicesheet.Media,
			create: (*store.DB).CreateMedium, update: (*store.DB).UpdateMedium},
		Areas: &Register[devices.Area]{db: db, sheet: devicesheet.Areas,
			create: (*store.DB).CreateArea, update: (*store.DB).UpdateArea},
		Network:     &Network{db: db},
		Contractors: &Contractors{db: db},
		Operations:  &Operations{db: db},
		Findings:    &Findings{db: db},
	}
}
