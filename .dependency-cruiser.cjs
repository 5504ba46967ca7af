// Import rules for the monorepo (issue 13, point 2). Run with `pnpm lint:deps`.
//
// The arrows point one way: app (apps/api/src/*.ts) → features → common/database.
// Module-level rules live here; the folder-level rule (no cycle between feature folders
// of apps/api/src) is checked by scripts/deps-graph.mjs over this tool's JSON output,
// because `no-circular` only sees cycles between modules, not between folders.
const path = require('node:path');

/** Feature folders of the API: every top-level folder of apps/api/src except the shared ones. */
const API_SHARED = ['common', 'database'];
/** What common/ and database/ may import besides each other: config/ reads the environment and imports nothing of src. */
const API_BELOW = [...API_SHARED, 'config'];
const API = '^apps/api/src/';
/**
 * Test code (unit specs, integration specs, test/ fixtures) drives the whole app and may reach across
 * folders; the layering rules are about the code that ships.
 */
const TEST_CODE = '(\\.(spec|int-spec|test)\\.tsx?$|/test/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle makes import order matter (undefined classes in Nest decorators) and hides coupling.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'api-shared-imports-feature',
      severity: 'error',
      comment: 'common/ and database/ sit below the features: they must not import a feature folder (or the app root).',
      from: { path: `${API}(${API_SHARED.join('|')})/`, pathNot: TEST_CODE },
      to: { path: API, pathNot: `${API}(${API_BELOW.join('|')})/` },
    },
    {
      name: 'contracts-imports-app',
      severity: 'error',
      comment: 'packages/contracts is the shared contract: it must not import anything of the apps.',
      from: { path: '^packages/contracts/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-shared-imports-feature',
      severity: 'error',
      comment: 'In the web app, api/, lib/ and components/ are shared layers and must not import features/.',
      from: { path: '^apps/web/src/(api|lib|components)/', pathNot: TEST_CODE },
      to: { path: '^apps/web/src/features/' },
    },
    {
      name: 'api-imports-web-or-e2e',
      severity: 'error',
      comment: 'The apps do not import each other; the API and the web app meet only in packages/contracts.',
      from: { path: '^apps/api/' },
      to: { path: '^(apps/web|e2e)/' },
    },
    {
      name: 'web-imports-api-or-e2e',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^(apps/api|e2e)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage)/' },
    // Count `import type` too: a type-only import is still coupling between folders.
    tsPreCompilationDeps: true,
    // `@/` and `@stint/contracts` as the web tsconfig maps them (see that file for why not tsConfig).
    webpackConfig: { fileName: path.join(__dirname, 'scripts/depcruise-resolve.cjs') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    cache: false,
  },
};
