import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { createActor, type Deps } from "../../functions/core/actor";
import { createOpportunity } from "../../functions/core/pipeline";
import { createProduct } from "../../functions/core/product";
import { createQuote, submitQuote } from "../../functions/core/quote";
import { approvalPageHandler } from "../../functions/http/approval-page";
import { loadOrCreateKeys } from "../../functions/local/auth";
import { createLocalServer } from "../../functions/local/server";
import type { LocalWorkflowEngine } from "../../functions/workflow/local-engine";
import type { loadBenchData } from "./load";

const COUNT = Number(process.env.BENCH_APPROVALS ?? 200);
const CLICKERS = 20;
const LINK = /http\S+?\/approvals\/[A-Za-z0-9_-]{43}/;

interface Email {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}

/**
 * 200 quotes submitted at once, each needing the rep's manager; every approval email's link is
 * opened and approved by POST, as a person would; then checks each completed exactly once.
 */
export async function benchApprovals(deps: Deps, data: Awaited<ReturnType<typeof loadBenchData>>, sesUrl: string) {
  const keys = await loadOrCreateKeys(`${mkdtempSync(`${tmpdir()}/bench-keys-`)}/key.json`);
  const server = createLocalServer([{ prefix: "/approvals", handler: approvalPageHandler(deps), authorized: false }], keys);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  deps.config.publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const emails = async () => ((await (await fetch(`${sesUrl}/store`)).json()) as { emails: Email[] }).emails;
  const before = (await emails()).length;

  try {
    // Prepare: one deal and one quote of a price book gate valve (10% off: the manager approves) per submission.
    const valve = await createProduct(createActor(data.admin, deps), {
      code: `Z41H-16C-BENCH-${Date.now()}`, name: "闸阀", unit: "台", listPriceFen: 1_000_000, standardCostFen: 500_000, floorPriceFen: 850_000,
    });
    const quotes: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const { id: customerId, ownerId } = data.held[i % data.held.length];
      const rep = data.reps.find((r) => r.id === ownerId)!;
      const actor = createActor(rep, deps);
      const deal = await createOpportunity(actor, { customerId, title: `审批压测${i}` });
      const q = await createQuote(actor, {
        opportunityId: deal.id,
        lines: [{ productId: valve.id, quantity: 2, unitPriceFen: 900_000 }],
        validUntil: "2026-12-31",
      });
      quotes.push(`${ownerId} ${q.id}`);
    }

    // Act 1: submit all at once
    const t0 = performance.now();
    await Promise.all(
      quotes.map((entry) => {
        const [ownerId, id] = entry.split(" ");
        return submitQuote(createActor(data.reps.find((r) => r.id === ownerId)!, deps), id);
      }),
    );
    const submitted = performance.now();
    let asks: Email[] = [];
    while ((asks = (await emails()).slice(before).filter((e) => e.subject.startsWith("请审批"))).length < COUNT) await new Promise((r) => setTimeout(r, 100));
    const emailed = performance.now();

    // Act 2: every approver presses Approve on their link, 20 at a time
    const links = asks.map((e) => LINK.exec(e.body.text)![0]);
    let next = 0;
    const decideStart = performance.now();
    await Promise.all(
      Array.from({ length: CLICKERS }, async () => {
        while (next < links.length) {
          const link = links[next++];
          await fetch(link); // the page, as a person opens it first
          const res = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "decision=APPROVE" });
          if (!(await res.text()).includes("已记录您的决定")) throw new Error(`decision not recorded for ${link}`);
        }
      }),
    );
    const decided = performance.now();
    const ids = quotes.map((e) => e.split(" ")[1]);
    const statusOf = async () => (await deps.store.quotes.getMany(ids)).map((q) => q!.status);
    while ((await statusOf()).some((s) => s !== "APPROVED")) await new Promise((r) => setTimeout(r, 100));
    const completed = performance.now();
    await (deps.workflows as LocalWorkflowEngine).idle();

    // Assess: exactly once each
    const requests = await Promise.all(
      (await deps.store.quotes.getMany(ids)).map(async (q) => (await deps.store.approvals.load(q!.approvalRequestId!))!),
    );
    const oneDecision = requests.every((r) => r.request.status === "APPROVED" && r.steps.length === 1 && r.steps[0].status === "APPROVED");
    const sent = (await emails()).slice(before);
    const numbers = (await deps.store.quotes.getMany(ids)).map((q) => q!.number);
    const once = (prefix: string) => numbers.every((n) => sent.filter((e) => e.subject.startsWith(prefix) && e.subject.includes(`${n} `)).length === 1);

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\n${COUNT} quote approvals (one level, local workflow engine, SES emulator, decided by link):`);
    console.log(`  submit all at once               ${s(submitted - t0)}  (${(COUNT / ((submitted - t0) / 1000)).toFixed(0)} submissions/s)`);
    console.log(`  until every approver was emailed ${s(emailed - t0)}`);
    console.log(`  decisions by POST, 20 at a time  ${s(decided - decideStart)}  (${(COUNT / ((decided - decideStart) / 1000)).toFixed(1)} decisions/s)`);
    console.log(`  submit → all ${COUNT} approved        ${s(completed - t0)}`);
    console.log(`  exactly once: one decision each ${oneDecision}, one request email each ${once("请审批")}, one outcome email each ${once("审批结果")}`);
    if (!oneDecision || !once("请审批") || !once("审批结果")) throw new Error("an approval did not complete exactly once");
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
