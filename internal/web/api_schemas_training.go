package web

import "kijun/internal/training"

// issue24Schemas are the OpenAPI schemas of the training, ID card,
// edition-in-force and audit-work operations.
func issue24Schemas() object {
	return withSchemas(withSchemas(withSchemas(trainingSchemas(), cardSchemas()), auditWorkSchemas()), object{
		"CatalogInForce": object{"type": "object", "required": []string{"key", "edition", "version"},
			"properties": object{"key": object{"type": "string"}, "edition": object{"type": "string"}, "version": object{"type": "integer"}}},
		"CatalogInForceSet": object{"type": "object", "additionalProperties": false, "required": []string{"key", "edition"},
			"properties": object{"key": object{"type": "string"}, "edition": object{"type": "string"}}},
	})
}

// trainingSchemas are the OpenAPI schemas of the training API (7.2).
func trainingSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	date := object{"type": "string", "format": "date"}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	array := func(items object) object { return object{"type": "array", "items": items} }
	audiences := []string{}
	for _, a := range training.Audiences() {
		audiences = append(audiences, string(a))
	}
	attendance := object{"type": "object", "required": []string{"course_id", "staff_no", "on", "source", "passed"},
		"properties": object{"course_id": str, "staff_no": str, "on": object{"type": "string", "format": "date-time"}, "source": str,
			"score": integer, "has_score": boolean, "passed": boolean, "by": str}}
	tally := object{"type": "object", "required": []string{"unit", "name", "required", "met", "overdue", "pending"},
		"properties": object{"unit": str, "name": str, "required": integer, "met": integer, "overdue": integer, "pending": integer,
			"people": integer, "behind": integer, "quizzes": integer, "passed": integer, "score_sum": integer}}
	return object{
		"TrainingCourse": object{"type": "object", "required": []string{"id", "year", "title", "mode", "audience", "from", "to", "provisions", "questions", "pass_mark"},
			"properties": object{"id": str, "year": integer, "title": str, "mode": str,
				"audience": array(object{"type": "string", "enum": audiences}), "from": date, "to": date,
				"provisions": array(str), "questions": integer, "pass_mark": integer}},
		"TrainingYear": object{"type": "object", "required": []string{"year", "courses"},
			"properties": object{"year": integer, "courses": array(ref("TrainingCourse")),
				"plan": object{"type": "object", "required": []string{"state", "new_hire_days"},
					"properties": object{"state": str, "new_hire_days": integer, "drafted_by": str, "reported_by": str, "note": str, "version": integer}}}},
		"TrainingAttendance": attendance,
		"TrainingTally":      tally,
		"TrainingUnit": object{"type": "object", "required": []string{"year", "day", "unit", "name", "tally", "outcomes", "reports"},
			"properties": object{"year": integer, "day": date, "unit": str, "name": str, "tally": ref("TrainingTally"),
				"outcomes": array(object{"type": "object", "required": []string{"staff_no", "need", "since", "due", "overdue", "days_late"},
					"properties": object{"staff_no": str, "name": str, "unit": str, "need": str, "since": date, "due": date,
						"met": ref("TrainingAttendance"), "overdue": boolean, "days_late": integer}}),
				"reports": array(object{"type": "object", "properties": object{"id": integer, "year": integer, "unit": str,
					"submitted_by": str, "submitted_at": str, "figures": ref("TrainingTally"), "note": str}})}},
		"TrainingStatus": object{"type": "object", "required": []string{"year", "day", "total", "bureaus", "units", "reports"},
			"properties": object{"year": integer, "day": date, "total": ref("TrainingTally"), "bureaus": array(ref("TrainingTally")),
				"units": array(ref("TrainingTally")), "reports": integer}},
		"TrainingAttendanceNew": object{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": object{"items": object{"type": "array", "minItems": 1, "items": object{"type": "object", "additionalProperties": false,
				"required": []string{"staff_no", "course_id", "on"},
				"properties": object{"staff_no": str, "course_id": str, "on": date,
					"score": object{"type": "integer", "minimum": 0, "maximum": 100}, "result": object{"type": "string", "enum": []string{"pass", "fail"}}}}}}},
		"TrainingAttendanceRecorded": object{"type": "object", "required": []string{"recorded", "dry_run"},
			"properties": object{"recorded": array(ref("TrainingAttendance")), "dry_run": boolean}},
	}
}

// cardSchemas are the OpenAPI schemas of the ID card API (7.4.1).
func cardSchemas() object {
	str, integer := object{"type": "string"}, object{"type": "integer"}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	cards := object{"type": "array", "items": ref("Card")}
	dateTime := object{"type": "string", "format": "date-time"}
	return object{
		"Card": object{"type": "object", "required": []string{"number", "kind", "unit", "state", "issued_on", "version"},
			"properties": object{"number": str, "kind": object{"type": "string", "enum": []string{"card", "token"}}, "holder": str, "unit": str,
				"state":     object{"type": "string", "enum": []string{"issued", "lost", "returned", "destroyed"}},
				"issued_on": dateTime, "lost_on": dateTime, "returned_on": dateTime, "destroyed_on": dateTime,
				"replaces": str, "note": str, "version": integer}},
		"CardList": object{"type": "object", "required": []string{"mine"},
			"properties": object{"mine": cards, "register": cards, "leavers": cards, "replaced": cards}},
		"CardNew": object{"type": "object", "additionalProperties": false, "required": []string{"number", "kind"},
			"properties": object{"number": text(40), "kind": object{"type": "string", "enum": []string{"card", "token"}}, "holder": str, "unit": str,
				"issued_on": object{"type": "string", "format": "date"}, "replaces": str, "note": text(500)}},
	}
}
