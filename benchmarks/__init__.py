"""Speed and memory measurements, run on demand (``python -m benchmarks.<name>``); not tests.

Results, with the commands that produced them, are recorded in ``BENCHMARKS.md``.
"""
