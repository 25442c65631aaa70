import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, ParseOptions } from 'graphql';
import type { CallerLimits } from '../../auth/caller-limits.js';
import { callerOf } from '../../auth/caller.js';
import type { Principal } from '../../auth/principal.js';
import type { Marketplace } from '../../domain/marketplace.js';
import type { Logger } from '../../logger.js';
import type { UpstreamCallSizes } from '../../marketplace-module.js';
import type { RateCounters } from '../../rate-counters.js';
import { ClientRateLimits } from './client-rate-limits.js';
import { fieldCostEstimator } from './field-cost.js';
import { OperationMeter } from './operation-shape.js';
import { costBudgetSpent, overLimits, tooManyRequests, type Refusal } from './refusal.js';
import { UpstreamCalls } from './upstream-calls.js';

/** The limits of the configuration (README, Limits). */
export interface OperationLimitsConfig {
  /** Every caller's, unless its API key has limits of its own. */
  defaults: CallerLimits;
  /** Tokens a document may have: checked as it is parsed, before anything knows who asks (OPERATION_MAX_TOKENS). */
  maxTokens: number;
}

/** Who sends an operation: the principal, and the address its request or socket comes from. */
export interface Caller {
  principal: Principal;
  /** What an anonymous caller is known by. */
  address: string;
}

export interface OperationGateOptions {
  schema: GraphQLSchema;
  limits: OperationLimitsConfig;
  /** Each configured marketplace's call sizes, which price the fields that reach it. */
  calls: ReadonlyMap<Marketplace, UpstreamCallSizes>;
  /** Where the callers' budgets are counted: this process, or Redis. */
  counters: RateCounters;
  logger: Logger;
}

/**
 * Where every operation is admitted or refused before any resolver runs, on HTTP and websockets alike
 * (docs/architecture.md, "The request pipeline"): the caller's operations a minute, the operation's depth, aliases
 * and cost against the caller's limits, then its cost against the caller's budget a minute. A document's tokens are
 * limited earlier, by the parser (`parseOptions`).
 */
export class OperationGate {
  private readonly meter: OperationMeter;
  private readonly rates: ClientRateLimits;
  private readonly log: Logger;

  constructor(private readonly options: OperationGateOptions) {
    const { schema, limits, calls } = options;
    this.log = options.logger.child({ component: 'operation-limits' });
    // A field is at least one token, so a document within the token limit is priced in full unless its fragments
    // multiply it: the same figure bounds the walk.
    this.meter = new OperationMeter(schema, fieldCostEstimator(new UpstreamCalls(calls)), limits.maxTokens);
    this.rates = new ClientRateLimits(options.counters);
  }

  /** How documents are parsed, on both transports: at most OPERATION_MAX_TOKENS tokens. */
  get parseOptions(): ParseOptions {
    return { maxTokens: this.options.limits.maxTokens };
  }

  /**
   * Admits `operation` of a validated `document` (undefined), or says why not; a refusal is logged with the caller
   * (info; debug for rate limits, which a flood would repeat), so an operator can tell who sends what.
   */
  async admit(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | null | undefined,
    caller: Caller,
  ): Promise<Refusal | undefined> {
    const key = callerOf(caller.principal, caller.address);
    const refusal = await this.decide(document, operation, variables, caller.principal, key);
    if (refusal !== undefined) {
      const level = refusal.httpStatus === 429 ? 'debug' : 'info';
      this.log[level]({ caller: key, operationName: operation.name?.value, ...refusal.extensions }, refusal.message);
    }
    return refusal;
  }

  private async decide(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | null | undefined,
    principal: Principal,
    key: string,
  ): Promise<Refusal | undefined> {
    const limits = { ...this.options.limits.defaults, ...principal.limits };
    const requestsWait = await this.rates.spend('operations', key, 1, limits.requestsPerMinute);
    if (requestsWait !== undefined) return tooManyRequests(limits.requestsPerMinute, requestsWait);

    const shape = this.meter.measure(document, operation, variables);
    // Variables that do not fit fail the operation before any resolver runs, with graphql-js's own message.
    if (shape === undefined) return undefined;
    const refusal = overLimits(shape, limits, this.meter.maxFields);
    if (refusal !== undefined || !shape.cost) return refusal;

    const costWait = await this.rates.spend('cost', key, shape.cost, limits.costPerMinute);
    return costWait === undefined ? undefined : costBudgetSpent(shape.cost, limits.costPerMinute, costWait);
  }
}
