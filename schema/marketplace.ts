import { registerEnumType } from 'type-graphql';
import { Marketplace } from '../src/domain/marketplace.js';

registerEnumType(Marketplace, {
  name: 'Marketplace',
  description: 'A marketplace or warehouse system the gateway talks to.',
});

/** The domain's enum, registered above: importing it from here is what puts it in the schema. */
export { Marketplace };
