package web

import (
	"maps"

	"kijun/internal/systems"
)

// registerWriteSchemas are the OpenAPI schemas of the writes to the asset,
// system and network registers. A body is an item as GET gives it: its
// members are those of the item's schema, and any other is refused
// (additionalProperties: false), as the decoder refuses it.
func registerWriteSchemas() object {
	str, integer, boolean := object{"type": "string"}, object{"type": "integer"}, object{"type": "boolean"}
	ref := func(name string) object { return object{"$ref": "#/components/schemas/" + name} }
	base := schemas()
	// write is a closed body with the members of the read schema named,
	// of which required must be present.
	write := func(read string, required ...string) object {
		props := maps.Clone(base[read].(object)["properties"].(object))
		props["created_at"] = object{"type": "string", "format": "date-time"}
		props["updated_at"] = object{"type": "string", "format": "date-time"}
		return object{"type": "object", "additionalProperties": false, "required": required, "properties": props}
	}
	bulk := func(item string) object {
		return object{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": object{"items": object{"type": "array", "minItems": 1, "items": ref(item)}}}
	}
	segment := object{"type": "object", "required": []string{"id", "name", "zone", "unit", "version"},
		"properties": object{"id": str, "name": text(systems.MaxName), "zone": str, "unit": str, "unit_name": str,
			"address": str, "wireless": boolean, "description": text(systems.MaxDescription), "version": integer,
			"updated_at": object{"type": "string", "format": "date-time"}}}
	connection := object{"type": "object", "required": []string{"id", "from", "to", "channel", "version"},
		"properties": object{"id": str, "from": str, "to": str, "channel": str, "protocol": str, "ports": str,
			"restriction": str, "sanitisation": str, "wireless": boolean, "remote_access": boolean, "one_way": boolean,
			"description": text(systems.MaxDescription), "version": integer, "updated_at": object{"type": "string", "format": "date-time"}}}
	closed := func(o object, required ...string) object {
		o = maps.Clone(o)
		o["additionalProperties"], o["required"] = false, required
		return o
	}
	return withSchemas(findingSchemas(), object{
		"AssetWrite":      write("AssetSummary", "id", "name", "unit"),
		"AssetBulk":       bulk("AssetWrite"),
		"SystemWrite":     write("SystemSummary", "id", "name", "unit"),
		"SystemBulk":      bulk("SystemWrite"),
		"Segment":         segment,
		"SegmentItem":     object{"type": "object", "required": []string{"segment"}, "properties": object{"segment": ref("Segment")}},
		"SegmentWrite":    closed(segment, "id", "name", "zone", "unit"),
		"SegmentBulk":     bulk("SegmentWrite"),
		"Connection":      connection,
		"ConnectionItem":  object{"type": "object", "required": []string{"connection"}, "properties": object{"connection": ref("Connection")}},
		"ConnectionWrite": closed(connection, "id", "from", "to", "channel"),
		"ConnectionBulk":  bulk("ConnectionWrite"),
		"Network": object{"type": "object", "required": []string{"segments", "connections"},
			"properties": object{"segments": object{"type": "array", "items": ref("Segment")}, "connections": object{"type": "array", "items": ref("Connection")}}},
	})
}
