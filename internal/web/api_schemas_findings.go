package web

import "kijun/internal/compliance/work"

// findingSchemas are the OpenAPI schemas of the findings' API (9.2.1,
// 9.5.1).
func findingSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	states := []string{}
	for _, st := range work.States() {
		states = append(states, string(st))
	}
	date := object{"type": "string", "format": "date-time"}
	return object{
		"Finding": object{"type": "object", "required": []string{"rule", "provision", "severity", "kind", "subject", "subject_name", "message", "first_seen", "last_seen", "work"},
			"properties": object{"rule": str, "provision": str, "severity": object{"type": "string", "enum": []string{"high", "medium", "low"}}, "kind": str,
				"subject": str, "subject_name": str, "unit": str, "message": str, "detail": str, "first_seen": date, "last_seen": date, "closed_at": date,
				"accepted": str, "accepted_request": integer, "responsible": str,
				"work": object{"type": "object", "required": []string{"state", "version"}, "properties": object{
					"owner": str, "owner_name": str, "holder": boolean, "state": object{"type": "string", "enum": states},
					"due": date, "overdue": boolean, "version": integer}}}},
		"FindingList": object{"type": "object", "required": []string{"total", "findings"},
			"properties": object{"total": integer, "offset": integer, "findings": object{"type": "array", "items": ref("Finding")}}},
		"FindingItem": object{"type": "object", "required": []string{"finding", "comments", "may_work", "may_reassign"},
			"properties": object{"finding": ref("Finding"), "may_work": boolean, "may_reassign": boolean,
				"comments": object{"type": "array", "items": object{"type": "object", "required": []string{"id", "author", "body", "at"},
					"properties": object{"id": integer, "author": str, "author_name": str, "body": str, "from": str, "to": str, "at": date}}},
				"evidence":   object{"type": "array", "items": ref("FindingEvidence")},
				"may_attach": boolean}},
		"FindingEvidence": object{"type": "object", "required": []string{"id", "rule", "subject", "name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"},
			"properties": object{"id": integer, "rule": str, "subject": str, "name": str, "content_type": str, "size": integer,
				"sha256": str, "note": str, "uploaded_by": str, "uploaded_at": date}},
		"FindingEvidenceUpload": object{"type": "object", "additionalProperties": false, "required": []string{"name", "content"},
			"properties": object{"name": text(255), "content_type": str, "note": text(1000),
				"content": object{"type": "string", "format": "byte", "description": "the file's bytes in base64, up to 10 MB"}}},
		"FindingChange": object{"type": "object", "additionalProperties": false,
			"properties": object{"state": object{"type": "string", "enum": states}, "owner": text(20), "comment": text(work.MaxComment)}},
		"FindingAcceptance": object{"type": "object", "additionalProperties": false,
			"properties": object{"request": integer, "until": object{"type": "string", "format": "date"}, "note": str}},
		"CheckRun": object{"type": "object", "required": []string{"id", "at", "findings", "opened", "closed"},
			"properties": object{"id": integer, "at": date, "rules_version": str, "read": integer, "eval": integer, "write": integer,
				"findings": integer, "opened": integer, "closed": integer}},
	}
}
