// Apollo Gateway composes the graph (as a subgraph, introspected over HTTP) with a second subgraph
// that extends Person, then runs queries that cross both. Prints the answers as JSON.
// Usage: node federation.mjs <graph url> <hmppsId>
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import gql from 'graphql-tag';

const [graphUrl, hmppsId] = process.argv.slice(2);

const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Person @key(fields: "hmppsId") {
    hmppsId: ID!
    learningPlanStatus: String
  }
  type LearningPlan { person: Person }
  type Query { learningPlans: [LearningPlan!]! }
`;
const resolvers = {
  Person: { __resolveReference: (ref) => ({ hmppsId: ref.hmppsId, learningPlanStatus: `ACTIVE for ${ref.hmppsId}` }) },
  Query: { learningPlans: () => [{ person: { hmppsId } }] },
};
const education = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) });
const { url: educationUrl } = await startStandaloneServer(education, { listen: { port: 0, host: '127.0.0.1' } });

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: [{ name: 'person-graph', url: graphUrl }, { name: 'education', url: educationUrl }],
  }),
});
const server = new ApolloServer({ gateway });
await server.start();
const run = async (query) => {
  const response = await server.executeOperation({ query });
  return response.body.singleResult;
};
const out = {
  fromPersonGraph: await run(`{ person(hmppsId: "${hmppsId}") { hmppsId lastName learningPlanStatus } }`),
  fromEducation: await run(`{ learningPlans { person { hmppsId lastName cellLocation { prisonCode } } } }`),
};
console.log(JSON.stringify(out));
await server.stop();
await education.stop();
