import fc from "fast-check";
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { matchScoped, parseScope } from "../src/surfaces/arm/chain/scope.js";
import { checkOperationId, mintOperationId, partsSigned, signParts } from "../src/surfaces/arm/lro.js";
import { FilterError, matchesFilter, parseFilter } from "../src/surfaces/arm/providers/resources/filter.js";
import { faceEndpoint } from "../src/surfaces/arm/providers/cognitive-services/endpoint.js";
import { metadataDocument } from "../src/surfaces/arm/providers/resources/metadata.js";
import { tempDir } from "./helpers/server.js";
import { reopenableTestStore } from "./helpers/store.js";

describe("Resource Manager units", () => {
  describe("$filter (resources lists)", () => {
    it("parses the supported terms, joined by and, with OData quoting", () => {
      assert.deepEqual(parseFilter("tagName eq 'env' and tagValue eq 'it''s'"), [
        { kind: "eq", field: "tagname", value: "env" },
        { kind: "eq", field: "tagvalue", value: "it's" },
      ]);
      assert.deepEqual(parseFilter("substringof('fa', name) AND resourceType eq 'Microsoft.CognitiveServices/accounts'"), [
        { kind: "substringof", field: "name", value: "fa" },
        { kind: "eq", field: "resourcetype", value: "Microsoft.CognitiveServices/accounts" },
      ]);
      for (const bad of [
        "",
        "name",
        "name eq x",
        "name ne 'x'",
        "tagValue eq 'x'",
        "name eq 'x' or name eq 'y'",
        "(name eq 'x')",
        "name eq 'x",
      ]) {
        assert.throws(() => parseFilter(bad), FilterError, bad);
      }
    });

    it("never fails with anything but FilterError, whatever the input", () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (text) => {
          try {
            parseFilter(text);
          } catch (e) {
            if (!(e instanceof FilterError)) throw e;
          }
        }),
      );
    });

    it("a generated filter parses back to its terms, and matches what it describes", () => {
      const value = fc.string({ minLength: 1, maxLength: 12 }).filter((v) => !/\s/.test(v));
      fc.assert(
        fc.property(value, value, value, (name, tag, tagValue) => {
          const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
          const terms = parseFilter(`name eq ${q(name)} and tagName eq ${q(tag)} and tagValue eq ${q(tagValue)}`);
          assert.deepEqual(
            terms.map((t) => t.value),
            [name, tag, tagValue],
          );
          assert.ok(matchesFilter({ name: name.toUpperCase(), tags: { [tag]: tagValue } }, terms));
          assert.ok(!matchesFilter({ name, tags: { [tag]: `${tagValue}x` } }, terms));
        }),
      );
    });
  });

  describe("scopes", () => {
    it("parses the root, a subscription, a group and resources at any depth; refuses the rest", () => {
      assert.deepEqual(parseScope("/"), { scope: "" });
      assert.deepEqual(parseScope("/subscriptions/s1"), { scope: "/subscriptions/s1", subscriptionId: "s1" });
      assert.deepEqual(parseScope("/Subscriptions/s1/ResourceGroups/rg"), {
        scope: "/Subscriptions/s1/ResourceGroups/rg",
        subscriptionId: "s1",
        resourceGroupName: "rg",
      });
      assert.ok(parseScope("/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"));
      assert.ok(parseScope("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/x/databases/y"));
      for (const bad of [
        "/tenants/t",
        "/subscriptions",
        "/subscriptions/s/locations",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.X/type",
        "/providers/Microsoft.Management/managementGroups/mg",
        "/subscriptions/s/resourceGroups/rg/providers/A/b/c/providers/D/e/f",
      ]) {
        assert.equal(parseScope(bad), undefined, bad);
      }
    });

    it("matches a scoped operation's suffix ignoring case and captures its parameters", () => {
      const m = matchScoped(
        "/subscriptions/s/resourcegroups/rg/providers/microsoft.authorization/ROLEASSIGNMENTS/g1",
        "/providers/Microsoft.Authorization/roleAssignments/:name",
      );
      assert.deepEqual(m, {
        scope: { scope: "/subscriptions/s/resourcegroups/rg", subscriptionId: "s", resourceGroupName: "rg" },
        params: { name: "g1" },
      });
      assert.equal(
        matchScoped(
          "/subscriptions/s/providers/Microsoft.Authorization/roleAssignments",
          "/providers/Microsoft.Authorization/roleAssignments/:name",
        ),
        undefined,
      );
      assert.deepEqual(
        matchScoped("/providers/Microsoft.Authorization/roleDefinitions", "/providers/Microsoft.Authorization/roleDefinitions")?.scope,
        { scope: "" },
      );
    });
  });

  describe("polling tokens (stateless, checked with the store's key)", () => {
    it("an operation id carries its start time, names its parts, and survives a restart of the store", async () => {
      const dir = tempDir();
      try {
        const durable = await reopenableTestStore(join(dir.path, "db.sqlite"));
        const first = await durable.open();
        const at = new Date("2026-06-01T10:20:30.456Z");
        const id = await mintOperationId(first, at, ["sub-1", "WESTUS2"]);
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.equal((await checkOperationId(first, id, ["sub-1", "WESTUS2"]))?.toISOString(), at.toISOString());
        assert.equal(await checkOperationId(first, id, ["sub-2", "WESTUS2"]), undefined, "another subscription");
        const flipped = id.slice(0, -1) + (id.endsWith("0") ? "1" : "0");
        assert.equal(await checkOperationId(first, flipped, ["sub-1", "WESTUS2"]), undefined, "tampered");
        assert.equal(await checkOperationId(first, "not-an-id", ["sub-1", "WESTUS2"]), undefined);
        const sig = await signParts(first, ["a", "b"]);
        await first.close();
        const second = await durable.open();
        assert.equal(
          (await checkOperationId(second, id, ["SUB-1", "westus2"]))?.getTime(),
          at.getTime(),
          "after a restart, parts ignore case",
        );
        assert.ok(await partsSigned(second, ["a", "b"], sig));
        assert.ok(!(await partsSigned(second, ["a", "c"], sig)));
        await second.close();
      } finally {
        dir.remove();
      }
    });
  });

  describe("endpoints and cloud metadata", () => {
    it("a Face endpoint is path style with a subdomain, the bare origin without", () => {
      assert.equal(faceEndpoint("https://localhost:10443", "face1"), "https://localhost:10443/face1/");
      assert.equal(faceEndpoint("https://localhost:10443", undefined), "https://localhost:10443/");
    });

    it("the metadata shapes per api-version", () => {
      const origin = "https://localhost:10443";
      assert.ok(Array.isArray(metadataDocument(origin, "2019-05-01")));
      assert.ok(Array.isArray(metadataDocument(origin, "2020-06-01")));
      const one = metadataDocument(origin, "2022-09-01") as Record<string, any>;
      assert.equal(one.resourceManager, `${origin}/`);
      const old = metadataDocument(origin, "2015-01-01") as Record<string, any>;
      assert.deepEqual(Object.keys(old).sort(), ["authentication", "galleryEndpoint", "graphEndpoint", "portalEndpoint"]);
    });
  });
});
