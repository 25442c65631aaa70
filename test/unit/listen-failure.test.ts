import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenFailure } from '../../src/listen-failure.js';

/** An error as Node makes it when a listen (or the look-up of its host) fails. */
function systemError(code: string, syscall: string, message = `${syscall} ${code}`): Error {
  return Object.assign(new Error(message), { code, syscall });
}

test('each listen error is one line naming where, and the variable to change', () => {
  assert.equal(
    listenFailure(systemError('EADDRINUSE', 'listen'), '0.0.0.0', 4000),
    'Cannot listen on 0.0.0.0:4000: port 4000 is already in use. Set PORT to a free port, or stop what is using it.',
  );
  assert.equal(
    listenFailure(systemError('EACCES', 'listen'), '0.0.0.0', 80),
    'Cannot listen on 0.0.0.0:80: permission denied (ports below 1024 need privileges). Set PORT to a port this user may open, e.g. PORT=4000.',
  );
  assert.match(
    listenFailure(systemError('EACCES', 'listen'), '0.0.0.0', 8080)!,
    /^Cannot listen on 0\.0\.0\.0:8080: permission denied\. Set PORT/,
  );
  assert.match(
    listenFailure(systemError('EADDRNOTAVAIL', 'listen'), '10.9.9.9', 4000)!,
    /10\.9\.9\.9 is not an address of this machine\. Set HOST/,
  );
  assert.match(
    listenFailure(systemError('ENOTFOUND', 'getaddrinfo'), 'gateway.invalid', 4000)!,
    /gateway\.invalid does not resolve\. Set HOST/,
  );
  assert.equal(
    listenFailure(systemError('EINVAL', 'listen', 'listen EINVAL: invalid argument'), '127.0.0.1', 4000),
    'Cannot listen on 127.0.0.1:4000: listen EINVAL: invalid argument. Check HOST and PORT.',
  );
});

test("the metrics server's port is named by its own variable", () => {
  assert.equal(
    listenFailure(systemError('EADDRINUSE', 'listen'), '0.0.0.0', 9464, 'METRICS_PORT'),
    'Cannot listen on 0.0.0.0:9464: port 9464 is already in use. Set METRICS_PORT to a free port, or stop what is using it.',
  );
  assert.match(
    listenFailure(systemError('EACCES', 'listen'), '0.0.0.0', 90, 'METRICS_PORT')!,
    /Set METRICS_PORT to a port this user may open, e\.g\. METRICS_PORT=9464\.$/,
  );
  assert.match(
    listenFailure(systemError('EINVAL', 'listen', 'listen EINVAL'), '127.0.0.1', 9464, 'METRICS_PORT')!,
    /Check HOST and METRICS_PORT\.$/,
  );
});

test('any other error is not a listen failure, and keeps its stack', () => {
  assert.equal(listenFailure(new Error('store unreachable'), '0.0.0.0', 4000), undefined);
  assert.equal(listenFailure(systemError('ECONNREFUSED', 'connect'), '0.0.0.0', 4000), undefined);
  assert.equal(listenFailure('EADDRINUSE', '0.0.0.0', 4000), undefined);
});
