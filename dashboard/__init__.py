"""The Dash app: pages over the published warehouse snapshot, read-only."""
