/**
 * PostgreSQL schema names the node accepts (`database.schema`): plain lower-case identifiers,
 * so the name can go into `search_path` without quoting.
 */
export const postgresSchemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;
