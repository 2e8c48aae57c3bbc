-- 6.2.1イ: the day a managed area was set up. One set up on or after the
-- day the standard took effect is a new one (新設), as is one being set
-- up now (is_new); an older one is existing, and the clause does not
-- reach it.
ALTER TABLE areas ADD COLUMN set_up_on TEXT NOT NULL DEFAULT '';
