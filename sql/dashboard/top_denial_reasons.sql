-- The three most frequent reasons on first-remittance denials per payer, as
-- mart.payer_scorecard ranks them, over the claims the global filters select
-- and first remittances posted in [$start, $end).
WITH counts AS (
    SELECT
        d.payer_id,
        coalesce(d.reason_code, 'CLP02=4') AS reason,
        count(DISTINCT d.billing_npi || '|' || d.claim_id) AS claims
    FROM mart.denials AS d
    SEMI JOIN dash_facts AS c
        ON c.billing_npi = d.billing_npi AND c.claim_id = d.claim_id
    WHERE d.on_first_remittance AND d.posting_date >= $start AND d.posting_date < $end
    GROUP BY ALL
)
SELECT payer_id, string_agg(reason || ' (' || claims || ')', ', ' ORDER BY claims DESC, reason)
    AS top_denial_reasons
FROM (
    SELECT *, row_number() OVER (PARTITION BY payer_id ORDER BY claims DESC, reason) AS rank
    FROM counts
)
WHERE rank <= 3
GROUP BY payer_id
