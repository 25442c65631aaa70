import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Takes the lease when nobody holds it, or renews it when this holder does: one script, so nothing can come between
 * the read and the write. KEYS[1]: the lease; ARGV[1]: this holder's token; ARGV[2]: its time to live, in ms.
 */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** Gives the lease back, only if this holder still holds it. KEYS[1]: the lease; ARGV[1]: this holder's token. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** A lease that one holder at a time has, for a time: what LeasedJob needs of it. */
export interface Lease {
  /**
   * Takes the lease, or renews it, for its time to live from now: true when this holder has it, false when another
   * does. Rejects when the answer cannot be had (Redis unreachable): then nothing is known.
   */
  claim(): Promise<boolean>;
  /** Gives it back, if this holder still has it, so another may take it at once. */
  release(): Promise<void>;
}

/**
 * A lease in Redis: one key whose value is the holder's random token, set with a time to live and renewed by its
 * holder before it runs out. A holder that dies stops renewing, and the key expires, so another may take it.
 *
 * By hand over ioredis, not a lock library: the original redlock has seen no release since 4.2.0 (2020; its 5.0 is
 * a beta since 2022); redis-semaphore's renewal timer lets a renewal that cannot reach Redis escape as an unhandled
 * rejection, which ends a Node process; @sesamecare-oss/redlock is kept up, but is a lock for one critical section
 * over a quorum of servers: its acquire folds "held by another" and "Redis unreachable" into one error whose votes
 * must be unpicked, the distinction this lease turns on, and its scripts select a database of their own setting
 * rather than the connection's. What a lease needs of Redis is the two scripts above.
 */
export class RedisLease implements Lease {
  /** This holder's token: the value of the key while it holds the lease. */
  private readonly token = randomUUID();

  constructor(
    private readonly redis: Redis,
    /** The lease's key. */
    readonly key: string,
    private readonly ttlMs: number,
  ) {}

  async claim(): Promise<boolean> {
    return (await this.redis.eval(CLAIM, 1, this.key, this.token, this.ttlMs)) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}
