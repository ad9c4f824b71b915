"""Benchmarks: each prints the figures its issue asks for beside a baseline run in the same process."""
