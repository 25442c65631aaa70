import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What a marketplace said about one SKU of a bulk update (stock, price).' })
export class ItemUpdateResult {
  @Field()
  sku!: string;

  @Field({ description: 'Whether the marketplace applied it.' })
  success!: boolean;

  @Field(() => String, { nullable: true, description: 'The marketplace’s code when it refused the item.' })
  code!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;
}
