import { useState } from "preact/hooks";
import { Badge, ConfirmButton, ErrorText, Field, Time, useLoad } from "../components";
import { FAULT_SURFACES, faults, type FaultRule, type FaultRuleInput } from "../observability";

const describeMatch = (r: FaultRule) =>
  [
    r.surface && `surface ${r.surface}`,
    r.operation && `operation ${r.operation}`,
    r.method && `method ${r.method}`,
    r.path && `path ${r.path}`,
    r.principal && `principal ${r.principal}`,
  ]
    .filter(Boolean)
    .join(", ") || "every request (except the admin API)";

function RuleItem({ r, changed }: { r: FaultRule; changed: (t: string) => void }) {
  const spent = r.remaining !== undefined && r.remaining <= 0;
  return (
    <li class="card">
      <h3 class="h4">
        Rule <code>{r.id}</code> {spent ? <Badge tone="info">spent</Badge> : <Badge tone="warn">active</Badge>}
      </h3>
      <dl class="facts compact">
        <dt>Matches</dt>
        <dd>{describeMatch(r)}</dd>
        <dt>Answer</dt>
        <dd>
          {r.latency_ms ? `waits ${r.latency_ms} ms` : ""}
          {r.latency_ms && r.error ? ", then " : ""}
          {r.error
            ? `answers ${r.error.status}${r.error.code ? ` ${r.error.code}` : ""}${r.error.message ? ` "${r.error.message}"` : ""}${r.error.retryAfter !== undefined ? `, Retry-After ${r.error.retryAfter}` : ""}`
            : ", then goes on normally"}
        </dd>
        <dt>How often</dt>
        <dd>
          probability {r.probability}
          {r.count !== undefined ? `, ${r.remaining ?? r.count} of ${r.count} hits left` : ", without limit"}
        </dd>
        <dt>Added</dt>
        <dd>
          <Time iso={r.createdAt} />
        </dd>
      </dl>
      <ConfirmButton
        label="Remove"
        context={`fault rule ${r.id}`}
        confirm={`Remove fault rule ${r.id}?`}
        onAction={async () => {
          await faults.remove(r.id);
          changed(`Removed fault rule ${r.id}.`);
        }}
      />
    </li>
  );
}

const num = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s));

function AddRule({ added }: { added: (t: string) => void }) {
  const [v, setV] = useState<Record<string, string>>({ probability: "1", status: "503" });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const input = (name: string, label: string, hint?: string, type: "text" | "number" = "text") => {
    const common = {
      id: `f-${name}`,
      value: v[name] ?? "",
      ...(hint ? { "aria-describedby": `f-${name}-hint` } : {}),
      onInput: (e: { currentTarget: HTMLInputElement }) => setV({ ...v, [name]: e.currentTarget.value }),
    };
    return (
      <Field id={`f-${name}`} label={label} {...(hint ? { hint } : {})}>
        {type === "number" ? <input type="number" step="any" {...common} /> : <input type="text" {...common} />}
      </Field>
    );
  };
  return (
    <form
      class="form"
      aria-labelledby="add-rule-h"
      onSubmit={(e) => {
        e.preventDefault();
        const s = (k: string) => v[k]?.trim() || undefined;
        const status = num(v.status ?? "");
        const rule: FaultRuleInput = {
          ...(s("surface") ? { surface: s("surface") } : {}),
          ...(s("operation") ? { operation: s("operation") } : {}),
          ...(s("method") ? { method: s("method") } : {}),
          ...(s("path") ? { path: s("path") } : {}),
          ...(s("principal") ? { principal: s("principal") } : {}),
          ...(num(v.probability ?? "") !== undefined ? { probability: num(v.probability!)! } : {}),
          ...(num(v.count ?? "") !== undefined ? { count: num(v.count!)! } : {}),
          ...(num(v.latency ?? "") !== undefined ? { latency_ms: num(v.latency!)! } : {}),
          ...(status !== undefined
            ? {
                error: {
                  status,
                  ...(s("code") ? { code: s("code") } : {}),
                  ...(s("message") ? { message: s("message") } : {}),
                  ...(num(v.retryAfter ?? "") !== undefined ? { retryAfter: num(v.retryAfter!)! } : {}),
                },
              }
            : {}),
        };
        setBusy(true);
        setError(undefined);
        faults.add(rule).then(
          (r) => {
            setBusy(false);
            added(`Added fault rule ${r.id}.`);
          },
          (err: unknown) => {
            setBusy(false);
            setError(err);
          },
        );
      }}
    >
      <h2 id="add-rule-h">Add a fault rule</h2>
      <p class="muted">Every field given must match; an empty one matches everything. A rule needs an error status, a latency, or both.</p>
      <div class="grid">
        <Field id="f-surface" label="Surface">
          <select id="f-surface" value={v.surface ?? ""} onChange={(e) => setV({ ...v, surface: e.currentTarget.value })}>
            <option value="">any</option>
            {FAULT_SURFACES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </Field>
        {input("operation", "Operation", "As the request inspector names it, e.g. Generate_AccessToken.")}
        {input("method", "Method")}
        {input("path", "Path", "A glob over the path: * within a segment, ** across segments.")}
        {input("principal", "Principal", "Object id, client id or UPN of the caller.")}
        {input("probability", "Probability", "0 to 1.", "number")}
        {input("count", "Count", "How many requests it answers; empty: without limit.", "number")}
        {input("latency", "Latency (ms)", "Waited first; at most 60000.", "number")}
        {input("status", "Error status", "400 to 599; empty: no error, only the latency.", "number")}
        {input("code", "Error code", "Empty: the surface's code for the status.")}
        {input("message", "Error message")}
        {input("retryAfter", "Retry-After (s)", undefined, "number")}
      </div>
      <button type="submit" disabled={busy} aria-busy={busy}>
        Add fault rule
      </button>
      {error !== undefined && <ErrorText error={error} prefix="Not added" />}
    </form>
  );
}

export function FaultsPage() {
  const loaded = useLoad(faults.list, []);
  const [notice, setNotice] = useState("");
  const changed = (t: string) => {
    setNotice(t);
    loaded.reload();
  };
  return (
    <>
      <AddRule added={changed} />
      <p role="status" class="notice-line">
        {notice}
      </p>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Fault rules</h2>
        {loaded.error !== undefined ? (
          <ErrorText error={loaded.error} />
        ) : loaded.data === undefined ? (
          <p class="muted">Loading…</p>
        ) : loaded.data.length === 0 ? (
          <p>No fault rule: every request is answered normally.</p>
        ) : (
          <>
            <ConfirmButton
              label="Remove all rules"
              confirm={`Remove all ${loaded.data.length} fault rules?`}
              onAction={async () => {
                const r = await faults.clear();
                changed(`Removed ${r.deleted} fault rule${r.deleted === 1 ? "" : "s"}.`);
              }}
            />
            <ul class="cards">
              {loaded.data.map((r) => (
                <RuleItem key={r.id} r={r} changed={changed} />
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
