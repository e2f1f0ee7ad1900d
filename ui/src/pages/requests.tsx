import { useEffect, useRef, useState } from "preact/hooks";
import { Badge, ErrorText, Field, statusTone } from "../components";
import { requests, type RequestEntry, type RequestFilter } from "../observability";

const POLL_MS = 2000;
const KEEP = 300;
const SURFACES = ["arm", "face", "entra", "identity", "internal", "metrics", "admin", "ui"];

function TraceView({ e }: { e: RequestEntry }) {
  const t = e.trace!;
  return (
    <details class="trace">
      <summary>
        Why refused: at <strong>{t.check}</strong>: {t.reason}
      </summary>
      <p>{t.explanation}</p>
      <dl class="facts compact">
        {t.action && (
          <>
            <dt>Action needed</dt>
            <dd>
              <code class="wrap">{t.action}</code>
            </dd>
          </>
        )}
        {t.scope && (
          <>
            <dt>Over</dt>
            <dd>
              <code class="wrap">{t.scope}</code>
            </dd>
          </>
        )}
        {t.held && (
          <>
            <dt>Roles held</dt>
            <dd>
              {t.held.length === 0 ? (
                "none"
              ) : (
                <ul class="plain">
                  {t.held.map((h, i) => (
                    <li key={i}>
                      {h.role} at <code class="wrap">{h.scope}</code>{" "}
                      {h.covers ? <Badge tone="info">covers the scope</Badge> : <Badge tone="warn">does not cover the scope</Badge>}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        {t.grantedBy && (
          <>
            <dt>Roles that grant it</dt>
            <dd>{t.grantedBy.length ? t.grantedBy.join(", ") : "none of the built-in roles"}</dd>
          </>
        )}
      </dl>
    </details>
  );
}

function Entry({ e }: { e: RequestEntry }) {
  return (
    <li class={`entry${e.trace ? " refused" : ""}`}>
      <p class="entry-line">
        <Badge tone={statusTone(e.status)}>{e.status}</Badge> <strong>{e.method}</strong> <code class="wrap">{e.path}</code>
      </p>
      <p class="muted small-text">
        #{e.seq} {e.time.replace("T", " ").replace(/\.\d+Z$/, " UTC")} · {e.surface}
        {e.operation ? ` · ${e.operation}` : ""} · {e.ms} ms
        {e.principal ? ` · by ${e.principal.kind} ${e.principal.name ?? e.principal.id}` : ""}
        {e.fault ? ` · fault rule ${e.fault}` : ""}
      </p>
      {e.trace && <TraceView e={e} />}
    </li>
  );
}

export function RequestsPage() {
  const [filter, setFilter] = useState<RequestFilter>({});
  const [statusText, setStatusText] = useState("");
  const [live, setLive] = useState(true);
  const [entries, setEntries] = useState<RequestEntry[]>([]);
  const [error, setError] = useState<unknown>();
  const last = useRef<number | undefined>(undefined);
  const tailOf = useRef<RequestFilter | undefined>(undefined);

  useEffect(() => {
    // A new filter starts a new tail from the newest matching entries; pausing keeps what is shown.
    if (tailOf.current !== filter) {
      tailOf.current = filter;
      last.current = undefined;
      setEntries([]);
      setError(undefined);
    }
    if (!live && last.current !== undefined) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const page = await requests(filter, last.current === undefined ? { limit: 100 } : { since: last.current });
        if (stop) return;
        last.current = page.lastSeq;
        if (page.value.length) setEntries((old) => [...[...page.value].reverse(), ...old].slice(0, KEEP));
        setError(undefined);
      } catch (e) {
        if (stop) return;
        setError(e);
      }
      if (live && !stop) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [filter, live]);

  return (
    <>
      <form
        class="form row"
        aria-label="Filter requests"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...filter, status: statusText.trim() || undefined });
        }}
      >
        <Field id="rq-status" label="Status" hint="Codes or classes, comma-separated: 401, 4xx, 401,403,5xx.">
          <input
            id="rq-status"
            value={statusText}
            aria-describedby="rq-status-hint"
            onInput={(e) => setStatusText(e.currentTarget.value)}
          />
        </Field>
        <Field id="rq-surface" label="Surface">
          <select
            id="rq-surface"
            value={filter.surface ?? ""}
            onChange={(e) => setFilter({ ...filter, surface: e.currentTarget.value || undefined })}
          >
            <option value="">any</option>
            {SURFACES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">Apply</button>{" "}
        <button type="button" aria-pressed={live} onClick={() => setLive(!live)}>
          Live: {live ? "on" : "paused"}
        </button>
      </form>
      {error !== undefined && <ErrorText error={error} />}
      <p class="muted" role="status">
        {entries.length} request{entries.length === 1 ? "" : "s"} shown, newest first
        {live ? `, updated every ${POLL_MS / 1000} s` : ", paused"}.
      </p>
      <ol class="entries" aria-label="Requests, newest first">
        {entries.map((e) => (
          <Entry key={e.seq} e={e} />
        ))}
      </ol>
    </>
  );
}
