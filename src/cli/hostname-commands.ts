import { existsSync } from "node:fs";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { AZURE_HOSTNAMES } from "../core/azure.js";
import { CA_FILE, CERT_FILE } from "../tls/certificate.js";
import type { AdminClient } from "./admin-client.js";
import { clientOptions, type CliIo } from "./program.js";

type Opts = Record<string, string | string[] | boolean | undefined>;

const BEGIN = "# >>> lazurite (lazurite hosts --apply) >>>";
const END = "# <<< lazurite <<<";

/** The hosts-file lines that send Azure's names for this server's resources to `address`. */
export function hostsLines(address: string, faceSubdomains: readonly string[]): string[] {
  const fixed = [...AZURE_HOSTNAMES.login, ...AZURE_HOSTNAMES.arm, ...AZURE_HOSTNAMES.videoIndexer];
  return [`${address} ${fixed.join(" ")}`, ...faceSubdomains.map((s) => `${address} ${s.toLowerCase()}${AZURE_HOSTNAMES.faceSuffix}`)];
}

/** `text` with Lazurite's block replaced by (or extended with) `lines`; everything else is kept as it was. */
export function withLazuriteBlock(text: string, lines: readonly string[]): string {
  const block = [BEGIN, ...lines, END].join("\n");
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start >= 0 && end > start) return text.slice(0, start) + block + text.slice(end + END.length);
  return `${text.replace(/\n*$/, "\n")}${block}\n`;
}

/** The CA file in a location (or the legacy self-signed certificate). */
function trustFile(location: string): string | undefined {
  return [CA_FILE, CERT_FILE].map((f) => join(resolve(location), f)).find((f) => existsSync(f));
}

/**
 * `lazurite hosts` prints (or, with --apply, writes) the hosts entries for hostname mode;
 * `lazurite trust --print` shows how to trust the local CA in each system store.
 */
export function registerHostnameCommands(
  program: Command,
  io: Pick<CliIo, "out">,
  client: (o: Record<string, string | string[] | undefined>) => AdminClient,
): void {
  clientOptions(
    program.command("hosts").description("the /etc/hosts lines that point Azure's hostnames at this server (--azure-hostnames)"),
  )
    .option("--address <ip>", "address the names should resolve to", "127.0.0.1")
    .option("--apply", "write them into the hosts file (a backup is kept beside it); needs root for /etc/hosts")
    .option("--file <path>", "the hosts file to write with --apply", "/etc/hosts")
    .action(async (o: Opts) => {
      const faces = (await client(o as Record<string, string | undefined>).call("GET", "/faceResources")) as {
        value: { name: string; customSubDomainName?: string | null }[];
      };
      // An ARM account created without a custom subdomain (null) has only the regional endpoint.
      const subdomains = faces.value.flatMap((f) => (f.customSubDomainName === null ? [] : [f.customSubDomainName ?? f.name]));
      const lines = hostsLines(String(o.address), subdomains);
      if (!o.apply) {
        for (const l of lines) io.out(l);
        return;
      }
      const file = String(o.file);
      if (file === "/etc/hosts" && process.getuid?.() !== 0)
        throw new Error("writing /etc/hosts needs root: run with sudo, or print the lines and add them yourself");
      const before = existsSync(file) ? await readFile(file, "utf8") : "";
      if (existsSync(file)) await copyFile(file, `${file}.lazurite-backup`);
      await writeFile(file, withLazuriteBlock(before, lines));
      io.out(`wrote ${lines.length} lines to ${file}${existsSync(`${file}.lazurite-backup`) ? ` (backup: ${file}.lazurite-backup)` : ""}`);
    });

  program
    .command("trust")
    .description("how to trust Lazurite's local CA (Node, Python tools and the Azure CLI, and the system store)")
    .option("--print", "print the instructions (the default)")
    .option("--server-location <dir>", "the server's data directory", process.env.LAZURITE_LOCATION ?? "./.lazurite")
    .action((o: Opts) => {
      const ca = trustFile(String(o.serverLocation));
      if (!ca)
        throw new Error(`no CA in ${String(o.serverLocation)}: start the server once (it makes one), or save /_lazurite/certificate`);
      const subject = ca.endsWith(CA_FILE) ? "Lazurite local CA" : "Lazurite certificate";
      for (const line of [
        `${subject}: ${ca}`,
        "",
        "One process (no system change):",
        `  NODE_EXTRA_CA_CERTS=${ca} node app.js                 # Node.js (Azure SDKs for JavaScript)`,
        `  REQUESTS_CA_BUNDLE=${ca} az login …                    # the Azure CLI and Python tools (replaces their CA bundle)`,
        "",
        "Debian / Ubuntu (system store; curl, Python and Node with --use-openssl-ca then trust it):",
        `  sudo cp ${ca} /usr/local/share/ca-certificates/lazurite-ca.crt && sudo update-ca-certificates`,
        "macOS:",
        `  sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${ca}`,
        "Windows (an elevated PowerShell):",
        `  Import-Certificate -FilePath ${ca} -CertStoreLocation Cert:\\LocalMachine\\Root`,
        "",
        "Remove it again the same way (update-ca-certificates --fresh, security remove-trusted-cert, Remove-Item Cert:\\…).",
      ]) {
        io.out(line);
      }
    });
}
