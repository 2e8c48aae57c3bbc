package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/systems"
)

type object = map[string]any

// openAPI builds the OpenAPI 3.1 document of the JSON API from apiOperations.
func (s *Server) openAPI() object {
	paths := object{}
	for _, op := range s.apiOperations() {
		params := []object{}
		for _, p := range op.Params {
			params = append(params, object{
				"name": p.Name, "in": p.In, "required": p.Required || p.In == "path",
				"description": p.Description, "schema": object{"type": p.Type},
			})
		}
		item, _ := paths[op.Path].(object)
		if item == nil {
			item = object{}
			paths[op.Path] = item
		}
		summary := op.Summary
		if op.Rule.name == ruleLedger.name {
			summary += ". Only the CISO's office, the audit director and administrators (8.2.1ア)"
		}
		status := op.Status
		if status == 0 {
			status = http.StatusOK
		}
		o := object{
			"operationId": op.ID,
			"summary":     summary,
			"parameters":  params,
			"responses": object{
				strconv.Itoa(status): object{"description": http.StatusText(status), "content": jsonContent("#/components/schemas/" + op.Response)},
				"default": object{"description": "An RFC 9457 problem: what is wrong, where (errors: field and reason; rows: row, column, reason) and why, " +
					"in Japanese or English by Accept-Language", "content": object{"application/problem+json": object{"schema": object{"$ref": "#/components/schemas/Problem"}}}},
			},
		}
		if op.Request != "" {
			o["requestBody"] = object{"required": true, "content": jsonContent("#/components/schemas/" + op.Request)}
		}
		if op.Method == http.MethodPost {
			o["parameters"] = append(params, object{"name": "Idempotency-Key", "in": "header", "required": false, "schema": object{"type": "string", "maxLength": maxIdemKey},
				"description": "a retried POST with the same key and body gets the first answer; the same key with another body is refused (422)"})
		}
		item[strings.ToLower(op.Method)] = o
	}
	return object{
		"openapi": "3.1.0",
		"info": object{
			"title":       "Kijun API",
			"version":     "1",
			"description": "The JSON API of Kijun, which holds a local government's information security standard (情報セキュリティ対策基準) as data and runs what it requires.",
		},
		"servers": []object{{"url": "/"}},
		"paths":   paths,
		// Every operation needs a personal API token (made on the account
		// page) or a signed-in session.
		"security": []object{{"token": []string{}}},
		"components": object{"schemas": withSchemas(withSchemas(withSchemas(withSchemas(withSchemas(withSchemas(schemas(), actionSchemas()), apiWriteSchemas()), operationsSchemas()), auditSchemas()), systemStageSchemas()), withSchemas(contractorSchemas(), issue24Schemas())), "securitySchemes": object{
			"token": object{"type": "http", "scheme": "bearer", "bearerFormat": "kjn_ID.SECRET",
				"description": "A personal API token from the account page: read scope for GET, write scope to change anything."},
		}},
	}
}

func jsonContent(ref string) object {
	return object{"application/json": object{"schema": object{"$ref": ref}}}
}

// text is a string schema with the domain's limit on it, in characters.
func text(max int) object { return object{"type": "string", "maxLength": max} }

func schemas() object {
	str := object{"type": "string"}
	integer := object{"type": "integer"}
	return object{
		"Record": object{
			"type":     "object",
			"required": []string{"seq", "at", "actor", "action", "entity", "entity_id", "digest", "provisions", "hash"},
			"properties": object{
				"seq":          integer,
				"at":           object{"type": "string", "format": "date-time"},
				"actor":        str,
				"on_behalf_of": str,
				"action":       str,
				"entity":       str,
				"entity_id":    str,
				"digest":       object{"type": "string", "description": "hex SHA-256 of the new state"},
				"provisions":   object{"type": "array", "items": str},
				"hash":         object{"type": "string", "description": "hex SHA-256 chained to the previous record"},
			},
		},
		"RecordList": object{
			"type":       "object",
			"required":   []string{"records"},
			"properties": object{"records": object{"type": "array", "items": object{"$ref": "#/components/schemas/Record"}}},
		},
		"Catalog": object{
			"type":     "object",
			"required": []string{"key", "edition", "title", "format", "provisions", "in_force"},
			"properties": object{
				"key": str, "edition": str, "title": str, "issuer": str, "effective": str, "format": str,
				"provisions": integer, "in_force": object{"type": "boolean"},
			},
		},
		"CatalogList": object{
			"type":       "object",
			"required":   []string{"catalogs"},
			"properties": object{"catalogs": object{"type": "array", "items": object{"$ref": "#/components/schemas/Catalog"}}},
		},
		"ProvisionSummary": object{
			"type":     "object",
			"required": []string{"id", "kind"},
			"properties": object{
				"id": str, "kind": str, "parent": str, "title": str, "text": str,
				"obliges": object{"type": "array", "items": str}, "force": str,
				"operations":     object{"type": "array", "items": object{"type": "object"}},
				"refs":           object{"type": "array", "items": str},
				"implemented_by": object{"type": "array", "items": str},
			},
		},
		"Provision": object{
			"allOf": []object{
				{"$ref": "#/components/schemas/ProvisionSummary"},
				{"type": "object", "required": []string{"items", "mappings"}, "properties": object{
					"items": object{"type": "array", "items": object{"$ref": "#/components/schemas/ProvisionSummary"}},
					"mappings": object{"type": "array", "items": object{
						"type": "object", "required": []string{"direction", "catalog", "provision", "relationship"},
						"properties": object{"direction": object{"type": "string", "enum": []string{"to", "from"}}, "catalog": str, "provision": str, "relationship": str, "note": str},
					}},
				}},
			},
		},
		"SearchResult": object{
			"type":     "object",
			"required": []string{"hits"},
			"properties": object{"hits": object{"type": "array", "items": object{
				"type": "object", "required": []string{"catalog", "provision"},
				"properties": object{"catalog": str, "provision": object{"$ref": "#/components/schemas/ProvisionSummary"}},
			}}},
		},
		"UnitList": object{
			"type": "object", "required": []string{"date", "units"},
			"properties": object{"date": str, "units": object{"type": "array", "items": object{"$ref": "#/components/schemas/Unit"}}},
		},
		"Unit": object{
			"type": "object", "required": []string{"code", "kind", "name"},
			"properties": object{"code": text(organisation.MaxCode), "kind": str, "name": text(organisation.MaxName), "kana": text(organisation.MaxName), "parent": str,
				"from": object{"type": "string", "format": "date-time"}, "to": object{"type": "string", "format": "date-time"}},
		},
		"ReorgPlan": object{
			"type": "object", "required": []string{"dry_run", "counts", "changes", "successors"},
			"properties": object{"dry_run": object{"type": "boolean"}, "counts": object{"type": "object"},
				"changes": object{"type": "array", "items": object{"type": "object"}}, "successors": object{"type": "object"}},
		},
		"UnitDetail": object{
			"type": "object", "required": []string{"date", "unit", "members"},
			"properties": object{"date": str, "unit": object{"$ref": "#/components/schemas/Unit"}, "members": object{"type": "array", "items": object{"type": "object"}}},
		},
		"PersonList": object{
			"type": "object", "required": []string{"people"},
			"properties": object{"people": object{"type": "array", "items": object{"type": "object"}}},
		},
		"PersonDetail": object{
			"type": "object", "required": []string{"person", "assignments"},
			"properties": object{
				"person": object{"type": "object", "required": []string{"staff_no", "name"},
					"properties": object{"staff_no": text(organisation.MaxCode), "name": text(organisation.MaxName), "kana": text(organisation.MaxName), "employment": str, "status": str}},
				"assignments": object{"type": "array", "items": object{"type": "object"}},
			},
		},
		"AssetSummary": object{
			"type": "object", "required": []string{"id", "unit", "name", "kind", "confidentiality", "integrity", "availability", "stage", "version"},
			"properties": object{
				"id": str, "unit": str, "unit_name": str, "name": text(assets.MaxName), "description": text(assets.MaxDescription), "kind": str,
				"location":        text(assets.MaxName),
				"confidentiality": integer, "confidentiality_reason": text(assets.MaxReason), "integrity": integer, "integrity_reason": text(assets.MaxReason),
				"availability": integer, "availability_reason": text(assets.MaxReason), "stage": str, "origin": text(assets.MaxName), "original_id": str,
				"holders": object{"type": "array", "items": str, "maxItems": assets.MaxHolders}, "version": integer,
				"created_at": object{"type": "string", "format": "date-time"}, "updated_at": object{"type": "string", "format": "date-time"},
			},
		},
		"AssetList": object{
			"type": "object", "required": []string{"total", "assets"},
			"properties": object{"total": integer, "offset": integer, "next_cursor": nextCursorSchema, "assets": object{"type": "array", "items": object{"$ref": "#/components/schemas/AssetSummary"}}},
		},
		"Asset": object{
			"type": "object", "required": []string{"asset", "in_scope", "label", "restrictions"},
			"properties": object{
				"asset": object{"$ref": "#/components/schemas/AssetSummary"}, "in_scope": object{"type": "boolean"}, "label": str,
				"restrictions": object{"type": "array", "items": object{"type": "object", "properties": object{"clause": str, "when": str, "text": str, "text_en": str}}},
				"copies":       object{"type": "array", "items": str},
			},
		},
		"SystemSummary": object{
			"type": "object", "required": []string{"id", "name", "unit", "zone", "hosting", "auth_factors", "version"},
			"properties": object{
				"id": str, "name": text(systems.MaxName), "description": text(systems.MaxDescription), "unit": str, "unit_name": str, "zone": str, "hosting": str,
				"redundant": object{"type": "boolean"}, "ups": object{"type": "boolean"}, "surge_protection": object{"type": "boolean"},
				"maintenance": text(systems.MaxName), "backup": text(systems.MaxDescription), "log_items": text(systems.MaxDescription), "log_retention_days": integer,
				"log_review": text(systems.MaxDescription), "auth_factors": integer, "external_access": object{"type": "boolean"}, "public_domain": str, "tls": object{"type": "boolean"},
				"contractor": text(systems.MaxName), "contract_clauses": object{"type": "boolean"}, "documents": text(systems.MaxDescription), "version": integer,
				"software": object{"type": "array", "maxItems": systems.MaxSoftware, "items": object{"type": "object", "properties": object{
					"name": text(systems.MaxName), "version": text(systems.MaxName), "end_of_support": str}}},
			},
		},
		"SystemList": object{
			"type": "object", "required": []string{"total", "systems"},
			"properties": object{"total": integer, "offset": integer, "next_cursor": nextCursorSchema, "systems": object{"type": "array", "items": object{"$ref": "#/components/schemas/SystemSummary"}}},
		},
		"System": object{
			"type": "object", "required": []string{"system", "notes"},
			"properties": object{
				"system": object{"$ref": "#/components/schemas/SystemSummary"}, "assets_held": integer, "availability": integer,
				"notes": object{"type": "array", "items": object{"type": "object", "properties": object{"clause": str, "text": str}}},
			},
		},
		"RegisterList": object{
			"type": "object", "required": []string{"total", "items"},
			"properties": object{"total": integer, "offset": integer, "next_cursor": nextCursorSchema, "items": object{"type": "array", "items": object{"type": "object",
				"required":   []string{"id", "name", "unit", "kind", "version"},
				"properties": object{"id": str, "name": text(kijun.MaxName), "unit": str, "unit_name": str, "kind": str, "version": integer}}}},
		},
		"RegisterItem": object{
			"type": "object", "required": []string{"item", "holder", "held", "class", "gaps"},
			"properties": object{
				"item":   object{"type": "object", "properties": object{"id": str, "name": text(kijun.MaxName), "unit": str, "kind": str, "version": integer}},
				"holder": str, "held": integer,
				"class": object{"type": "object", "properties": object{"confidentiality": integer, "integrity": integer, "availability": integer}},
				"gaps":  object{"type": "array", "items": object{"type": "object", "properties": object{"clause": str, "text": str}}},
			},
		},
		"Appointment": object{
			"type": "object", "required": []string{"id", "role", "scope", "staff_no"},
			"properties": object{
				"id": integer, "role": str, "staff_no": str, "name": str, "note": str,
				"scope":      object{"type": "object", "properties": object{"kind": str, "id": str}},
				"from":       object{"type": "string", "format": "date-time"},
				"to":         object{"type": "string", "format": "date-time"},
				"concurrent": object{"type": "object", "properties": object{"Flagged": object{"type": "boolean"}, "Reason": str}},
			},
		},
		"Holder": object{
			"type": "object", "required": []string{"role", "scope", "person", "basis"},
			"properties": object{
				"role": str, "basis": str,
				"scope":  object{"type": "object", "properties": object{"kind": str, "id": str}},
				"person": object{"type": "object", "properties": object{"staff_no": str, "name": str}},
				"date":   object{"type": "string", "format": "date-time"},
				"since":  object{"type": "string", "format": "date-time"},
			},
		},
		"Ledger": object{
			"type":     "object",
			"required": []string{"records", "head_hash"},
			"properties": object{
				"records":   integer,
				"head_hash": str,
				"checkpoint": object{
					"type": "object",
					"properties": object{
						"seq": integer, "hash": str, "at": str, "key_id": str, "signature": str,
						"line": object{"type": "string", "description": "the checkpoint as one line for kijun verify --checkpoint"},
					},
				},
			},
		},
	}
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := json.MarshalIndent(s.openAPI(), "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(append(b, '\n'))
	return err
}
