-- One row per load run, written just before the run's snapshot is published.
INSERT INTO meta.load_runs VALUES ($1, now(), now(), $2, $3, $4, $5, $6, $7)
