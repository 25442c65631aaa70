/**
 * The layer rules of docs/architecture.md, checked on every `npm test` (`npm run lint`). Paths are relative to the
 * repository root. test/unit/dependency-rules.test.ts shows each rule failing on a deliberately wrong import.
 */

/** GraphQL code: the libraries and the two folders that present the domain as GraphQL. */
const GRAPHQL =
  '^(node_modules/(graphql|type-graphql|@apollo|graphql-ws|@graphql-tools)/|schema/|src/graphql/|resolvers/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'production-reaches-no-simulator',
      comment:
        'The production entry never reaches a simulator: `npm start` loads sandbox/ with import() only when SANDBOX asks.',
      severity: 'error',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^sandbox/', reachable: true },
    },
    {
      name: 'product-imports-no-simulator',
      comment: 'The simulators stand beside the product; the gateway talks to them over HTTP only.',
      severity: 'error',
      from: { path: '^(src|datasources|schema|resolvers)/' },
      to: { path: '^sandbox/' },
    },
    {
      name: 'simulator-owns-its-wire-format',
      comment:
        'A simulator describes its marketplace itself, so a field misspelled by a client cannot match by construction. ' +
        'sandbox/start.ts is the one bridge: it answers the gateway configuration a user would write for each simulator.',
      severity: 'error',
      from: { path: '^sandbox/', pathNot: '^sandbox/start\\.ts$' },
      to: { path: '^(datasources|src|schema|resolvers)/' },
    },
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'src/domain is plain TypeScript: every other layer imports it, it imports none.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(?!domain/)|datasources/|schema/|resolvers/|sandbox/)' },
    },
    {
      name: 'datasources-free-of-graphql',
      comment: 'Marketplace modules and the HTTP layer speak the domain; schema/ and src/graphql map it to GraphQL.',
      severity: 'error',
      from: { path: '^(datasources|src/http|src/domain)/', pathNot: '^datasources/marketplacer/' },
      to: { path: GRAPHQL },
    },
    {
      name: 'marketplacer-client-only-its-graphql',
      comment:
        'Marketplacer is a GraphQL API, so its client sends GraphQL with graphql-request and the generated SDK; it uses ' +
        'none of the GraphQL code that serves our own schema.',
      severity: 'error',
      from: { path: '^datasources/marketplacer/' },
      to: { path: '^(node_modules/(type-graphql|@apollo|graphql-ws|@graphql-tools)/|schema/|src/graphql/|resolvers/)' },
    },
    {
      name: 'marketplacer-graphql-types-only',
      comment:
        "The generated SDK names graphql's DocumentNode as a type; nothing in the folder runs graphql itself (the SDK " +
        'tells a query from a mutation, so the client parses nothing).',
      severity: 'error',
      from: { path: '^datasources/marketplacer/' },
      to: { path: '^node_modules/graphql/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'marketplace-folders-independent',
      comment:
        'Everything about a marketplace lives in its datasources/ folder: it imports no other marketplace folder, only ' +
        'the shared order code in datasources/orders/ (and what is not a marketplace: src/, the shared files).',
      severity: 'error',
      from: { path: '^datasources/([^/]+)/' },
      to: { path: '^datasources/[^/]+/', pathNot: '^datasources/($1|orders)/' },
    },
    {
      name: 'generic-webhooks-know-no-marketplace',
      comment:
        'src/webhooks/ is the intake every sender shares (intake, processor, credential checks, keyed turns); a ' +
        "marketplace's handler lives in datasources/<marketplace>/webhooks/ and imports these, never the reverse.",
      severity: 'error',
      from: { path: '^src/webhooks/' },
      to: { path: '^datasources/' },
    },
    {
      name: 'marketplaces-through-the-module-list',
      comment:
        'The gateway reaches a marketplace only through datasources/modules.ts and the MarketplaceModule contract (its ' +
        'parts are the ports of src/domain/ports), so adding one touches nothing here. src/config.ts re-exports the ' +
        "marketplaces' configuration types under their old names.",
      severity: 'error',
      from: { path: '^(src|schema|resolvers)/', pathNot: '^src/config\\.ts$' },
      to: { path: '^datasources/[^/]+/', pathNot: '^datasources/orders/' },
    },
    {
      name: 'product-imports-no-test-code',
      comment: 'Tests and benchmarks use the product, never the other way round; shared helpers live in support/.',
      severity: 'error',
      from: { path: '^(src|datasources|schema|resolvers|sandbox|support)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'bench-imports-no-test',
      comment: 'Benchmarks share helpers with the tests through support/, not by reaching into test/.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'client-stands-alone',
      comment:
        'clients/typescript is what consumers copy or install: its own generated files and the libraries it names ' +
        '(graphql-request, graphql-ws, the TypedDocumentNode types), nothing of the gateway.',
      severity: 'error',
      from: { path: '^clients/' },
      // Resolved, a package lies under node_modules/ (../main/node_modules/ in a worktree that links it); the
      // TypedDocumentNode package holds types only, which the checker names without resolving.
      to: {
        pathNot:
          '^clients/|^@graphql-typed-document-node/core$|(^|/)node_modules/(graphql-request|graphql-ws|@graphql-typed-document-node)/',
      },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes the order of module start-up matter and hides which layer depends on which.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // import() is how the development entry loads the simulators on demand; static imports are what a build and a
    // reader follow, and what these rules are about.
    exclude: { path: '^dist/', dynamic: true },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
