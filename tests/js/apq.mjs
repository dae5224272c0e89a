// Apollo Client with its persisted-query link (automatic persisted queries, hashed queries sent as GET)
// against the graph. Prints what each client got and every request it sent, as JSON.
// Usage: node apq.mjs <graph url> <hmppsId>
import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';

const [url, hmppsId] = process.argv.slice(2);
const requests = [];

async function recordingFetch(input, init) {
  const response = await fetch(input, init);
  const sent = new URL(String(input));
  const body = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
  requests.push({
    method: init?.method ?? 'GET',
    sentQuery: Boolean(body?.query ?? sent.searchParams.get('query')),
    sentHash: Boolean(body?.extensions?.persistedQuery ?? sent.searchParams.get('extensions')),
    status: response.status,
  });
  return response;
}

function client() {
  const sha256 = (text) => createHash('sha256').update(text).digest('hex');
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
      new HttpLink({ uri: url, fetch: recordingFetch }),
    ),
  });
}

const query = gql`
  query PersonName($id: ID!) {
    person(hmppsId: $id) {
      hmppsId
      firstName
    }
  }
`;
// Two clients, as two browsers: the first registers the query, the second sends only its hash.
const first = await client().query({ query, variables: { id: hmppsId } });
const second = await client().query({ query, variables: { id: hmppsId } });
const strip = ({ data, error }) => ({ data, error: error ? String(error) : null });
console.log(JSON.stringify({ first: strip(first), second: strip(second), requests }));
