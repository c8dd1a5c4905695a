/** @type {import('next').NextConfig} */
module.exports = {
  // The DuckDB native addon must stay a Node require, not be bundled (../shared/stack.md §3): node-api
  // and the bindings it wraps (lib/db reads result vectors through them).
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings'],
  poweredByHeader: false,
};
