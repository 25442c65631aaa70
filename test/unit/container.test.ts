import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import {
  buildStageMisses,
  copyProblems,
  dockerfileDiagnostics,
  exposedPorts,
  gatewayServices,
  healthcheckCommand,
  imageEnvironment,
  missingMounts,
  parseYaml,
  readCompose,
  refusedEnvironments,
  repositoryFile,
  scrapeProblems,
  unmountedRuleFiles,
  shortStopGraces,
  unknownVariables,
} from '../support/container-files.js';
import { freePort } from '../support/free-port.js';

// The container files (README, "Operations" → "Container"), checked without a Docker engine: each check passes on
// the repository's file and refuses a copy broken on purpose.

const DOCKERFILE = repositoryFile('Dockerfile');
const DOCKERIGNORE = repositoryFile('.dockerignore');
const TSCONFIG_BUILD = repositoryFile('tsconfig.build.json');
const COMPOSE = repositoryFile('compose.yaml');
const PROMETHEUS = repositoryFile('ops/prometheus.yml');

/** What an operator's .env holds for compose.yaml's `${…}` (README, Security, for the keys). */
const SECRETS = {
  CURSOR_SECRET: 'container-test-cursor-secret-0000000001',
  AUTH_API_KEYS: JSON.stringify([{ name: 'ops', key: 'container-test-key-0000000000001', roles: ['admin'] }]),
};

/** `text` with `from` replaced by `to`; `from` must occur once, so the copy is broken where the test says. */
function broken(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `${JSON.stringify(from)} occurs once`);
  return text.replace(from, to);
}

describe('Dockerfile', () => {
  test('the Dockerfile language server finds nothing wrong; in a copy, a misspelt flag', () => {
    assert.deepEqual(dockerfileDiagnostics(DOCKERFILE), []);
    const misspelt = broken(DOCKERFILE, 'COPY --from=build', 'COPY --form=build');
    assert.match(dockerfileDiagnostics(misspelt).join('\n'), /Unknown flag: form/);
  });

  test('every COPY --from= names a stage declared before it; in copies, a renamed stage and a later one', () => {
    assert.deepEqual(copyProblems(DOCKERFILE, DOCKERIGNORE), []);
    const renamed = broken(DOCKERFILE, 'AS dependencies', 'AS packages');
    assert.deepEqual(copyProblems(renamed, DOCKERIGNORE), [
      'COPY --from=dependencies: no stage of that name comes before it',
    ]);
    const later = broken(DOCKERFILE, 'RUN npm run build:production', 'COPY --from=runtime /app/dist dist');
    assert.deepEqual(copyProblems(later, DOCKERIGNORE), ['COPY --from=runtime: no stage of that name comes before it']);
  });

  test('every file copied from the build context is in the repository and let in by .dockerignore', () => {
    const missing = broken(DOCKERFILE, 'COPY src src', 'COPY src src\nCOPY codegen.yaml ./');
    assert.deepEqual(copyProblems(missing, DOCKERIGNORE), ['COPY codegen.yaml: not in the repository']);
    const leftOut = broken(DOCKERIGNORE, '!datasources\n', '');
    const problems = copyProblems(DOCKERFILE, leftOut);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /^COPY datasources: \.dockerignore leaves out datasources\/.*\.ts/);
  });

  test('the build stage copies everything npm run build:production compiles', () => {
    assert.deepEqual(buildStageMisses(DOCKERFILE, TSCONFIG_BUILD), []);
    const withoutResolvers = broken(DOCKERFILE, 'COPY resolvers resolvers\n', '');
    assert.deepEqual(buildStageMisses(withoutResolvers, TSCONFIG_BUILD), ['the build stage does not copy resolvers']);
    const widened = broken(TSCONFIG_BUILD, '"datasources"]', '"datasources", "clients"]');
    assert.deepEqual(buildStageMisses(DOCKERFILE, widened), ['the build stage does not copy clients']);
  });

  describe('HEALTHCHECK, run as the image runs it (with this node, PORT from the environment)', () => {
    const command = healthcheckCommand(DOCKERFILE);
    let dataDir: string;
    let gateway: Gateway;
    let port: string;
    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'container-healthcheck-'));
      gateway = await createGateway(
        loadConfig({ SANDBOX: 'off', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      );
      port = new URL(await gateway.listen()).port;
    });
    after(async () => {
      await gateway.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** The exit code of the HEALTHCHECK's command, which must be node's (the slim image has no curl). */
    async function healthcheck(port: string): Promise<number | null> {
      const [program, ...args] = command;
      assert.equal(program, 'node');
      const child = spawn(process.execPath, args, { env: { PORT: port }, stdio: 'inherit' });
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    }

    test('0 while the gateway answers /healthz', async () => {
      assert.equal(await healthcheck(port), 0);
    });

    test('1 when /healthz answers an error', async () => {
      const failing = createServer((_, response) => response.writeHead(503).end());
      await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
      try {
        assert.equal(await healthcheck(String((failing.address() as AddressInfo).port)), 1);
      } finally {
        await new Promise((resolve) => failing.close(resolve));
      }
    });

    test('1 when nothing listens on PORT', async () => {
      assert.equal(await healthcheck(String(await freePort())), 1);
    });
  });
});

describe('compose.yaml', () => {
  const compose = readCompose(COMPOSE);
  const image = imageEnvironment(DOCKERFILE);

  test('parses as YAML into two gateway services built from the Dockerfile; a broken copy does not parse', () => {
    assert.deepEqual(gatewayServices(compose), ['gateway-1', 'gateway-2']);
    assert.throws(() => parseYaml(broken(COMPOSE, '  gateway-2:', '  gateway-1:')), /Map keys must be unique/);
    assert.throws(
      () => parseYaml(broken(COMPOSE, "['4001:4000']", "['4001:4000'")),
      /Flow sequence in block collection must be sufficiently indented and end with a \]/,
    );
  });

  test('every variable the image and the gateways set is one the gateway reads; in copies, one it does not', () => {
    assert.deepEqual(unknownVariables(compose, image), []);
    const misnamed = readCompose(broken(COMPOSE, '    MONGODB_URI:', '    MONGO_URL:'));
    assert.deepEqual(unknownVariables(misnamed, image), [
      'gateway-1 sets MONGO_URL, which the gateway does not read',
      'gateway-2 sets MONGO_URL, which the gateway does not read',
    ]);
    assert.deepEqual(unknownVariables(compose, { ...image, DATA_PATH: '/data' }), [
      'the image sets DATA_PATH, which the gateway does not read',
    ]);
  });

  test('the gateway starts with what each service sets; in copies, Redis without MongoDB, or no API keys', () => {
    assert.deepEqual(refusedEnvironments(compose, image, SECRETS), []);
    const noStore = readCompose(broken(COMPOSE, '    MONGODB_URI: mongodb://mongodb:27017/gateway\n', ''));
    assert.match(refusedEnvironments(noStore, image, SECRETS).join('\n'), /^gateway-1: REDIS_URL needs MONGODB_URI/);
    const { AUTH_API_KEYS: _, ...noKeys } = SECRETS;
    assert.throws(() => refusedEnvironments(compose, image, noKeys), /AUTH_API_KEYS reads \$\{AUTH_API_KEYS\}/);
    const open = readCompose(broken(COMPOSE, /\n {4}AUTH_API_KEYS: .*\n/.exec(COMPOSE)![0], '\n'));
    assert.match(refusedEnvironments(open, image, SECRETS).join('\n'), /NODE_ENV=production needs authentication/);
  });

  test("Docker's stop_grace_period outlasts the gateway's SHUTDOWN_GRACE_MS; in copies, Docker's 10 s", () => {
    assert.deepEqual(shortStopGraces(compose, image, SECRETS), []);
    const short = readCompose(broken(COMPOSE, '  stop_grace_period: 20s\n', ''));
    assert.deepEqual(shortStopGraces(short, image, SECRETS), [
      'gateway-1: stop_grace_period 10s is not above SHUTDOWN_GRACE_MS (15000 ms)',
      'gateway-2: stop_grace_period 10s is not above SHUTDOWN_GRACE_MS (15000 ms)',
    ]);
    const minutes = readCompose(broken(COMPOSE, 'stop_grace_period: 20s', 'stop_grace_period: 1m'));
    assert.match(shortStopGraces(minutes, image, SECRETS)[0]!, /stop_grace_period 1m is not written in seconds/);
  });

  test('every file it mounts is in the repository', () => {
    assert.deepEqual(missingMounts(compose), []);
    const moved = readCompose(broken(COMPOSE, './ops/prometheus.yml', './prometheus.yml'));
    assert.deepEqual(missingMounts(moved), ['prometheus mounts ./prometheus.yml, which is not in the repository']);
  });
});

describe('ops/prometheus.yml', () => {
  const compose = readCompose(COMPOSE);
  // The compose services leave METRICS_PORT at its default.
  const ports = { exposed: exposedPorts(DOCKERFILE), metrics: loadConfig({}).metricsPort };

  test('scrapes each gateway service by its name, on the metrics port of the gateway, which the image exposes', () => {
    assert.deepEqual(scrapeProblems(PROMETHEUS, compose, ports), []);
  });

  test('loads the alert rules, which compose mounts from ops/alerts.yml; a rule file not mounted is refused', () => {
    assert.deepEqual(unmountedRuleFiles(PROMETHEUS, compose), []);
    assert.ok(
      compose.services.prometheus!.volumes!.includes('./ops/alerts.yml:/etc/prometheus/alerts.yml:ro'),
      'ops/alerts.yml is what is mounted',
    );
    const elsewhere = broken(PROMETHEUS, "'/etc/prometheus/alerts.yml'", "'/etc/prometheus/rules.yml'");
    assert.deepEqual(unmountedRuleFiles(elsewhere, compose), [
      '/etc/prometheus/rules.yml is no file mounted into prometheus',
    ]);
  });

  test('refuses a target that is no service, one on the API port, one the image does not expose, and a gateway left unscraped', () => {
    const unknown = broken(PROMETHEUS, "'gateway-2:9464'", "'gateway-3:9464'");
    assert.deepEqual(scrapeProblems(unknown, compose, ports), [
      'target gateway-3:9464: no compose service is named gateway-3',
      'gateway-2 is not scraped',
    ]);
    const api = broken(PROMETHEUS, "'gateway-1:9464'", "'gateway-1:4000'");
    assert.deepEqual(scrapeProblems(api, compose, ports), [
      "target gateway-1:4000: 4000 is not the gateway's metrics port",
    ]);
    const hidden = broken(DOCKERFILE, 'EXPOSE 4000 9464', 'EXPOSE 4000');
    assert.deepEqual(scrapeProblems(PROMETHEUS, compose, { ...ports, exposed: exposedPorts(hidden) }), [
      'target gateway-1:9464: the image does not expose 9464',
      'target gateway-2:9464: the image does not expose 9464',
    ]);
  });
});
