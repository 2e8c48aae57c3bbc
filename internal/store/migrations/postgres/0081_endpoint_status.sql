-- 8.4.1ウ,エ: what an endpoint-management product reports of each device:
-- its anti-malware product, the date of its pattern file and of its last
-- OS update, as last imported.
CREATE TABLE endpoint_status (
    device_id   TEXT PRIMARY KEY REFERENCES devices (id),
    av_product  TEXT NOT NULL DEFAULT '',
    pattern_on  TEXT NOT NULL DEFAULT '',
    os_updated  TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);
