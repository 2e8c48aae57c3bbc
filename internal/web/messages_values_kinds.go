package web

import (
	"kijun/internal/assets"
	"kijun/internal/audits"
	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/corrective"
	"kijun/internal/devices"
	"kijun/internal/idcards"
	"kijun/internal/incidents"
	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/review"
	"kijun/internal/soa"
	"kijun/internal/stocktake"
	"kijun/internal/systems"
	"kijun/internal/training"
)

// kindMessages adds the English names of the kinds, outcomes and marks
// the registers' pages show beside their records. Where a package already
// names its values in English (assets' kinds and stages, incidents'
// kinds, the roles of 3.1) those names
// are used, so a page and a chart or an export say the same.
func kindMessages(ja, en map[string]string) {
	for _, s := range assets.KindSpecs() {
		addName(ja, en, s.Kind, s.Label, s.LabelEN)
	}
	for _, s := range assets.StageSpecs() {
		addName(ja, en, s.Stage, s.Label, s.LabelEN)
	}
	for _, k := range incidents.Kinds() {
		addName(ja, en, k, k.Label(), k.LabelEN())
	}
	addValues(ja, en, map[incidents.LeakState]string{
		incidents.LeakUnknown: "Not yet known", incidents.LeakNone: "No leak",
		incidents.LeakSuspected: "Leak suspected", incidents.LeakConfirmed: "Leak confirmed",
	})
	addValues(ja, en, map[incidents.Cause]string{
		incidents.CauseUnknown: "Under investigation", incidents.CauseCareless: "Carelessness or insufficient checking",
		incidents.CauseProcedure: "Inadequate procedures or rules", incidents.CauseAttack: "External attack",
		incidents.CauseInsider: "Insider wrongdoing", incidents.CauseEquipment: "Equipment or software fault",
		incidents.CauseContractor: "Contractor", incidents.CauseOtherCause: "Other",
	})
	addValues(ja, en, map[incidents.ActionKind]string{
		incidents.ActionInstruction: "Instruction for first response and recovery", incidents.ActionMeasure: "Measure against recurrence",
	})
	addValues(ja, en, map[devices.DeviceKind]string{
		devices.DeviceServer: "Server", devices.DeviceNetwork: "Network equipment", devices.DevicePC: "PC",
		devices.DeviceMobile: "Mobile device", devices.DeviceMFP: "Multifunction printer",
		devices.DeviceIoT: "IoT or special-purpose device", devices.DeviceOther: "Other",
	})
	addValues(ja, en, map[devices.MediumKind]string{
		devices.MediumUSB: "USB memory stick", devices.MediumDisk: "External disk", devices.MediumOptical: "Optical disc",
		devices.MediumTape: "Magnetic tape", devices.MediumSD: "SD card", devices.MediumOther: "Other",
	})
	addValues(ja, en, map[devices.AreaKind]string{
		devices.AreaSystemRoom: "Information system room", devices.AreaStorage: "Storage room", devices.AreaOther: "Other",
	})
	addValues(ja, en, map[contractors.CertKind]string{
		contractors.CertISMS: "ISMS (ISO/IEC 27001)", contractors.CertPMark: "PrivacyMark", contractors.CertISMAP: "ISMAP",
	})
	// 10.2: a service used under its standard terms (約款) or under a
	// contract negotiated with the provider.
	addValues(ja, en, map[contractors.ServiceKind]string{
		contractors.ServiceTerms: "Standard terms", contractors.ServiceContract: "Contract",
	})
	addValues(ja, en, map[contractors.CheckKind]string{
		contractors.CheckReport: "Report", contractors.CheckInspection: "On-site inspection",
	})
	addValues(ja, en, map[contractors.CheckResult]string{
		contractors.ResultConforming: "Conforming", contractors.ResultCorrective: "Correction required",
	})
	addValues(ja, en, map[contractors.Outcome]string{
		contractors.OutcomeReturned: "Returned", contractors.OutcomeDisposed: "Disposed of",
	})
	addValues(ja, en, map[training.Mode]string{
		training.ModeClassroom: "Classroom training", training.ModeELearning: "E-learning",
		training.ModePhishing: "Targeted-email drill",
	})
	// A course's audiences are named in langLeftoverMessages, beside the
	// roles' English names.
	addValues(ja, en, map[training.Source]string{
		training.SourceQuiz: "Taken in Kijun", training.SourceManager: "Recorded by the information manager",
		training.SourceImport: "Imported from e-learning",
	})
	addValues(ja, en, map[operations.Outcome]string{
		operations.OutcomeDone: "Completed", operations.OutcomeFailed: "Failed", operations.OutcomeCancelled: "Cancelled",
	})
	addValues(ja, en, map[operations.Audience]string{
		operations.AudienceRole: "Role", operations.AudienceUnit: "Division", operations.AudienceSystem: "Information system",
	})
	addValues(ja, en, map[stocktake.Kind]string{
		stocktake.KindDevice: "Device", stocktake.KindMedium: "Removable medium",
	})
	addValues(ja, en, map[stocktake.Mark]string{
		stocktake.MarkNone: "Not yet checked", stocktake.MarkFound: "Found in place", stocktake.MarkMissing: "Missing",
		stocktake.MarkElsewhere: "Found elsewhere",
	})
	for _, r := range organisation.RoleSpecs() {
		addName(ja, en, r.Role, r.Label, r.LabelEN)
	}
	addValues(ja, en, map[corrective.SourceKind]string{
		corrective.SourceAuditFinding: "Audit finding (11.1.7)", corrective.SourceSelfCheck: "Self-check answer (11.2.3)",
		corrective.SourceComplianceFinding: "Continuous check finding (9.2.1)",
		corrective.SourceIncidentMeasure:   "Incident recurrence-prevention measure (7.3.3)",
		corrective.SourceStocktake:         "Item missing at a stocktake (9.2.2)",
		corrective.SourceDrillImprovement:  "Improvement after an emergency drill (7.2.3)",
		corrective.SourceContractCheck:     "Finding of a contractor check (10.1.3)",
	})
	// The registers by the titles of their pages.
	addValues(ja, en, map[audits.Register]string{
		audits.RegisterAssets: "Information asset register", audits.RegisterDevices: "Device register",
		audits.RegisterMedia: "Removable media register", audits.RegisterSystems: "Information system register",
	})
	addValues(ja, en, map[soa.Kind]string{
		soa.Rule: "Check rule", soa.Permit: "Request and permit", soa.Record: "Record", soa.Job: "Scheduled job",
		soa.Page: "Page", soa.Question: "Self-check question",
	})
	addValues(ja, en, map[compliance.Kind]string{
		compliance.KindSystem: "Information system", compliance.KindAsset: "Information asset", compliance.KindDevice: "Device",
		compliance.KindMedium: "Removable medium", compliance.KindArea: "Managed area", compliance.KindSegment: "Network segment",
		compliance.KindConnection: "Connection", compliance.KindAccount: "Account", compliance.KindRole: "Role",
		compliance.KindNetwork: "Whole network", compliance.KindRequest: "Request", compliance.KindContract: "Outsourcing contract",
		compliance.KindLink: "Subcontracting", compliance.KindTraining: "Training", compliance.KindCard: "ID card",
		compliance.KindService: "External service",
	})
	addValues(ja, en, map[review.Decision]string{
		review.DecideRevise: "Revise", review.DecideKeep: "Keep", review.DecideAddRule: "Add a check rule",
	})
	// The steps of a request's timeline, each a thing done to it.
	addValues(ja, en, map[permits.Action]string{
		permits.ActionDraft: "Drafted", permits.ActionSubmit: "Submitted", permits.ActionApprove: "Approved",
		permits.ActionReject: "Rejected", permits.ActionAutoReject: "Rejected automatically", permits.ActionRecord: "Recorded",
		permits.ActionReturn: "Returned", permits.ActionClose: "Closed without being carried out",
		permits.ActionWithdraw: "Withdrawn", permits.ActionCorrect: "Corrected or supplemented",
	})
	addValues(ja, en, map[idcards.Kind]string{
		idcards.KindCard: "ID card", idcards.KindToken: "Token",
	})
	addValues(ja, en, map[systems.Channel]string{
		systems.ChannelNetwork: "Network communication", systems.ChannelMail: "Email",
		systems.ChannelFile: "File transfer", systems.ChannelScreen: "Screen transfer",
	})
	// 5.2イ(1) to (3): the ways of rendering harmless what crosses into
	// the LGWAN zone.
	addValues(ja, en, map[systems.Sanitisation]string{
		systems.SanitiseNone: "None", systems.SanitiseText: "Email converted to plain text",
		systems.SanitiseScreen: "Screen transfer", systems.SanitiseFile: "File sanitisation",
	})
	// An item not yet answered has the empty verdict.
	addValues(ja, en, map[operations.Verdict]string{
		operations.VerdictMet: "Done", operations.VerdictNA: "Not applicable", "": "Not answered",
	})
	addValues(ja, en, map[incidents.Body]string{
		incidents.BodyMIC: "Ministry of Internal Affairs and Communications", incidents.BodyPrefecture: "Hyogo Prefecture",
		incidents.BodyPolice: "Police", incidents.BodyPPC: "Personal Information Protection Commission",
		incidents.BodyPersons: "The individuals concerned",
	})
	addValues(ja, en, map[incidents.Stage]string{
		incidents.StageReport: "Report", incidents.StageFlash: "Preliminary report", incidents.StageFinal: "Final report",
		incidents.StageNotice: "Notification",
	})
}
