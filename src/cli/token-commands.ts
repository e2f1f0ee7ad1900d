import { Option, type Command } from "commander";
import { decodeJwt, decodeProtectedHeader } from "jose";
import type { EntraGrant } from "../client/entra-credential.js";
import { DEV } from "../config/dev-defaults.js";
import { inspectLazuriteToken } from "../verify/inspect.js";
import { caOf, connectAdmin } from "./admin-client.js";
import { clientOptions, type CliIo } from "./program.js";
import {
  ARM_SCOPE,
  COGNITIVE_SERVICES_SCOPE,
  entraToken,
  faceToken,
  msiToken,
  VI_API_VERSION,
  viToken,
  type IssuedToken,
  type Server,
  type ViTokenRequest,
} from "./token-sources.js";

type Opts = Record<string, string | boolean | undefined>;
const str = (o: Opts, k: string): string | undefined => (typeof o[k] === "string" ? o[k] : undefined);

/** `2023-10-31 21:59:10.000000`: the local time `az account get-access-token` prints as `expiresOn`. */
export function azLocalTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`
  );
}

/** The JSON `az account get-access-token` prints, with its keys in its (sorted) order. */
export function azAccessToken(t: IssuedToken): Record<string, unknown> {
  return {
    accessToken: t.accessToken,
    expiresOn: azLocalTime(t.expiresOn),
    expires_on: Math.floor(t.expiresOn.getTime() / 1000),
    ...(t.subscription ? { subscription: t.subscription } : {}),
    ...(t.tenant ? { tenant: t.tenant } : {}),
    tokenType: "Bearer",
  };
}

function decoded(token: string): Record<string, unknown> {
  return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
}

/** --client/--secret, --user/--password, or the development application (README, "Development defaults"). */
export function grantOf(o: Opts): EntraGrant {
  const client = str(o, "client");
  const secret = str(o, "secret");
  const user = str(o, "user");
  const password = str(o, "password");
  if (user !== undefined || password !== undefined) {
    if (user === undefined || password === undefined) throw new Error("--user and --password go together");
    return { kind: "password", clientId: client ?? DEV.clientId, username: user, password, clientSecret: secret };
  }
  if (client !== undefined || secret !== undefined) {
    if (client === undefined || secret === undefined) throw new Error("--client and --secret go together");
    return { kind: "client_credentials", clientId: client, clientSecret: secret };
  }
  return { kind: "client_credentials", clientId: DEV.clientId, clientSecret: DEV.clientSecret };
}

function credentialOptions(cmd: Command): Command {
  return clientOptions(cmd)
    .option("--tenant <id>", "tenant to sign in to", DEV.tenantId)
    .option("--client <clientId>", "application (client) id; with --secret, or with --user for a confidential client")
    .option("--secret <secret>", "client secret of --client")
    .option("--user <upn>", "user principal name (password grant)")
    .option("--password <password>", "the user's password")
    .option("--decode", "print the token's decoded header and claims instead");
}

function serverOf(o: Opts): Server {
  const url = str(o, "url")!;
  return { url, ca: caOf({ ca: str(o, "ca"), location: str(o, "serverLocation")! }) };
}

/** Node's TLS errors when the server's certificate is not trusted: say what to do about it. */
function withTlsHint(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === "DEPTH_ZERO_SELF_SIGNED_CERT" || code === "SELF_SIGNED_CERT_IN_CHAIN" || code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE") {
    return new Error(
      `${(e as Error).message}: pass --ca with the server's certificate (its location's lazurite-cert.pem, or saved from /_lazurite/certificate)`,
    );
  }
  return e;
}

export function registerTokenCommands(program: Command, io: Pick<CliIo, "out" | "err">): void {
  const print = (v: unknown) => io.out(JSON.stringify(v, null, 2));
  const emit = (t: IssuedToken, o: Opts) => print(o.decode ? decoded(t.accessToken) : azAccessToken(t));
  const run = (fn: (o: Opts) => Promise<void>) => async (o: Opts) => {
    try {
      await fn(o);
    } catch (e) {
      throw withTlsHint(e);
    }
  };
  const token = program
    .command("token")
    .description("get a token from a running server, printed like `az account get-access-token` (or decoded with --decode)");

  credentialOptions(token.command("arm").description("an Entra ID access token (client credentials, or password with --user)"))
    .option("--scope <scope>", "scope to ask for", ARM_SCOPE)
    .action(
      run(async (o) => {
        emit(await entraToken(serverOf(o), str(o, "tenant")!, grantOf(o), str(o, "scope")!), o);
      }),
    );

  credentialOptions(token.command("face").description("a Face client-assets access token (getClientAssetsAccessToken)"))
    .option("--resource <name>", "Face resource name", DEV.faceName)
    .option("--key <key>", "authenticate with this resource key instead of an Entra ID token")
    .action(
      run(async (o) => {
        const s = serverOf(o);
        const key = str(o, "key");
        const auth = key
          ? ({ kind: "key", key } as const)
          : ({ kind: "bearer", token: await entraToken(s, str(o, "tenant")!, grantOf(o), COGNITIVE_SERVICES_SCOPE) } as const);
        emit(await faceToken(s, str(o, "resource")!, auth), o);
      }),
    );

  credentialOptions(token.command("vi").description("a Video Indexer access token: an ARM token, then ARM generateAccessToken"))
    .option("--subscription <id>", "subscription id", DEV.subscriptionId)
    .option("--group <name>", "resource group", DEV.resourceGroup)
    .option("--account <name>", "Video Indexer account name", DEV.viAccountName)
    .addOption(
      new Option("--permission <permission>", "permission of the token (RestrictedViewer: generateRestrictedViewerAccessToken)")
        .choices(["Reader", "Contributor", "RestrictedViewer"])
        .default("Reader"),
    )
    .addOption(new Option("--scope <scope>", "scope of the token").choices(["Account", "Project", "Video"]).default("Account"))
    .option("--video-id <id>", "the video, with --scope Video")
    .option("--project-id <id>", "the project, with --scope Project")
    .option("--api-version <version>", "ARM api-version", VI_API_VERSION)
    .action(
      run(async (o) => {
        const s = serverOf(o);
        const arm = await entraToken(s, str(o, "tenant")!, grantOf(o), ARM_SCOPE);
        const request: ViTokenRequest = {
          subscriptionId: str(o, "subscription")!,
          resourceGroup: str(o, "group")!,
          account: str(o, "account")!,
          permission: str(o, "permission") as ViTokenRequest["permission"],
          scope: str(o, "scope") as ViTokenRequest["scope"],
          videoId: str(o, "videoId"),
          projectId: str(o, "projectId"),
          apiVersion: str(o, "apiVersion")!,
        };
        emit(await viToken(s, arm, request), o);
      }),
    );

  clientOptions(token.command("msi").description("a token from the managed-identity endpoint (App Service protocol)"))
    .addOption(
      new Option("--identity-header <secret>", "X-IDENTITY-HEADER secret (default: asked of the admin API)").env(
        "LAZURITE_IDENTITY_HEADER",
      ),
    )
    .option("--client <clientId>", "user-assigned identity to use (client_id); default: the endpoint's identity")
    .option("--scope <resource>", "resource to ask for (a trailing /.default is dropped)", "https://management.azure.com/")
    .option("--decode", "print the token's decoded header and claims instead")
    .action(
      run(async (o) => {
        const s = serverOf(o);
        const header =
          str(o, "identityHeader") ??
          (
            await connectAdmin({
              url: s.url,
              adminToken: str(o, "adminToken"),
              location: str(o, "serverLocation")!,
              ca: str(o, "ca"),
            }).managedIdentity()
          ).header;
        const resource = str(o, "scope")!.replace(/\/\.default$/, "");
        emit(await msiToken(s, header, resource, str(o, "client")), o);
      }),
    );

  clientOptions(
    token
      .command("decode")
      .description("decode a token and verify it against this server's JWKS: which key and issuer signed it, and whether it is valid now")
      .argument("<jwt>", "the token (a leading 'Bearer ' is ignored)"),
  ).action(async (jwt: string, o: Opts) => {
    const s = serverOf(o);
    let report;
    try {
      report = await inspectLazuriteToken(jwt.replace(/^Bearer\s+/i, "").trim(), { url: s.url, ca: s.ca });
    } catch (e) {
      throw withTlsHint(e);
    }
    print(report);
    if (!report.valid) {
      const why =
        report.signature !== "valid"
          ? `signature ${report.signature.replace(/_/g, " ")} against ${report.jwksUrl}`
          : report.expired
            ? `expired ${report.expiresOn ?? "(no exp claim)"}`
            : "not valid yet";
      throw new Error(`the token is not valid: ${why}`);
    }
    io.err(
      `signed by key ${report.key?.kid} (${report.key?.alg}) of ${report.jwksUrl}; issuer ${report.issuer ?? "(none)"}; expires ${report.expiresOn}`,
    );
  });
}
