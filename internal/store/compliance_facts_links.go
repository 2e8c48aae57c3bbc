package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/permits"
)

// linkApproval is what the chain check needs of a link's approval: in
// force and naming the link on the check's day, and if not, the day it
// ended when it has.
type linkApproval struct {
	approved bool
	expired  time.Time
}

// linkFacts reads the 再委託 links (10.1.4) with the request each names
// as its approval, in one query: the approval is joined to its link
// rather than read in a second pass over every request of its type, and
// its fields are read only where they can approve (a closed request of
// type subcontract whose period holds the check's day); elsewhere the
// link is unapproved whatever they say. The approvals are by link ID,
// judged as approves judges them.
func (r *factsReader) linkFacts(ctx context.Context, in func(string) (string, []any)) ([]contractors.Link, map[string]linkApproval, error) {
	var links []contractors.Link
	approvals := map[string]linkApproval{}
	where, args := in("l.contract_id")
	q := `SELECT l.id, l.contract_id, l.from_id, l.to_id, l.state, l.permit_id,
		COALESCE(r.type, ''), COALESCE(r.state, ''), COALESCE(r.fields, ''), COALESCE(r.valid_from, ''), COALESCE(r.valid_to, '')
		FROM subcontracts l LEFT JOIN permit_requests r ON r.id = l.permit_id` + where
	err := r.query(ctx, q, args, func(sc scanner) error {
		var l contractors.Link
		var typ, state, fields, from, to string
		if err := sc.Scan(&l.ID, &l.Contract, &l.From, &l.To, &l.State, &l.Permit, &typ, &state, &fields, &from, &to); err != nil {
			return err
		}
		links = append(links, l)
		switch typ {
		case "subcontract", "exception", "emergency_exception":
		default: // none, or a request of another kind: no approval
			return nil
		}
		var a linkApproval
		closed, validFrom, validTo := permits.State(state) == permits.StateClosed, storedDay(from), storedDay(to)
		if typ == "subcontract" && closed && !r.day.Before(validFrom) && (validTo.IsZero() || !validTo.Before(r.day)) {
			a.approved = namesLink(fields, l)
			if !a.approved {
				f, err := leanFields(l.Permit, fields)
				if err != nil {
					return err
				}
				a.approved = f["contract"] == l.Contract && f["link"] == l.ID && f["receiver"] == l.To
			}
		}
		if !a.approved && closed && !validTo.IsZero() && validTo.Before(r.day) {
			a.expired = validTo
		}
		approvals[l.ID] = a
		return nil
	})
	return links, approvals, err
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
