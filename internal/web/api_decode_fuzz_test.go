package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"kijun/internal/kijun"
)

// Whatever a body holds, the strict decoder gives a value or a 400 problem
// of kind invalid, never a panic; a body it accepts is valid JSON with no
// field the type lacks, so encoding the value and decoding it again gives
// the same value.
func FuzzDecodeStrict(f *testing.F) {
	f.Add(`{"type":"carry","fields":{"asset":"A10101-0001","destination":"本庁舎"},"valid_from":"2026-06-01","draft":true}`)
	f.Add(`{"decision":"approve","unavoidable":true,"reason":"二人の課","note":"x"}`)
	f.Add(`{"type":"carry","colour":"red"}`)
	f.Add(`{"draft":"yes"}`)
	f.Add(`{"fields":{"a":3}}`)
	f.Add(`{"type":"carry"} {}`)
	f.Add(`{"type":"carry",`)
	f.Add(`[]`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, body string) {
		for _, v := range []any{&permitFilingJSON{}, &permitStepJSON{}} {
			err := decodeStrict([]byte(body), v)
			if err != nil {
				var se *statusError
				if !errors.As(err, &se) || se.status != http.StatusBadRequest || kijun.ErrorCode(err) != kijun.EINVALID || se.ja == "" || se.en == "" {
					t.Fatalf("decode %q: %v, want a 400 problem saying why in both languages", body, err)
				}
				continue
			}
			if !json.Valid([]byte(body)) {
				t.Fatalf("accepted invalid JSON %q", body)
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			again := reflect.New(reflect.TypeOf(v).Elem()).Interface()
			if err := decodeStrict(b, again); err != nil || !reflect.DeepEqual(normalise(v), normalise(again)) {
				t.Fatalf("%q decoded to %+v, which round-trips to %+v (%v)", body, v, again, err)
			}
		}
	})
}

// normalise treats an empty map as no map, as JSON's round trip does not
// keep the difference for omitted members.
func normalise(v any) any {
	switch x := v.(type) {
	case *permitFilingJSON:
		c := *x
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		return c
	case *permitStepJSON:
		c := *x
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		return c
	}
	return v
}
