import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { LAMBDA_ESBUILD } from "../../infra/bundling";

const ENTRY = fileURLToPath(new URL("../../functions/handlers/graphql.ts", import.meta.url));
/** The issue's limits for the GraphQL Lambda. */
const MAX_BYTES = 1024 * 1024;
const MAX_INIT_MS = 150;
const INIT_RUNS = 7;

/** A package (or our own folder) an input belongs to, for the "what makes it big" table. */
function owner(input: string): string {
  const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return pkg ? pkg[1] : input.split("/").slice(0, 2).join("/");
}

/**
 * The module init of one fresh Node process requiring the bundle, as a cold Lambda does it: the
 * same NODE_OPTIONS as the stack, dummy AWS settings (clients are built, nothing connects), and
 * `@aws-sdk/*` resolved from node_modules as the runtime resolves it from its own copy.
 */
function initMs(bundle: string): { wall: number; cpu: number; main: number } {
  // Wall time, and CPU time (user + system), which a busy machine inflates far less; the main
  // thread's alone (V8 compiles and collects on other threads meanwhile) is closest to a quiet wall time.
  const script = `const t = performance.now(), c = process.cpuUsage(), m = process.threadCpuUsage?.(); require(${JSON.stringify(bundle)}); const u = process.cpuUsage(c), v = m && process.threadCpuUsage(m); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000, main: v ? (v.user + v.system) / 1000 : NaN }));`;
  const run = spawnSync(process.execPath, ["--enable-source-maps", "-e", script], {
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      NODE_PATH: fileURLToPath(new URL("../../node_modules", import.meta.url)),
      AWS_REGION: "cn-north-1",
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      TABLE_NAME: "bench",
      FILES_BUCKET: "bench",
      PUBLIC_URL: "https://bench.example",
      MAIL_FROM: "bench@example.com",
      QUOTE_PDF_FUNCTION: "bench-quote-pdf",
      STATE_MACHINE_ARN: "arn:aws-cn:states:cn-north-1:000000000000:stateMachine:bench",
    },
  });
  if (run.status !== 0) throw new Error(`The bundle failed to load: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `npm run bench` (or BENCH_ONLY=bundle): the GraphQL Lambda's bundle size, biggest inputs and cold module init. */
export async function benchBundle(): Promise<{ bytes: number; mapBytes: number; initMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  try {
    const outfile = join(dir, "index.js");
    const result = await build({ ...LAMBDA_ESBUILD, mainFields: [...LAMBDA_ESBUILD.mainFields], external: [...LAMBDA_ESBUILD.external], entryPoints: [ENTRY], bundle: true, outfile, metafile: true, logLevel: "error" });
    const outputs = result.metafile.outputs;
    const js = Object.entries(outputs).find(([path]) => path.endsWith(".js"))!;
    const map = Object.entries(outputs).find(([path]) => path.endsWith(".js.map"));
    const bytes = js[1].bytes;
    const mapBytes = map?.[1].bytes ?? 0;
    const byOwner = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(js[1].inputs)) byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);

    const runs = Array.from({ length: INIT_RUNS }, () => initMs(js[0].startsWith("/") ? js[0] : join(process.cwd(), js[0])));
    const wall = median(runs.map((r) => r.wall));
    const cpu = median(runs.map((r) => r.cpu));
    const main = median(runs.map((r) => r.main));
    const load = loadavg()[0];
    const busy = load > availableParallelism() ? `; machine load ${load.toFixed(1)} on ${availableParallelism()} cores inflates these` : "";

    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    const verdict = (ok: boolean) => (ok ? "ok" : "OVER");
    console.log("\nGraphQL Lambda bundle (infra/bundling.ts options; @aws-sdk/* from the runtime):");
    console.log(`  size        ${kb(bytes).padStart(8)}  minified, no source contents (limit ${kb(MAX_BYTES)}: ${verdict(bytes <= MAX_BYTES)}); source map ${kb(mapBytes)}`);
    console.log(`  module init ${`${wall.toFixed(0)} ms`.padStart(8)}  median of ${INIT_RUNS} fresh node processes (limit ${MAX_INIT_MS} ms: ${verdict(wall <= MAX_INIT_MS)}); CPU ${cpu.toFixed(0)} ms (main thread ${main.toFixed(0)} ms)${busy}`);
    console.log("  biggest inputs:");
    for (const [name, size] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${kb(size).padStart(8)}  ${name}`);
    return { bytes, mapBytes, initMs: wall };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBundle();
