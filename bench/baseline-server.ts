// The baseline: a bare Fastify route returning a constant JSON body, with the same process
// settings as Lazurite in the benchmark (HTTPS with the same certificate, logging off). Its body
// has the size of the scenario's response (third argument, bytes), and the load sends it the
// scenario's own request, so that TLS and HTTP costs of the same bytes are in the baseline.
import Fastify from "fastify";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

const [certFile, keyFile, size] = process.argv.slice(2);
const app = Fastify({ https: { cert: readFileSync(certFile!, "utf8"), key: readFileSync(keyFile!, "utf8") }, logger: false });
const body = JSON.stringify({ accessToken: "x".repeat(Math.max(0, Number(size ?? 80) - 18)) });
const send = async (_req: unknown, reply: { type: (t: string) => { send: (b: string) => unknown } }) =>
  reply.type("application/json; charset=utf-8").send(body);
// Bare Fastify parses JSON only; read a form as text so the Entra request is replayed as is.
app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, body));
// Any path and method: the scenario's request is replayed against it as is.
app.all("/*", send as never);
await app.listen({ host: "127.0.0.1", port: 0 });
console.log(`baseline listening on https://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
