// "Did you mean": the closest known word to a mistyped one, when it is close
// enough to be the likely intent (a typo, a swapped pair, a missing letter),
// else nothing: a wild guess is worse than none.

/** Edit distance with adjacent swaps counted as one edit (optimal string alignment). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

export function didYouMean(input: string, known: readonly string[]): string | undefined {
  const word = input.toLowerCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of known) {
    // A unique prefix of three letters or more ("chec", "--sta") counts as close.
    const score = word.length >= 3 && candidate.startsWith(word) ? 0.5 : distance(word, candidate.toLowerCase());
    if (!best || score < best.score) best = { candidate, score };
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(word.length, best.candidate.length) / 3));
  return best.score <= allowed ? best.candidate : undefined;
}
