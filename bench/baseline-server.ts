// The baseline: a bare Fastify route returning a constant JSON body, with the same process
// settings as Lazurite in the benchmark (HTTPS with the same certificate, logging off).
import Fastify from "fastify";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

const [certFile, keyFile] = process.argv.slice(2);
const app = Fastify({ https: { cert: readFileSync(certFile!, "utf8"), key: readFileSync(keyFile!, "utf8") }, logger: false });
const body = { accessToken: "x".repeat(64) };
app.get("/baseline", async () => body);
app.post("/baseline", async () => body);
await app.listen({ host: "127.0.0.1", port: 0 });
console.log(`baseline listening on https://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
