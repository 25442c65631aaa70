import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import dockerignore from '@balena/dockerignore';
import { Copy, DockerfileParser, Env, From, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import ts from 'typescript';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, ENVIRONMENT_VARIABLES, loadConfig } from '../../src/config.js';

// What can be checked of the container files (Dockerfile, .dockerignore, compose.yaml, ops/prometheus.yml) without a
// Docker engine. Each check answers the problems it finds, one line each, so a test shows it refusing a broken copy.

/** The repository's root (this module runs from dist/test/support). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A file of the repository, as text. */
export function repositoryFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** One stage of a Dockerfile: the name its FROM gives it (`AS name`), and its instructions from that FROM on. */
interface Stage {
  name: string | null;
  instructions: Instruction[];
}

function stagesOf(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    if (instruction instanceof From) stages.push({ name: instruction.getBuildStage(), instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** The instructions of the last stage: the image that is run. */
function finalStage(dockerfile: string): Instruction[] {
  return stagesOf(dockerfile).at(-1)?.instructions ?? [];
}

/** What the Dockerfile language server (dockerfile-utils) finds wrong: unknown instructions or flags, a bad HEALTHCHECK, … */
export function dockerfileDiagnostics(dockerfile: string): string[] {
  return validate(dockerfile).map(({ range, message }) => `line ${range.start.line + 1}: ${message}`);
}

/** A COPY's sources: every argument but the last, which is where they go. */
function copySources(copy: Copy): string[] {
  return copy
    .getArguments()
    .slice(0, -1)
    .map((argument) => argument.getValue().replace(/^\.\//, '').replace(/\/$/, ''));
}

/**
 * Every COPY that cannot find its sources: `--from=` naming no stage declared before it, or a source from the build
 * context that the repository lacks or `dockerignore` leaves out (for a folder: any file in it). Sources are taken
 * as paths: a wildcard is reported as missing.
 */
export function copyProblems(dockerfile: string, dockerignoreText: string, root: string = ROOT): string[] {
  // The package is CommonJS typed as an ES module: its factory is also exported as `default`, which TypeScript sees.
  const ignored = dockerignore.default().add(dockerignoreText.split('\n'));
  const problems: string[] = [];
  const earlier: string[] = [];
  for (const stage of stagesOf(dockerfile)) {
    for (const copy of stage.instructions.filter((instruction) => instruction instanceof Copy)) {
      const from = copy.getFromFlag()?.getValue();
      if (from !== undefined && from !== null) {
        if (!earlier.includes(from)) problems.push(`COPY --from=${from}: no stage of that name comes before it`);
        continue;
      }
      for (const source of copySources(copy)) {
        const files = contextFiles(root, source);
        const left = files?.filter((file) => ignored.ignores(file)) ?? [];
        if (files === undefined) problems.push(`COPY ${source}: not in the repository`);
        if (left.length > 0) problems.push(`COPY ${source}: .dockerignore leaves out ${left.join(', ')}`);
      }
    }
    if (stage.name !== null) earlier.push(stage.name);
  }
  return problems;
}

/** The files a build context would hold at `path` (itself, or every file under it); undefined when it does not exist. */
function contextFiles(root: string, path: string): string[] | undefined {
  const full = join(root, path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(full).isDirectory();
  } catch {
    return undefined;
  }
  if (!isDirectory) return [path];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/**
 * What `npm run build:production` compiles (tsconfig.build.json: the file, the one it extends, and every folder it
 * includes) that the Dockerfile's `build` stage does not copy in: a folder added to the build but not to the image.
 */
export function buildStageMisses(dockerfile: string, tsconfigBuild: string): string[] {
  const { config, error } = ts.parseConfigFileTextToJson('tsconfig.build.json', tsconfigBuild);
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { extends: base, include = [] } = config as { extends?: string; include?: string[] };
  const needed = ['tsconfig.build.json', ...(base === undefined ? [] : [base]), ...include].map((path) =>
    path.replace(/^\.\//, ''),
  );
  const build = stagesOf(dockerfile).find((stage) => stage.name === 'build');
  const copied = (build?.instructions ?? [])
    .filter((instruction) => instruction instanceof Copy && instruction.getFromFlag() === null)
    .flatMap((copy) => copySources(copy as Copy));
  return needed.filter((path) => !copied.includes(path)).map((path) => `the build stage does not copy ${path}`);
}

/** The HEALTHCHECK's command, in exec form (`CMD ["node", …]`). */
export function healthcheckCommand(dockerfile: string): string[] {
  const [healthcheck] = DockerfileParser.parse(dockerfile).getHEALTHCHECKs();
  const command = healthcheck?.getArgumentsContent()?.replace(/^CMD\s+/, '');
  if (command === undefined) throw new Error('the Dockerfile has no HEALTHCHECK CMD');
  return z.array(z.string()).parse(JSON.parse(command));
}

/** The variables the image sets (ENV of its last stage). */
export function imageEnvironment(dockerfile: string): Record<string, string> {
  return Object.fromEntries(
    finalStage(dockerfile)
      .filter((instruction) => instruction instanceof Env)
      .flatMap((env) => env.getProperties())
      .map((property) => [property.getName(), property.getValue() ?? '']),
  );
}

/** The ports the image exposes (EXPOSE in its last stage). */
export function exposedPorts(dockerfile: string): number[] {
  return finalStage(dockerfile)
    .filter((instruction) => instruction.getKeyword() === 'EXPOSE')
    .flatMap((expose) => expose.getArguments().map((argument) => Number.parseInt(argument.getValue(), 10)));
}

/** A YAML file as data; a syntax error or a key given twice throws, naming the line. Merge keys (`<<:`) as Compose reads them. */
export function parseYaml(text: string): unknown {
  const document = parseDocument(text, { merge: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new Error(document.errors.map((error) => error.message).join('\n'));
  return document.toJS();
}

/** The parts of a compose file these checks read; services' environments as maps (`KEY: value`), not lists. */
const composeFile = z.object({
  services: z.record(
    z.string(),
    z.looseObject({
      build: z.unknown().optional(),
      environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      volumes: z.array(z.string()).optional(),
      stop_grace_period: z.string().optional(),
    }),
  ),
});

export type ComposeFile = z.infer<typeof composeFile>;

export function readCompose(text: string): ComposeFile {
  return composeFile.parse(parseYaml(text));
}

/** The services built from this repository's Dockerfile (`build:`): the gateway instances. */
export function gatewayServices(compose: ComposeFile): string[] {
  return Object.keys(compose.services).filter((name) => compose.services[name]!.build !== undefined);
}

/** Each variable the image or a gateway service sets that the gateway does not read (src/config.ts). */
export function unknownVariables(compose: ComposeFile, image: Record<string, string>): string[] {
  const setters: Array<[string, string[]]> = [
    ['the image', Object.keys(image)],
    ...gatewayServices(compose).map((service): [string, string[]] => [
      service,
      Object.keys(compose.services[service]!.environment ?? {}),
    ]),
  ];
  return setters.flatMap(([setter, names]) =>
    names
      .filter((name) => !ENVIRONMENT_VARIABLES.has(name))
      .map((name) => `${setter} sets ${name}, which the gateway does not read`),
  );
}

/** Compose's `${NAME}`, `${NAME:-default}`, `${NAME:?message}`, and the same without the colon. */
const INTERPOLATION = /\$\{(\w+)(?::?[-?][^}]*)?\}/g;

/**
 * What a gateway service's process gets: the image's variables, then the service's, each `${NAME}` replaced by
 * `secrets[NAME]` (what an operator's .env would hold). Throws for a `${NAME}` that `secrets` lacks.
 */
function serviceEnvironment(
  compose: ComposeFile,
  service: string,
  image: Record<string, string>,
  secrets: Record<string, string>,
): Record<string, string> {
  const own = Object.entries(compose.services[service]!.environment ?? {}).map(([name, value]) => [
    name,
    String(value).replace(INTERPOLATION, (_, secret: string) => {
      const example = secrets[secret];
      if (example === undefined) throw new Error(`${service}: ${name} reads \${${secret}}, which has no example here`);
      return example;
    }),
  ]);
  return { ...image, ...Object.fromEntries(own) };
}

/** Each gateway service whose environment the gateway refuses at start, with what loadConfig says. */
export function refusedEnvironments(
  compose: ComposeFile,
  image: Record<string, string>,
  secrets: Record<string, string>,
): string[] {
  return gatewayServices(compose).flatMap((service) => {
    try {
      loadConfig(serviceEnvironment(compose, service, image, secrets));
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.problems.map((problem) => `${service}: ${problem}`);
    }
  });
}

/**
 * Each gateway service whose `stop_grace_period` (Docker's wait between SIGTERM and SIGKILL, 10 s when unset) is not
 * above its SHUTDOWN_GRACE_MS: Docker would kill the gateway in the middle of its shutdown.
 */
export function shortStopGraces(
  compose: ComposeFile,
  image: Record<string, string>,
  secrets: Record<string, string>,
): string[] {
  return gatewayServices(compose).flatMap((service) => {
    const { shutdownGraceMs } = loadConfig(serviceEnvironment(compose, service, image, secrets));
    const period = compose.services[service]!.stop_grace_period ?? '10s';
    const seconds = /^(\d+)s$/.exec(period)?.[1];
    if (seconds === undefined) return [`${service}: stop_grace_period ${period} is not written in seconds (e.g. 20s)`];
    return Number(seconds) * 1000 > shutdownGraceMs
      ? []
      : [`${service}: stop_grace_period ${period} is not above SHUTDOWN_GRACE_MS (${shutdownGraceMs} ms)`];
  });
}

/** Each bind mount (`./path:…`) whose file is not in the repository. */
export function missingMounts(compose: ComposeFile, root: string = ROOT): string[] {
  return Object.entries(compose.services).flatMap(([service, { volumes = [] }]) =>
    volumes
      .map((volume) => volume.split(':')[0]!)
      .filter((source) => source.startsWith('./') && contextFiles(root, source) === undefined)
      .map((source) => `${service} mounts ${source}, which is not in the repository`),
  );
}

/** The parts of prometheus.yml these checks read. */
const prometheusFile = z.object({
  rule_files: z.array(z.string()).default([]),
  scrape_configs: z.array(
    z.looseObject({ static_configs: z.array(z.looseObject({ targets: z.array(z.string()) })).default([]) }),
  ),
});

/**
 * What is wrong with Prometheus' targets: one whose host is no compose service, or whose port is not the gateway's
 * metrics port (METRICS_PORT as the compose services leave it) or not one the image exposes; a gateway service nobody
 * scrapes.
 */
export function scrapeProblems(
  prometheus: string,
  compose: ComposeFile,
  ports: { exposed: number[]; metrics: number | undefined },
): string[] {
  const targets = prometheusFile
    .parse(parseYaml(prometheus))
    .scrape_configs.flatMap((scrape) => scrape.static_configs.flatMap((group) => group.targets));
  const problems: string[] = [];
  for (const target of targets) {
    const [host = '', port = ''] = target.split(':');
    if (compose.services[host] === undefined) problems.push(`target ${target}: no compose service is named ${host}`);
    if (Number(port) !== ports.metrics) problems.push(`target ${target}: ${port} is not the gateway's metrics port`);
    else if (!ports.exposed.includes(Number(port)))
      problems.push(`target ${target}: the image does not expose ${port}`);
  }
  const scraped = new Set(targets.map((target) => target.split(':')[0]));
  for (const service of gatewayServices(compose)) {
    if (!scraped.has(service)) problems.push(`${service} is not scraped`);
  }
  return problems;
}

/**
 * Each rule file prometheus.yml names that is not mounted into compose's Prometheus from the repository: Prometheus
 * would start without its alerts (it refuses a rule file it cannot read, which is no better).
 */
export function unmountedRuleFiles(prometheus: string, compose: ComposeFile, service = 'prometheus'): string[] {
  const mounted = new Set(
    (compose.services[service]?.volumes ?? [])
      .map((volume) => volume.split(':'))
      .filter(([source]) => source!.startsWith('./'))
      .map(([, target]) => target),
  );
  return prometheusFile
    .parse(parseYaml(prometheus))
    .rule_files.filter((file) => !mounted.has(file))
    .map((file) => `${file} is no file mounted into ${service}`);
}
