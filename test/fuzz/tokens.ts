import { http } from "../../src/client/http.js";
import { DEV } from "../../src/config/dev-defaults.js";

/** Real development tokens from the server under test, so generated requests also reach the checks past authentication. */
export async function devTokens(url: string, ca: string): Promise<Record<string, string>> {
  const token = async (scope: string) => {
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: DEV.clientId, client_secret: DEV.clientSecret, scope });
    const r = await http(`${url}/${DEV.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      ca,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    return (r.json as { access_token: string }).access_token;
  };
  return { arm: await token("https://management.azure.com/.default"), cog: await token("https://cognitiveservices.azure.com/.default") };
}
