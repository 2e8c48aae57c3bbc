// Package registers writes the registers of chapters 4 to 6: information
// assets, systems, devices, removable media, managed areas and the
// network. It is the one way a person's write reaches them: the page
// handlers, the web imports, the JSON API and the console imports all call
// it, so that every entry point passes the same gate.
//
// 8.2.1ア asks that no one reach information they have no right to. For
// the registers that means a 課 keeps its own records: every write is
// checked against the record as it is now (its 課, when it exists) and as
// it will be (its new 課), by the Editor the write is made for. The store
// asks the Editor inside the transaction that writes, for one record and
// for every row of an import alike, so an import applies exactly the
// rules of the form, row by row, and a 課 cannot move another's record
// into its own by reusing its ID.
//
// A create creates: an ID in use is refused, whoever keeps it, without
// its version or contents. An update updates: a record that is not there
// is not found, and one the editor does not keep is refused before its
// version is compared, so a refusal says nothing of it.
//
// The network register (segments and connections) is the city's own
// (8.1.9): only its keepers write it, whatever the 課 of a segment.
package registers
