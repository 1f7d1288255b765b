-- The run's ledger rows, handed over as the Arrow table `ledger_rows`.
INSERT INTO meta.files BY NAME SELECT * FROM ledger_rows
