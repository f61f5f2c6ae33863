"""Runnable benchmarks. They print figures and ratios to a baseline measured in the same run; tests never
assert timings."""
