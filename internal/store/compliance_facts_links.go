package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kijun/internal/contractors"
)

// linkApproval is what the chain check needs of a link's approval: in
// force and naming the link on the check's day, and if not, the day it
// ended when it has.
type linkApproval struct {
	approved bool
	expired  time.Time
}

// leanFields decodes the four fields of a request the judgements of
// chapter 10 read (contract, link, receiver, provision) into a struct,
// which is quicker than a map of every field.
func leanFields(id int64, fields string) (map[string]string, error) {
	var f struct{ Contract, Link, Receiver, Provision string }
	if err := json.Unmarshal([]byte(fields), &f); err != nil {
		return nil, fmt.Errorf("read fields of request %d: %w", id, err)
	}
	return map[string]string{"contract": f.Contract, "link": f.Link, "receiver": f.Receiver, "provision": f.Provision}, nil
}

// namesLink reports, without decoding them, whether a request's fields
// (a JSON object written by encoding/json) name link l as the approval
// asks: its contract, its ID and its receiver. Those are IDs of the
// register's pattern, plain ASCII that JSON writes as it is, so each pair
// appears verbatim after the object's opening or a comma, and a value's
// own quotes are escaped, so no other field's value can hold the pair.
// A value encoding/json would escape (quotes, '<', non-ASCII...) is left
// to the decoder.
// It answers false when it cannot tell, and the caller decodes; decoding
// 5,000 approvals was a third of the city's chain check.
func namesLink(fields string, l contractors.Link) bool {
	for _, kv := range [...][2]string{{"contract", l.Contract}, {"link", l.ID}, {"receiver", l.To}} {
		if !verbatimJSON(kv[1]) || !hasPair(fields, kv[0], kv[1]) {
			return false
		}
	}
	return true
}

// hasPair reports whether the JSON object text holds "key":"value" as a
// member: right after the opening brace or a comma.
func hasPair(obj, key, value string) bool {
	pair := `"` + key + `":"` + value + `"`
	for i := 0; ; {
		j := strings.Index(obj[i:], pair)
		if j < 0 {
			return false
		}
		at := i + j
		if end := at + len(pair); at > 0 && (obj[at-1] == '{' || obj[at-1] == ',') && end < len(obj) && (obj[end] == ',' || obj[end] == '}') {
			return true
		}
		i = at + 1
	}
}

// verbatimJSON reports whether encoding/json writes s inside its quotes
// as it is: printable ASCII but for the characters it escapes.
func verbatimJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return s != ""
}
