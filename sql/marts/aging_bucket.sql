-- mart.aging_bucket(age_days)
-- The A/R aging bucket of section 3 as its order: 1 = 0-30, 2 = 31-60,
-- 3 = 61-90, 4 = 91-120, 5 = 121+ whole days (section 6: closed ranges).
CREATE OR REPLACE MACRO mart.aging_bucket(age_days) AS
    CASE
        WHEN age_days <= 30 THEN 1
        WHEN age_days <= 60 THEN 2
        WHEN age_days <= 90 THEN 3
        WHEN age_days <= 120 THEN 4
        ELSE 5
    END;
