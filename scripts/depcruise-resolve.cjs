// Resolve options for dependency-cruiser (read as a webpack config; only `resolve` is used):
// the web tsconfig's `paths`, spelled as aliases. dependency-cruiser's tsconfig-paths plugin
// takes a missing baseUrl relative to the working directory, which breaks `@/` from the root.
const path = require('node:path');

const root = path.resolve(__dirname, '..');

module.exports = {
  resolve: {
    alias: {
      '@': path.join(root, 'apps/web/src'),
      '@stint/contracts$': path.join(root, 'packages/contracts/src/index.ts'),
    },
  },
};
