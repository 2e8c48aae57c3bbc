package compliance

import (
	"time"

	"kijun/internal/systems"
)

// Kind is the kind of record a rule applies to.
type Kind string

// The kinds of record the rules read.
const (
	KindSystem     Kind = "system"      // 情報システム台帳 (5, 6.1, 8)
	KindAsset      Kind = "asset"       // 情報資産台帳 (4)
	KindDevice     Kind = "device"      // 機器 (6.1, 6.4)
	KindMedium     Kind = "medium"      // 電磁的記録媒体 (4.2カ, 6.4.3)
	KindArea       Kind = "area"        // 管理区域 (6.2)
	KindSegment    Kind = "segment"     // network segments (5)
	KindConnection Kind = "connection"  // connections (5, 8.1.15)
	KindAccount    Kind = "account"     // Kijun's own accounts (8.2)
	KindRole       Kind = "role"        // the roles of 3.1 and who holds them
	KindNetwork    Kind = "network"     // the whole network, for the separation proof
	KindRequest    Kind = "request"     // permit requests awaiting a return or a report (7.1.1キ, 9.5.2)
	KindContract   Kind = "contract"    // 業務委託 contracts (10.1.1 to 10.1.3, 8.3.9)
	KindLink       Kind = "subcontract" // 再委託 links of a contract's chain (10.1.4)
	KindTraining   Kind = "training"    // a person's training duty of the 年度 (7.1.2, 7.2.2, 7.2.4)
	KindCard       Kind = "idcard"      // ID cards and tokens (7.4.1), see facts_cards.go
)

// Kinds lists the kinds in the order pages show them.
func Kinds() []Kind {
	return []Kind{KindRole, KindAsset, KindSystem, KindSegment, KindConnection, KindNetwork, KindDevice, KindMedium, KindArea, KindAccount, KindRequest, KindContract, KindLink, KindTraining, KindCard, KindService}
}

// Label is the kind's Japanese name.
func (k Kind) Label() string {
	switch k {
	case KindSystem:
		return "情報システム"
	case KindAsset:
		return "情報資産"
	case KindDevice:
		return "機器"
	case KindMedium:
		return "電磁的記録媒体"
	case KindArea:
		return "管理区域"
	case KindSegment:
		return "ネットワークセグメント"
	case KindConnection:
		return "接続"
	case KindAccount:
		return "アカウント"
	case KindRole:
		return "役割"
	case KindNetwork:
		return "ネットワーク全体"
	case KindRequest:
		return "申請"
	case KindContract:
		return "委託契約"
	case KindLink:
		return "再委託"
	case KindTraining:
		return "研修"
	case KindCard:
		return "ID カード"
	case KindService:
		return "外部サービス"
	}
	return string(k)
}

// Class is the highest class of each scale among the assets a record holds
// (4.2オ(4)); zero when it holds none.
type Class struct {
	Confidentiality int
	Integrity       int
	Availability    int
	// Assets is how many assets the record holds.
	Assets int
}

// Hold raises c to hold one more asset of these classes.
func (c *Class) Hold(confidentiality, integrity, availability int) {
	c.Confidentiality, c.Integrity, c.Availability = max(c.Confidentiality, confidentiality), max(c.Integrity, integrity), max(c.Availability, availability)
	c.Assets++
}

// Software is a product a system runs.
type Software struct {
	Name    string
	Version string
	// HasEnd reports whether the vendor's end of support is known.
	HasEnd bool
	// DaysLeft is the days from the check's day to the end of support,
	// negative once it has passed; 0 when HasEnd is false.
	DaysLeft int
}

// System is what the rules know of an information system.
type System struct {
	ID, Name, Unit string
	// Zone is mynumber, lgwan, internet or other (5.1 to 5.4).
	Zone string
	// Hosting is onsite, offsite or cloud (6.1.6).
	Hosting                       string
	Redundant, UPS, SurgeProtect  bool
	Maintenance, Backup           string
	LogItems, LogReview           string
	LogRetentionDays, AuthFactors int
	ExternalAccess                bool
	PublicDomain                  string
	TLS                           bool
	Contractor, Documents         string
	// ContractClauses: the contract with Contractor states the matters of
	// 10.1.2ア.
	ContractClauses bool
	Software        []Software
	// Owner and Admin are the staff numbers of the 業務システム責任者 and
	// 管理者 on the check's day, "" when nobody holds the role.
	Owner, Admin string
	// ChangesAlone counts the システム変更等の作業 that stand as done by one
	// person alone (8.1.5ウ): no second person present, or none confirmed.
	ChangesAlone int
	// VulnsOverdue counts the security holes affecting the system that
	// are open past the day the city's urgency allows (8.6.1).
	VulnsOverdue int
	// LogReviewLate: the system's logs are not reviewed as its log policy
	// asks, late past the grace after the reminder (8.1.7ウ).
	LogReviewLate bool
	// Running: the system was moved to 稼働 in Kijun (8.3); Open* count
	// the obligatory items of its checklists that stand unmet: the
	// procurement (8.3.1), the development (8.3.2), the introduction
	// (8.3.3), the documents (8.3.4, 8.1.6) and input/output (8.3.5).
	Running                                            bool
	OpenProcurement, OpenDevelopment, OpenIntroduction int
	OpenDocuments, OpenIO                              int
	Class
}

// Asset is what the rules know of an information asset.
type Asset struct {
	ID, Name, Unit string
	// UnitActive is false when the owning 課 no longer exists.
	UnitActive bool
	Kind       string
	// Stage is create, obtain, use, store, carry, provide or dispose.
	Stage, Origin, OriginalID string
	// OriginalExists is false for a copy whose original is not registered.
	OriginalExists bool
	// OriginalHigher is true for a copy classed lower than its original in
	// 機密性, 完全性 or 可用性: a copy is handled as its original is
	// (4.2ア(3)).
	OriginalHigher                           bool
	Confidentiality, Integrity, Availability int
	InScope                                  bool
	// Holders is how many systems, devices, media and cabinets hold it.
	Holders int
	// ForeignHolder is true when a holder is not in the registers (a
	// device the city did not issue, or a record since removed).
	ForeignHolder bool
}

// Device is what the rules know of a device.
type Device struct {
	ID, Name, Unit string
	// Kind is server, network, pc, mobile, mfp, iot or other.
	Kind, IssuedTo, Location, Area string
	// IssuedToActive is false when the person it is issued to has left,
	// and IssuedToLeft is true then (false for a device issued to nobody).
	IssuedToActive, IssuedToLeft                                                    bool
	DiskEncryption, ScreenLock, RemoteWipe, PrivacyFilter, USBControl, BIOSPassword bool
	// MyNumber is true when the device holds an asset that a system of the
	// マイナンバー利用事務系 holds too (5.1イ(2)): read from the assets'
	// holders and the systems' zones.
	MyNumber bool
	// PatternAgeDays and OSUpdateAgeDays are the days since the device's
	// pattern file and OS were last updated, as the endpoint-management
	// product last reported (8.4.1ウ, 8.5.1エ); -1 when none reported.
	PatternAgeDays, OSUpdateAgeDays int
	Class
}

// Medium is what the rules know of a removable medium.
type Medium struct {
	ID, Name, Unit, Kind, Location, Area, Cabinet string
	Encrypted                                     bool
	// MyNumber is true when the medium holds an asset that a system of the
	// マイナンバー利用事務系 holds too (5.1イ(2)), derived as for Device.
	MyNumber bool
	Class
}

// Area is what the rules know of a managed area.
type Area struct {
	ID, Name, Unit, Kind, Building, EntryControl string
	Floor                                        int
	// New is true for an area being set up, or set up on or after
	// NewSince, the day the standard took effect (6.2.1イ).
	New bool
	// SetUpOn is the day it was set up (YYYY-MM-DD), if known.
	SetUpOn, NewSince string
	// People is how many people may enter.
	People int
}

// Segment is what the rules know of a network segment.
type Segment struct {
	ID, Name, Unit, Zone, Address string
	Wireless                      bool
}

// Connection is what the rules know of a connection.
type Connection struct {
	ID, From, To string
	// FromZone and ToZone are the zones of the ends: a segment's or
	// system's zone, or external.
	FromZone, ToZone          string
	Channel, Protocol, Ports  string
	Restriction, Sanitisation string
	Wireless, RemoteAccess    bool
	// Unit is the 課 responsible: that of the first end that has one.
	Unit string
}

// Account is what the rules know of a Kijun account (8.2).
type Account struct {
	ID, StaffNo, Name string
	Active            bool
	// PersonLeft is true when the account's person has left the city.
	PersonLeft bool
	Privileged bool
	// PasswordAgeDays is the days since the password was last set.
	PasswordAgeDays int
	// SecondFactor is true when a TOTP or passkey is enrolled.
	SecondFactor bool
	Unit         string
}

// Role is one role of 3.1 over one scope, and who holds it.
type Role struct {
	// Role is the catalog's role identifier (ciso, info_manager, ...).
	Role, Label, Clause string
	// Scope is city, unit:CODE or system:ID.
	Scope string
	// Holder is the staff number of whoever holds it on the check's day.
	Holder string
	Unit   string
}

// Request is what the rules know of a permit request that has been
// carried out and still awaits something: the return of what was taken
// out (7.1.1キ), or the report of an emergency exception to the CISO
// (9.5.2).
type Request struct {
	ID int64
	// Type is the request type's key (take_out, emergency_exception) and
	// TypeName its name.
	Type, TypeName string
	// State is the request's state (carried_out while it awaits).
	State string
	// Requester is the staff number of whoever filed it; Unit is the 課
	// it belongs to, whose 情報管理者 answers for it.
	Requester, Unit string
	// Return is true when the type awaits a return (7.1.1キ), and
	// ReportAfter when its measure is taken first and reported after
	// (9.5.2).
	Return, ReportAfter bool
	// OverdueHours is the hours since the return or report fell due,
	// rounded up, so more than 0 once it is past due.
	OverdueHours int
}

// Contract is what the rules know of a 業務委託 contract. Lists are
// written out as text, so contracts that read alike are judged once.
type Contract struct {
	ID, Name, Unit             string
	Contractor, ContractorName string
	// State is draft, active or ended; InForce is true when it is active
	// and the check's day falls in its period.
	State   string
	InForce bool
	// Current is true when the check's day falls in its period and it has
	// not ended, whatever its state: work under a contract still being
	// drawn up is work under that contract.
	Current bool
	// MyNumber: the work handles 特定個人情報.
	MyNumber bool
	// Missing lists the items of 10.1.2ア no article states (ア(2)、ア(5)),
	// "" when none is missing; Excepted is true when a 例外措置 in force
	// on the check's day covers them (9.5).
	Missing  string
	Excepted bool
	// Selected is true when the contractor's selection check (10.1.1) is
	// recorded; Lapsed lists its certifications expired by the check's
	// day (ISMS 2025-03-31).
	Selected bool
	Lapsed   string
	// Unchecked lists the staff at work on the check's day with no
	// identity check before their work (8.3.9), Untrained those with no
	// training recorded (10.1.2ア(12)).
	Unchecked, Untrained string
	// CheckOverdue is the day the contractor's periodic check (10.1.3)
	// fell due, when that day has passed with no check; "" when none is
	// overdue or no interval is set.
	CheckOverdue string
	// Class is the highest class of what the contract entrusts (4.2オ(4)).
	Class
}

// Link is what the rules know of one 再委託 link (10.1.4).
type Link struct {
	ID, Contract, Unit string
	From, To           string
	// State is requested, active, found (passed on without approval and
	// found out) or ended.
	State string
	// ContractInForce is the contract's InForce.
	ContractInForce bool
	// Chain names the whole chain down to the receiver: 市 → A → B → C.
	Chain string
	// Depth is 1 for a 再委託, 2 for a 再々委託, and so on.
	Depth int
	// Approved is true when an approval in force on the check's day
	// covers the link; Expired is the day its approval ended, "" when it
	// has none or it has not ended.
	Approved bool
	Expired  string
	// Selected and Lapsed are the receiver's, as for a contract.
	Selected bool
	Lapsed   string
}

// Training is one person's training duty of the 年度 of the check's day,
// not met: a course they must attend (7.2.2イ, ウ, エ, 7.1.2).
type Training struct {
	// StaffNo and Name are the person's; Unit their 課, whose 情報管理者
	// answers for their training (7.2.2オ).
	StaffNo, Name, Unit string
	// Need is the audience whose course they must attend (all, new_hire,
	// temporary, contractor, role:ROLE), NeedLabel its name.
	Need, NeedLabel string
	// Due is the last day to attend (YYYY-MM-DD); DaysLate the days
	// since, more than 0 once it is past.
	Due      string
	DaysLate int
}

// Facts are the registers as the rules read them, on one day.
type Facts struct {
	Day         time.Time
	Systems     []System
	Assets      []Asset
	Devices     []Device
	Media       []Medium
	Areas       []Area
	Segments    []Segment
	Connections []Connection
	Accounts    []Account
	Roles       []Role
	Requests    []Request
	Contracts   []Contract
	Links       []Link
	Training    []Training
	Cards       []Card
	Services    []Service
	// Network is the whole network register, read with the segments and
	// connections, for the separation proof of chapter 5.
	Network *Network
}

// Network is the network register as the separation proof reads it.
type Network struct {
	Segments    []systems.Segment
	Connections []systems.Connection
	// Zones holds the zone of every segment and system end, by end
	// (segment:ID, system:ID).
	Zones map[string]string
	// Units holds the 課 responsible for every segment and system end.
	Units map[string]string
	// Systems are the systems an end may name, with their zones.
	Systems []systems.System
	// Model is the ministry guideline's model the city runs (α by
	// default), and Approved the connections to 国等 systems the
	// 情報セキュリティ統括責任者 has approved (5.1ア), from the settings.
	Model    string
	Approved map[string]bool
}
