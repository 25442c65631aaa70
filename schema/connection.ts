import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Page, PageInfo as DomainPageInfo } from '../src/domain/page.js';

@ObjectType({ description: 'Where a page ends, and whether another follows.' })
export class PageInfo implements DomainPageInfo {
  @Field({ description: 'Whether asking again with `after: endCursor` gives more.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page; null on the last one.' })
  endCursor!: string | null;
}

/** The shape shared by every paged list: its nodes, where the page ends, and the total when the source knows it. */
export function Connection<Node extends object>(node: ClassType<Node>) {
  @ObjectType()
  abstract class ConnectionType implements Page<Node> {
    @Field(() => [node])
    nodes!: Node[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { nullable: true, description: 'How many there are in all, when the marketplace says.' })
    totalCount!: number | null;
  }
  return ConnectionType;
}
