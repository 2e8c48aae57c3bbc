-- The API's device list filtered by kind and sorted by the last change
-- (GET /api/v1/devices?kind=pc&sort=updated&desc=1): walked along this
-- index a page is read without sorting every device of the kind first.
CREATE INDEX devices_kind_updated ON devices (kind, updated_at, id);
