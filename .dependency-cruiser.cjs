/**
 * The layering, checked by `npm run lint` (and so by `npm test`). A broken rule fails with the rule's name.
 * Entry points of a feature (its router and its part of the API document) may use http/; the rest of a feature
 * (service, repository, schemas) is domain code and knows no HTTP.
 */
const FEATURES = '^src/(orders|payments|refunds|catalog|web)/';
const ENTRY_POINTS = '-(router|paths)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes the import order matter and the layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-feature',
      comment: 'inventory/, locks/, db/, idempotency/ and shared/ are below the features: they must not import one.',
      severity: 'error',
      from: { path: '^src/(inventory|locks|db|shared|idempotency)/' },
      to: { path: FEATURES },
    },
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'shared/ is the vocabulary everyone uses; it depends on libraries only.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'domain-knows-no-http',
      comment: 'Services, repositories, keepers and schemas take plain values; only routers and their paths speak HTTP.',
      severity: 'error',
      from: { path: '^src/(orders|payments|refunds|catalog|inventory)/', pathNot: ENTRY_POINTS },
      to: { path: ['^src/http/', '(^|/)node_modules/(koa|@koa/router)/'] },
    },
    {
      name: 'only-locks-use-redlock',
      comment: 'Every lease goes through locks/ (withItemLock, withItemLocks), so its rules hold everywhere.',
      severity: 'error',
      from: { pathNot: '^src/locks/' },
      to: { path: '(^|/)node_modules/@sesamecare-oss/redlock/' },
    },
    {
      name: 'only-otel-loads-opentelemetry',
      comment: 'Tracing costs nothing when off: OpenTelemetry is imported by ops/otel.ts alone, which ops/tracing.ts loads on demand.',
      severity: 'error',
      from: { pathNot: '^src/ops/otel\\.ts$' },
      to: { path: '(^|/)node_modules/@opentelemetry/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'The service never imports its tests or its benchmark.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    moduleSystems: ['es6'],
  },
};
