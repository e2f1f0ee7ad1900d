import { useEffect, useState } from "preact/hooks";
import { admin, call, enc, list } from "../api";
import { ActionButton, Badge, ErrorText, Field, Show, Time, useLoad, type Tone } from "../components";
import type { FaceResource, LivenessAttempt, LivenessSession } from "../types";

const TONE: Record<string, Tone> = { Succeeded: "ok", Failed: "bad", Running: "info", NotStarted: "info", Canceled: "warn" };
const REFRESH_MS = 3000;

/** The session image, read with the resource's key from the Face API (`GET /sessionImages/{id}`) and shown from a blob: URL. */
function SessionImage({ face, attempt }: { face: FaceResource; attempt: LivenessAttempt }) {
  const [src, setSrc] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let url: string | undefined;
    let live = true;
    call(`/${enc(face.name)}/face/v1.2/sessionImages/${enc(attempt.sessionImageId!)}`, {
      headers: { "ocp-apim-subscription-key": face.keys[0] },
    })
      .then((r) => r.blob())
      .then(
        (b) => {
          if (!live) return;
          url = URL.createObjectURL(new Blob([b], { type: "image/jpeg" }));
          setSrc(url);
        },
        (e: unknown) => live && setError(e),
      );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [face.name, attempt.sessionImageId]);
  if (error !== undefined) return <ErrorText error={error} prefix="Image not shown" />;
  return src ? (
    <img class="thumb" src={src} alt={`Session image of attempt ${attempt.attemptId}`} />
  ) : (
    <span class="muted">loading image…</span>
  );
}

function AttemptRow({ a, face }: { a: LivenessAttempt; face: FaceResource }) {
  return (
    <tr>
      <th scope="row">Attempt {a.attemptId}</th>
      <td data-label="Status">
        <Badge tone={a.attemptStatus === "Succeeded" ? "ok" : "bad"}>{a.attemptStatus}</Badge>
      </td>
      <td data-label="Result">
        {a.livenessDecision ?? (a.error ? `${a.error.code}: ${a.error.message}` : "")}
        {a.verifyResult && (
          <span class="muted">
            {" "}
            verify: confidence {a.verifyResult.matchConfidence}, {a.verifyResult.isIdentical ? "identical" : "not identical"}
          </span>
        )}
      </td>
      <td data-label="Image">{a.sessionImageId ? <SessionImage face={face} attempt={a} /> : <span class="muted">none</span>}</td>
      <td data-label="Time">
        <Time iso={a.createdAt} />
      </td>
    </tr>
  );
}

/** Plays the device: the admin API's attempt route takes the device stand-in's body (docs/face-liveness.md#the-device-stand-in). */
function DeviceButtons({ s, done }: { s: LivenessSession; done: (text: string) => void }) {
  const [failing, setFailing] = useState(false);
  const [code, setCode] = useState("FaceWithMaskDetected");
  const [message, setMessage] = useState("Mask detected on face image.");
  const attempt = (body: Record<string, unknown>, what: string) => async () => {
    const r = await admin<{ status: string; attempt: { attemptId: number } }>("POST", `/face/sessions/${enc(s.sessionId)}/attempts`, body);
    done(`Attempt ${r.attempt.attemptId} on session ${s.sessionId}: ${what}; the session is ${r.status}.`);
  };
  const id = `fail-${s.sessionId}`;
  return (
    <div class="device" role="group" aria-label={`Play the device for session ${s.sessionId}`}>
      <ActionButton onAction={attempt({ livenessDecision: "realface" }, "real face")}>Real face</ActionButton>
      <ActionButton onAction={attempt({ livenessDecision: "spoofface" }, "spoof")}>Spoof</ActionButton>
      <ActionButton onAction={attempt({ livenessDecision: "uncertain" }, "uncertain")}>Uncertain</ActionButton>
      <button type="button" aria-expanded={failing} aria-controls={id} onClick={() => setFailing(!failing)}>
        Fail with error…
      </button>
      <div id={id} hidden={!failing} class="fail-form">
        {failing && (
          <>
            <Field id={`${id}-code`} label="Error code">
              <input id={`${id}-code`} value={code} maxLength={64} onInput={(e) => setCode(e.currentTarget.value)} />
            </Field>
            <Field id={`${id}-message`} label="Error message">
              <input id={`${id}-message`} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
            </Field>
            <ActionButton onAction={attempt({ error: { code, message } }, `failed with ${code}`)}>Record the failed attempt</ActionButton>
          </>
        )}
      </div>
    </div>
  );
}

function SessionCard({ s, face, done }: { s: LivenessSession; face: FaceResource; done: (text: string) => void }) {
  const attempts = [...s.attempts].reverse();
  return (
    <li class="card" aria-labelledby={`s-${s.sessionId}`}>
      <h3 class="h4" id={`s-${s.sessionId}`}>
        {s.kind === "livenessWithVerify" ? "Liveness with verify" : "Liveness"} session <code class="wrap">{s.sessionId}</code>{" "}
        <Badge tone={TONE[s.status] ?? "info"}>{s.status}</Badge>
      </h3>
      <dl class="facts compact">
        <dt>Created</dt>
        <dd>
          <Time iso={s.createdAt} /> with {s.apiVersion}
        </dd>
        <dt>Mode</dt>
        <dd>{s.livenessOperationMode}</dd>
        <dt>Attempts</dt>
        <dd>
          {s.attempts.length} of {s.attemptsAllowed}
        </dd>
        <dt>Token expires</dt>
        <dd>
          <Time iso={s.authTokenExpiresAt} />
        </dd>
        {s.deviceCorrelationId && (
          <>
            <dt>Device correlation id</dt>
            <dd>{s.deviceCorrelationId}</dd>
          </>
        )}
        <dt>Session images</dt>
        <dd>{s.enableSessionImage ? "kept" : "not kept"}</dd>
      </dl>
      <DeviceButtons s={s} done={done} />
      {attempts.length > 0 && (
        <div class="table-wrap">
          <table class="stack">
            <caption>Attempts of session {s.sessionId}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">Status</th>
                <th scope="col">Result</th>
                <th scope="col">Image</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <AttemptRow key={a.attemptId} a={a} face={face} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}

function Sessions({ face }: { face: FaceResource }) {
  const loaded = useLoad(() => list<LivenessSession>(`/face/sessions?resource=${enc(face.name)}`), [face.name]);
  const [notice, setNotice] = useState("");
  const [follow, setFollow] = useState(true);
  useEffect(() => {
    if (!follow) return;
    const t = setInterval(() => document.visibilityState === "visible" && loaded.reload(), REFRESH_MS);
    return () => clearInterval(t);
  }, [follow, loaded.reload]);
  return (
    <>
      <p class="toolbar">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>{" "}
        <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          Refresh every {REFRESH_MS / 1000} s: {follow ? "on" : "off"}
        </button>
      </p>
      <p role="status" class="notice-line">
        {notice}
      </p>
      <Show loaded={loaded}>
        {(sessions) =>
          sessions.length === 0 ? (
            <p>
              No live session on {face.name}. Create one with the Face client (<code>POST /face/v1.2/detectLiveness-sessions</code>).
            </p>
          ) : (
            <ul class="cards">
              {[...sessions]
                .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                .map((s) => (
                  <SessionCard
                    key={s.sessionId}
                    s={s}
                    face={face}
                    done={(t) => {
                      setNotice(t);
                      loaded.reload();
                    }}
                  />
                ))}
            </ul>
          )
        }
      </Show>
    </>
  );
}

export function LivenessPage() {
  const resources = useLoad(() => list<FaceResource>("/faceResources"), []);
  const [name, setName] = useState("");
  return (
    <Show loaded={resources}>
      {(all) => {
        const face = all.find((f) => f.name === name) ?? all[0];
        if (!face) return <p>There is no Face resource.</p>;
        return (
          <>
            <Field id="live-resource" label="Face resource">
              <select id="live-resource" value={face.name} onChange={(e) => setName(e.currentTarget.value)}>
                {all.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.name} ({f.resourceGroup})
                  </option>
                ))}
              </select>
            </Field>
            <Sessions key={face.name} face={face} />
          </>
        );
      }}
    </Show>
  );
}
