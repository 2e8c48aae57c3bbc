package store

import (
	"context"
	"math"

	"kijun/internal/compliance"
	"kijun/internal/permits"
)

// requests reads the permit requests carried out and awaiting their
// return (7.1.1キ) or their report to the CISO (9.5.2), with how long past
// due they are at the check's moment. A re-check reads the requests it
// names whatever their state, so one returned or reported is seen so.
func (r *factsReader) requests(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindRequest, "r.id")
	if !ok {
		return nil
	}
	if r.scope == nil {
		where = " WHERE r.state = 'carried_out' AND r.due_at <> ''"
	}
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	return r.query(ctx, "SELECT r.id, r.type, r.state, r.requester, r.unit_code, r.due_at FROM permit_requests r"+where, args, func(sc scanner) error {
		var q compliance.Request
		var due string
		if err := sc.Scan(&q.ID, &q.Type, &q.State, &q.Requester, &q.Unit, &due); err != nil {
			return err
		}
		q.TypeName = q.Type
		if t := reg.Type(q.Type); t != nil {
			q.TypeName, q.Return, q.ReportAfter = t.Name, t.Return != nil, t.CarriedOutFirst
		}
		if d := parseStoredTime(due); !d.IsZero() && r.day.After(d) {
			q.OverdueHours = int(math.Ceil(r.day.Sub(d).Hours()))
		}
		r.f.Requests = append(r.f.Requests, q)
		return nil
	})
}
