import { useState } from "preact/hooks";
import { admin, enc, list } from "../api";
import { ConfirmButton, ErrorText, Field, Show, useLoad } from "../components";
import { loadPrincipals, loadScopes, principalLabel } from "../principals";
import type { Principal, RoleAssignment, RoleDefinition } from "../types";

interface Model {
  assignments: RoleAssignment[];
  roles: RoleDefinition[];
  principals: Principal[];
  scopes: string[];
}

async function load(): Promise<Model> {
  const [assignments, roles, principals, scopes] = await Promise.all([
    list<RoleAssignment>("/roleAssignments"),
    list<RoleDefinition>("/roleDefinitions"),
    loadPrincipals(),
    loadScopes(),
  ]);
  return { assignments, roles, principals, scopes };
}

function AddForm({ m, added }: { m: Model; added: (text: string) => void }) {
  const [principalId, setPrincipal] = useState(m.principals[0]?.objectId ?? "");
  const [role, setRole] = useState(m.roles.find((r) => r.roleName === "Reader")?.roleName ?? m.roles[0]?.roleName ?? "");
  const [scope, setScope] = useState(m.scopes[0] ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <form
      class="form"
      aria-labelledby="add-h"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        admin<RoleAssignment>("POST", "/roleAssignments", { principalId, role, scope }).then(
          () => {
            setBusy(false);
            const p = m.principals.find((x) => x.objectId === principalId);
            added(`Added ${role} for ${p ? p.name : principalId} at ${scope}.`);
          },
          (err: unknown) => {
            setBusy(false);
            setError(err);
          },
        );
      }}
    >
      <h2 id="add-h">Add a role assignment</h2>
      <Field id="ra-principal" label="Principal">
        <select id="ra-principal" value={principalId} onChange={(e) => setPrincipal(e.currentTarget.value)}>
          {m.principals.map((p) => (
            <option key={p.objectId} value={p.objectId}>
              {principalLabel(p)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="ra-role" label="Role">
        <select id="ra-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
          {m.roles.map((r) => (
            <option key={r.id} value={r.roleName}>
              {r.roleName}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="ra-scope"
        label="Scope"
        hint="An ARM resource id: a subscription, a resource group or a resource (suggestions list what exists)."
      >
        <input
          id="ra-scope"
          list="ra-scopes"
          value={scope}
          required
          aria-describedby="ra-scope-hint"
          spellcheck={false}
          onInput={(e) => setScope(e.currentTarget.value)}
        />
        <datalist id="ra-scopes">
          {m.scopes.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </Field>
      <button type="submit" disabled={busy} aria-busy={busy}>
        Add role assignment
      </button>
      {error !== undefined && <ErrorText error={error} prefix="Not added" />}
    </form>
  );
}

export function RolesPage() {
  const loaded = useLoad(load, []);
  const [notice, setNotice] = useState("");
  return (
    <Show loaded={loaded}>
      {(m) => {
        const who = (id: string) => m.principals.find((p) => p.objectId === id.toLowerCase());
        return (
          <>
            <AddForm
              m={m}
              added={(t) => {
                setNotice(t);
                loaded.reload();
              }}
            />
            <p role="status" class="notice-line">
              {notice}
            </p>
            <section aria-labelledby="list-h">
              <h2 id="list-h">Role assignments ({m.assignments.length})</h2>
              <div class="table-wrap">
                <table class="stack">
                  <thead>
                    <tr>
                      <th scope="col">Principal</th>
                      <th scope="col">Role</th>
                      <th scope="col">Scope</th>
                      <th scope="col">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.assignments.map((a) => {
                      const p = who(a.principalId);
                      return (
                        <tr key={a.id}>
                          <td data-label="Principal">
                            {p ? principalLabel(p) : "unknown principal"}
                            <br />
                            <code class="wrap muted">{a.principalId}</code>
                          </td>
                          <td data-label="Role">{a.roleName ?? a.roleDefinitionId}</td>
                          <td data-label="Scope">
                            <code class="wrap">{a.scope}</code>
                          </td>
                          <td>
                            <ConfirmButton
                              label="Remove"
                              context={`${a.roleName ?? "role"} of ${p?.name ?? a.principalId} at ${a.scope}`}
                              confirm={`Remove ${a.roleName ?? "the role"} of ${p?.name ?? a.principalId} at ${a.scope}?`}
                              onAction={async () => {
                                await admin("DELETE", `/roleAssignments/${enc(a.id)}`);
                                setNotice(`Removed ${a.roleName ?? "the role"} of ${p?.name ?? a.principalId}.`);
                                loaded.reload();
                              }}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
            <section aria-labelledby="roles-h">
              <h2 id="roles-h">Built-in roles and what they grant</h2>
              {m.roles.map((r) => (
                <details key={r.id} class="node">
                  <summary>
                    <strong>{r.roleName}</strong> <code class="muted">{r.id}</code>
                  </summary>
                  <dl class="facts">
                    {(
                      [
                        ["Actions", r.actions],
                        ["Not actions", r.notActions],
                        ["Data actions", r.dataActions],
                        ["Not data actions", r.notDataActions],
                      ] as const
                    ).map(([label, items]) => (
                      <div key={label} class="fact">
                        <dt>{label}</dt>
                        <dd>
                          {items.length === 0 ? (
                            <span class="muted">none</span>
                          ) : (
                            <ul class="plain">
                              {items.map((x) => (
                                <li key={x}>
                                  <code class="wrap">{x}</code>
                                </li>
                              ))}
                            </ul>
                          )}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </details>
              ))}
            </section>
          </>
        );
      }}
    </Show>
  );
}
