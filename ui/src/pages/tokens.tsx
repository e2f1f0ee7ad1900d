import { useEffect, useState } from "preact/hooks";
import { Badge, ErrorText, Field, Time } from "../components";
import { decode, relative, verifySignature, type Decoded, type Verdict } from "../jwt";
import { Minter } from "./token-minter";

const TIME_CLAIMS = new Set(["iat", "nbf", "exp"]);

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function Expiry({ claims }: { claims: Decoded["claims"] }) {
  const now = useNow() / 1000;
  const exp = typeof claims.exp === "number" ? claims.exp : undefined;
  const nbf = typeof claims.nbf === "number" ? claims.nbf : undefined;
  return (
    <p aria-live="off">
      {exp === undefined ? (
        <Badge tone="warn">no expiry (exp)</Badge>
      ) : exp > now ? (
        <Badge tone="ok">valid for now: expires {relative(exp - now)}</Badge>
      ) : (
        <Badge tone="bad">expired {relative(exp - now)}</Badge>
      )}{" "}
      {nbf !== undefined && nbf > now && <Badge tone="warn">not valid before {relative(nbf - now)}</Badge>}
    </p>
  );
}

function Claims({ title, values }: { title: string; values: Record<string, unknown> }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(values).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td>
                <code class="wrap">{typeof v === "string" ? v : JSON.stringify(v)}</code>
                {TIME_CLAIMS.has(k) && typeof v === "number" && (
                  <span class="muted">
                    {" "}
                    (<Time iso={v * 1000} />)
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Decoder({ token, setToken }: { token: string; setToken: (t: string) => void }) {
  let decoded: Decoded | undefined;
  let problem: unknown;
  if (token.trim()) {
    try {
      decoded = decode(token);
    } catch (e) {
      problem = e;
    }
  }
  const [verdict, setVerdict] = useState<Verdict | { error: unknown }>();
  useEffect(() => {
    setVerdict(undefined);
    if (!decoded) return;
    let live = true;
    verifySignature(token, decoded).then(
      (v) => live && setVerdict(v),
      (error: unknown) => live && setVerdict({ error }),
    );
    return () => {
      live = false;
    };
  }, [token]);
  return (
    <section aria-labelledby="decode-h">
      <h2 id="decode-h">Decode a token</h2>
      <Field
        id="jwt"
        label="JWT"
        hint="Paste an access token: Entra ID, Video Indexer, Face, or a liveness session token. It stays in this page."
      >
        <textarea
          id="jwt"
          rows={5}
          spellcheck={false}
          autocomplete="off"
          aria-describedby="jwt-hint"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </Field>
      {problem !== undefined && <ErrorText error={problem} prefix="Cannot decode" />}
      {decoded && (
        <div class="decoded">
          <p role="status">
            {verdict === undefined ? (
              <span class="muted">Checking the signature…</span>
            ) : "error" in verdict ? (
              <Badge tone="bad">
                signature not checked: {verdict.error instanceof Error ? verdict.error.message : String(verdict.error)}
              </Badge>
            ) : verdict.valid ? (
              <Badge tone="ok">
                Signature valid: key {verdict.kid ?? "(no kid)"} of {verdict.jwks}
              </Badge>
            ) : (
              <Badge tone="bad">Signature not valid: {verdict.reason}</Badge>
            )}
          </p>
          <Expiry claims={decoded.claims} />
          <Claims title="Header" values={decoded.header} />
          <Claims title="Claims" values={decoded.claims} />
        </div>
      )}
    </section>
  );
}

export function TokensPage() {
  const [token, setToken] = useState("");
  return (
    <>
      <Decoder token={token} setToken={setToken} />
      <Minter
        minted={(t) => {
          setToken(t);
          document.getElementById("decode-h")?.scrollIntoView();
        }}
      />
    </>
  );
}
