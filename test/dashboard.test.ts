import { isUnexpected } from "@azure-rest/ai-vision-face";
import { getClient } from "@azure-rest/core-client";
import { AzureKeyCredential } from "@azure/core-auth";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { createLocalJWKSet, jwtVerify } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import {
  browserSkip,
  CSP_PROBE,
  freshUiBuild,
  launchBrowser,
  screenshotDir,
  UNLABELLED_CONTROLS,
  VIEWPORTS,
  type Browser,
} from "./helpers/browser.js";
import { DEVICE_ID, faceClient, V13 } from "./helpers/face-liveness.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TEST_STORE } from "./helpers/store.js";
import { accountPath, ARM_SCOPE, devCredential, newApp, VI_NEWEST } from "./helpers/vi.js";

/**
 * The dashboard end to end (docs/dashboard.md#tests): Debian's Chromium, headless, through
 * playwright-core, against a real Lazurite, with the real Azure clients on the other side of each
 * scenario. The dashboard has no store-specific code, so these run in the SQLite pass only.
 */
const skip =
  browserSkip || (TEST_STORE === "postgres" ? "the dashboard has no store-specific code: its browser tests run in the SQLite pass" : false);

const PAGES = [
  { path: "", name: "overview", title: "Overview" },
  { path: "resources", name: "resources", title: "Resources" },
  { path: "roles", name: "role-assignments", title: "Role assignments" },
  { path: "requests", name: "requests", title: "Requests" },
  { path: "tokens", name: "tokens", title: "Tokens" },
  { path: "liveness", name: "liveness-sessions", title: "Liveness sessions" },
  { path: "faults", name: "faults", title: "Faults" },
];

describe("dashboard in Chromium", { skip }, () => {
  let s: TestServer;
  let ui: { dir: string; remove: () => void };
  let browser: Browser;
  let page: Page;
  /** Everything the browser asked for, and everything it complained about, over the whole run. */
  const requested: string[] = [];
  const problems: string[] = [];
  let viToken = "";

  const watch = (p: Page) => {
    p.on("request", (r) => requested.push(r.url()));
    p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    p.on("console", (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
    });
    return p;
  };

  const signIn = async (p: Page, path = "") => {
    await p.goto(`${s.url}/_lazurite/ui/${path}`);
    await p.getByLabel("Admin token").fill(s.adminToken!);
    await p.getByLabel("Admin token").press("Enter");
    await p.getByRole("button", { name: "Sign out" }).waitFor();
  };

  const open = async (p: Page, title: string) => {
    await p.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: title, exact: true }).click();
    await p.getByRole("heading", { level: 1, name: title }).waitFor();
    await p.getByText("Loading…").first().waitFor({ state: "detached" });
  };

  before(async () => {
    ui = await freshUiBuild();
    s = await startTestServer({ uiDir: ui.dir });
    browser = await launchBrowser(s.certificatePem);
    page = watch(await browser.page(VIEWPORTS.desktop));
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    ui?.remove();
  });

  it("signs in with the admin token, refuses a wrong one in words, and keeps the token out of URLs and localStorage", async () => {
    await page.goto(`${s.url}/_lazurite/ui/`);
    await page.getByRole("heading", { name: "Lazurite dashboard" }).waitFor();
    await page.getByLabel("Admin token").fill("not-the-admin-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    const refusal = page.getByRole("alert");
    await refusal.waitFor();
    assert.match(
      await refusal.innerText(),
      /Not signed in: The admin API refused this token: The admin API needs 'Authorization: Bearer <admin token>'/,
    );

    await page.getByLabel("Admin token").fill(s.adminToken!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    await page.getByRole("heading", { name: "Signing keys" }).waitFor();
    assert.ok(!page.url().includes(s.adminToken!));
    assert.equal(await page.evaluate("localStorage.length"), 0);
    assert.equal(await page.evaluate("document.cookie"), "");
    // A reload keeps the tab signed in (sessionStorage); a new tab is not.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    const other = watch(await browser.page());
    await other.goto(`${s.url}/_lazurite/ui/`);
    await other.getByLabel("Admin token").waitFor();
    await other.close();
  });

  it("overview: version, store, URLs, the certificate and the environment lines, copied with a button", async () => {
    await open(page, "Overview");
    const text = await page.locator("main").innerText();
    assert.match(text, /Lazurite 0\.\d+\.\d+/);
    assert.match(text, /SQLite\s+✓ ready/);
    assert.ok(text.includes(`NODE_EXTRA_CA_CERTS=${s.certificatePath}`), text);
    assert.ok(text.includes(`IDENTITY_ENDPOINT=${s.url}/msi/token`));
    await page.getByRole("button", { name: "Copy IDENTITY_HEADER" }).click();
    const header = /IDENTITY_HEADER=(\S+)/.exec(s.lines.join("\n"))![1]!;
    assert.equal(await page.evaluate("navigator.clipboard.readText()"), `IDENTITY_HEADER=${header}`);
    await page.getByText("IDENTITY_HEADER copied").waitFor();
  });

  it("resources: the development VI account and Face resource; keys shown on request; a regenerated key takes effect for the Face client", async () => {
    await open(page, "Resources");
    await page.getByRole("heading", { name: `Video Indexer account ${DEV.viAccountName}` }).waitFor();
    await page.getByText(DEV.viAccountId).waitFor();
    await page.getByRole("heading", { name: `Face resource ${DEV.faceName}` }).waitFor();
    assert.equal(await page.getByText(DEV.faceKey2).isVisible(), false, "keys are hidden until asked for");
    const show = page.getByRole("button", { name: `Show keys of ${DEV.faceName}` });
    assert.equal(await show.getAttribute("aria-expanded"), "false");
    await show.click();
    await page.getByText(DEV.faceKey2).waitFor();

    await page.getByRole("button", { name: "Regenerate key2" }).click();
    await page
      .getByRole("group", { name: /Regenerate key2 of lazurite-face/ })
      .getByRole("button", { name: "Yes" })
      .click();
    await page.getByText(DEV.faceKey2).waitFor({ state: "detached" });
    const key2 = (await s.admin("GET", `/faceResources`)).json.value[0].keys[1] as string;
    await page.getByText(key2).waitFor();
    const assets = (key: string) =>
      faceClient(s, { endpoint: `${s.url}/${DEV.faceName}`, credential: new AzureKeyCredential(key), apiVersion: V13 })
        .pathUnchecked("/settings/getClientAssetsAccessToken")
        .get();
    assert.equal((await assets(DEV.faceKey2)).status, "401");
    assert.equal((await assets(key2)).status, "200");
  });

  it("role assignments: one added in the dashboard lets the real ARM client get a token; removed, it is refused again", async () => {
    const app = await newApp(s);
    const arm = getClient(s.url, app.credential, {
      credentials: { scopes: [ARM_SCOPE] },
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
    });
    const generate = () =>
      arm
        .path(`${accountPath()}/generateAccessToken`)
        .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Contributor", scope: "Account" } });
    const before = await generate();
    assert.equal(before.status, "403");
    assert.equal((before.body as { error: { code: string } }).error.code, "AuthorizationFailed");

    await page.reload(); // the new application appears among the principals
    await open(page, "Role assignments");
    const scope = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}`;
    const option = page.getByLabel("Principal").locator("option", { hasText: app.clientId });
    await page.getByLabel("Principal").selectOption(await option.getAttribute("value"));
    await page.getByLabel("Role", { exact: true }).selectOption("Contributor");
    await page.getByLabel("Scope").fill(scope);
    await page.getByRole("button", { name: "Add role assignment" }).click();
    await page.getByText(`Added Contributor for vi-test-${app.clientId.slice(0, 8)} at ${scope}.`).waitFor();
    const row = page.getByRole("row").filter({ hasText: app.objectId });
    await row.getByRole("cell", { name: "Contributor", exact: true }).waitFor();

    const granted = await generate();
    assert.equal(granted.status, "200", JSON.stringify(granted.body));
    assert.match((granted.body as { accessToken: string }).accessToken, /^ey/);

    await row.getByRole("button", { name: /^Remove/ }).click();
    await row.getByRole("button", { name: "Yes" }).click();
    await page.getByText(/^Removed Contributor of vi-test-/).waitFor();
    assert.equal((await generate()).status, "403");
    // A bad scope is refused in words.
    await page.getByLabel("Scope").fill("/nowhere");
    await page.getByRole("button", { name: "Add role assignment" }).click();
    assert.match(
      await page.getByRole("alert").innerText(),
      /Not added: The request is invalid\. \(400 InvalidRequest: scope: not an ARM scope/,
    );
  });

  it("liveness: a session the Face client created; “Real face” plays the device; the Face client's GET shows the attempt and its image", async () => {
    const face = faceClient(s);
    const created = await face.path("/detectLiveness-sessions").post({
      body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, enableSessionImage: true },
    });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    const id = created.body.sessionId;

    await open(page, "Liveness sessions");
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(id) }) });
    await card.waitFor(); // listed within one refresh
    assert.match(await card.getByRole("heading").innerText(), /NotStarted/);
    await card.getByRole("button", { name: "Real face" }).click();
    await page.getByText(`Attempt 1 on session ${id}: real face; the session is Succeeded.`).waitFor();
    await card.getByRole("heading", { name: /Succeeded/ }).waitFor();
    const image = card.getByRole("img", { name: "Session image of attempt 1" });
    await image.waitFor();
    await image.evaluate((img: { decode(): Promise<void> }) => img.decode());
    assert.ok((await image.evaluate((img: { naturalWidth: number }) => img.naturalWidth)) > 0, "the image was decoded");

    const got = await face.path("/detectLiveness-sessions/{sessionId}", id).get();
    if (isUnexpected(got)) assert.fail(JSON.stringify(got.body));
    assert.equal(got.body.status, "Succeeded");
    assert.equal(got.body.results.attempts.length, 1);
    const attempt = got.body.results.attempts[0]!;
    assert.equal(attempt.attemptStatus, "Succeeded");
    assert.equal((attempt as { result?: { livenessDecision?: string } }).result?.livenessDecision, "realface");

    // The device stand-in's refusal of a finished session, in words.
    await card.getByRole("button", { name: "Spoof" }).click();
    assert.match(await card.getByRole("alert").innerText(), /\(409 SessionFinished\)/);
  });

  it("tokens: a Video Indexer token from the real ARM client decodes with its claims, a checked signature and its expiry; a forged one fails", async () => {
    const arm = getClient(s.url, devCredential(s), {
      credentials: { scopes: [ARM_SCOPE] },
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
    });
    const r = await arm
      .path(`${accountPath()}/generateAccessToken`)
      .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Reader", scope: "Account" } });
    assert.equal(r.status, "200");
    const token = (r.body as { accessToken: string }).accessToken;
    viToken = token;

    await open(page, "Tokens");
    await page.getByLabel("JWT").fill(token);
    await page.getByText(/^✓ Signature valid: key .* of \/\.well-known\/jwks\.json$/).waitFor();
    const claims = page.getByRole("table", { name: "Claims" });
    assert.equal(
      await claims
        .getByRole("row", { name: /AccountId/ })
        .getByRole("cell")
        .innerText(),
      DEV.viAccountId,
    );
    assert.equal(
      await claims
        .getByRole("row", { name: /Permission/ })
        .getByRole("cell")
        .innerText(),
      "Reader",
    );
    await page.getByText(/valid for now: expires in (59|60) min/).waitFor();
    assert.equal(
      await page.getByRole("table", { name: "Header" }).getByRole("row", { name: /alg/ }).getByRole("cell").innerText(),
      "ES256",
    );

    const [h, p, sig] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), Permission: "Contributor" }),
    ).toString("base64url");
    await page.getByLabel("JWT").fill(`${h}.${forged}.${sig}`);
    await page.getByText("✗ Signature not valid: the signature does not match the token's header and claims").waitFor();
    await page.getByLabel("JWT").fill("not a token");
    await page.getByText(/Cannot decode: Not a JWT/).waitFor();
  });

  it("tokens: mints a Face token for the development application through Entra ID, and removes the temporary secret", async () => {
    await page.getByLabel("Face (getClientAssetsAccessToken)").check();
    await page.getByLabel("As the application").selectOption(DEV.appObjectId); // it holds Cognitive Services User
    await page.getByRole("button", { name: "Mint token" }).click();
    await page
      .getByText("the token is decoded above")
      .waitFor()
      .catch(async (e: unknown) => assert.fail(`${String(e)}\n--- the page said:\n${await page.locator("main").innerText()}`));
    const steps = await page.getByRole("list", { name: "What the dashboard did" }).innerText();
    assert.match(
      steps,
      /temporary client secret[\s\S]*Entra ID: client-credentials token[\s\S]*temporary secret removed[\s\S]*getClientAssetsAccessToken/,
    );
    const minted = await page.getByLabel("JWT").inputValue();
    const jwks = createLocalJWKSet((await s.call("/.well-known/jwks.json")).json);
    const { payload } = await jwtVerify(minted, jwks, { algorithms: ["ES256"] });
    assert.match(String(payload.xms_az_rid), new RegExp(`/accounts/${DEV.faceName}$`, "i"));
    await page.getByText(/^✓ Signature valid/).waitFor();
    const app = (await s.admin("GET", `/tenants/${DEV.tenantId}/applications/${DEV.clientId}`)).json;
    assert.equal(app.secrets.length, 1, "only the development secret is left");

    // An application without a role that grants the data action is refused, in the service's words.
    const other = page.getByLabel("As the application").locator("option", { hasText: "vi-test-" });
    await page.getByLabel("As the application").selectOption(await other.getAttribute("value"));
    await page.getByRole("button", { name: "Mint token" }).click();
    assert.match(await page.getByRole("alert").innerText(), /^⚠ Not minted: .*\(401 PermissionDenied\)$/);
  });

  it("faults: a rule added in the dashboard makes the real ARM client's next request fail, once", async () => {
    await open(page, "Faults");
    await page.getByLabel("Surface").selectOption("arm");
    await page.getByLabel("Operation").fill("Generate_AccessToken");
    await page.getByLabel("Error status").fill("503");
    await page.getByLabel("Count").fill("1");
    await page.getByRole("button", { name: "Add fault rule" }).click();
    await page.getByText(/^Added fault rule \S+\.$/).waitFor();
    await page.getByText("1 of 1 hits left").waitFor();

    const arm = getClient(s.url, devCredential(s), {
      credentials: { scopes: [ARM_SCOPE] },
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
    });
    const generate = () =>
      arm
        .path(`${accountPath()}/generateAccessToken`)
        .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Reader", scope: "Account" } });
    assert.equal((await generate()).status, "503");
    assert.equal((await generate()).status, "200");
    await page.reload();
    await page.getByText("0 of 1 hits left").waitFor();
    await page.getByRole("button", { name: "Remove all rules" }).click();
    await page.getByRole("button", { name: "Yes" }).click();
    await page.getByText("Removed 1 fault rule.").waitFor();
    await page.getByText("No fault rule: every request is answered normally.").waitFor();
  });

  it("requests: the live tail shows the injected failure and explains the earlier RBAC refusal", async () => {
    await open(page, "Requests");
    const list = page.getByRole("list", { name: "Requests, newest first" });
    await list
      .getByText(/fault rule/)
      .first()
      .waitFor();
    await page.getByLabel("Status").fill("403");
    await page.getByRole("button", { name: "Apply" }).click();
    const refused = list.getByRole("listitem").filter({ hasText: "generateAccessToken" }).first();
    await refused.getByText(/Why refused: at RBAC/).click();
    await refused
      .getByText(/roles that grant it/i)
      .first()
      .waitFor();
    await page.getByLabel("Status").fill("");
    await page.getByRole("button", { name: "Apply" }).click();
  });

  it("keyboard: skip link, navigation and focus on the new page's heading; every control has a label", async () => {
    await page.goto(`${s.url}/_lazurite/ui/`);
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate("document.activeElement?.textContent"), "Skip to the page");
    await page.keyboard.press("Tab"); // Overview
    await page.keyboard.press("Tab"); // Resources
    assert.equal(await page.evaluate("document.activeElement?.textContent"), "Resources");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Resources" }).waitFor();
    assert.equal(await page.evaluate("document.activeElement?.tagName"), "H1");
    assert.equal(await page.getByRole("link", { name: "Resources" }).getAttribute("aria-current"), "page");
  });

  it("screenshots of each page at 1280×800 and at phone width, without horizontal scrolling; no CSP violation all along", async () => {
    const dir = screenshotDir();
    const phone = watch(await browser.page(VIEWPORTS.phone));
    await signIn(phone);
    for (const [width, p] of [
      ["desktop", page],
      ["phone", phone],
    ] as const) {
      for (const pg of PAGES) {
        await p.goto(`${s.url}/_lazurite/ui/${pg.path}`);
        await p.getByRole("heading", { level: 1, name: pg.title }).waitFor();
        await p.getByText("Loading…").first().waitFor({ state: "detached" });
        if (pg.path === "tokens") {
          await p.getByLabel("JWT").fill(viToken);
          await p.getByText(/Signature valid/).waitFor();
        }
        const unlabelled = await p.evaluate(UNLABELLED_CONTROLS);
        assert.deepEqual(unlabelled, [], `${pg.name}: controls without a label`);
        const overflow = Number(await p.evaluate("document.documentElement.scrollWidth - window.innerWidth"));
        assert.ok(overflow <= 1, `${pg.name} at ${width}: ${overflow}px wider than the screen`);
        await p.screenshot({ path: join(dir, `${pg.name}-${width}.png`), fullPage: true });
      }
    }
    // LAZURITE_UPDATE_DOCS_SCREENSHOTS=1 refreshes the README's copies in docs/dashboard/.
    if (process.env.LAZURITE_UPDATE_DOCS_SCREENSHOTS === "1") {
      const docs = resolve("docs", "dashboard");
      mkdirSync(docs, { recursive: true });
      for (const pg of PAGES) copyFileSync(join(dir, `${pg.name}-desktop.png`), join(docs, `${pg.name}.png`));
    }

    assert.equal(problems.length, 0, `no page error and no CSP violation:\n${problems.join("\n")}`);
    // Session images are shown from blob: URLs of this origin.
    const elsewhere = requested.filter((u) => !u.startsWith(`${s.url}/`) && !u.startsWith(`blob:${s.url}/`));
    assert.deepEqual(elsewhere, [], "every request went to this Lazurite");
    assert.deepEqual(
      requested.filter((u) => u.includes(s.adminToken!)),
      [],
      "the admin token is never in a URL",
    );

    // The browser itself enforces the policy: no string run as code or put into HTML, no other origin.
    const enforced = await page.evaluate(CSP_PROBE);
    assert.deepEqual(enforced, ["TypeError", "TypeError", "other origin refused"]);
    assert.ok(
      problems.some((p) => p.startsWith("CSP:")),
      "the violations were seen",
    );
  });
});
