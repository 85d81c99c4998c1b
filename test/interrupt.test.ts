import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SUITE } from "./helpers/incident.js";
import { SCENARIOS, leftovers, lostBytes, ownTmp, picture, startMighook, type Picture } from "./helpers/interrupt.js";
import type { Repo } from "./helpers/repo.js";

// Each edit command killed for real (SIGKILL) at each named step, one process
// per step: no staged or unstaged byte may be lost, git fsck must stay clean,
// and running the same command again must give exactly what an uninterrupted
// run gives, with nothing left behind. Random-time kills: the last block, with
// more under `npm run fuzz` (MIGHOOK_FUZZ_KILLS).
const POINTS = ["lock", "locked", "blobs", "journal", "moved", "staged", "index", "worktree"];
const RANDOM_RUNS = Number(process.env.MIGHOOK_FUZZ_KILLS ?? 2);

const fsck = (repo: Repo) => {
  const result = repo.tryGit(["fsck", "--no-dangling", "--no-progress"]);
  return `${result.code} ${result.stdout}${result.stderr}`.trim();
};

describe.each(SCENARIOS)("mighook $command killed at each step", (scenario) => {
  let finished: Picture;
  let finishedCode: number;
  beforeAll(() => {
    const repo = scenario.setup();
    const tmp = ownTmp();
    const result = repo.mighook(scenario.args, { TMPDIR: tmp });
    expect(result.stderr).toBe("");
    finishedCode = result.code;
    finished = picture(repo);
    expect(leftovers(repo, tmp)).toEqual([]);
  });

  it.each(POINTS)("at %s: nothing lost, fsck clean, a rerun finishes the job and cleans up", (point) => {
    const repo = scenario.setup();
    const tmp = ownTmp();
    const before = picture(repo);
    const killed = repo.mighook(scenario.args, { MIGHOOK_TEST_KILL_AT: point, TMPDIR: tmp });
    expect(killed.code, killed.stderr).toBe(-1); // killed by its signal, not exited
    expect(lostBytes(before, picture(repo), finished)).toEqual([]);
    expect(fsck(repo)).toBe("0");

    const rerun = repo.mighook(scenario.args, { TMPDIR: tmp });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(finishedCode);
    const after = picture(repo);
    expect(after.status).toBe(finished.status);
    expect(after.index).toEqual(finished.index);
    expect(after.worktree).toEqual(finished.worktree);
    expect(leftovers(repo, tmp)).toEqual([]);
    expect(fsck(repo)).toBe("0");
    // The working-tree check agrees with the index: no "run fix" loop.
    expect(repo.mighook(["check"]).code).toBe(0);
  });
});

describe("settling a killed run never overwrites a later edit", () => {
  it("fix killed after the index write, then the suite file edited by hand: the rerun leaves the file alone and says so", () => {
    const scenario = SCENARIOS.find((s) => s.command === "fix")!;
    const repo = scenario.setup();
    const tmp = ownTmp();
    expect(repo.mighook(scenario.args, { MIGHOOK_TEST_KILL_AT: "index", TMPDIR: tmp }).code).toBe(-1);
    const edited = `${repo.read(SUITE)}// typed by hand after the kill\n`;
    repo.write(SUITE, edited);
    const rerun = repo.mighook(scenario.args, { TMPDIR: tmp });
    expect(rerun.stdout).toContain("`mighook fix` (process");
    expect(rerun.stdout).toContain(`${SUITE}: changed since, so its working-tree copy was left as it is`);
    expect(repo.read(SUITE)).toBe(edited);
    expect(leftovers(repo, tmp)).toEqual([]);
  });
});

describe("random-time kills", () => {
  // A fixed sequence of delays (xorshift, fixed seed), so a failure replays.
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };

  it.each(SCENARIOS)(`mighook $command killed at ${RANDOM_RUNS} random moments converges on rerun`, async (scenario) => {
    const reference = scenario.setup();
    const start = Date.now();
    const finishedCode = reference.mighook(scenario.args).code;
    const took = Date.now() - start; // the kills land within an uninterrupted run's time
    const finished = picture(reference);
    const tally = { "finished before the kill": 0, "killed after its last write": 0, "converged on rerun": 0, "of which mid-write (journal with intent)": 0, "of which holding the lock only": 0 };
    for (let run = 0; run < RANDOM_RUNS; run++) {
      const repo = scenario.setup();
      const tmp = ownTmp();
      const before = picture(repo);
      const { child, done } = startMighook(repo, scenario.args, { TMPDIR: tmp });
      const delay = Math.floor(random() * took);
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGKILL");
      const first = await done;
      const where = `run ${run}, killed after ${delay} ms`;
      if (first.signal === null) {
        // It finished before the kill: that is the finished state already.
        expect(first.code, where).toBe(finishedCode);
        expect(picture(repo).index, where).toEqual(finished.index);
        tally["finished before the kill"]++;
        continue;
      }
      const now = picture(repo);
      expect(lostBytes(before, now, finished), where).toEqual([]);
      expect(fsck(repo), where).toBe("0");
      // Killed after its last write (while it printed the check's report): the
      // work is done, and a rerun would be a second command (a second migration).
      if (now.status === finished.status && leftovers(repo, tmp).length === 0) {
        tally["killed after its last write"]++;
        continue;
      }
      const left = leftovers(repo, tmp);
      const journal = left.find((f) => /journal-\d+\.json$/.test(f));
      if (journal && readFileSync(join(repo.dir, journal), "utf8").includes('"ops"')) tally["of which mid-write (journal with intent)"]++;
      else if (left.includes(".git/index.lock")) tally["of which holding the lock only"]++;
      const rerun = repo.mighook(scenario.args, { TMPDIR: tmp });
      expect(rerun.code, `${where}: ${rerun.stdout}${rerun.stderr}`).toBe(finishedCode);
      const after = picture(repo);
      expect(after.index, where).toEqual(finished.index);
      expect(after.worktree, where).toEqual(finished.worktree);
      expect(leftovers(repo, tmp), where).toEqual([]);
      expect(fsck(repo), where).toBe("0");
      tally["converged on rerun"]++;
    }
    console.log(`random-time kills of mighook ${scenario.command}: ${RANDOM_RUNS} runs, ${JSON.stringify(tally)}`);
  }, 60_000 + RANDOM_RUNS * 10_000);
});
