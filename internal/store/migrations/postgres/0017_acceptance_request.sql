-- 9.5.1: a finding is accepted under a 例外措置 that was requested and
-- approved in Kijun, named by its request's number. Acceptances made
-- before keep the number that was typed in, and request_id 0.
ALTER TABLE compliance_acceptances ADD COLUMN request_id INTEGER NOT NULL DEFAULT 0;
