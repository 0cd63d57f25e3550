"""Synthetic data and timing helpers for benchmarks."""
