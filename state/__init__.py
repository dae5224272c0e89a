"""State the replicas share: persisted queries and rate-limit counters, in Redis or in this process."""
