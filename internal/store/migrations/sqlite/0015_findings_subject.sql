-- A re-check reads the open findings of the few records it judged again:
-- the index on the subject carries whether a finding is closed, so that
-- the read walks those records' findings rather than every open finding
-- of the city.
DROP INDEX compliance_findings_subject;
CREATE INDEX compliance_findings_subject ON compliance_findings (subject, closed_at);
