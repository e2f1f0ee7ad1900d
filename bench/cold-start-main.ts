// The cold-start comparison as its own process, so that `npm run bench` can run it inside a
// network namespace whose only interface is loopback (Azurite may try to reach its telemetry
// service; nothing started here can reach beyond this machine):
//   node --import tsx bench/cold-start-main.ts <options JSON> <result file>
import { writeFileSync } from "node:fs";
import { coldStartCompare, type ColdStartOptions } from "./lib/cold-start.js";

const [options, resultFile] = process.argv.slice(2);
const result = await coldStartCompare(JSON.parse(options!) as ColdStartOptions);
writeFileSync(resultFile!, JSON.stringify(result));
