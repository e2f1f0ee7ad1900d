import { Command, InvalidArgumentError, Option } from "commander";
import { ConfigError, readConfigFile } from "../config/config-file.js";
import { isSigningAlgorithm, SIGNING_ALGORITHMS, type SigningAlgorithm } from "../keys/algorithms.js";
import { DEFAULTS, type StartOptions } from "../config/start-options.js";
import { VERSION } from "../version.js";
import { AdminApiError, connectAdmin, type AdminClient } from "./admin-client.js";
import { registerFaceSessionCommands } from "./face-session-commands.js";
import { registerHostnameCommands } from "./hostname-commands.js";
import { registerObservabilityCommands } from "./observability-commands.js";
import { registerResourceCommands } from "./resource-commands.js";
import { registerTokenCommands } from "./token-commands.js";

/** What `start` gets back: something that can be stopped. */
export interface Stoppable {
  close(): Promise<void>;
}

/**
 * The CLI's outside world. `start` is injected by the composition root (src/server/cli.ts), so
 * the CLI itself never imports the server.
 */
export interface CliIo<S extends Stoppable = Stoppable> {
  out: (line: string) => void;
  err: (line: string) => void;
  start?: (opts: StartOptions, print: (line: string) => void) => Promise<S>;
  /** Called with the running server by `start` (tests use it; the binary waits for a signal). */
  onStarted?: (server: S) => void;
  /** Ends commands that run until stopped (`requests --follow`); the binary stops them with Ctrl-C. */
  signal?: AbortSignal;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("not a port number (0-65535)");
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("not a whole number >= 0");
  return n;
}

function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError("must be at least 1");
  return n;
}

function alg(value: string): SigningAlgorithm {
  if (!isSigningAlgorithm(value)) throw new InvalidArgumentError(`not one of ${SIGNING_ALGORITHMS.join(", ")}`);
  return value;
}

/** Options every admin command shares: where the server is and how to authenticate to it. */
export function clientOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--url <url>", "server URL").env("LAZURITE_URL").default(`https://127.0.0.1:${DEFAULTS.port}`))
    .addOption(new Option("--admin-token <token>", "admin token (default: read from the location)").env("LAZURITE_ADMIN_TOKEN"))
    .addOption(
      new Option("--server-location <dir>", "the server's data directory (its --location), to find the admin token and certificate")
        .env("LAZURITE_LOCATION")
        .default(DEFAULTS.location),
    )
    .addOption(new Option("--ca <file>", "CA certificate to trust (default: the location's certificate)").env("LAZURITE_CA"));
}

export function buildProgram<S extends Stoppable>(io: CliIo<S>): Command {
  const program = new Command("lazurite")
    .description("Local emulator of Azure AI Face and Video Indexer access-token APIs, with an emulated Entra ID")
    .version(VERSION)
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command("start")
    .description("start the server (HTTPS) with embedded storage")
    .addOption(new Option("--host <host>", "address to bind").env("LAZURITE_HOST").default(DEFAULTS.host))
    .addOption(
      new Option("--port <port>", `HTTPS port (0 picks a free one; default ${DEFAULTS.port}, 443 with --azure-hostnames)`)
        .env("LAZURITE_PORT")
        .argParser(port),
    )
    .addOption(
      new Option(
        "--azure-hostnames",
        "also answer as login.microsoftonline.com, management.azure.com, {name}.cognitiveservices.azure.com… (needs hosts entries: `lazurite hosts`)",
      ).env("LAZURITE_AZURE_HOSTNAMES"),
    )
    .addOption(new Option("--hostname <name...>", "more DNS names for the serving certificate").env("LAZURITE_HOSTNAMES"))
    .addOption(new Option("--http-port <port>", "also listen on plain HTTP on this port").env("LAZURITE_HTTP_PORT").argParser(port))
    .addOption(new Option("--location <dir>", "data directory").env("LAZURITE_LOCATION").default(DEFAULTS.location))
    .addOption(
      new Option(
        "--in-memory",
        "keep everything in memory; write nothing to disk (with --db: no local files, the database still keeps everything)",
      ).env("LAZURITE_IN_MEMORY"),
    )
    .addOption(
      new Option(
        "--db <url>",
        "PostgreSQL database (postgres://user:password@host:5432/name) instead of SQLite; instances sharing it form one cluster",
      ).env("LAZURITE_DB"),
    )
    .addOption(
      new Option("--db-pool-size <n>", "pooled PostgreSQL connections per instance (plus one for change notifications)")
        .env("LAZURITE_DB_POOL_SIZE")
        .default(10)
        .argParser(positiveInt),
    )
    .addOption(new Option("--config <file>", "JSON or YAML file declaring tenants, subscriptions and resources").env("LAZURITE_CONFIG"))
    .addOption(new Option("--cert <file>", "PEM certificate (default: a generated self-signed one)").env("LAZURITE_CERT"))
    .addOption(new Option("--key <file>", "PEM private key for --cert").env("LAZURITE_KEY"))
    .addOption(
      new Option("--token-alg <alg>", "signing algorithm of Video Indexer and Face tokens")
        .env("LAZURITE_TOKEN_ALG")
        .default(DEFAULTS.tokenAlg)
        .argParser(alg),
    )
    .addOption(
      new Option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
        .env("LAZURITE_LOG_LEVEL")
        .default(DEFAULTS.logLevel)
        .choices(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    )
    .addOption(
      new Option("--arm-region <region>", "region shown in ARM routing ids").env("LAZURITE_ARM_REGION").default(DEFAULTS.armRegion),
    )
    .addOption(
      new Option("--face-token-lifetime <seconds>", "lifetime of Face client-assets tokens")
        .env("LAZURITE_FACE_TOKEN_LIFETIME")
        .default(DEFAULTS.faceTokenLifetime)
        .argParser(positiveInt),
    )
    .addOption(
      new Option("--face-rate-limit <callsPerSecond>", "Face calls per second per resource before 429 (0: off)")
        .env("LAZURITE_FACE_RATE_LIMIT")
        .default(DEFAULTS.faceRateLimit)
        .argParser(nonNegativeInt),
    )
    .addOption(
      new Option("--request-timeout <seconds>", "a whole request (headers and body) must arrive within this time")
        .env("LAZURITE_REQUEST_TIMEOUT")
        .default(DEFAULTS.requestTimeout)
        .argParser(positiveInt),
    )
    .addOption(
      new Option("--trust-jwks <fileOrUrl...>", "also accept bearer tokens signed by keys in these JWKS (real Entra tenants)").env(
        "LAZURITE_TRUST_JWKS",
      ),
    )
    .addOption(
      new Option(
        "--loose",
        "accept bearer tokens whose signature cannot be checked (audience and expiry still checked); never in production",
      ).env("LAZURITE_LOOSE"),
    )
    .addOption(
      new Option(
        "--arm-throttling",
        "answer 429 SubscriptionRequestsThrottled past ARM's hourly limits (12000 reads, 1200 writes); off: headers only",
      ).env("LAZURITE_ARM_THROTTLING"),
    )
    .addOption(
      new Option(
        "--skip-api-version-check",
        "serve unknown ARM api-versions with the newest behaviour instead of NoRegisteredProviderFound",
      ).env("LAZURITE_SKIP_API_VERSION_CHECK"),
    )
    .addOption(
      new Option("--identity-header <secret>", "X-IDENTITY-HEADER secret of the managed-identity endpoint (default: generated once)").env(
        "LAZURITE_IDENTITY_HEADER",
      ),
    )
    .addOption(
      new Option(
        "--managed-identity-client-id <guid>",
        "application the managed-identity endpoint impersonates (default: the dev application)",
      ).env("LAZURITE_MANAGED_IDENTITY_CLIENT_ID"),
    )
    .addOption(
      new Option("--managed-identity-tenant-id <guid>", "tenant of that application (default: found by client id)").env(
        "LAZURITE_MANAGED_IDENTITY_TENANT_ID",
      ),
    )
    .addOption(
      new Option("--metrics-public", "serve /_lazurite/metrics without the admin token (default: the admin token is required)").env(
        "LAZURITE_METRICS_PUBLIC",
      ),
    )
    .addOption(
      new Option("--request-log-size <n>", "requests the inspector keeps (0: off)")
        .env("LAZURITE_REQUEST_LOG_SIZE")
        .default(DEFAULTS.requestLogSize)
        .argParser(nonNegativeInt),
    )
    .addOption(
      new Option("--workers <n>", "processes sharing the port (node:cluster), each on the same store")
        .env("LAZURITE_WORKERS")
        .default(1)
        .argParser(positiveInt),
    )
    .action(async (o: Record<string, unknown>) => {
      const inMemory = o.inMemory === true || o.inMemory === "true" || o.inMemory === "1";
      const opts: StartOptions = {
        host: o.host as string,
        port: o.port as number | undefined,
        azureHostnames: o.azureHostnames === true || o.azureHostnames === "true" || o.azureHostnames === "1",
        hostnames: typeof o.hostname === "string" ? o.hostname.split(",").filter(Boolean) : (o.hostname as string[] | undefined),
        httpPort: o.httpPort as number | undefined,
        location: o.location as string,
        inMemory,
        db: (o.db as string | undefined) || undefined,
        dbPoolSize: o.dbPoolSize as number,
        config: o.config as string | undefined,
        cert: o.cert as string | undefined,
        key: o.key as string | undefined,
        logLevel: o.logLevel as string,
        tokenAlg: o.tokenAlg as SigningAlgorithm,
        adminToken: process.env.LAZURITE_ADMIN_TOKEN || undefined,
        armRegion: o.armRegion as string,
        identityHeader: o.identityHeader as string | undefined,
        faceTokenLifetime: o.faceTokenLifetime as number,
        faceRateLimit: o.faceRateLimit as number,
        requestTimeout: o.requestTimeout as number,
        trustJwks: typeof o.trustJwks === "string" ? o.trustJwks.split(",").filter(Boolean) : (o.trustJwks as string[] | undefined),
        loose: o.loose === true || o.loose === "true" || o.loose === "1",
        armThrottling: o.armThrottling === true || o.armThrottling === "true" || o.armThrottling === "1",
        skipApiVersionCheck: o.skipApiVersionCheck === true || o.skipApiVersionCheck === "true" || o.skipApiVersionCheck === "1",
        managedIdentityClientId: o.managedIdentityClientId as string | undefined,
        managedIdentityTenantId: o.managedIdentityTenantId as string | undefined,
        metricsPublic: o.metricsPublic === true || o.metricsPublic === "true" || o.metricsPublic === "1",
        requestLogSize: o.requestLogSize as number,
        workers: o.workers as number,
      };
      if (!io.start) throw new Error("this entry point cannot start a server; run the lazurite binary");
      const server = await io.start(opts, io.out);
      io.onStarted?.(server);
    });

  clientOptions(
    program.command("apply").description("apply a config file to a running server (upsert; deletes nothing)").argument("<file>"),
  ).action(async (file: string, o: Record<string, string>) => {
    const doc = await readConfigFile(file);
    await client(o).call("POST", "/config", doc);
    io.out(`applied ${file}`);
  });

  registerResourceCommands(program, io, client);
  registerFaceSessionCommands(program, io, client);
  registerHostnameCommands(program, io, client);
  registerTokenCommands(program, io);
  registerObservabilityCommands(program, io, client);
  return program;
}

export function client(o: Record<string, string | string[] | undefined>): AdminClient {
  const s = (k: string) => o[k] as string | undefined;
  return connectAdmin({ url: s("url")!, adminToken: s("adminToken"), location: s("serverLocation")!, ca: s("ca") });
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli<S extends Stoppable>(argv: string[], io: CliIo<S>): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return 0;
    if (code?.startsWith("commander.")) return 2;
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 1;
    }
    if (e instanceof AdminApiError) {
      io.err(`error: ${JSON.stringify(e.body, null, 2)}`);
      return 1;
    }
    io.err(`error: ${(e as Error).message}`);
    return 1;
  }
}
