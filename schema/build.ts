import 'reflect-metadata';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import { InboundShipmentResolver } from '../resolvers/inbound-shipment.resolver.js';
import { InventoryResolver } from '../resolvers/inventory.resolver.js';
import { OrderEventResolver } from '../resolvers/order-event.resolver.js';
import { OrderResolver } from '../resolvers/order.resolver.js';
import { WebhookEventResolver } from '../resolvers/webhook-event.resolver.js';
import { authChecker } from '../src/graphql/auth-checker.js';
import { auditMutations } from '../src/graphql/audit-mutations.js';
import {
  checkedArguments,
  DEFAULT_LIST_ARGUMENT_MAX_ITEMS,
  type ArgumentLimits,
} from '../src/graphql/argument-checks.js';
import { resolvingEntities } from '../src/graphql/entities.js';
import { describeRoles } from '../src/graphql/role-descriptions.js';
import { asSubgraph, subgraphSdl } from '../src/graphql/subgraph.js';
import { eachEventAfresh } from '../src/graphql/subscription-events.js';
import { AuditResolver } from '../resolvers/audit.resolver.js';
import { NodeResolver } from '../resolvers/node.resolver.js';
import { requiresRoleDirective } from './requires-role.js';
import { DateTime } from './scalars.js';

/** The committed SDL, in the source tree (this module runs from dist/schema). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));

/** The committed subgraph SDL, what `_service { sdl }` answers: the file `rover subgraph publish` reads. */
export const SUBGRAPH_FILE = fileURLToPath(new URL('../../schema/subgraph.graphql', import.meta.url));

/**
 * The unified schema, built from the type-graphql classes under schema/ and resolvers/: each root field declares
 * the role it needs (`@RequiresRole`), every argument is held to `limits`, every mutation is audited (refused ones
 * included), and each subscription event is resolved afresh (its own deadline, loaders and errors). It is also a
 * Federation 2 subgraph (src/graphql/subgraph.ts): `_service`, and `_entities` for the `@Entity` types, each
 * resolved by its query field (src/graphql/entities.ts).
 */
export async function buildGatewaySchema(
  limits: ArgumentLimits = { listMaxItems: DEFAULT_LIST_ARGUMENT_MAX_ITEMS },
): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers: [
      InboundShipmentResolver,
      OrderResolver,
      OrderEventResolver,
      InventoryResolver,
      WebhookEventResolver,
      AuditResolver,
      NodeResolver,
    ],
    authChecker,
    directives: [requiresRoleDirective],
    scalarsMap: [{ type: Date, scalar: DateTime }],
    // type-graphql refuses to build subscriptions without a PubSub, even though each of ours brings its own
    // `subscribe` (the gateway's event bus, src/events); this one is required by the builder and never used.
    pubSub: createPubSub(),
    // class-validator checks the constraints declared on inputs and args before any resolver runs.
    validate: { forbidUnknownValues: false },
  });
  const subgraph = resolvingEntities(asSubgraph(built));
  return auditMutations(checkedArguments(eachEventAfresh(describeRoles(subgraph)), limits));
}

/** The SDL consumers read (schema/schema.graphql), printed in a stable order so diffs show real changes only. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}

/** The subgraph SDL routers compose (schema/subgraph.graphql): `_service { sdl }`, ending with one newline. */
export async function printSubgraphSchema(schema: GraphQLSchema): Promise<string> {
  return `${(await subgraphSdl(schema)).trimEnd()}\n`;
}
