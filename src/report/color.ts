import * as util from "node:util";

// Colour only where a person reads it: a TTY, unless NO_COLOR (non-empty) says otherwise;
// FORCE_COLOR wins both ways (hook managers often pipe output but show colour).
export function useColor(stream: NodeJS.WriteStream): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

export type Style = Parameters<typeof util.styleText>[0];

// util.styleText arrived in Node 20.12; on an older Node 20, plain text. (A
// named import would fail to load there, taking the whole check with it.)
const styleText: typeof util.styleText | undefined = util.styleText;

// mighook decides (useColor); styleText must not decide again from the stream:
// on Node 20.20 it drops colour for any NO_COLOR, even an empty one, which
// per no-color.org does not turn colour off.
const styleOptions = { validateStream: false } as const;

export function painter(enabled: boolean) {
  return (style: Style, text: string) => (enabled && styleText ? (styleText as (s: Style, t: string, o: object) => string)(style, text, styleOptions) : text);
}
