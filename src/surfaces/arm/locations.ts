/**
 * The Azure regions Lazurite's ARM knows: what `GET /subscriptions/{s}/locations` lists, where
 * resource groups and Cognitive Services accounts may be created, and the display names
 * Providers_Get shows. The public-cloud physical regions where Face and Video Indexer are offered.
 *
 * Marks: names, display names, regional display names and geography groups follow ARM's
 * `Location` model as the 2022-12-01 `GetLocations` example shows it for East US and East US 2 [S];
 * the other rows are Lazurite's transcription of the public region list [U: not checked against a
 * captured response]. Coordinates are left out (optional in the spec) rather than guessed.
 */
export interface Region {
  name: string;
  displayName: string;
  geographyGroup: string;
  physicalLocation: string;
  pairedRegion?: string;
}

const r = (name: string, displayName: string, geographyGroup: string, physicalLocation: string, pairedRegion?: string): Region => ({
  name,
  displayName,
  geographyGroup,
  physicalLocation,
  ...(pairedRegion ? { pairedRegion } : {}),
});

export const REGIONS: readonly Region[] = [
  r("eastus", "East US", "US", "Virginia", "westus"), // [S]
  r("eastus2", "East US 2", "US", "Virginia", "centralus"), // [S]
  r("westus", "West US", "US", "California", "eastus"),
  r("westus2", "West US 2", "US", "Washington", "westcentralus"),
  r("westus3", "West US 3", "US", "Phoenix", "eastus"),
  r("centralus", "Central US", "US", "Iowa", "eastus2"),
  r("northcentralus", "North Central US", "US", "Illinois", "southcentralus"),
  r("southcentralus", "South Central US", "US", "Texas", "northcentralus"),
  r("westcentralus", "West Central US", "US", "Wyoming", "westus2"),
  r("canadacentral", "Canada Central", "Canada", "Toronto", "canadaeast"),
  r("brazilsouth", "Brazil South", "South America", "Sao Paulo State", "southcentralus"),
  r("northeurope", "North Europe", "Europe", "Ireland", "westeurope"),
  r("westeurope", "West Europe", "Europe", "Netherlands", "northeurope"),
  r("uksouth", "UK South", "Europe", "London", "ukwest"),
  r("francecentral", "France Central", "Europe", "Paris", "francesouth"),
  r("germanywestcentral", "Germany West Central", "Europe", "Frankfurt", "germanynorth"),
  r("norwayeast", "Norway East", "Europe", "Norway", "norwaywest"),
  r("swedencentral", "Sweden Central", "Europe", "Gävle", "swedensouth"),
  r("switzerlandnorth", "Switzerland North", "Europe", "Zurich", "switzerlandwest"),
  r("uaenorth", "UAE North", "Middle East", "Dubai", "uaecentral"),
  r("southafricanorth", "South Africa North", "Africa", "Johannesburg", "southafricawest"),
  r("centralindia", "Central India", "Asia Pacific", "Pune", "southindia"),
  r("eastasia", "East Asia", "Asia Pacific", "Hong Kong", "southeastasia"),
  r("southeastasia", "Southeast Asia", "Asia Pacific", "Singapore", "eastasia"),
  r("japaneast", "Japan East", "Asia Pacific", "Tokyo, Saitama", "japanwest"),
  r("japanwest", "Japan West", "Asia Pacific", "Osaka", "japaneast"),
  r("koreacentral", "Korea Central", "Asia Pacific", "Seoul", "koreasouth"),
  r("australiaeast", "Australia East", "Asia Pacific", "New South Wales", "australiasoutheast"),
];

/** ARM's canonical location form: `West US 2`, `WestUS2`, `westus2` → `westus2`. */
export function normalizeRegion(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

const byName = new Map(REGIONS.map((x) => [x.name, x]));

/** The region a location names in any of ARM's spellings, or undefined. */
export function findRegion(location: string): Region | undefined {
  return byName.get(normalizeRegion(location));
}

export const REGION_NAMES: readonly string[] = REGIONS.map((x) => x.name);
