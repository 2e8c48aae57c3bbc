package web

import (
	"kijun/internal/permits"
)

// apiWriteSchemas are the OpenAPI schemas of the write API: problems, the
// permit process and the event feed. Request bodies are closed
// (additionalProperties: false) because the decoder refuses unknown fields.
func apiWriteSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	strMap := object{"type": "object", "additionalProperties": str}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	states := []string{}
	for _, st := range []permits.State{permits.StateDrafted, permits.StateSubmitted, permits.StateReviewed, permits.StateApproved,
		permits.StateRejected, permits.StateCarriedOut, permits.StateClosed, permits.StateWithdrawn} {
		states = append(states, string(st))
	}
	closed := func(props object, required ...string) object {
		o := object{"type": "object", "additionalProperties": false, "properties": props}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	return withSchemas(withSchemas(incidentSchemas(), registerWriteSchemas()), object{
		"Problem": object{
			"type":        "object",
			"description": "RFC 9457 problem details",
			"required":    []string{"type", "title", "status", "detail", "code"},
			"properties": object{
				"type": str, "title": str, "status": integer, "detail": str, "instance": str,
				"code": object{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "forbidden", "unauthorized", "unavailable", "internal"}},
				"errors": object{"type": "array", "items": object{"type": "object", "required": []string{"field", "reason"},
					"properties": object{"field": str, "reason": str}}},
				"rows": object{"type": "array", "items": object{"type": "object", "required": []string{"row", "reason"},
					"properties": object{"sheet": str, "row": integer, "column": str, "reason": str}}},
			},
		},
		"PermitFiling": closed(object{
			"type": str, "fields": strMap, "valid_from": object{"type": "string", "format": "date"},
			"valid_to": object{"type": "string", "format": "date"}, "draft": boolean,
		}, "type"),
		"CatalogEditionLoad": closed(object{
			"format": object{"type": "string", "enum": []string{"kijun", "oscal"}}, "key": str,
			"content": object{"type": "string", "description": "the file's text: Kijun's catalog YAML, or an OSCAL catalog's JSON"},
		}, "format", "content"),
		"CatalogEdition": object{"type": "object", "required": []string{"key", "edition", "title", "format", "provisions", "changed"},
			"properties": object{"key": str, "edition": str, "title": str, "issuer": str, "effective": str, "format": str, "provisions": integer, "in_force": boolean, "changed": boolean}},
		"PermitNote": closed(object{"reason": text(permits.MaxReason), "note": text(permits.MaxNote)}),
		"PermitDecision": closed(object{
			"decision": object{"type": "string", "enum": []string{"approve", "reject"}}, "unavoidable": boolean,
			"reason": text(permits.MaxReason), "judgement": str, "note": text(permits.MaxNote),
		}, "decision"),
		"PermitRecord": closed(object{"fields": strMap, "return": boolean, "note": text(permits.MaxNote)}),
		"PermitRequest": object{
			"type":     "object",
			"required": []string{"id", "type", "state", "requester", "unit", "fields", "step", "created_at", "updated_at", "version"},
			"properties": object{
				"id": integer, "type": str, "state": object{"type": "string", "enum": states}, "requester": str, "requester_name": str,
				"unit": str, "system": str, "fields": strMap, "valid_from": str, "valid_to": str, "step": integer, "due_at": str,
				"created_at": str, "submitted_at": str, "decided_at": str, "updated_at": str, "flagged": boolean, "version": integer,
			},
		},
		"Permit": object{
			"allOf": []object{ref("PermitRequest"), {
				"type": "object", "required": []string{"timeline", "approvers"},
				"properties": object{
					"timeline": object{"type": "array", "items": object{"type": "object", "required": []string{"seq", "action", "from", "to", "at", "actor"},
						"properties": object{"seq": integer, "action": str, "from": str, "to": str, "at": str, "actor": str, "on_behalf_of": str,
							"role": str, "unavoidable": boolean, "reason": str, "judgement": str, "fields": strMap, "note": str}}},
					"approvers": object{"type": "array", "items": object{"type": "object", "required": []string{"role", "scope"},
						"properties": object{"role": str, "scope": object{"type": "object"}, "acting": object{"type": "object"}, "missing": str}}},
				},
			}},
		},
		"PermitInbox": object{
			"type": "object", "required": []string{"to_decide", "to_record"},
			"properties": object{
				"to_decide": object{"type": "array", "items": object{"type": "object", "required": []string{"request", "acting"},
					"properties": object{"request": ref("PermitRequest"), "acting": object{"type": "object"}}}},
				"to_record": object{"type": "array", "items": ref("PermitRequest")},
			},
		},
		"RegisterWrite": object{"type": "object", "required": []string{"id", "name", "unit"},
			"description": "an item of the register, as GET gives it (unknown members are refused)",
			"properties":  object{"id": str, "name": str, "unit": str, "kind": str, "version": integer}},
		"RegisterBulk": object{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": object{"items": object{"type": "array", "items": ref("RegisterWrite")}}},
		"ImportPlan": object{"type": "object", "required": []string{"added", "changed", "unchanged", "dry_run"},
			"properties": object{"added": object{"type": "array", "items": str}, "changed": object{"type": "array", "items": str},
				"unchanged": integer, "dry_run": boolean}},
		"EventPage": object{
			"type": "object", "required": []string{"events", "next", "prev_hash"},
			"properties": object{
				"prev_hash": object{"type": "string", "description": "the hash of the record the page follows (all zeros before the first): " +
					"each event's hash is SHA-256 over kijun-ledger-v1, this hash, its sequence number and its body (see kijun verify)"},
				"events": object{"type": "array", "items": ref("Record")},
				"next":   object{"type": "integer", "description": "the sequence number to ask after next time"},
			},
		},
	})
}
