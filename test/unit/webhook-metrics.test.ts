import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import type { WebhookHandler } from '../../src/domain/ports/webhook-handler.js';
import { WebhookMetrics } from '../../src/metrics/webhook-metrics.js';
import type { CallbackStore, WebhookEvent } from '../../src/store/callback-store.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { webhookIntake } from '../../src/webhooks/intake.js';
import { WebhookProcessor } from '../../src/webhooks/processor.js';
import { ManualClock } from '../support/manual-clock.js';
import { Scrape } from '../support/metrics.js';
import { testLogger } from '../support/silent-logger.js';

const scrape = async (registry: Registry) => Scrape.parse(await registry.metrics());

/** A sender that authenticates anyone and names each body's event by its text; `fail` throws when applied. */
function sender(fail: (event: WebhookEvent) => boolean): WebhookHandler {
  return {
    source: 'noon',
    mediaTypes: ['application/json'],
    authenticate: () => true,
    identify: (raw) => ({ type: 'any', dedupeKey: raw }),
    async process(event) {
      if (fail(event)) throw new Error('noon is down');
    },
  };
}

describe('the webhook metrics', () => {
  test('an attempt applied, and one failed for the last time allowed: applied, dead, and the backlog has it', async () => {
    const store = new EmbeddedStore(':memory:');
    const registry = new Registry();
    const metrics = new WebhookMetrics(registry, testLogger);
    metrics.watchBacklog(store, ['noon', 'fruugo']);
    const clock = new ManualClock();
    const processor = new WebhookProcessor({
      store,
      handlers: [sender((event) => event.dedupeKey === 'doomed')],
      logger: testLogger,
      sweepIntervalMs: 1000,
      sweepBatch: 100,
      concurrency: 1,
      queueLimit: 10,
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
      clock,
      observer: metrics,
    });
    try {
      for (const key of ['fine', 'doomed']) {
        const { event } = await store.recordWebhookEvent({
          source: 'noon',
          dedupeKey: key,
          type: 'any',
          body: '{}',
          receivedAt: new Date(Date.now() - 60_000),
        });
        await processor.apply(event);
      }
      const scraped = await scrape(registry);
      assert.equal(scraped.value('gateway_webhooks_applied_total', { source: 'noon' }), 1);
      assert.equal(scraped.value('gateway_webhooks_failed_total', { source: 'noon', outcome: 'dead' }), 1);
      assert.equal(scraped.value('gateway_webhooks_failed_total', { source: 'noon', outcome: 'retry' }), 0);
      assert.equal(scraped.value('gateway_webhooks_backlog', { source: 'noon', status: 'dead' }), 1);
      assert.equal(scraped.value('gateway_webhooks_backlog', { source: 'fruugo', status: 'received' }), 0);
      assert.ok(scraped.value('gateway_webhooks_backlog_oldest_age_seconds', { source: 'noon', status: 'dead' }) >= 60);
      assert.ok(!scraped.has('gateway_webhooks_backlog_oldest_age_seconds', { source: 'fruugo' }));
    } finally {
      await processor.stop();
      await store.close();
    }
  });

  test('a webhook the store cannot keep is refused (503) as not_stored; a backlog it cannot read is left out', async () => {
    const registry = new Registry();
    const metrics = new WebhookMetrics(registry, testLogger);
    const broken = {
      recordWebhookEvent: () => Promise.reject(new Error('disk full')),
      webhookBacklog: () => Promise.reject(new Error('disk full')),
    } as unknown as CallbackStore;
    metrics.watchBacklog(broken, ['noon']);
    const app = Fastify({ logger: false });
    await app.register(webhookIntake, {
      prefix: '/webhooks/noon',
      handler: sender(() => false),
      store: broken,
      processor: {} as WebhookProcessor,
      bodyLimitBytes: 1024,
      observer: metrics,
    });
    try {
      const origin = await app.listen({ port: 0, host: '127.0.0.1' });
      const answer = await fetch(`${origin}/webhooks/noon`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"event": 1}',
      });
      assert.equal(answer.status, 503);
      const scraped = await scrape(registry);
      assert.equal(scraped.value('gateway_webhooks_refused_total', { source: 'noon', reason: 'not_stored' }), 1);
      assert.equal(scraped.value('gateway_webhooks_received_total'), 0);
      assert.ok(!scraped.has('gateway_webhooks_backlog'), 'no backlog rather than a wrong one');
      assert.ok(!scraped.has('gateway_webhooks_backlog_oldest_age_seconds'));
    } finally {
      await app.close();
    }
  });
});
