package store

import (
	"fmt"

	"kijun/internal/kijun"
)

// Gate says which 課's register records the acting person keeps. Every
// write of an asset, system, device, medium or area asks it about the
// record's 課 as it is now (when the record exists) and as it will be,
// inside the transaction that writes it, so neither the form, the import
// nor the API can move another 課's record into the writer's own
// (8.2.1ア). Package registers builds it from the signed-in person, or
// for the console.
type Gate interface {
	// Keeps reports whether the acting person may write the records of
	// unit.
	Keeps(unit string) bool
}

// OpsGate says whose operations records the acting person writes: a
// system's 作業記録, changes and log reviews are kept by its 課 (Keeps) and
// by its 業務システム管理者 and the 情報基盤管理者 (Operates), asked inside
// the transaction that writes, for the form, the import and the API
// alike (8.1.5, 8.2.1ア).
type OpsGate interface {
	Gate
	// Operates reports whether the acting person administers system id.
	Operates(id string) bool
	// City reports whether the acting person works for the whole city,
	// as the CISO's office that imports vulnerability feeds (8.6.1).
	City() bool
}

// operates reports whether g keeps the operations records of a system of
// unit.
func operates(g OpsGate, id, unit string) bool {
	return g != nil && (g.Keeps(unit) || g.Operates(id))
}

// Mode says what a save of one record does: a create refuses an ID that
// is in use, an update a record that is not there. The route, not the
// version a form carries, decides which.
type Mode int

// The modes of a save.
const (
	Create Mode = iota + 1
	Update
)

// errNotKept is the refusal to change a record the writer does not keep.
// It names the record only by the ID the writer gave, never its version
// or contents, which they may not read.
func errNotKept(noun, id string) error {
	return kijun.Errorf(kijun.EFORBIDDEN, "%s %s を変更する権限がありません（所管課の台帳のみ変更できます。8.2.1ア）", noun, id)
}

// notKeptUnit is the message beside the unit field of a record that
// would move to a 課 the writer does not keep.
func notKeptUnit(unit string) string {
	return fmt.Sprintf("所管課 %s の台帳に登録する権限がありません（自課の台帳のみ。8.2.1ア）", unit)
}

// notKeptRow is an import's reason for refusing a row whose ID names a
// record of a 課 the importer does not keep.
func notKeptRow(label, id string) string {
	return fmt.Sprintf("%s %s は他課の台帳にあります。変更する権限がありません（所管課の台帳のみ。8.2.1ア）", label, id)
}

// inUse is the message beside the ID of a new record whose ID is taken,
// whoever keeps it.
func inUse(label, id string) string {
	return fmt.Sprintf("%s %s は既にあります（別の番号にしてください）", label, id)
}

// gateUnit adds to fe the refusal of a record that would be held by a 課
// g does not keep, beside field, unless fe already finds its unit wrong.
func gateUnit(g Gate, fe []kijun.FieldError, field, unit string) []kijun.FieldError {
	if unit == "" || g.Keeps(unit) {
		return fe
	}
	if hasField(fe, field) {
		return fe
	}
	return append(fe, kijun.FieldError{Field: field, Message: notKeptUnit(unit)})
}

// hasField reports whether fe finds field wrong.
func hasField(fe []kijun.FieldError, field string) bool {
	for _, f := range fe {
		if f.Field == field {
			return true
		}
	}
	return false
}
