// Package kijun holds the domain vocabulary shared by every part of Kijun:
// error kinds, the acting person, and the clock. It imports neither SQL nor HTTP.
package kijun

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to an HTTP status; users see the message,
// never the wrapped internals.
const (
	ECONFLICT     = "conflict"     // the state changed underneath the caller
	EINTERNAL     = "internal"     // a fault the user cannot fix
	EINVALID      = "invalid"      // the input is wrong; the message says where and why
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	EFORBIDDEN    = "forbidden"    // the actor may not do this
	EUNAUTHORIZED = "unauthorized" // the actor is not signed in
	EUNAVAILABLE  = "unavailable"  // a dependency such as the database cannot be reached
)

// Error is an error with a kind and a message meant for the person who caused it.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, never shown to users
}

// Error returns the message, followed by the cause when there is one.
func (e *Error) Error() string {
	// A cause that only carries the details the message already says (an
	// import's row errors) is not said twice.
	if e.Err != nil && e.Err.Error() != e.Message {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error with the given code and message that wraps err.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL
// for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic message for any other error so internals never leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
