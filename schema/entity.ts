import { Directive, Extensions } from 'type-graphql';

/** What makes an object type a Federation entity: its key field and the root query field that reads one by it. */
export interface EntityKey {
  /** The field a representation names it by (`@key(fields: "…")`), one that never changes. */
  key: string;
  /** The root query field that reads one by its key, taking it as the argument named `key` (`order(id:)`). */
  query: string;
}

/** The type's extension that carries its `EntityKey` (read by src/graphql/entities.ts). */
export const ENTITY_EXTENSION = 'entity';

/**
 * Declares an object type an entity of the gateway's Federation 2 subgraph: `@key(fields: "<key>")` in the SDL, and a
 * reference resolved by the root field `query`, so a router's `_entities` is answered as that field answers,
 * its role, marketplace scope, argument checks and DataLoaders included.
 */
export function Entity(entity: EntityKey): ClassDecorator {
  const key = Directive(`@key(fields: "${entity.key}")`);
  const extension = Extensions({ [ENTITY_EXTENSION]: entity });
  return (target) => {
    key(target);
    extension(target);
  };
}
