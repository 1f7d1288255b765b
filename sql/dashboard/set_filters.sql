-- The request's global filters, read by dash_facts and dash_flags.
DELETE FROM dash_filter;
INSERT INTO dash_filter VALUES ($payer, $provider, $location, $start, $end);
