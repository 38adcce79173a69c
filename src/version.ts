/**
 * This build's version, as in package.json (a test keeps the two equal). The OpenAPI document
 * shows it, and the database records the newest one that migrated it (store/migrate.ts).
 */
export const APP_VERSION = '0.1.0'
