/** The admin API's answers the dashboard reads (README "Admin API and CLI", docs/face-liveness.md#admin-api-and-cli). */

export interface Tenant {
  id: string;
  displayName: string;
  domain: string;
}

export interface Application {
  tenantId: string;
  clientId: string;
  objectId: string;
  displayName: string;
  secrets: { id: string; displayName?: string; hint: string; createdAt: string; expiresAt?: string }[];
  certificates: { id: string; x5t: string; createdAt: string }[];
}

export interface User {
  tenantId: string;
  objectId: string;
  userPrincipalName: string;
  displayName: string;
}

export interface Subscription {
  id: string;
  tenantId: string;
  displayName: string;
  state: string;
}

export interface ResourceGroup {
  subscriptionId: string;
  name: string;
  location: string;
}

export interface VideoIndexerAccount {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  accountId: string;
}

export interface FaceResource {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  keys: [string, string];
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  roleName?: string;
  scope: string;
}

export interface RoleDefinition {
  id: string;
  roleName: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface ServerInfo {
  version: string;
  store: string;
  tokenAlg: string;
  certificatePath?: string;
  managedIdentity: { path: string; header: string; clientId?: string };
  developmentDefaults: boolean;
}

export interface SigningKey {
  issuer: string;
  kid: string;
  alg: string;
  status: string;
  createdAt?: string;
  retiredAt?: string;
}

export interface LivenessAttempt {
  attemptId: number;
  attemptStatus: "Succeeded" | "Failed";
  livenessDecision?: string;
  sessionImageId?: string;
  verifyResult?: { matchConfidence: number; isIdentical: boolean };
  error?: { code: string; message: string };
  clientIp: string;
  createdAt: string;
}

export interface LivenessSession {
  sessionId: string;
  kind: "liveness" | "livenessWithVerify";
  resourceName: string;
  apiVersion: string;
  status: string;
  createdAt: string;
  expiresAt: string;
  authTokenExpiresAt: string;
  livenessOperationMode: string;
  enableSessionImage: boolean;
  attemptsAllowed: number;
  deviceCorrelationId?: string;
  attempts: LivenessAttempt[];
}

/** An application or a user: what a role assignment names. */
export interface Principal {
  objectId: string;
  kind: "application" | "user";
  name: string;
  tenantId: string;
  clientId?: string;
}
