-- The default as-of date (latest posting date) and the first date in the warehouse.
SELECT as_of_date, first_date FROM mart.as_of
