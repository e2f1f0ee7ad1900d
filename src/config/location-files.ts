/**
 * Files Lazurite keeps in its location (`--location`) besides the database, named here so the
 * server that writes them and the CLI that reads them agree.
 */
export const ADMIN_TOKEN_FILE = "admin-token";
