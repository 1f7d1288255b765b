-- After the rules: drop the temporary tables of the rule context (their memory
-- is wanted by the expectation suites that run next).
DROP TABLE IF EXISTS dq_rule_lines;
DROP TABLE IF EXISTS dq_icd10cm;
