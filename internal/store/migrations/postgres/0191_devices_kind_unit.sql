-- The device list filtered by kind and sorted by 課 (the register page's
-- default order; GET /api/v1/devices?kind=mobile&sort=unit): walked along
-- this index a page is read without sorting every device of the kind
-- first, as devices_kind_updated does for the newest change first.
CREATE INDEX devices_kind_unit ON devices (kind, unit_code, id);
