import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { InventoryLevel as DomainInventoryLevel } from '../src/domain/inventory-level.js';
import { Marketplace } from './marketplace.js';
import { DateTime } from './scalars.js';

@ObjectType({ description: 'Stock of one SKU at one place, as one marketplace or warehouse system counts it.' })
export class InventoryLevel implements DomainInventoryLevel {
  @Field()
  sku!: string;

  @Field(() => Marketplace)
  marketplace!: Marketplace;

  @Field({
    description: 'Where the stock is: a noon FBPI warehouse code, an Increff location code, a Marketplacer seller.',
  })
  location!: string;

  @Field(() => Int, { description: 'Units available to sell.' })
  available!: number;

  @Field(() => DateTime, { nullable: true, description: 'When the system last changed this count, where it says.' })
  updatedAt!: Date | null;
}

@ArgsType()
export class InventoryChangedArgs {
  @Field(() => [String], { nullable: true, description: 'Only these SKUs; every SKU when omitted.' })
  skus?: string[] | null;

  @Field(() => [Marketplace], { nullable: true, description: 'Only these marketplaces; every one when omitted.' })
  marketplaces?: Marketplace[] | null;
}
