# The gateway's production image (README, "Operations" → "Container"): the production build alone (no simulators,
# tests or benchmarks), its production dependencies, run as `node` under tini. test/unit/container.test.ts checks
# what can be checked without a Docker engine.

# Node 20, the line the gateway is built and tested on (package.json's engines); Debian bookworm, as on the build
# machines, so better-sqlite3 compiles here as it does there.
ARG NODE_IMAGE=node:20-bookworm-slim

# Compiles the gateway alone (`npm run build:production`: tsconfig.build.json) into dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `npm ci` would run the package's `prepare`, the whole development build (tsconfig.json, tests
# and simulators included), and better-sqlite3's native build, which compiling TypeScript does not need.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY schema schema
COPY resolvers resolvers
COPY datasources datasources
RUN npm run build:production

# The production dependencies, with better-sqlite3's addon built where the compiler is, so the runtime image
# carries neither the compiler nor the development dependencies.
FROM ${NODE_IMAGE} AS dependencies
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts, because `prepare` needs TypeScript, which --omit=dev leaves out. Of the production dependencies
# with install scripts, better-sqlite3 is the one that needs its own (the addon: a prebuilt binary when one can be
# downloaded, else node-gyp against the image's Node headers in /usr/local); protobufjs' postinstall only prints
# version advice.
RUN npm ci --omit=dev --ignore-scripts \
  && npm_config_nodedir=/usr/local npm rebuild better-sqlite3 \
  && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: it passes SIGTERM on to node, which shuts down as README's "Stopping" says; node itself as PID 1
# would ignore the signal until its handler is installed, so a `docker stop` during start-up would wait for SIGKILL.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir /data \
  && chown node:node /data
# DATA_DIR: where the embedded store keeps its file when MONGODB_URI is not set; mount a volume there to keep it.
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
# For its `"type": "module"`, by which node reads dist/ as ES modules.
COPY package.json ./
COPY --from=dependencies /app/node_modules node_modules
COPY --from=build /app/dist dist
USER node
# The API (PORT) and the Prometheus metrics (METRICS_PORT), each at its default.
EXPOSE 4000 9464
# Node's own fetch, as the slim image has no curl: healthy while /healthz answers 2xx on PORT.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT ?? 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
