package store

import (
	"context"
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

// linkFacts reads the 再委託 links (10.1.4) and judges the approval
// each names as approves judges it, keeping only the judgement: a closed
// request of type subcontract whose period holds the check's day and
// whose fields name the link approves it; one closed and past its period
// is named with the day it ended. Only closed requests are read (the
// others approve nothing and have not ended), and their fields are
// matched against the link without decoding where they can be (namesLink).
// The approvals are by link ID.
func (r *factsReader) linkFacts(ctx context.Context, in func(string) (string, []any)) ([]contractors.Link, map[string]linkApproval, error) {
	var links []contractors.Link
	where, args := in("l.contract_id")
	if err := r.query(ctx, "SELECT l.id, l.contract_id, l.from_id, l.to_id, l.state, l.permit_id FROM subcontracts l"+where, args, func(sc scanner) error {
		var l contractors.Link
		err := sc.Scan(&l.ID, &l.Contract, &l.From, &l.To, &l.State, &l.Permit)
		links = append(links, l)
		return err
	}); err != nil {
		return nil, nil, err
	}
	type request struct {
		subcontract      bool
		fields           string
		validFrom, until time.Time
	}
	reqs := map[int64]request{}
	scan := func(sc scanner) error {
		var id int64
		var typ, fields, from, to string
		if err := sc.Scan(&id, &typ, &fields, &from, &to); err != nil {
			return err
		}
		reqs[id] = request{subcontract: typ == "subcontract", fields: fields, validFrom: storedDay(from), until: storedDay(to)}
		return nil
	}
	// 'closed' is permits.StateClosed: decided, approved.
	const cols = "SELECT r.id, r.type, r.fields, r.valid_from, r.valid_to FROM permit_requests r WHERE r.state = 'closed' AND r.type IN ('subcontract', 'exception', 'emergency_exception')"
	if r.scope == nil { // the whole city: every closed request of the types, one scan
		if err := r.query(ctx, cols, nil, scan); err != nil {
			return nil, nil, err
		}
	} else {
		var ids []any
		for _, l := range links {
			if l.Permit != 0 {
				ids = append(ids, l.Permit)
			}
		}
		if err := r.tx.eachIn(ctx, cols+" AND r.id IN ", ids, scan); err != nil {
			return nil, nil, fmt.Errorf("read compliance facts: %w", err)
		}
	}
	approvals := make(map[string]linkApproval, len(links))
	for _, l := range links {
		q, ok := reqs[l.Permit]
		if !ok || l.Permit == 0 {
			continue
		}
		var a linkApproval
		if q.subcontract && !r.day.Before(q.validFrom) && (q.until.IsZero() || !q.until.Before(r.day)) {
			a.approved = namesLink(q.fields, l)
			if !a.approved {
				f, err := leanFields(l.Permit, q.fields)
				if err != nil {
					return nil, nil, err
				}
				a.approved = f["contract"] == l.Contract && f["link"] == l.ID && f["receiver"] == l.To
			}
		}
		if !a.approved && !q.until.IsZero() && q.until.Before(r.day) {
			a.expired = q.until
		}
		approvals[l.ID] = a
	}
	return links, approvals, nil
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
