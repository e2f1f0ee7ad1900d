import type {
  Application,
  ClientSecret,
  FaceResource,
  ResourceGroup,
  RoleAssignment,
  SigningKeyRecord,
  Subscription,
  Tenant,
  User,
  VideoIndexerAccount,
} from "../model/entities.js";
import type {
  ApplicationDecl,
  FaceResourceDecl,
  ResourceGroupDecl,
  RoleAssignmentDecl,
  SubscriptionDecl,
  TenantDecl,
  UserDecl,
  VideoIndexerAccountDecl,
} from "../resources/declarations.js";

/**
 * The admin API's JSON, as the server writes it (src/surfaces/admin/views.ts is typed against
 * these, so the two cannot drift) and the typed admin client reads it. Never a secret or a hash.
 */
export type TenantView = Tenant;
export type ClientSecretView = Omit<ClientSecret, "sha256">;
export type ApplicationView = Omit<Application, "secrets"> & { secrets: ClientSecretView[] };
export type UserView = Omit<User, "passwordHash">;
export type SubscriptionView = Subscription;
export type ResourceGroupView = ResourceGroup;
export type VideoIndexerAccountView = VideoIndexerAccount;
export type FaceResourceView = FaceResource;
export type RoleAssignmentView = RoleAssignment & { roleName: string | undefined };
export type SigningKeyView = Omit<SigningKeyRecord, "privateJwk">;
/** A generated client secret: the value is shown this once. */
export type NewClientSecret = ClientSecretView & { secret: string };
export interface FaceKeys {
  key1: string;
  key2: string;
}
/** What the managed-identity endpoint needs: the `IDENTITY_HEADER` secret and whom it impersonates. */
export interface ManagedIdentityView {
  /** Path of the App Service endpoint on the server's origin (`IDENTITY_ENDPOINT` is the origin plus this). */
  endpointPath: string;
  header: string;
  clientId: string | undefined;
  tenantId: string | undefined;
}

/** Create bodies: the declaration without the fields the path supplies. */
export type TenantCreate = TenantDecl;
export type ApplicationCreate = ApplicationDecl;
export type UserCreate = UserDecl & { password: string };
export type SubscriptionCreate = SubscriptionDecl;
export type ResourceGroupCreate = ResourceGroupDecl;
export type VideoIndexerAccountCreate = Omit<VideoIndexerAccountDecl, "subscriptionId" | "resourceGroup">;
export type FaceResourceCreate = Omit<FaceResourceDecl, "subscriptionId" | "resourceGroup">;
export type RoleAssignmentCreate = RoleAssignmentDecl;
