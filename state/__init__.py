"""State the replicas share: persisted queries, rate limits, shared-cache entries; in Redis or in this process."""
