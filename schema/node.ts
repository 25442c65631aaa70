import { Field, ID, InterfaceType } from 'type-graphql';

/** The object types that are nodes, as `node(id:)` tells them apart. */
export type NodeTypeName = 'Order' | 'OrderLine' | 'OrderShipment' | 'WebhookEvent' | 'AuditEntry';

/** What `node(id:)` answers: the object, and the type its id named. */
export type NodeValue = object & { readonly __typename: NodeTypeName };

/** `value`, told apart as a `typeName` where a field's type is `Node`. */
export function asNode<T extends object>(typeName: NodeTypeName, value: T): T & NodeValue {
  return { ...value, __typename: typeName };
}

/**
 * Relay's Node: an object with an id no other object of the graph has, which `node(id:)` reads again. A client cache
 * (Apollo Client's InMemoryCache, Relay) keeps one copy per id, so two objects never share one (README, "Ids").
 */
@InterfaceType({
  description: 'An object with a globally unique id: `node(id:)` reads it again (README, “Ids”).',
  resolveType: (value: NodeValue) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: 'Unique across the whole graph; stable.' })
  id!: string;
}
