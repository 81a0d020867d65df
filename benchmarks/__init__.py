"""Benchmarks of the rota solver at national scale (see README.md)."""
