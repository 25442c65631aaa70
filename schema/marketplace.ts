import { registerEnumType } from 'type-graphql';

/** The systems the gateway unifies. The value is also the prefix of every global id (`FRUUGO:9164260001000444`). */
export enum Marketplace {
  NOON = 'NOON',
  INCREFF = 'INCREFF',
  FRUUGO = 'FRUUGO',
  MARKETPLACER = 'MARKETPLACER',
}

registerEnumType(Marketplace, {
  name: 'Marketplace',
  description: 'A marketplace or warehouse system the gateway talks to.',
});
