-- 7.4.2イ: a shared account (共用 ID) and the people permitted to use it.
-- An account with rows here is shared: its sign-in must name one of them.
CREATE TABLE auth_shared_users (
    account_id TEXT NOT NULL REFERENCES auth_accounts (id),
    staff_no   TEXT NOT NULL REFERENCES org_people (staff_no),
    PRIMARY KEY (account_id, staff_no)
);

-- Who is using a shared account in each of its sessions.
CREATE TABLE auth_session_users (
    token_hash TEXT PRIMARY KEY REFERENCES auth_sessions (token_hash) ON DELETE CASCADE,
    staff_no   TEXT NOT NULL
);
