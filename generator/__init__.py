"""Synthetic 837/835/CSV data with seeded anomalies and a ground truth."""
