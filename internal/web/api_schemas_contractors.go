package web

import (
	"maps"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
)

// contractorSchemas are the OpenAPI schemas of chapter 10's register:
// contractors (10.1.1), contracts (10.1.2), 再委託 links (10.1.4), staff
// (8.3.9) and external services (10.2). A write's body is the record as
// GET gives it, closed (additionalProperties: false) because the decoder
// refuses a field it does not know; the service checks the rest and says
// why beside each field.
func contractorSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	when := object{"type": "string", "format": "date-time", "description": "a day is its midnight in UTC: 2026-04-01T00:00:00Z"}
	ids := object{"type": "array", "items": str, "maxItems": contractors.MaxEntrusted}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	enum := func(vs ...string) object { return object{"type": "string", "enum": vs} }
	closed := func(o object) object {
		o = maps.Clone(o)
		o["additionalProperties"] = false
		return o
	}
	// read is a record's schema with what it always has required; write is
	// the same record closed, with only what a caller must send required (a
	// change takes its ID from the URL).
	read := func(props object, required ...string) object {
		return object{"type": "object", "required": append(required, "version"), "properties": props}
	}
	write := func(props object, required ...string) object {
		return object{"type": "object", "additionalProperties": false, "required": required, "properties": props}
	}
	item := func(name, schema string) object {
		return object{"type": "object", "required": []string{name}, "properties": object{name: ref(schema)}}
	}
	list := func(schema string) object {
		return object{"type": "object", "required": []string{"total", "offset", "items"},
			"properties": object{"total": integer, "offset": integer, "next_cursor": nextCursorSchema, "items": object{"type": "array", "items": ref(schema)}}}
	}
	var certKinds, states, linkStates, serviceKinds []string
	for _, k := range contractors.CertKinds() {
		certKinds = append(certKinds, string(k))
	}
	for _, st := range contractors.States() {
		states = append(states, string(st))
	}
	for _, st := range contractors.LinkStates() {
		linkStates = append(linkStates, string(st))
	}
	for _, k := range contractors.ServiceKinds() {
		serviceKinds = append(serviceKinds, string(k))
	}
	cert := object{"type": "object", "required": []string{"kind", "number", "expires"},
		"properties": object{"kind": enum(certKinds...), "number": text(100), "expires": when}}
	selection := object{"type": "object", "description": "the check made when the contractor was chosen (10.1.1)",
		"properties": object{"checked_on": when, "checked_by": object{"type": "string", "description": "職員番号"},
			"what": text(kijun.MaxNote), "evidence": text(kijun.MaxNote)}}
	contractor := object{"id": str, "name": text(kijun.MaxName),
		"corporate_no": object{"type": "string", "description": "法人番号: 13 digits, the first a check digit"},
		"address":      text(kijun.MaxName), "contact": text(kijun.MaxName),
		"certifications": object{"type": "array", "maxItems": contractors.MaxCertifications, "items": cert},
		"selection":      selection, "created_at": when, "updated_at": when, "version": integer}
	contractorW := maps.Clone(contractor)
	contractorW["certifications"] = object{"type": "array", "maxItems": contractors.MaxCertifications, "items": closed(cert)}
	contractorW["selection"] = closed(selection)
	contract := object{"id": str, "name": text(kijun.MaxName), "unit": str, "unit_name": str, "contractor": str, "contractor_name": str,
		"from": when, "to": when, "state": enum(states...), "my_number": boolean, "systems": ids, "assets": ids,
		"articles": object{"type": "object", "description": "the article stating each item of 10.1.2, by its key (a1 to a13, b1 to b3)",
			"additionalProperties": text(100)},
		"exception":  object{"type": "integer", "description": "the exception (9.5) under which the contract is in force without an item of 10.1.2ア"},
		"created_at": when, "updated_at": when, "version": integer}
	link := object{"id": str, "contract": str, "from": object{"type": "string", "description": "事業者ID of the one who subcontracts"},
		"to": object{"type": "string", "description": "事業者ID of the one who receives it"}, "part": text(kijun.MaxNote),
		"state": enum(linkStates...), "permit": object{"type": "integer", "description": "the request approving it (10.1.4)"},
		"created_at": when, "updated_at": when, "version": integer}
	check := object{"type": "object", "required": []string{"on", "checker", "shown"},
		"properties": object{"on": when, "checker": str, "shown": str}}
	staff := object{"id": str, "contract": str, "name": str, "affiliation": str, "workplace": str, "trained_on": when,
		"from": when, "to": when, "checks": object{"type": "array", "items": check}, "version": integer}
	service := object{"id": str, "name": text(kijun.MaxName), "provider": text(kijun.MaxName), "contractor": str,
		"kind": enum(serviceKinds...), "ismap_number": text(100), "ismap_expires": when, "unit": str, "unit_name": str,
		"systems": ids, "assets": ids, "confidentiality": integer, "note": text(kijun.MaxNote),
		"created_at": when, "updated_at": when, "version": integer}
	clause := object{"type": "object", "required": []string{"key", "number", "provision", "label", "obligatory", "article"},
		"properties": object{"key": str, "number": str, "provision": str, "label": str, "obligatory": boolean,
			"article": object{"type": "string", "description": "the article stating it; empty when none does"}}}
	class := object{"type": "object", "required": []string{"confidentiality", "integrity", "availability", "assets"},
		"properties": object{"confidentiality": integer, "integrity": integer, "availability": integer,
			"assets": object{"type": "integer", "description": "how many assets it entrusts, itself or in its systems"}}}
	return object{
		"Contractor":      read(contractor, "id", "name", "selection"),
		"ContractorWrite": write(contractorW, "name"),
		"ContractorItem":  item("contractor", "Contractor"),
		"ContractorList":  list("Contractor"),
		"Contract":        read(contract, "id", "name", "unit", "contractor", "from", "to", "state", "my_number"),
		"ContractWrite":   write(contract, "name", "unit", "contractor", "from", "to", "state"),
		"ContractItem": object{"type": "object", "required": []string{"contract", "checklist", "missing", "class"},
			"properties": object{"contract": ref("Contract"), "checklist": object{"type": "array", "items": clause},
				"missing": object{"type": "array", "items": str, "description": "the items of 10.1.2ア no article states (ア(1) ...)"},
				"class":   class}},
		"ContractList":  list("Contract"),
		"Link":          read(link, "id", "contract", "from", "to", "part", "state"),
		"LinkWrite":     write(link, "from", "to", "part", "state"),
		"LinkItem":      item("link", "Link"),
		"LinkList":      object{"type": "object", "required": []string{"links"}, "properties": object{"links": object{"type": "array", "items": ref("Link")}}},
		"ContractStaff": read(staff, "id", "contract", "name", "affiliation", "workplace", "from", "to"),
		"StaffWrite": write(func() object {
			o := maps.Clone(staff)
			o["checks"] = object{"type": "array", "maxItems": contractors.MaxChecks, "items": closed(check)}
			return o
		}(), "name", "affiliation", "workplace", "from", "to"),
		"StaffItem":            item("member", "ContractStaff"),
		"StaffList":            object{"type": "object", "required": []string{"staff"}, "properties": object{"staff": object{"type": "array", "items": ref("ContractStaff")}}},
		"ExternalService":      read(service, "id", "name", "provider", "kind", "unit"),
		"ExternalServiceWrite": write(service, "name", "provider", "kind", "unit"),
		"ExternalServiceItem":  item("service", "ExternalService"),
		"ExternalServiceList":  list("ExternalService"),
	}
}
