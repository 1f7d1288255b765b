-- dq_age_years(birth, service): the patient's age in whole years on the service date.
-- A temporary object of the check's connection (nothing is kept in the snapshot)
-- that the coding rules share.
CREATE OR REPLACE TEMP MACRO dq_age_years(birth, service) AS
    year(service) - year(birth)
    - CASE WHEN strftime(service, '%m%d') < strftime(birth, '%m%d') THEN 1 ELSE 0 END;
