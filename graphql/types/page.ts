import 'reflect-metadata';
import { type ClassType, Field, ObjectType } from 'type-graphql';

/** A keyset page of `Item`s: pass `nextCursor` as `after` for the next one (null on the last page). */
export function PageOf<T extends object>(
  Item: ClassType<T>,
  name: string,
): ClassType<{ items: T[]; nextCursor: string | null }> {
  @ObjectType(`${name}Page`)
  class Page {
    @Field(() => [Item])
    items!: T[];

    @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
    nextCursor!: string | null;
  }
  return Page;
}
