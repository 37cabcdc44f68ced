import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createActor, type Deps } from "../../functions/core/actor";
import { newActivity } from "../../functions/core/activity";
import { withCheckCharacter } from "../../functions/core/credit-code";
import * as Imports from "../../functions/core/import";
import { newId } from "../../functions/core/ids";
import { updateOrganization } from "../../functions/core/organization";
import type { User } from "../../functions/core/user";
import type { Db } from "../../functions/store/client";
import { InProcessSheetsWorker } from "../../functions/sheets/in-process";
import ExcelJS from "exceljs";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const REPS = 40;

/** Items a write call puts, updates or deletes (a transaction's every item, a batch's every request). */
function itemsWritten(operation: string, input: any): number {
  if (operation === "TransactWriteItems") return input.TransactItems?.length ?? 0;
  if (operation === "BatchWriteItem") return Object.values(input.RequestItems ?? {}).reduce((n: number, r: any) => n + r.length, 0);
  return ["PutItem", "UpdateItem", "DeleteItem"].includes(operation) ? 1 : 0;
}

/**
 * `BENCH_ONLY=import`: a 10,000-row customer workbook (a tenth of the rows duplicates or invalid, as
 * real files are) through the sheets worker's dry run and commit, on DynamoDB Local: time, DynamoDB
 * calls and items written (BENCH_IMPORT_ROWS for another size; BENCH_IMPORT_PROFILE=1 adds time per operation).
 */
export async function benchImport(base: Deps, db: Db) {
  const deps: Deps = { ...base };
  deps.sheets = new InProcessSheetsWorker(() => deps);
  const orgId = `bench-import-${newId()}`;
  const now = deps.clock.now();
  const user = async (name: string, roles: User["roles"], managerId: string | null = null): Promise<User> => {
    const id = newId(now);
    const u: User = { id, orgId, name, email: `${id.toLowerCase()}@bench.example`, phone: null, roles, managerId, region: "华东", department: "销售部", locale: "zh-CN", active: true, ownedCount: 0, createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1 };
    await deps.store.users.create(u, newActivity({ orgId, subjectType: "USER", subjectId: id, kind: "CREATED", actorId: null }, now));
    return u;
  };
  const admin = await user("导入管理员", ["ADMIN"]);
  const reps = await Promise.all(Array.from({ length: REPS }, (_, i) => user(`压测销售${i + 1}`, ["REP"])));
  // Room for most rows under their owners; the last reps' rows pass the limit and go to the pool.
  await updateOrganization(createActor(admin, deps), 0, { maxCustomersPerOwner: 240 });

  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet("客户");
  ws.addRow(["客户名称", "客户等级", "行业", "区域", "客户来源", "统一社会信用代码", "负责人", "联系人", "联系人电话"]);
  for (let i = 0; i < ROWS; i++) {
    const code = withCheckCharacter(`91330${String(i).padStart(6, "0")}MA2A${String(i % 1000).padStart(2, "0")}`.slice(0, 17));
    const dup = i % 50 === 49; // repeats an earlier row
    const bad = i % 97 === 96; // a broken credit code
    const n = dup ? i - 1 : i;
    ws.addRow([`压测导入${n}号有限公司`, "ABC"[i % 3], "石化", "华东", "展会", bad ? `${code.slice(0, 17)}I` : code, reps[i % REPS].name, `联系人${i}`, `1380000${String(i).padStart(4, "0")}`]);
  }
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  const actor = createActor(admin, deps);
  const { job } = await Imports.startImport(actor, { kind: "CUSTOMERS", fileName: "bench.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
  await deps.files.put(`import-uploads/${orgId}/${job.id}`, bytes, job.contentType);

  let written = 0;
  const timeBy: Record<string, number> = {};
  db.doc.intercept("bench-import-writes", async (command, next) => {
    written += itemsWritten(command.operation, command.input);
    const t = performance.now();
    try {
      return await next();
    } finally {
      timeBy[command.operation] = (timeBy[command.operation] ?? 0) + performance.now() - t;
    }
  });
  try {
    console.log(`\nimport of ${ROWS.toLocaleString("en")} customer rows (.xlsx, ${(bytes.length / 1024).toFixed(0)} KB; ${REPS} owners, limit 240 each):`);
    const phase = async (label: string, run: () => Promise<void>) => {
      const [t0, calls0, written0] = [performance.now(), db.stats.calls, written];
      await run();
      const seconds = (performance.now() - t0) / 1000;
      const j = await deps.store.imports.get(job.id);
      console.log(`  ${label.padEnd(9)} ${seconds.toFixed(1).padStart(5)} s  DynamoDB calls ${String(db.stats.calls - calls0).padStart(6)}  items written ${String(written - written0).padStart(6)}  ${JSON.stringify(j?.counts)}`);
      return j;
    };
    await phase("dry run", async () => {
      await Imports.uploaded(deps, `import-uploads/${orgId}/${job.id}`);
    });
    const done = await phase("commit", async () => {
      await Imports.commitImport(actor, job.id, "SKIP");
    });
    // Where the time went, by DynamoDB operation (summed over the commit's parallel transactions).
    if (process.env.BENCH_IMPORT_PROFILE) console.log(timeBy);
    if (done?.status !== "COMMITTED") throw new Error(`import ended ${done?.status}`);
  } finally {
    db.doc.removeInterceptor("bench-import-writes");
  }
}
