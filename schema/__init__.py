"""The GraphQL schema's types. `schema.build.build_schema()` assembles them into the graph."""
