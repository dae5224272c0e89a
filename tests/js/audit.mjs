// graphql-http's audit of the GraphQL-over-HTTP spec against the graph. Prints the results as JSON.
// Usage: node audit.mjs <graph url>
import { auditServer } from 'graphql-http';

const results = await auditServer({ url: process.argv[2] });
console.log(JSON.stringify(results.map((r) => ({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? null }))));
