"""Who is calling, and what they may read: consumers, roles, filters, authentication, audit."""
