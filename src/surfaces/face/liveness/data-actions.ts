/**
 * The data action a bearer caller needs for each liveness operation (docs/face-liveness.md#auth).
 * Azure documents none of them per operation. The create action of plain sessions is a known
 * Cognitive Services operation name [O: azure-rbac-catalog lists
 * `Microsoft.CognitiveServices/accounts/Face/detectliveness/singlemodal/sessions/action`]; the rest
 * follow the same `accounts/Face/{path}/{verb}` pattern [U]. Cognitive Services User
 * (`Microsoft.CognitiveServices/*`) grants them all; Cognitive Services Face Recognizer
 * (`Face/*\/sessions/action|read|delete`) grants the six session operations but not the session
 * image or settings; Owner, Contributor and Reader carry no data actions.
 */
const FACE = "Microsoft.CognitiveServices/accounts/Face";

export const LIVENESS_DATA_ACTIONS = {
  createLivenessSession: `${FACE}/detectliveness/singlemodal/sessions/action`,
  getLivenessSession: `${FACE}/detectliveness/singlemodal/sessions/read`,
  deleteLivenessSession: `${FACE}/detectliveness/singlemodal/sessions/delete`,
  createLivenessWithVerifySession: `${FACE}/detectlivenesswithverify/singlemodal/sessions/action`,
  getLivenessWithVerifySession: `${FACE}/detectlivenesswithverify/singlemodal/sessions/read`,
  deleteLivenessWithVerifySession: `${FACE}/detectlivenesswithverify/singlemodal/sessions/delete`,
  getSessionImage: `${FACE}/sessionimages/read`,
  getSettings: `${FACE}/settings/read`,
  patchSettings: `${FACE}/settings/write`,
} as const;
