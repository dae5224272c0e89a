// Apollo Client (development mode) with a default InMemoryCache runs each operation from the network,
// in the order given and then in reverse, so that every operation's answer is written over every
// other's. Reports the cache warnings Apollo printed and the operations the cache could no longer
// answer whole after either pass.
// Usage: node --conditions=development apollo-cache.mjs <graph url> <operations.json>
//   operations.json: [{"name": "...", "query": "...", "variables": {...}}, ...]
import { readFile } from 'node:fs/promises';
import { format } from 'node:util';

const warnings = [];
for (const level of ['warn', 'error']) {
  console[level] = (...args) => warnings.push(format(...args));
}
const { ApolloClient, HttpLink, InMemoryCache, gql } = await import('@apollo/client');
const { __DEV__ } = await import('@apollo/client/utilities/environment');
const { loadDevMessages, loadErrorMessages } = await import('@apollo/client/dev');
loadDevMessages();
loadErrorMessages();

const [uri, file] = process.argv.slice(2);
const operations = JSON.parse(await readFile(file, 'utf8')).map((o) => ({ ...o, document: gql(o.query) }));
const client = new ApolloClient({ link: new HttpLink({ uri }), cache: new InMemoryCache() });
const errors = [];
const lost = new Set();
for (const order of [operations, [...operations].reverse()]) {
  for (const o of order) {
    const { error } = await client.query({ query: o.document, variables: o.variables, fetchPolicy: 'network-only', errorPolicy: 'all' });
    if (error) errors.push(`${o.name}: ${error.message}`);
  }
  // Every operation is still answered whole from the cache: nothing one answer wrote was lost to another.
  for (const o of operations) {
    if (client.cache.readQuery({ query: o.document, variables: o.variables }) === null) lost.add(o.name);
  }
}
console.log(JSON.stringify({ developmentMode: __DEV__, warnings, errors, lost: [...lost] }));
