// `special` patterns are file-name globs such as "1000_*.sql": `*` and `?`
// within a name, and `[...]` classes. Small enough not to need a library.
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close === -1) source += "\\[";
      else {
        source += `[${glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export function matcher(globs: string[]): (name: string) => boolean {
  const patterns = globs.map(globToRegExp);
  if (patterns.length === 0) return () => false; // most sets have no specials: asked for every migration
  return (name) => patterns.some((pattern) => pattern.test(name));
}
