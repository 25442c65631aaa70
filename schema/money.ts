import { Field, ObjectType } from 'type-graphql';
import type { Money as DomainMoney } from '../src/domain/money.js';
import { Currency } from './scalars.js';

@ObjectType({ description: 'An amount of money in one currency.' })
export class Money implements DomainMoney {
  @Field({
    description:
      'Exact decimal in major units with the currency’s own number of decimals (e.g. "27.08" AED, "1.250" KWD); ' +
      'a string so no float rounding creeps in.',
  })
  amount!: string;

  @Field(() => Currency, { description: 'ISO 4217 code, e.g. AED.' })
  currency!: string;
}
