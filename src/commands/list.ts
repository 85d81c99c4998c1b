import { MighookError } from "../errors.js";

export async function run(_args: string[]): Promise<number> {
  throw new MighookError("`mighook list` is not available yet");
}
