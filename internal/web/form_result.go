package web

import (
	"errors"
	"net/http"

	"kijun/internal/kijun"
)

// A register form posts, the register's service saves, and the outcome is
// one of three for every form: saved (the handler redirects), refused with
// reasons the form shows (beside each field, or above the form for a stale
// version), or failed (the error page). formResult sorts it once for all.

// formResult sorts a save's error: none (saved, true), field errors into
// errs, a conflict (a stale version, a rule of the record's state) into
// conflict, or anything else returned for the error page.
func formResult(err error, errs map[string]string, conflict *string) (bool, error) {
	var fe *kijun.FieldErrors
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			errs[f.Field] = f.Message
		}
		return false, nil
	case kijun.ErrorCode(err) == kijun.ECONFLICT:
		*conflict = kijun.ErrorMessage(err)
		return false, nil
	}
	return false, err
}

// statusOfForm is the status a refused form is shown again with: 409 when
// the record changed or its state forbids the save, else 400.
func statusOfForm(conflict string) int {
	if conflict != "" {
		return http.StatusConflict
	}
	return http.StatusBadRequest
}
