/**
 * The baseline of the `{ __typename }` row: Apollo Server 5 on Fastify (the integration the gateway uses) serving a
 * one-field schema, with nothing else. `bench/typename-rps.ts` runs it in a child process and reads the address it
 * prints.
 */
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify from 'fastify';

const app = Fastify();
const apollo = new ApolloServer({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'world' } },
  plugins: [fastifyApolloDrainPlugin(app)],
});
await apollo.start();
await app.register(fastifyApollo(apollo));
console.log(`listening at ${await app.listen({ port: 0, host: '127.0.0.1' })}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
