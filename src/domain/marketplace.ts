/** The systems the gateway unifies. The value is also the prefix of every global id (`FRUUGO:9164260001000444`). */
export enum Marketplace {
  NOON = 'NOON',
  INCREFF = 'INCREFF',
  FRUUGO = 'FRUUGO',
  MARKETPLACER = 'MARKETPLACER',
}
