-- 8.2 アクセス制御: Kijun's own accounts, sessions, second factors and API
-- tokens. Times are records.FormatTime strings (UTC, fixed width), so they
-- compare as text; '' is "never".

-- 8.2.1イ: one account per user ID. A person's account names the person;
-- the first administrator has none.
CREATE TABLE auth_accounts (
    id                  TEXT PRIMARY KEY,
    staff_no            TEXT UNIQUE REFERENCES org_people (staff_no),
    display_name        TEXT    NOT NULL,
    admin               INTEGER NOT NULL DEFAULT 0, -- 8.2.1ウ: a privileged ID
    status              TEXT    NOT NULL DEFAULT 'active',
    password_hash       TEXT    NOT NULL DEFAULT '',
    password_changed_at TEXT    NOT NULL DEFAULT '',
    must_change         INTEGER NOT NULL DEFAULT 0,
    password_history    TEXT    NOT NULL DEFAULT '[]',
    signin_state        TEXT    NOT NULL DEFAULT '{}', -- auth.SignInState (8.2.5)
    locked_at           TEXT    NOT NULL DEFAULT '',
    totp_secret         TEXT    NOT NULL DEFAULT '', -- sealed (6.4.2ア, 8.2.6ア)
    totp_last_step      INTEGER NOT NULL DEFAULT 0,
    oidc_subject        TEXT UNIQUE,
    created_at          TEXT    NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);

-- Sessions live here, not in memory, so several server processes share
-- them. Only the hash of the cookie's token is kept.
CREATE TABLE auth_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT    NOT NULL REFERENCES auth_accounts (id),
    csrf       TEXT    NOT NULL,
    method     TEXT    NOT NULL, -- password, oidc
    factors    INTEGER NOT NULL, -- 2 once a second factor has been given
    created_at TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL,
    remote     TEXT    NOT NULL DEFAULT '',
    data       TEXT    NOT NULL DEFAULT '' -- a pending WebAuthn ceremony
);
CREATE INDEX auth_sessions_account ON auth_sessions (account_id);

-- WebAuthn passkeys, a second factor of 6.4.2ア.
CREATE TABLE auth_passkeys (
    id           TEXT PRIMARY KEY, -- the credential ID, base64url
    account_id   TEXT NOT NULL REFERENCES auth_accounts (id),
    name         TEXT NOT NULL,
    credential   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_passkeys_account ON auth_passkeys (account_id);

-- Personal API tokens: scoped, expiring, revocable, hashed at rest.
CREATE TABLE auth_tokens (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES auth_accounts (id),
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scope        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT NOT NULL DEFAULT '',
    last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_tokens_account ON auth_tokens (account_id);

-- Sign-in flows that start before there is a session (OpenID Connect's
-- state and nonce), keyed by the hash of a short-lived cookie.
CREATE TABLE auth_flows (
    id_hash    TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
