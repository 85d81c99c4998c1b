/** A command's plain report to the person who ran it: one line each, on stdout. */
export const say = (...lines: string[]): void => void process.stdout.write(lines.map((line) => `${line}\n`).join(""));
