-- ref.carc typed: payment_adjustment is a flag (metric definitions, section 1).
ALTER TABLE ref.carc ALTER payment_adjustment TYPE BOOLEAN USING lower(payment_adjustment) = 'true';
COMMENT ON TABLE ref.carc IS
    'Claim Adjustment Reason Codes: description, denial category (one per code) and whether the code is a payment adjustment.';
