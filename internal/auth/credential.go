package auth

import (
	"strconv"
	"time"
)

// Credential is a person's password as storage keeps it: never the password,
// only its hash and what the rules of 7.4.3 and 8.2.6 need to know about it.
type Credential struct {
	// Hash is the argon2id hash of the current password (HashPassword).
	Hash string
	// ChangedAt is when the current password was set, for 8.2.6エ.
	ChangedAt time.Time
	// MustChange means the password is temporary and must be changed at the
	// first sign-in before anything else (7.4.3キ, 8.2.6イ).
	MustChange bool
	// History holds the hashes of previous passwords, newest first, at most
	// PasswordPolicy.History of them (8.2.6エ).
	History []string
}

// IssueTemporary returns a new temporary password and the Credential that
// replaces prev: the password is hashed under params, marked MustChange
// (7.4.3キ, 8.2.6イ), and prev's password joins the history so a reset does
// not let the person go back to it (8.2.6エ). Show the password once; it is
// not kept.
func (p PasswordPolicy) IssueTemporary(prev Credential, params Params, now time.Time) (string, Credential, error) {
	pw, err := NewTemporaryPassword()
	if err != nil {
		return "", Credential{}, err
	}
	h, err := HashPassword(pw, params)
	if err != nil {
		return "", Credential{}, err
	}
	return pw, Credential{Hash: h, ChangedAt: now, MustChange: true, History: p.pushHistory(prev)}, nil
}

// Change returns the Credential after the person sets password: it must meet
// p (7.4.3ウ, 8.2.6ウ) and be neither the current password nor one of the
// last History (8.2.6エ). Every rule it breaks is listed in one EINVALID
// error. Checking the current password first is the caller's job.
func (p PasswordPolicy) Change(c Credential, password string, params Params, now time.Time, userHints ...string) (Credential, error) {
	vs := p.Violations(password, userHints...)
	if InHistory(password, append([]string{c.Hash}, c.History...)) {
		vs = append(vs, Violation{"history",
			"現在または直近" + strconv.Itoa(p.History) + "回のパスワードは使えません",
			"do not reuse your current password or any of the last " + strconv.Itoa(p.History)})
	}
	if err := violationError(vs); err != nil {
		return c, err
	}
	h, err := HashPassword(password, params)
	if err != nil {
		return c, err
	}
	return Credential{Hash: h, ChangedAt: now, History: p.pushHistory(c)}, nil
}

// MustChange reports whether the person must set a new password before doing
// anything else: a temporary password (7.4.3キ, 8.2.6イ) or one past its age
// (8.2.6エ).
func (p PasswordPolicy) MustChange(c Credential, now time.Time, privileged bool) bool {
	return c.MustChange || p.Expired(c.ChangedAt, now, privileged)
}

// pushHistory returns c's history with c's current hash in front, cut to
// p.History.
func (p PasswordPolicy) pushHistory(c Credential) []string {
	var h []string
	if c.Hash != "" {
		h = append(h, c.Hash)
	}
	h = append(h, c.History...)
	if len(h) > p.History {
		h = h[:max(p.History, 0)]
	}
	return h
}
