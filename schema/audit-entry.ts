import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection.js';
import { Node } from './node.js';
import { DateTime } from './scalars.js';

export enum PrincipalKind {
  API_KEY = 'API_KEY',
  JWT = 'JWT',
  ANONYMOUS = 'ANONYMOUS',
}

registerEnumType(PrincipalKind, {
  name: 'PrincipalKind',
  description: 'How a caller proved who it is.',
  valuesConfig: {
    API_KEY: { description: 'An API key from AUTH_API_KEYS; the subject is the key’s name.' },
    JWT: { description: 'A JWT from the identity provider; the subject is its `sub`.' },
    ANONYMOUS: { description: 'No one: a gateway without authentication (development, or AUTH=none behind a proxy).' },
  },
});

@ObjectType({ description: 'Who made a call.' })
export class AuditPrincipal {
  @Field(() => PrincipalKind)
  kind!: PrincipalKind;

  @Field({ description: 'The API key’s name (shared by its rotations), or the JWT’s `sub`.' })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'The JWT’s `name` or `preferred_username`; the key’s name.' })
  name!: string | null;
}

@ObjectType({
  implements: Node,
  description: 'One mutation as the gateway recorded it: who, what, when and how it ended.',
})
export class AuditEntry {
  /** The store's UUID; the schema's `id` (AuditResolver) is `AuditEntry:<uuid>`. */
  id!: string;

  @Field(() => DateTime, { description: 'When the gateway answered it.' })
  at!: Date;

  @Field(() => AuditPrincipal)
  principal!: AuditPrincipal;

  @Field(() => String, { nullable: true, description: 'The operation’s name, as the client sent it.' })
  operationName!: string | null;

  @Field({ description: 'The mutation field, e.g. `cancelOrder`.' })
  field!: string;

  @Field(() => GraphQLJSONObject, { description: 'Its arguments; secrets are replaced and lists over 100 items cut.' })
  arguments!: Record<string, unknown>;

  @Field({ description: 'The request id (`x-request-id`), to find the call in the logs.' })
  requestId!: string;

  @Field({
    description:
      '`SUCCESS`, or the error code the caller got (`FORBIDDEN`, `BAD_USER_INPUT`, a marketplace’s code, …).',
  })
  outcome!: string;

  @Field({ description: '`http` or `websocket`.' })
  transport!: string;
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry) {}
