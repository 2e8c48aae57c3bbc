package auth

import "time"

// Account statuses.
const (
	StatusActive   = "active"
	StatusDisabled = "disabled"
)

// Account is a user ID of Kijun (8.2.1イ) as storage keeps it.
type Account struct {
	// ID is the user ID typed at sign-in: a person's staff number, or the
	// first administrator's generated ID (8.2.1ウ(5): not a default).
	ID string
	// StaffNo is the person the account belongs to; empty for the first
	// administrator, who is nobody in the organisation.
	StaffNo     string
	DisplayName string
	// Admin marks a privileged ID (8.2.1ウ): it manages accounts.
	Admin  bool
	Status string
	// Credential is the password; its Hash is empty for an account that
	// signs in only through the city's identity provider.
	Credential Credential
	SignIn     SignInState
	// TOTPSecret is sealed (SealSecret); empty when no TOTP is enrolled.
	TOTPSecret   string
	TOTPLastStep int64
	// OIDCSubject is the identity provider's subject for this account.
	OIDCSubject string
	CreatedAt   time.Time
	// Version counts changes, so two administrators editing one account
	// do not silently overwrite each other.
	Version int64
}

// Disabled reports whether the account may not sign in at all.
func (a Account) Disabled() bool { return a.Status == StatusDisabled }
