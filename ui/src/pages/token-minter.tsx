import { useState } from "preact/hooks";
import { list } from "../api";
import { Badge, CopyButton, ErrorText, Field, Show, useLoad } from "../components";
import { mintFaceToken, mintVideoIndexerToken, type ViRequest } from "../mint";
import { loadPrincipals, principalLabel } from "../principals";
import type { FaceResource, VideoIndexerAccount } from "../types";

/** The tokens page's form that mints a Video Indexer or Face token for an application (docs/dashboard.md#tokens). */
async function loadMintModel() {
  const [principals, vi, face] = await Promise.all([
    loadPrincipals(),
    list<VideoIndexerAccount>("/videoIndexerAccounts"),
    list<FaceResource>("/faceResources"),
  ]);
  return { apps: principals.filter((p) => p.kind === "application"), vi, face };
}

export function Minter({ minted }: { minted: (t: string) => void }) {
  const loaded = useLoad(loadMintModel, []);
  const [kind, setKind] = useState<"vi" | "face">("vi");
  const [app, setApp] = useState("");
  const [account, setAccount] = useState("");
  const [face, setFace] = useState("");
  const [permissionType, setPermission] = useState<ViRequest["permissionType"]>("Reader");
  const [scope, setScope] = useState<ViRequest["scope"]>("Account");
  const [scopeId, setScopeId] = useState("");
  const [steps, setSteps] = useState<string[]>([]);
  const [result, setResult] = useState<{ token?: string; error?: unknown }>();
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="mint-h">
      <h2 id="mint-h">Mint a token</h2>
      <Show loaded={loaded}>
        {(m) => {
          const principal = m.apps.find((a) => a.objectId === app) ?? m.apps[0];
          const viAccount = m.vi.find((a) => a.name === account) ?? m.vi[0];
          const faceResource = m.face.find((f) => f.name === face) ?? m.face[0];
          return (
            <form
              class="form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!principal) return;
                const log: string[] = [];
                const report = (s: string) => setSteps((log.push(s), [...log]));
                setBusy(true);
                setResult(undefined);
                setSteps([]);
                const body: ViRequest = {
                  permissionType,
                  scope,
                  ...(scope === "Video" ? { videoId: scopeId } : scope === "Project" ? { projectId: scopeId } : {}),
                };
                const run =
                  kind === "vi"
                    ? viAccount
                      ? mintVideoIndexerToken(principal, viAccount, body, report)
                      : Promise.reject(new Error("There is no Video Indexer account."))
                    : faceResource
                      ? mintFaceToken(principal, faceResource, report)
                      : Promise.reject(new Error("There is no Face resource."));
                run.then(
                  (token) => {
                    setBusy(false);
                    setResult({ token });
                    minted(token);
                  },
                  (error: unknown) => {
                    setBusy(false);
                    setResult({ error });
                  },
                );
              }}
            >
              <fieldset>
                <legend>Token</legend>
                <label class="inline">
                  <input type="radio" name="kind" checked={kind === "vi"} onChange={() => setKind("vi")} /> Video Indexer (ARM
                  generateAccessToken)
                </label>
                <label class="inline">
                  <input type="radio" name="kind" checked={kind === "face"} onChange={() => setKind("face")} /> Face
                  (getClientAssetsAccessToken)
                </label>
              </fieldset>
              <Field id="mint-app" label="As the application" hint="It needs the role the operation asks for (Role assignments page).">
                <select
                  id="mint-app"
                  aria-describedby="mint-app-hint"
                  value={principal?.objectId}
                  onChange={(e) => setApp(e.currentTarget.value)}
                >
                  {m.apps.map((p) => (
                    <option key={p.objectId} value={p.objectId}>
                      {principalLabel(p)}
                    </option>
                  ))}
                </select>
              </Field>
              {kind === "vi" ? (
                <>
                  <Field id="mint-account" label="Video Indexer account">
                    <select id="mint-account" value={viAccount?.name} onChange={(e) => setAccount(e.currentTarget.value)}>
                      {m.vi.map((a) => (
                        <option key={a.name} value={a.name}>
                          {a.name} ({a.resourceGroup})
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field id="mint-permission" label="Permission">
                    <select
                      id="mint-permission"
                      value={permissionType}
                      onChange={(e) => setPermission(e.currentTarget.value as ViRequest["permissionType"])}
                    >
                      <option value="Reader">Reader</option>
                      <option value="Contributor">Contributor</option>
                    </select>
                  </Field>
                  <Field id="mint-scope" label="Scope">
                    <select id="mint-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value as ViRequest["scope"])}>
                      <option value="Account">Account</option>
                      <option value="Project">Project</option>
                      <option value="Video">Video</option>
                    </select>
                  </Field>
                  {scope !== "Account" && (
                    <Field id="mint-scope-id" label={scope === "Video" ? "Video id" : "Project id"}>
                      <input id="mint-scope-id" required value={scopeId} onInput={(e) => setScopeId(e.currentTarget.value)} />
                    </Field>
                  )}
                </>
              ) : (
                <Field id="mint-face" label="Face resource">
                  <select id="mint-face" value={faceResource?.name} onChange={(e) => setFace(e.currentTarget.value)}>
                    {m.face.map((f) => (
                      <option key={f.name} value={f.name}>
                        {f.name} ({f.resourceGroup})
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              <button type="submit" disabled={busy || !principal} aria-busy={busy}>
                Mint token
              </button>
              {steps.length > 0 && (
                <ol class="steps" aria-label="What the dashboard did">
                  {steps.map((s, i) => (
                    <li key={i}>{s}</li>
                  ))}
                </ol>
              )}
              {result?.error !== undefined && <ErrorText error={result.error} prefix="Not minted" />}
              {result?.token && (
                <p role="status">
                  <Badge tone="ok">minted</Badge> the token is decoded above. <CopyButton text={result.token} label="minted token" />
                </p>
              )}
            </form>
          );
        }}
      </Show>
    </section>
  );
}
