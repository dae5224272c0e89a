"""Metrics, traces and per-request statistics: imported by every layer, so it imports none of them."""
