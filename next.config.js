/** @type {import('next').NextConfig} */
module.exports = {
  // The DuckDB native addon must stay a Node require, not be bundled (../shared/stack.md §3).
  serverExternalPackages: ['@duckdb/node-api'],
  poweredByHeader: false,
};
