import * as z from "zod/mini";
import { configSchema } from "./schema.js";

/** schema.json, for editors; used by the build only, never by the CLI. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: "input" });
}
