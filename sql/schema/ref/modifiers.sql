-- ref.modifiers typed: ncci_ptp_bypass is a flag.
ALTER TABLE ref.modifiers ALTER ncci_ptp_bypass TYPE BOOLEAN USING lower(ncci_ptp_bypass) = 'true';
COMMENT ON TABLE ref.modifiers IS 'CPT and HCPCS modifiers, with the NCCI PTP-associated (bypass) ones marked.';
