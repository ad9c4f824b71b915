"""Risk scoring: pure functions and models over feature tables; no web or database imports."""
