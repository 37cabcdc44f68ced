import { createHash } from "node:crypto";
import { type Actor, createActor, type Deps } from "../core/actor";
import { decideStep } from "../core/approval/decide";
import { createContract, signContract, submitContract } from "../core/contract/contract";
import { addDays, localDay } from "../core/local-day";
import * as Pipeline from "../core/pipeline";
import type { Product } from "../core/product";
import { createQuote, submitQuote } from "../core/quote";
import type { User } from "../core/user";
import { LocalWorkflowEngine } from "../workflow/local-engine";

/**
 * How the demo's history reaches QUOTED and CONTRACT_SIGNED under the rules: an approved quote
 * priced from the price book, then a contract approved level by level by the people the policy
 * names, signed with its file. The replay runs its own approval workflows in this process (the
 * running stack's would only start them a minute later, at today's time), and sends no email:
 * these approvals are history.
 */
export function demoWins(deps: Deps, products: Product[], timeZone: string) {
  const workflows = new LocalWorkflowEngine();
  const replay: Deps = { ...deps, workflows, mail: { send: async () => "demo-history", sendRaw: async () => "demo-history" } };
  workflows.attach(replay);
  const as = (u: User) => createActor(u, replay);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Each pending step decided by its first approver, until the request ends; then its subject has taken the outcome. */
  async function approveAll(requestId: string | null, settled: () => Promise<boolean>) {
    for (let i = 0; requestId && i < 2_000; i++) {
      const data = await replay.store.approvals.load(requestId);
      if (!data || data.request.status !== "PENDING") break;
      const step = data.steps.find((s) => s.status === "PENDING");
      if (step) await decideStep(replay, { requestId, stepKey: step.key, deciderId: step.approverIds[0], decision: "APPROVE", comment: "同意" });
      else await sleep(10);
    }
    for (let i = 0; i < 2_000 && !(await settled()); i++) await sleep(10);
  }

  /** The catalogue product a deal's product line is, priced so list × quantity incl. VAT is near the deal's amount. */
  function linesFor(productLine: string, amountFen: number) {
    const family = productLine.replace(/^高性能/, "").slice(-2);
    const candidates = products.filter((p) => p.active && p.name.endsWith(family)).sort((a, b) => b.listPriceFen - a.listPriceFen);
    const gross = (p: Product) => (p.listPriceFen * (10_000 + p.vatRateBp)) / 10_000;
    const product = candidates.find((p) => gross(p) <= amountFen) ?? candidates.at(-1) ?? products[0];
    return [{ productId: product.id, quantity: Math.max(1, Math.round(amountFen / gross(product))), unitPriceFen: product.listPriceFen }];
  }

  return {
    /** A quote at list price (so no discount level), submitted and approved by whoever the policy asks. */
    async approvedQuote(owner: User, deal: Pipeline.Opportunity) {
      const actor = as(owner);
      const today = localDay(replay.clock.now(), timeZone);
      const q = await createQuote(actor, {
        opportunityId: deal.id,
        lines: linesFor(deal.productLines[0] ?? "闸阀", deal.amount?.fen ?? 0),
        paymentTerms: "30%预付款，60%到货款，10%质保金",
        validUntil: addDays(today, 30),
      });
      const submitted = await submitQuote(actor, q.id);
      await approveAll(submitted.approvalRequestId, async () => (await replay.store.quotes.getMany([q.id]))[0]?.status !== "PENDING_APPROVAL");
      return q.id;
    },

    /** The deal's approved quote made a contract (its total incl. VAT), approved, and signed today (replay time). */
    async sign(owner: User, dealId: string) {
      const actor = as(owner);
      const quotes = await replay.store.quotes.forOpportunity(dealId);
      const quote = quotes.find((q) => q.status === "APPROVED");
      if (!quote) throw new Error(`demo deal ${dealId} has no approved quote to sign`);
      const draft = await attachDemoFile(actor, replay, dealId, "CONTRACT_DRAFT");
      const contract = await createContract(actor, quote.id, { draftFileEvidenceId: draft });
      const submitted = await submitContract(actor, contract.id);
      await approveAll(submitted.approvalRequestId, async () => (await replay.store.quotes.getContracts([contract.id]))[0]?.status !== "PENDING_APPROVAL");
      const signedFile = await attachDemoFile(actor, replay, dealId, "SIGNED_CONTRACT");
      await signContract(actor, contract.id, { signedOn: localDay(replay.clock.now(), timeZone), fileEvidenceId: signedFile });
    },

    done: () => workflows.idle(),
  };
}

/** A small stand-in PDF uploaded the way a client would: declared, stored, confirmed. */
export async function attachDemoFile(actor: Actor, deps: Deps, opportunityId: string, kind: Pipeline.EvidenceKind): Promise<string> {
  const bytes = Buffer.from(`%PDF-1.4\n% ${kind} ${opportunityId}\n%%EOF\n`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const { evidence } = await Pipeline.attachEvidence(actor, {
    opportunityId,
    kind,
    fileName: `${Pipeline.EVIDENCE_LABELS[kind].zh}.pdf`,
    contentType: "application/pdf",
    size: bytes.length,
    sha256,
  });
  await deps.files.put(evidence.fileKey, bytes, "application/pdf");
  await Pipeline.confirmUpload(deps, evidence.fileKey);
  return evidence.id;
}
