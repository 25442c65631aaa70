import { Field, ObjectType } from 'type-graphql';
import type { ItemUpdateResult as DomainItemUpdateResult } from '../src/domain/item-update-result.js';

@ObjectType({ description: 'What a marketplace said about one SKU of a bulk update (stock, price).' })
export class ItemUpdateResult implements DomainItemUpdateResult {
  @Field()
  sku!: string;

  @Field({ description: 'Whether the marketplace applied it.' })
  success!: boolean;

  @Field(() => String, { nullable: true, description: 'The marketplace’s code when it refused the item.' })
  code!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;
}
