package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"regexp"
	"strings"

	"kijun/internal/kijun"
)

// Body limits of the JSON API: one record, and a bulk write of many.
const (
	maxAPIBody  = 1 << 20
	maxBulkBody = 16 << 20
)

// decodeBody reads a JSON request body of at most maxAPIBody into v,
// strictly (see decodeJSON).
func decodeBody(r *http.Request, v any) error { return decodeJSON(r, v, maxAPIBody) }

// decodeJSON reads one JSON value of at most limit bytes into v. Unknown
// fields are refused, not ignored: a caller who misspells a field must
// learn it, not find the field silently unset. Every refusal is a problem
// naming the field (a dotted path into the body) and saying why.
func decodeJSON(r *http.Request, v any, limit int64) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &statusError{status: http.StatusUnsupportedMediaType, code: kijun.EINVALID, field: "Content-Type",
				ja: fmt.Sprintf("本文は JSON（Content-Type: application/json）で送ってください（%q が送られました）", ct),
				en: fmt.Sprintf("send the body as JSON (Content-Type: application/json), not %q", ct)}
		}
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) || int64(len(b)) > limit {
		return &statusError{status: http.StatusRequestEntityTooLarge, code: kijun.EINVALID,
			ja: fmt.Sprintf("本文が大きすぎます（上限 %d バイト）。分けて送ってください", limit),
			en: fmt.Sprintf("the body is over the limit of %d bytes; send it in parts", limit)}
	}
	if err != nil {
		return badField("", "本文を読めません", "the body cannot be read")
	}
	return decodeStrict(b, v)
}

var unknownField = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// decodeStrict decodes one JSON value from b into v, refusing unknown
// fields and anything after the value.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		return badField("", "本文が空です。JSON のオブジェクトを送ってください", "the body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badField("", "JSON が途中で終わっています", "the JSON ends too early")
	case errors.As(err, &se):
		return badField("", fmt.Sprintf("JSON の構文に誤りがあります（%d バイト目）", se.Offset),
			fmt.Sprintf("the JSON is malformed at byte %d", se.Offset))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "(body)"
		}
		want := jsonTypeName(te.Type)
		return badField(field, fmt.Sprintf("%s は %s で指定してください（%s が送られました）", field, want, te.Value),
			fmt.Sprintf("%s must be %s, not %s", field, want, te.Value))
	default:
		if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
			return badField(m[1], fmt.Sprintf("%s という項目はありません（綴りを確かめてください）", m[1]),
				fmt.Sprintf("there is no field %s (check its spelling)", m[1]))
		}
		return badField("", "JSON を読めません: "+err.Error(), "the JSON cannot be read: "+err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badField("", "JSON の値の後に余分なデータがあります", "there is more data after the JSON value")
	}
	return nil
}

// jsonTypeName names a Go type as the JSON type a caller must send.
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return jsonTypeName(t.Elem())
	}
	return t.Kind().String()
}
