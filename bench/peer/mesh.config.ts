// GraphQL Mesh composition of the upstream OpenAPI documents (bench/peer/prepare_specs.py cuts them
// down), linked as the bench's profile (S1) and wing lists (S2) need. The bench runs `mesh-compose` then `hive-gateway`.
import { defineConfig } from '@graphql-mesh/compose-cli'
import { loadOpenAPISubgraph } from '@omnigraph/openapi'

const SIM = process.env.PEER_UPSTREAM_BASE_URL || 'http://127.0.0.1:9090'
const auth = { Authorization: '{context.headers.authorization}' }
const source = (name: string, file: string, prefix: string, queries: string[] = []) => ({
  sourceHandler: loadOpenAPISubgraph(name, {
    source: `./build/specs/${file}`,
    endpoint: `${SIM}/${prefix}`,
    operationHeaders: auth,
    // The batch reads are POSTs: Mesh would make them mutations; they are reads.
    selectQueryOrMutationField: queries.map(fieldName => ({ type: 'Query' as const, fieldName })),
  }),
})

export const composeConfig = defineConfig({
  subgraphs: [
    source('PrisonerSearch', 'prisoner-search.json', 'prisoner-search', ['findByNumbers']),
    source('Alerts', 'alerts-api.json', 'alerts', ['retrievePrisonerAlerts']),
    source('Locations', 'locations-inside-prison-api.json', 'locations', ['getLocationsByKeys']),
    source('ProbationSearch', 'probation-offender-search.json', 'probation-search', ['findByNomsNumbers', 'findByIds']),
    source('PrisonApi', 'prison-api.json', 'prison-api'),
    source('Contacts', 'personal-relationships.json', 'contacts'),
    source('Delius', 'ndelius.json', 'delius'),
    source('Risks', 'assess-risks-and-needs.json', 'risks'),
    source('Visits', 'manage-prison-visits.json', 'visits'),
  ],
})
