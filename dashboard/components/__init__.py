"""Pieces the pages share: formatting, KPI cards, tables with CSV export, charts, the shell."""
