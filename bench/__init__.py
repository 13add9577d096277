"""Benchmarks of the platform against a floor, and the data they need.

    python -m bench [--only floor,home] [--fresh]

See docs/scaling.md for how to run it and read the figures.
"""
