-- 8.2.1ア: an API token may be limited to some parts of the API (registers,
-- comma separated, such as devices,assets) and to one 局 or 課 and the
-- units under it, for an integration that must not see the whole city.
ALTER TABLE auth_tokens ADD COLUMN registers TEXT NOT NULL DEFAULT '';
ALTER TABLE auth_tokens ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
