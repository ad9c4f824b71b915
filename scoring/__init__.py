"""Risk scoring: pure functions and models over plain data; no web or database imports.

events (data contracts), config (every weight), points and points_batch (transparent points),
features (feature table), labels (training snapshots), model (calibrated classifier and reason
codes), store (skops files with hash and type checks), card (model card), priorities (inspection
list), scores (score_companies: points and model together), synthetic (test and benchmark data).
"""
