package web

import (
	"errors"
	"net/http"

	"golang.org/x/text/language"

	"kijun/internal/kijun"
)

// problem is the one shape of every API error: RFC 9457 problem details,
// with Kijun's error code and the fields or rows that are wrong.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
	// Code is Kijun's kind of error (invalid, not_found, conflict...).
	Code string `json:"code"`
	// Errors name each field that is wrong and why.
	Errors []problemField `json:"errors,omitempty"`
	// Rows are a bulk write's or an import's refusals: row, column, reason.
	Rows []kijun.RowError `json:"rows,omitempty"`
}

// problemField is one field's refusal. Field is a JSON pointer-like dotted
// path into the request body (rows.3.name) or a header's name.
type problemField struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// statusError is an error whose HTTP status is not one of the kinds': the
// preconditions (412, 428), an oversize body (413), a reused idempotency
// key (422). It says why in both languages and may name a field.
type statusError struct {
	status int
	code   string
	field  string
	ja, en string
}

func (e *statusError) Error() string { return e.ja }

// problemStatus is the status of err, with statusError's own.
func problemStatus(err error) int {
	if se := (*statusError)(nil); errors.As(err, &se) {
		return se.status
	}
	return statusOf(err)
}

// apiLang picks the language of a problem by Accept-Language: English when
// the caller prefers it, Japanese otherwise.
func apiLang(r *http.Request) string {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return langJA
	}
	if base, _ := tags[0].Base(); base.String() == "en" {
		return langEN
	}
	return langJA
}

var problemTitles = map[string]map[int]string{
	langJA: {
		400: "入力に誤りがあります", 401: "ログインが必要です", 403: "この操作を行う権限がありません", 404: "見つかりません",
		409: "ほかの変更と衝突しました", 412: "記録は既に変更されています", 413: "本文が大きすぎます", 415: "本文は JSON にしてください",
		422: "同じ Idempotency-Key で別の内容が送られました", 428: "If-Match ヘッダが必要です", 500: "内部エラー", 503: "一時的に利用できません",
	},
	langEN: {
		400: "The input is wrong", 401: "Sign-in required", 403: "Not allowed", 404: "Not found",
		409: "Conflict with another change", 412: "The record has changed", 413: "Body too large", 415: "The body must be JSON",
		422: "Idempotency-Key reused with another body", 428: "If-Match header required", 500: "Internal error", 503: "Temporarily unavailable",
	},
}

// problemOf builds the problem document of err for r.
func problemOf(r *http.Request, err error) (problem, int) {
	lang := apiLang(r)
	status := problemStatus(err)
	code := kijun.ErrorCode(err)
	detail := kijun.ErrorMessage(err)
	p := problem{Status: status, Instance: r.URL.Path}
	if se := (*statusError)(nil); errors.As(err, &se) {
		code, detail = se.code, se.ja
		if lang == langEN {
			detail = se.en
		}
		if se.field != "" {
			p.Errors = []problemField{{Field: se.field, Reason: detail}}
		}
	}
	if status >= 500 {
		detail = map[string]string{langJA: "内部エラーが起きました。時間をおいてもう一度お試しください", langEN: "internal error"}[lang]
	}
	p.Code, p.Detail = code, detail
	p.Type = "https://kijun.invalid/problems/" + code
	p.Title = problemTitles[lang][status]
	if p.Title == "" {
		p.Title = http.StatusText(status)
	}
	if status < 500 {
		if fe := (*kijun.FieldErrors)(nil); errors.As(err, &fe) {
			for _, f := range fe.Fields {
				p.Errors = append(p.Errors, problemField{Field: f.Field, Reason: f.Message})
			}
		}
		if ie := (*kijun.ImportError)(nil); errors.As(err, &ie) {
			p.Rows = ie.Errors
		}
		// The domain's own messages, in English when asked.
		if se := (*statusError)(nil); lang == langEN && !errors.As(err, &se) {
			p.inEnglish()
		}
	}
	return p, status
}

// writeProblem answers with err as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p, status := problemOf(r, err)
	w.Header().Set("Content-Language", map[string]string{langJA: "ja", langEN: "en"}[apiLang(r)])
	writeJSONType(w, status, "application/problem+json", p)
}

// Unwrap gives the error's kind to kijun.ErrorCode and its Japanese message
// to kijun.ErrorMessage.
func (e *statusError) Unwrap() error { return &kijun.Error{Code: e.code, Message: e.ja} }

// badField is a 400 problem naming a field of the body, in both languages.
func badField(field, ja, en string) error {
	return &statusError{status: http.StatusBadRequest, code: kijun.EINVALID, field: field, ja: ja, en: en}
}
