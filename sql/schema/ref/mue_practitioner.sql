-- ref.mue_practitioner typed: the MUE value is a count of units.
ALTER TABLE ref.mue_practitioner ALTER mue_value TYPE INTEGER;
COMMENT ON TABLE ref.mue_practitioner IS 'Practitioner medically unlikely edits: max units per code per patient per day.';
