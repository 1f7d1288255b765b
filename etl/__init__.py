"""Extract and load: X12 and CSV parsers (pure) and the warehouse loader."""
