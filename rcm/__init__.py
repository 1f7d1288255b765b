"""Shared pieces (configuration, warehouse snapshots, SQL files) and the `rcm` command line."""
