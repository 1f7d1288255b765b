-- dq_npi_valid(npi): whether an NPI is ten digits with a valid Luhn check digit
-- (over the 80840 prefix), as the NPI rules and expectations test it.
-- A temporary object of the check's connection (nothing is kept in the snapshot)
-- that the coding rules share.
CREATE OR REPLACE TEMP MACRO dq_npi_valid(npi) AS
    npi IS NOT NULL
    AND regexp_full_match(npi, '[0-9]{10}')
    AND list_sum(list_transform(range(0, 15), lambda i:
        CASE
            WHEN i % 2 = 1 THEN
                CAST(substr('80840' || npi, i + 1, 1) AS INTEGER) * 2
                - CASE WHEN CAST(substr('80840' || npi, i + 1, 1) AS INTEGER) >= 5 THEN 9 ELSE 0 END
            ELSE CAST(substr('80840' || npi, i + 1, 1) AS INTEGER)
        END)) % 10 = 0;
