package store

import (
	"net/url"

	"kijun/internal/soa"
)

// RecordKind is a kind of ledger record the code writes and the
// provisions it cites: what the statement of applicability counts as a
// record kept (4.4). TestRecordKindsDeclared reads the code's ledger
// writes whose action and provisions are written out and checks each is
// here, so the list cannot fall behind them.
type RecordKind struct {
	Entity, Action string
	Provisions     []string
}

// RecordKinds lists the kinds of ledger record with the provisions they
// cite. Registers and incidents give theirs from the same values their
// writes use.
func RecordKinds() []RecordKind {
	ks := []RecordKind{
		{"asset", "asset.create", assetProvisions}, {"asset", "asset.update", assetProvisions},
		{"system", "system.create", systemProvisions}, {"system", "system.update", systemProvisions},
		{"network_segment", "network.segment.create", segmentProvisions}, {"network_segment", "network.segment.update", segmentProvisions},
		{"network_segment", "network.segment.import", segmentProvisions}, {"network_segment", "network.segment.retire", segmentProvisions},
		{"network_connection", "network.connection.create", connectionProvisions}, {"network_connection", "network.connection.update", connectionProvisions},
		{"network_connection", "network.connection.import", connectionProvisions}, {"network_connection", "network.connection.retire", connectionProvisions},
		{"org_role", "org.role.appoint", []string{"3.1"}}, {"org_role", "org.role.end", []string{"3.1"}},
		{"org_role", "org.deputy.name", []string{"9.3", "3.2.10"}},
		{"org_unit", "org.unit.create", []string{"3.1"}}, {"org_unit", "org.unit.reorganise", []string{"3.1"}}, {"org_unit", "org.unit.close", []string{"3.1"}},
		{"person", "org.assignment.start", []string{"3.2.5イ"}}, {"person", "org.assignment.end", []string{"3.2.5イ"}},
		{"person", "org.person.save", []string{"3.2.5イ"}}, {"person", "org.person.leave", []string{"3.2.5イ", "8.2.1イ(3)"}},
		{"person", "org.absence.record", []string{"3.2.11", "9.3"}},
		{"contractor", "org.contractor.save", []string{"3.2.5イ"}},
		{"id_review", "org.id_review.close", []string{"8.2.1イ(3)"}},
		{"api_token", "auth.token.create", []string{"8.2.1イ(1)"}}, {"api_token", "auth.token.revoke", []string{"8.2.1イ(1)"}},
		{"compliance_run", "compliance.check", []string{"9.2.1"}},
		{"compliance_rules", "compliance.rules.load", []string{"9.2.1"}},
		{"compliance_finding", "compliance.accept", []string{"9.5.1", "9.5.3"}},
		{"compliance_finding", "compliance.finding.work", []string{"9.2.1ア", "9.2.1イ"}},
		{"compliance_finding_evidence", "compliance.finding.evidence", []string{"9.2.1ア", "9.2.1イ"}},
		{"account", "demo.account.create", []string{"8.2.1イ(2)"}},
		{"catalog", "catalog.load", []string{"11.3"}}, {"catalog_mappings", "catalog.mappings.load", []string{"11.3"}},
		{"catalog_alignment", "catalog.alignment.propose", []string{"11.3"}}, {"catalog_alignment", "catalog.alignment.decide", []string{"11.3"}},
		{"catalog_alignment", "catalog.alignment.carry_forward", []string{"11.3"}},
		{"setting", "setting.set", []string{"4.4"}},
		{"catalog", "catalog.in_force", catalogInForceProvisions},
		{"ledger", "ledger.check", []string{"4.4"}}, {"ledger", "ledger.rollback", []string{"4.4"}},
		{"ledger_key", "ledger.key.register", []string{"4.4"}},
		{"schema", "schema.migrate", []string{"4.4", "8.3.6"}},
		{"incident_notice", "incident.acknowledge", []string{"7.3.1"}}, {"incident_notice", "incident.escalate", []string{"7.3.1"}},
		{"incident", "incident.notify", []string{"7.3.1"}},
		{"incident", "incident.outside_report", []string{"3.3.2.イ", "7.3.1.オ"}},
		{"incident_evidence", "incident.evidence", []string{"8.5.3"}},
		{"emergency_contact", "contact.save", []string{"9.4.3"}}, {"emergency_contact", "contact.remove", []string{"9.4.3"}},
		{"incident_procedure", "procedure.save", []string{"9.4.1", "9.4.2", "9.4.5"}},
		{"selfcheck_campaign", "selfcheck.launch", []string{"11.2.1"}}, {"selfcheck_campaign", "selfcheck.close", []string{"11.2.2"}},
		{"selfcheck_report", "selfcheck.answer", []string{"11.2.1"}}, {"selfcheck_report", "selfcheck.submit", []string{"11.2.2.ア"}},
		{"selfcheck_evidence", "selfcheck.evidence", []string{"11.2.1"}},
		{"selfcheck_question", "selfcheck.question.save", []string{"11.2.1"}}, {"selfcheck_question", "selfcheck.question.remove", []string{"11.2.1"}},
		{"failure_record", "failure.save", []string{"8.1.8"}}, {"failure_record", "failure.promote", []string{"8.1.8", "7.3.1"}},
		{"audit", "audit.plan.add", []string{"11.1.2", "11.1.3"}}, {"audit", "audit.start", []string{"11.1.3"}},
		{"audit_work", "audit.work", []string{"11.1.2", "11.1.6"}}, {"audit_sample", "audit.sample", []string{"11.1.6"}},
		{"audit_verdict", "audit.verdict", []string{"11.1.6"}}, {"audit_evidence", "audit.evidence", []string{"11.1.6"}},
		{"audit_finding", "audit.finding", []string{"11.1.5", "11.1.7"}}, {"audit", "audit.report.submit", []string{"11.1.5"}},
		{"audit_evidence", "audit.evidence.dispose", []string{"11.1.6"}},
		{"work_record", "work.record", []string{"8.1.5.ア"}},
		{"log_policy", "log.policy", []string{"8.1.7", "9.1"}}, {"log_review", "log.review", []string{"8.1.7.ウ"}},
		{"vuln_feed", "vuln.import", []string{"8.6.1"}}, {"vuln_finding", "vuln.open", []string{"8.6.1"}},
		{"endpoint_status", "endpoint.status", []string{"8.4.1"}},
		{"system_stage", "system.stage", []string{"8.3"}},
		{"security_notice", "notice.send", []string{"8.6.2"}}, {"security_notice", "notice.read", []string{"8.6.2"}},
		{"checklist_answer", "checklist.answer", checklistProvisions}, {"checklist_evidence", "checklist.evidence", checklistProvisions},
		{"backup", "backup.made", []string{"8.1.3"}}, {"backup", "backup.drill", []string{"8.1.3"}},
		{"ledger", "ledger.key_rotate", []string{"4.4"}},
		{"setting", "auth.secret_key_rotate", []string{"8.2.6", "4.4"}},
		{"training_plan", "training.plan.save", []string{"7.2.2.ア"}}, {"training_plan", "training.plan.report", []string{"7.2.2.ア"}}, {"training_course", "training.course.save", []string{"7.2.2.ア", "7.2.2.エ"}},
		{"training_report", "training.report.submit", []string{"7.2.2.オ"}}, {"training_drill", "training.drill.result", []string{"7.2.4"}},
		{"training_edition", "training.edition.save", []string{"7.1.3"}},
		{"stocktake", "stocktake.start", stocktakeProvisions}, {"stocktake", "stocktake.mark", stocktakeProvisions}, {"stocktake", "stocktake.close", stocktakeProvisions},
		{"review", "review.decide", reviewProvisions},
		{"contract", "contract.return", []string{"10.1.2.ア.(8)"}},
		{"contract", "contract.check_plan", []string{"10.1.3"}}, {"contract", "contract.check", []string{"10.1.3"}},
		{"external_service", "external_service.create", []string{"10.2"}}, {"external_service", "external_service.update", []string{"10.2"}},
		{"drill_plan", "drill.plan.save", []string{"7.2.3"}}, {"drill_plan", "drill.entry.add", []string{"7.2.3"}},
		{"drill_plan", "drill.result", []string{"7.2.3"}}, {"drill_plan", "drill.improvement", []string{"7.2.3", "9.4.5"}},
		// 7.1.2 誓約 of 臨時の任用職員; 7.4.2イ shared IDs.
		{"training_edition", "training.pledge.save", []string{"7.1.2"}}, {"training_ack", "training.pledge.give", []string{"7.1.2"}},
		{"training_ack", "training.edition.ack", []string{"7.1.1.ア", "7.1.3"}},
		{"account", "auth.shared.create", []string{"7.4.2イ", "8.2.1イ(2)", "8.2.6イ"}},
		{"account", "auth.shared.users", []string{"7.4.2イ", "8.2.1イ(2)"}},
	}
	for _, a := range []string{"incident.report", "incident.triage", "incident.ciso_report", "incident.cause", "incident.announce", "incident.debrief"} {
		ks = append(ks, RecordKind{"incident", a, provisionsOf(a)})
	}
	for _, reg := range []struct {
		entity     string
		provisions []string
	}{{deviceRegister.entity, deviceRegister.provisions}, {mediumRegister.entity, mediumRegister.provisions}, {areaRegister.entity, areaRegister.provisions}} {
		for _, a := range []string{"create", "update"} {
			ks = append(ks, RecordKind{reg.entity, reg.entity + "." + a, reg.provisions})
		}
	}
	return ks
}

// The provisions the register writes cite, shared by the writes and
// RecordKinds.
var (
	assetProvisions      = []string{"4.1", "4.2.ア.(1)"}
	systemProvisions     = []string{"5", "8.1.6"}
	segmentProvisions    = []string{"5", "8.1.9"}
	connectionProvisions = []string{"5.1.ア", "5.2.イ", "8.1.9"}
)

// RecordSupports declares, for the statement of applicability, the
// provisions each kind of ledger record cites, linked to the ledger's
// records of its entity.
func RecordSupports() []soa.Support {
	var out []soa.Support
	for _, k := range RecordKinds() {
		for _, p := range k.Provisions {
			out = append(out, soa.Support{Provision: p, Kind: soa.Record, Name: k.Action, Link: "/records?entity=" + url.QueryEscape(k.Entity)})
		}
	}
	return out
}
