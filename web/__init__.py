"""HTTP concerns around the GraphQL app: who is calling, request ids, GraphQL-over-HTTP media types."""
