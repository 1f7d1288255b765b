-- ref.age_specific_codes typed: inclusive age bounds in whole years.
ALTER TABLE ref.age_specific_codes ALTER min_age_years TYPE INTEGER USING nullif(min_age_years, '')::INTEGER;
ALTER TABLE ref.age_specific_codes ALTER max_age_years TYPE INTEGER USING nullif(max_age_years, '')::INTEGER;
COMMENT ON TABLE ref.age_specific_codes IS 'Codes valid only for an age band (inclusive bounds in whole years).';
