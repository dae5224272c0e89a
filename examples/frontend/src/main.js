// The example frontend: a wing list (#/) and a person page (#/person/<hmppsId>), plain DOM code over
// Apollo Client with a default InMemoryCache: the graph's `id`s are all the cache needs.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { __DEV__ } from '@apollo/client/utilities/environment';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import wingListQuery from './wing-list.graphql';
import personQuery from './person.graphql';

if (__DEV__) {
  loadDevMessages(); // warnings in words rather than as numbered links
  loadErrorMessages();
}
window.apolloDevelopmentMode = __DEV__;

const WING_LIST = gql(wingListQuery);
const PERSON = gql(personQuery);
const PRISON = 'MDI';

const client = new ApolloClient({
  link: new HttpLink({
    uri: window.PERSON_GRAPH_URL,
    // A real application sends the user's HMPPS Auth token; the embedded default needs none.
    headers: window.PERSON_GRAPH_TOKEN ? { authorization: `Bearer ${window.PERSON_GRAPH_TOKEN}` } : {},
  }),
  cache: new InMemoryCache(),
  clientAwareness: { name: 'person-graph-example', version: '1.0.0' },
});

const app = document.getElementById('app');
const text = (value) => document.createTextNode(value ?? '');
const element = (tag, attributes = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), attributes);
  node.append(...children.map((c) => (typeof c === 'string' ? text(c) : c)));
  return node;
};

function errorMessage(error) {
  if (CombinedGraphQLErrors.is(error)) {
    const [first] = error.errors;
    const code = first.extensions?.code;
    if (code === 'NOT_FOUND') return `Not found: ${first.message}`;
    return `${code ?? 'ERROR'}: ${first.message}`;
  }
  return `The graph could not be reached: ${error.message}`;
}

async function wingList() {
  document.title = `Wing list – ${PRISON}`;
  const { data, error } = await client.query({ query: WING_LIST, variables: { prisonId: PRISON }, errorPolicy: 'all' });
  if (!data?.prison) return [element('p', { className: 'error', role: 'alert' }, errorMessage(error))];
  const { items, pagination } = data.prison.prisoners;
  const rows = items.map((p) =>
    element('tr', {},
      element('td', {}, element('a', { href: `#/person/${encodeURIComponent(p.hmppsId)}` }, `${p.lastName}, ${p.firstName}`)),
      element('td', {}, p.hmppsId),
      element('td', {}, p.cellLocation?.cell ?? '—'),
    ));
  return [
    element('h1', {}, `Wing list: ${data.prison.prisonId}`),
    element('p', {}, `${items.length} of ${pagination.totalCount} people`),
    element('table', { id: 'wing-list' },
      element('thead', {}, element('tr', {}, element('th', {}, 'Name'), element('th', {}, 'HMPPS id'), element('th', {}, 'Cell'))),
      element('tbody', {}, ...rows)),
  ];
}

async function personPage(hmppsId) {
  const back = element('a', { href: '#/', id: 'back' }, 'Back to the wing list');
  const { data, error } = await client.query({ query: PERSON, variables: { hmppsId }, errorPolicy: 'all' });
  if (!data?.person) {
    document.title = 'Person not found';
    return [back, element('p', { className: 'error', role: 'alert', id: 'person-error' }, errorMessage(error))];
  }
  const p = data.person;
  document.title = `${p.firstName} ${p.lastName}`;
  const cell = p.cellLocation;
  return [
    back,
    element('h1', { id: 'person-name' }, `${p.firstName} ${p.lastName}`),
    element('dl', { id: 'profile' },
      element('dt', {}, 'HMPPS id'), element('dd', {}, p.hmppsId),
      element('dt', {}, 'Date of birth'), element('dd', {}, p.dateOfBirth ?? '—'),
      element('dt', {}, 'Prison'), element('dd', {}, cell?.prisonName ?? '—'),
      element('dt', {}, 'Cell'), element('dd', { id: 'cell' }, cell?.location?.key ?? cell?.cell ?? '—'),
      element('dt', {}, 'Wing'), element('dd', {}, cell?.location?.hierarchy.find((l) => l.locationType === 'WING')?.key ?? '—')),
    element('h2', {}, 'Active alerts'),
    element('ul', { id: 'alerts' }, ...p.alerts.items.map((a) => element('li', {}, `${a.codeDescription} (${a.code}), since ${a.dateCreated}`))),
  ];
}

async function render() {
  const match = location.hash.match(/^#\/person\/(.+)$/);
  const page = match ? await personPage(decodeURIComponent(match[1])) : await wingList();
  app.replaceChildren(...page);
  app.dataset.page = match ? 'person' : 'wing-list';
}

window.addEventListener('hashchange', render);
render();
