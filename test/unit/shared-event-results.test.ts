import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, type ExecutionResult, type GraphQLResolveInfo } from 'graphql';
import type { Principal } from '../../src/auth/principal.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { EventQueue } from '../../src/events/event-queue.js';
import { SharedEventWork } from '../../src/events/shared-event-work.js';
import type { GatewayContext } from '../../src/graphql/context.js';
import { PartialFailures } from '../../src/graphql/partial-failures.js';
import { subscribeSharingResults } from '../../src/graphql/shared-event-results.js';

interface Event {
  cursor?: number;
  text: string;
  /** A marketplace that fails inside the event's `text`, which still answers. */
  failing?: Marketplace;
}

/** Every subscriber's source: what `publish` sends reaches each. */
const listeners = new Set<(event: Event) => void>();
const publish = (event: Event) => listeners.forEach((listener) => listener(event));
/** Each execution of `text`, by the caller's subject: what sharing saves. */
let executions: string[] = [];

const schema = makeExecutableSchema({
  typeDefs: 'type Query { ok: Boolean } type Subscription { events(suffix: String): String }',
  resolvers: {
    Subscription: {
      events: {
        subscribe: () =>
          new EventQueue<Event>(100, (push) => {
            listeners.add(push);
            return () => listeners.delete(push);
          }),
        resolve: (event: Event, { suffix }: { suffix?: string }, context: TestContext, info: GraphQLResolveInfo) => {
          executions.push(context.principal.subject);
          if (event.failing)
            context.partialFailures.report([{ marketplace: event.failing, error: new Error('down') }], info);
          return `${event.text}${suffix ?? ''}`;
        },
      },
    },
  },
});

type TestContext = Pick<GatewayContext, 'principal' | 'partialFailures' | 'resultOfEvent'>;

function caller(subject: string, marketplaces?: Marketplace[]): Principal {
  return { kind: 'API_KEY', subject, name: null, roles: ['viewer'], marketplaces, expiresAt: undefined };
}

/** A subscriber's context: its results come from `work`, as the gateway's OperationContext takes them. */
function contextOf(principal: Principal, work: SharedEventWork): TestContext {
  return {
    principal,
    partialFailures: new PartialFailures(),
    resultOfEvent: (event, key, execute) => work.result(event, key, execute),
  };
}

async function subscriber(principal: Principal, work: SharedEventWork, suffix?: string) {
  const results = await subscribeSharingResults({
    schema,
    document: parse('subscription ($suffix: String) { events(suffix: $suffix) }'),
    variableValues: { suffix },
    contextValue: contextOf(principal, work),
  });
  assert.ok(Symbol.asyncIterator in results, 'a stream of results');
  const stream = results as AsyncIterableIterator<ExecutionResult>;
  await new Promise((resolve) => setImmediate(resolve)); // the source attaches at the first next()
  return stream;
}

/** Ends each subscriber's stream, as graphql-ws does when its client completes. */
async function end(streams: ReadonlyArray<AsyncIterableIterator<ExecutionResult>>): Promise<void> {
  for (const stream of streams) await stream.return?.();
}

test('subscribers of one operation with one scope share each event’s execution; another scope or variables execute their own', async () => {
  executions = [];
  const work = new SharedEventWork(60_000);
  const first = await subscriber(caller('first', [Marketplace.NOON]), work);
  const firstResults = [first.next(), first.next()];
  const second = await subscriber(caller('second', [Marketplace.NOON]), work);
  const secondResults = [second.next(), second.next()];
  const everywhere = await subscriber(caller('everywhere'), work);
  const everywhereResults = [everywhere.next(), everywhere.next()];
  const suffixed = await subscriber(caller('suffixed', [Marketplace.NOON]), work, '!');
  const suffixedResults = [suffixed.next(), suffixed.next()];

  publish({ cursor: 1, text: 'one' });
  publish({ cursor: 2, text: 'two' });
  const texts = async (results: Array<Promise<IteratorResult<ExecutionResult>>>) =>
    (await Promise.all(results)).map(({ value }) => (value as ExecutionResult).data?.events);
  assert.deepEqual(await texts(firstResults), ['one', 'two']);
  assert.deepEqual(await texts(secondResults), ['one', 'two']);
  assert.deepEqual(await texts(everywhereResults), ['one', 'two']);
  assert.deepEqual(await texts(suffixedResults), ['one!', 'two!']);
  assert.deepEqual(
    executions.sort(),
    ['everywhere', 'everywhere', 'first', 'first', 'suffixed', 'suffixed'],
    'each event once per operation and scope: the second subscriber executed nothing',
  );
  await end([first, second, everywhere, suffixed]);
  assert.equal(listeners.size, 0, 'every source let go');
});

test('a marketplace failing inside a shared event is in every sharer’s result once, and not in the next event’s', async () => {
  executions = [];
  const work = new SharedEventWork(60_000);
  const first = await subscriber(caller('first'), work);
  const second = await subscriber(caller('second'), work);
  const pending = [first.next(), second.next()];
  publish({ cursor: 7, text: 'partial', failing: Marketplace.INCREFF });
  for (const { value } of await Promise.all(pending)) {
    const result = value as ExecutionResult;
    assert.equal(result.data?.events, 'partial');
    assert.deepEqual(
      result.errors?.map((error) => error.message),
      ['INCREFF failed: down'],
    );
  }
  const next = [first.next(), second.next()];
  publish({ cursor: 8, text: 'whole' });
  for (const { value } of await Promise.all(next)) assert.equal((value as ExecutionResult).errors, undefined);
  assert.equal(executions.length, 2, 'two events, each executed once');
  await end([first, second]);
});

test('events without a cursor, and a gateway without sharing, execute for each subscriber', async () => {
  for (const [work, event] of [
    [new SharedEventWork(60_000), { text: 'stock' }],
    [new SharedEventWork(60_000, false), { cursor: 3, text: 'unshared' }],
  ] as const) {
    executions = [];
    const streams = await Promise.all([subscriber(caller('a'), work), subscriber(caller('b'), work)]);
    const pending = streams.map((stream) => stream.next());
    publish(event);
    await Promise.all(pending);
    assert.deepEqual(executions.sort(), ['a', 'b']);
    await end(streams);
  }
});
