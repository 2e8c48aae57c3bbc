-- 6.1.7, 4.2ケ, 9.2.1: a device or medium leaves use by a lease return or
-- a disposal (with the number of the approved request whose record is
-- kept) or by loss or theft (with the incident report's number). The
-- measures asked of an item in use are not asked of one gone.
ALTER TABLE devices ADD COLUMN state TEXT NOT NULL DEFAULT 'in_use';
ALTER TABLE devices ADD COLUMN state_on TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN state_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN state TEXT NOT NULL DEFAULT 'in_use';
ALTER TABLE media ADD COLUMN state_on TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN state_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX devices_state ON devices (state, id);
CREATE INDEX media_state ON media (state, id);
