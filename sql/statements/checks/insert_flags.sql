-- Insert one rule's findings under a check run; the rule's SELECT goes in place of the marker.
INSERT INTO dq.coding_flags BY NAME
SELECT ? AS check_run_id, finding.*
FROM (
{rule_sql}
) AS finding
