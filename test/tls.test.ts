import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import assert from "node:assert/strict";
import { webcrypto, X509Certificate } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { AZURE_CERTIFICATE_NAMES } from "../src/core/azure.js";
import { CA_FILE, CA_KEY_FILE, CERT_FILE, KEY_FILE, loadOrCreateTls } from "../src/tls/certificate.js";
import { tempDir } from "./helpers/server.js";

const leafOf = (chain: string) => new X509Certificate(chain.split(/(?<=-----END CERTIFICATE-----\n)/)[0]!);

describe("the local certificate authority", () => {
  it("is made once; the serving certificate it issues covers the local names and is kept", async () => {
    const dir = tempDir();
    try {
      const a = await loadOrCreateTls({ location: dir.path });
      const ca = new X509Certificate(a.trustPem);
      assert.ok(ca.ca);
      assert.equal(a.trustPath, join(dir.path, CA_FILE));
      const leaf = leafOf(a.cert);
      assert.ok(leaf.verify(ca.publicKey));
      assert.equal(leaf.ca, false);
      for (const n of ["DNS:localhost", "DNS:*.localhost", "DNS:*.face.localhost", "IP Address:127.0.0.1"])
        assert.ok(leaf.subjectAltName!.includes(n), n);
      for (const f of [CA_KEY_FILE, KEY_FILE]) assert.equal(statSync(join(dir.path, f)).mode & 0o777, 0o600, f);
      const b = await loadOrCreateTls({ location: dir.path });
      assert.equal(b.trustPem, a.trustPem);
      assert.equal(b.cert, a.cert, "an existing certificate that covers the names is kept");
    } finally {
      dir.remove();
    }
  });

  it("a new name (hostname mode) means a new serving certificate from the same CA: nothing to trust again", async () => {
    const dir = tempDir();
    try {
      const a = await loadOrCreateTls({ location: dir.path });
      const b = await loadOrCreateTls({ location: dir.path, extraNames: [...AZURE_CERTIFICATE_NAMES, "lazurite.example"] });
      assert.equal(b.trustPem, a.trustPem);
      assert.notEqual(b.cert, a.cert);
      const leaf = leafOf(b.cert);
      assert.ok(leaf.verify(new X509Certificate(a.trustPem).publicKey));
      for (const n of [
        "login.microsoftonline.com",
        "management.azure.com",
        "*.cognitiveservices.azure.com",
        "api.videoindexer.ai",
        "lazurite.example",
      ]) {
        assert.ok(leaf.subjectAltName!.includes(`DNS:${n}`), n);
      }
      assert.equal(
        leaf.checkHost("face1.cognitiveservices.azure.com"),
        "*.cognitiveservices.azure.com",
        "the wildcard covers every resource",
      );
    } finally {
      dir.remove();
    }
  });

  it("a location from before the CA keeps its self-signed certificate while it covers the names", async () => {
    const dir = tempDir();
    try {
      const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
      const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
      const cert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: "01",
        name: "CN=old",
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 400 * 86400_000),
        signingAlgorithm: alg,
        keys,
        extensions: [
          new x509.SubjectAlternativeNameExtension([
            { type: "dns", value: "localhost" },
            { type: "dns", value: "*.localhost" },
            { type: "dns", value: "*.face.localhost" },
            { type: "ip", value: "127.0.0.1" },
            { type: "ip", value: "::1" },
          ]),
        ],
      });
      const pem = cert.toString("pem") + "\n";
      writeFileSync(join(dir.path, CERT_FILE), pem);
      writeFileSync(
        join(dir.path, KEY_FILE),
        x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY"),
      );
      const kept = await loadOrCreateTls({ location: dir.path });
      assert.equal(kept.trustPem, pem);
      assert.equal(kept.trustPath, join(dir.path, CERT_FILE));
      // It does not cover Azure's names: the CA is made and a certificate issued.
      const hostnames = await loadOrCreateTls({ location: dir.path, extraNames: [...AZURE_CERTIFICATE_NAMES] });
      assert.equal(hostnames.trustPath, join(dir.path, CA_FILE));
      assert.ok(new X509Certificate(readFileSync(join(dir.path, CA_FILE), "utf8")).ca);
    } finally {
      dir.remove();
    }
  });
});
