"""Metrics, traces and per-request statistics: imported by every layer, so it imports none of them."""

# Where prometheus-client's multiprocess mode keeps each worker's metric files. Read by
# prometheus-client when it is first imported: `person-graph serve` sets it before anything imports it.
MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
