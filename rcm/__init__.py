"""Shared pieces (configuration, warehouse snapshots, SQL files), the pipeline that owns the
order of work, and the `rcm` command line."""
