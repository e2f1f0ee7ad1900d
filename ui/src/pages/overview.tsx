import { admin, list } from "../api";
import { Badge, CopyButton, Link, Show, useLoad } from "../components";
import type { FaceResource, ServerInfo, SigningKey, Subscription, Tenant, VideoIndexerAccount } from "../types";

interface Overview {
  info: ServerInfo;
  ready: { status: string; store: string } | Error;
  keys: SigningKey[];
  counts: { tenants: number; subscriptions: number; vi: number; face: number };
  firstFace?: string;
}

async function load(): Promise<Overview> {
  const [info, keys, tenants, subs, vi, face] = await Promise.all([
    admin<ServerInfo>("GET", "/server"),
    list<SigningKey>("/keys"),
    list<Tenant>("/tenants"),
    list<Subscription>("/subscriptions"),
    list<VideoIndexerAccount>("/videoIndexerAccounts"),
    list<FaceResource>("/faceResources"),
  ]);
  // Readiness answers 503 while the store is down: show that, not an error page.
  const ready = await fetch("/_lazurite/ready", { cache: "no-store" })
    .then((r) => r.json() as Promise<{ status: string; store: string }>)
    .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  return {
    info,
    ready,
    keys,
    counts: { tenants: tenants.length, subscriptions: subs.length, vi: vi.length, face: face.length },
    ...(face[0] ? { firstFace: face[0].name } : {}),
  };
}

function Line({ label, value, shown }: { label: string; value: string; shown?: boolean }) {
  return (
    <li class="line">
      {shown && <span class="line-label">{label}</span>}
      <code class="wrap">{value}</code> <CopyButton text={value} label={label} />
    </li>
  );
}

const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function OverviewPage() {
  const loaded = useLoad(load, []);
  const origin = location.origin;
  return (
    <Show loaded={loaded}>
      {(o) => {
        const env = [
          ...(o.info.certificatePath ? [`NODE_EXTRA_CA_CERTS=${o.info.certificatePath}`] : []),
          `IDENTITY_ENDPOINT=${origin}${o.info.managedIdentity.path}`,
          `IDENTITY_HEADER=${o.info.managedIdentity.header}`,
        ];
        return (
          <>
            <section aria-labelledby="server-h">
              <h2 id="server-h">Server</h2>
              <dl class="facts">
                <dt>Version</dt>
                <dd>Lazurite {o.info.version}</dd>
                <dt>Store</dt>
                <dd>
                  {o.info.store === "postgres" ? "PostgreSQL" : "SQLite"}{" "}
                  {o.ready instanceof Error ? (
                    <Badge tone="bad">readiness unknown: {o.ready.message}</Badge>
                  ) : o.ready.status === "ready" ? (
                    <Badge tone="ok">ready</Badge>
                  ) : (
                    <Badge tone="bad">unavailable</Badge>
                  )}
                </dd>
                <dt>Token algorithm</dt>
                <dd>{o.info.tokenAlg} (Video Indexer and Face tokens; Entra ID signs RS256)</dd>
                <dt>Contents</dt>
                <dd>
                  <Link to="resources">
                    {n(o.counts.tenants, "tenant", "tenants")}, {n(o.counts.subscriptions, "subscription", "subscriptions")},{" "}
                    {n(o.counts.vi, "Video Indexer account", "Video Indexer accounts")},{" "}
                    {n(o.counts.face, "Face resource", "Face resources")}
                  </Link>
                </dd>
                {o.info.developmentDefaults && (
                  <>
                    <dt>Development defaults</dt>
                    <dd>
                      <Badge tone="warn">public credentials</Badge> the well-known development set is loaded: never use it beyond local
                      work.
                    </dd>
                  </>
                )}
              </dl>
            </section>

            <section aria-labelledby="urls-h">
              <h2 id="urls-h">URLs</h2>
              <ul class="lines">
                <Line shown label="ARM endpoint and Entra ID authority host" value={origin} />
                {o.firstFace && <Line shown label={`Face endpoint of ${o.firstFace} (path style)`} value={`${origin}/${o.firstFace}`} />}
                <Line shown label="Video Indexer and Face JWKS" value={`${origin}/.well-known/jwks.json`} />
                <Line shown label="Admin API" value={`${origin}/_lazurite/admin`} />
              </ul>
            </section>

            <section aria-labelledby="ca-h">
              <h2 id="ca-h">The certificate to trust</h2>
              <p>
                Clients must trust Lazurite's certificate: process-wide with <code>NODE_EXTRA_CA_CERTS</code>, or per client with{" "}
                <code>tlsOptions: {"{ ca }"}</code>.{" "}
                <a href="/_lazurite/certificate" download="lazurite-cert.pem">
                  Download the certificate (PEM)
                </a>
                {o.info.certificatePath ? (
                  <>
                    {" "}
                    — on this machine it is <code class="wrap">{o.info.certificatePath}</code>.
                  </>
                ) : (
                  "."
                )}
              </p>
              <h3>Environment lines</h3>
              <ul class="lines">
                {env.map((l) => (
                  <Line key={l} label={l.split("=")[0]!} value={l} />
                ))}
                <Line label="all environment lines" value={env.join("\n")} />
              </ul>
            </section>

            <section aria-labelledby="keys-h">
              <h2 id="keys-h">Signing keys</h2>
              <div class="table-wrap">
                <table class="stack">
                  <caption class="visually-hidden">Signing keys by issuer</caption>
                  <thead>
                    <tr>
                      <th scope="col">Issuer</th>
                      <th scope="col">Key id</th>
                      <th scope="col">Algorithm</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.keys.map((k) => (
                      <tr key={k.kid}>
                        <th scope="row">{k.issuer}</th>
                        <td data-label="Key id">
                          <code class="wrap">{k.kid}</code>
                        </td>
                        <td data-label="Algorithm">{k.alg}</td>
                        <td data-label="Status">
                          <Badge tone={k.status === "active" ? "ok" : "info"}>{k.status}</Badge>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </>
        );
      }}
    </Show>
  );
}
