import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api";
import { BASE, navigate } from "./router";

export function words(e: unknown): string {
  if (e instanceof ApiError) return e.words;
  return e instanceof Error ? e.message : String(e);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads once per change of `deps`; `reload` loads again. A stale answer never overwrites a newer one. */
export function useLoad<T>(fn: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: unknown) => mine === seq.current && setState({ error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** An error from the API, in words, announced to screen readers. */
export function ErrorText({ error, prefix }: { error: unknown; prefix?: string }) {
  return (
    <p class="error" role="alert">
      <span aria-hidden="true">⚠ </span>
      <strong>{prefix ?? "Error"}:</strong> {words(error)}
    </p>
  );
}

/** Loading, error, or the content. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.error !== undefined) return <ErrorText error={loaded.error} />;
  if (loaded.data === undefined) return <p class="muted">Loading…</p>;
  return <>{children(loaded.data)}</>;
}

export type Tone = "ok" | "bad" | "warn" | "info";
const MARK: Record<Tone, string> = { ok: "✓", bad: "✗", warn: "!", info: "•" };

/** A state shown by a word and a mark as well as a colour. */
export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return (
    <span class={`badge badge-${tone}`}>
      <span aria-hidden="true">{MARK[tone]} </span>
      {children}
    </span>
  );
}

export function statusTone(status: number): Tone {
  if (status >= 500) return "bad";
  if (status >= 400) return "warn";
  return "ok";
}

export function Link({ to, children, current }: { to: string; children: ComponentChildren; current?: boolean }) {
  return (
    <a
      href={BASE + to}
      {...(current ? { "aria-current": "page" as const } : {})}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** Copies `text`; says so in words (or why it could not). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState("");
  return (
    <span class="copy">
      <button
        type="button"
        class="small"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setSaid(`${label} copied`),
            () => setSaid("Copying is not allowed here: select the text and copy it"),
          );
        }}
      >
        Copy <span class="visually-hidden">{label}</span>
      </button>
      <span role="status" class="muted small-text">
        {said}
      </span>
    </span>
  );
}

/** A button running an action: busy while it runs, its error in words beside it. */
export function ActionButton({
  onAction,
  children,
  class: cls,
  ...rest
}: { onAction: () => Promise<unknown>; children: ComponentChildren; class?: string } & Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  "onClick" | "class"
>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <>
      <button
        type="button"
        class={cls}
        {...rest}
        disabled={busy}
        aria-busy={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          onAction().then(
            () => setBusy(false),
            (e: unknown) => {
              setBusy(false);
              setError(e);
            },
          );
        }}
      >
        {children}
      </button>
      {error !== undefined && <ErrorText error={error} />}
    </>
  );
}

/** A labelled form field: the label names the control, the hint describes it. */
export function Field({ label, hint, children, id }: { label: string; hint?: string; id: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

export function Time({ iso }: { iso: string | number | undefined }) {
  if (iso === undefined) return <span class="muted">—</span>;
  const d = new Date(iso);
  return (
    <time dateTime={d.toISOString()}>
      {d
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC")}
    </time>
  );
}

/** Monospace text that may be long (ids, tokens), wrapping anywhere. */
export function Code({ children }: { children: ComponentChildren }) {
  return <code class="wrap">{children}</code>;
}

/** A destructive action asked twice: the first press shows "Yes" and "Cancel" in its place, focused on "Yes". */
export function ConfirmButton({
  label,
  context,
  confirm,
  onAction,
}: {
  label: string;
  /** Said to screen readers after the label ("Remove" → "Remove secret abc… of app"). */
  context?: string;
  confirm: string;
  onAction: () => Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  return (
    <>
      {!asking ? (
        <button type="button" class="small" onClick={() => setAsking(true)}>
          {label}
          {context && <span class="visually-hidden"> {context}</span>}
        </button>
      ) : (
        <span class="confirm" role="group" aria-label={confirm}>
          <span>{confirm}</span>{" "}
          <button
            ref={yes}
            type="button"
            class="small danger"
            disabled={busy}
            aria-busy={busy}
            onClick={() => {
              setBusy(true);
              setError(undefined);
              onAction().then(
                () => {
                  setBusy(false);
                  setAsking(false);
                },
                (e: unknown) => {
                  setBusy(false);
                  setAsking(false);
                  setError(e);
                },
              );
            }}
          >
            Yes
          </button>{" "}
          <button type="button" class="small" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </span>
      )}
      {error !== undefined && <ErrorText error={error} />}
    </>
  );
}
