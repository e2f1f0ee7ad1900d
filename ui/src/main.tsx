import { render, type FunctionComponent } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, call } from "./api";
import { ErrorText, Link } from "./components";
import { FaultsPage } from "./pages/faults";
import { LivenessPage } from "./pages/liveness";
import { OverviewPage } from "./pages/overview";
import { RequestsPage } from "./pages/requests";
import { ResourcesPage } from "./pages/resources";
import { RolesPage } from "./pages/roles";
import { TokensPage } from "./pages/tokens";
import { PAGES, usePath } from "./router";
import { adminToken, onSessionChange, signIn, signOut, signOutReason } from "./session";
import "./styles.css";

const VIEWS: Record<string, FunctionComponent> = {
  "": OverviewPage,
  resources: ResourcesPage,
  roles: RolesPage,
  requests: RequestsPage,
  tokens: TokensPage,
  liveness: LivenessPage,
  faults: FaultsPage,
};

function useSignedIn(): boolean {
  const [signedIn, setSignedIn] = useState(adminToken() !== undefined);
  useEffect(() => onSessionChange(() => setSignedIn(adminToken() !== undefined)), []);
  return signedIn;
}

function SignIn() {
  const [value, setValue] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const reason = signOutReason();
  return (
    <main id="main" class="signin">
      <h1>Lazurite dashboard</h1>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          const token = value.trim();
          setBusy(true);
          setError(undefined);
          // The token is checked with one admin call before it is kept.
          call("/_lazurite/admin/server", { headers: { authorization: `Bearer ${token}` } }).then(
            () => signIn(token),
            (err: unknown) => {
              setBusy(false);
              setError(err instanceof ApiError && err.status === 401 ? new Error(`The admin API refused this token: ${err.message}`) : err);
            },
          );
        }}
      >
        <p>
          Sign in with the <strong>admin token</strong>: Lazurite prints it at start and keeps it in the location's <code>admin-token</code>{" "}
          file. It is kept in this tab only (session storage) and sent only in the <code>Authorization</code> header of admin API calls.
        </p>
        {reason && (
          <p class="notice" role="status">
            {reason}
          </p>
        )}
        <div class="field">
          <label for="admin-token">Admin token</label>
          <input
            id="admin-token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={busy} aria-busy={busy}>
          Sign in
        </button>
        {error !== undefined && <ErrorText error={error} prefix="Not signed in" />}
      </form>
    </main>
  );
}

function Shell() {
  const path = usePath();
  const page = PAGES.find((p) => p.path === path);
  const View = page ? VIEWS[page.path] : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${page?.title ?? "Not found"} · Lazurite`;
    // After a navigation, focus goes to the new page's heading (screen readers announce it); not on first load.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [path]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to the page
      </a>
      <header class="top">
        <span class="brand">Lazurite</span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <Link to={p.path} current={p.path === path}>
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="small signout" onClick={() => signOut("Signed out.")}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <h1 ref={heading} tabIndex={-1}>
          {page?.title ?? "Page not found"}
        </h1>
        {View ? <View key={path} /> : <p>There is no page at this address. Choose one in the navigation.</p>}
      </main>
    </>
  );
}

function App() {
  return useSignedIn() ? <Shell /> : <SignIn />;
}

render(<App />, document.getElementById("app")!);
