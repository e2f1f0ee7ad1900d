import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { admin, enc, list } from "../api";
import { ActionButton, Badge, ConfirmButton, CopyButton, Show, Time, useLoad } from "../components";
import type { Application, FaceResource, ResourceGroup, Subscription, Tenant, User, VideoIndexerAccount } from "../types";

interface Model {
  tenants: { tenant: Tenant; apps: Application[]; users: User[] }[];
  subscriptions: { sub: Subscription; groups: ResourceGroup[] }[];
  vi: VideoIndexerAccount[];
  face: FaceResource[];
}

async function load(): Promise<Model> {
  const [tenants, subs, vi, face] = await Promise.all([
    list<Tenant>("/tenants"),
    list<Subscription>("/subscriptions"),
    list<VideoIndexerAccount>("/videoIndexerAccounts"),
    list<FaceResource>("/faceResources"),
  ]);
  return {
    tenants: await Promise.all(
      tenants.map(async (tenant) => {
        const [apps, users] = await Promise.all([
          list<Application>(`/tenants/${enc(tenant.id)}/applications`),
          list<User>(`/tenants/${enc(tenant.id)}/users`),
        ]);
        return { tenant, apps, users };
      }),
    ),
    subscriptions: await Promise.all(
      subs.map(async (sub) => ({ sub, groups: await list<ResourceGroup>(`/subscriptions/${enc(sub.id)}/resourceGroups`) })),
    ),
    vi,
    face,
  };
}

const inGroup = (r: { subscriptionId: string; resourceGroup: string }, g: ResourceGroup) =>
  r.subscriptionId.toLowerCase() === g.subscriptionId.toLowerCase() && r.resourceGroup.toLowerCase() === g.name.toLowerCase();

function ApplicationRow({ app, reload }: { app: Application; reload: () => void }) {
  const [added, setAdded] = useState<string>();
  const base = `/tenants/${enc(app.tenantId)}/applications/${enc(app.clientId)}/secrets`;
  return (
    <tr>
      <th scope="row">{app.displayName}</th>
      <td data-label="Client id">
        <code class="wrap">{app.clientId}</code>
      </td>
      <td data-label="Object id">
        <code class="wrap">{app.objectId}</code>
      </td>
      <td data-label="Secrets">
        <ul class="plain">
          {app.secrets.map((s) => (
            <li key={s.id}>
              {s.displayName ?? "secret"} <code>{s.hint}…</code>
              {s.expiresAt && (
                <span class="muted">
                  {" "}
                  expires <Time iso={s.expiresAt} />
                </span>
              )}{" "}
              <ConfirmButton
                label="Remove"
                context={`secret ${s.hint}… of ${app.displayName}`}
                confirm={`Remove the secret ${s.hint}… of ${app.displayName}?`}
                onAction={async () => {
                  await admin("DELETE", `${base}/${enc(s.id)}`);
                  reload();
                }}
              />
            </li>
          ))}
          {app.certificates.length > 0 && <li>{app.certificates.length} certificate(s)</li>}
        </ul>
        {added ? (
          <p class="notice" role="status">
            New secret, shown once: <code class="wrap">{added}</code> <CopyButton text={added} label="new secret" />
          </p>
        ) : (
          <ActionButton
            class="small"
            onAction={async () => {
              const r = await admin<{ secret: string }>("POST", base, { displayName: "added in the dashboard" });
              setAdded(r.secret);
            }}
          >
            Add a secret <span class="visually-hidden">to {app.displayName}</span>
          </ActionButton>
        )}
      </td>
    </tr>
  );
}

function FaceCard({ f, reload }: { f: FaceResource; reload: () => void }) {
  const [shown, setShown] = useState(false);
  const [keys, setKeys] = useState(f.keys);
  const id = `keys-${f.name}`;
  const regenerate = (which: "Key1" | "Key2") => async () => {
    const r = await admin<{ key1: string; key2: string }>(
      "POST",
      `/subscriptions/${enc(f.subscriptionId)}/resourceGroups/${enc(f.resourceGroup)}/faceResources/${enc(f.name)}/regenerateKey`,
      { keyName: which },
    );
    setKeys([r.key1, r.key2]);
    setShown(true);
    reload();
  };
  return (
    <li class="card">
      <h3 class="h4">
        Face resource <strong>{f.name}</strong> <span class="muted">({f.location})</span>
      </h3>
      <p>
        Endpoint <code class="wrap">{`${location.origin}/${f.name}`}</code>
      </p>
      <button type="button" class="small" aria-expanded={shown} aria-controls={id} onClick={() => setShown(!shown)}>
        {shown ? "Hide keys" : "Show keys"} <span class="visually-hidden">of {f.name}</span>
      </button>
      <div id={id} hidden={!shown}>
        {shown && (
          <dl class="facts">
            {keys.map((k, i) => (
              <Fragment key={i}>
                <dt>key{i + 1}</dt>
                <dd>
                  <code class="wrap">{k}</code> <CopyButton text={k} label={`key${i + 1} of ${f.name}`} />{" "}
                  <ConfirmButton
                    label={`Regenerate key${i + 1}`}
                    confirm={`Regenerate key${i + 1} of ${f.name}? The old key stops working at once.`}
                    onAction={regenerate(i === 0 ? "Key1" : "Key2")}
                  />
                </dd>
              </Fragment>
            ))}
          </dl>
        )}
      </div>
    </li>
  );
}

export function ResourcesPage() {
  const loaded = useLoad(load, []);
  return (
    <Show loaded={loaded}>
      {(m) => (
        <>
          <section aria-labelledby="dir-h">
            <h2 id="dir-h">Directory: tenants, applications and users</h2>
            {m.tenants.length === 0 && <p>No tenant.</p>}
            {m.tenants.map(({ tenant, apps, users }) => (
              <details open key={tenant.id} class="node">
                <summary>
                  Tenant <strong>{tenant.displayName}</strong> <span class="muted">{tenant.domain}</span>{" "}
                  <code class="wrap">{tenant.id}</code>
                </summary>
                <h3 class="h4">Applications ({apps.length})</h3>
                {apps.length > 0 && (
                  <div class="table-wrap">
                    <table class="stack">
                      <thead>
                        <tr>
                          <th scope="col">Name</th>
                          <th scope="col">Client id</th>
                          <th scope="col">Object id</th>
                          <th scope="col">Secrets</th>
                        </tr>
                      </thead>
                      <tbody>
                        {apps.map((a) => (
                          <ApplicationRow key={a.clientId} app={a} reload={loaded.reload} />
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                <h3 class="h4">Users ({users.length})</h3>
                {users.length > 0 && (
                  <div class="table-wrap">
                    <table class="stack">
                      <thead>
                        <tr>
                          <th scope="col">Name</th>
                          <th scope="col">User principal name</th>
                          <th scope="col">Object id</th>
                        </tr>
                      </thead>
                      <tbody>
                        {users.map((u) => (
                          <tr key={u.objectId}>
                            <th scope="row">{u.displayName}</th>
                            <td data-label="User principal name">{u.userPrincipalName}</td>
                            <td data-label="Object id">
                              <code class="wrap">{u.objectId}</code>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </details>
            ))}
          </section>

          <section aria-labelledby="subs-h">
            <h2 id="subs-h">Subscriptions, resource groups and resources</h2>
            {m.subscriptions.length === 0 && <p>No subscription.</p>}
            {m.subscriptions.map(({ sub, groups }) => (
              <details open key={sub.id} class="node">
                <summary>
                  Subscription <strong>{sub.displayName}</strong> <code class="wrap">{sub.id}</code>{" "}
                  <Badge tone={sub.state === "Enabled" ? "ok" : "warn"}>{sub.state}</Badge>
                </summary>
                {groups.length === 0 && <p>No resource group.</p>}
                {groups.map((g) => {
                  const vi = m.vi.filter((a) => inGroup(a, g));
                  const face = m.face.filter((f) => inGroup(f, g));
                  return (
                    <details open key={g.name} class="node">
                      <summary>
                        Resource group <strong>{g.name}</strong> <span class="muted">({g.location})</span>
                      </summary>
                      {vi.length + face.length === 0 && <p>No resource.</p>}
                      <ul class="cards">
                        {vi.map((a) => (
                          <li class="card" key={a.name}>
                            <h3 class="h4">
                              Video Indexer account <strong>{a.name}</strong> <span class="muted">({a.location})</span>
                            </h3>
                            <p>
                              accountId <code class="wrap">{a.accountId}</code>
                            </p>
                          </li>
                        ))}
                        {face.map((f) => (
                          <FaceCard key={f.name} f={f} reload={loaded.reload} />
                        ))}
                      </ul>
                    </details>
                  );
                })}
              </details>
            ))}
          </section>
        </>
      )}
    </Show>
  );
}
