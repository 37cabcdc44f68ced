import { DomainError } from "../errors";

/** More rows than one file may hold; nothing was exported. A narrower filter splits the export. */
export class ExportTooLargeError extends DomainError {
  constructor(readonly limit: number) {
    super({
      zh: `导出的记录超过 ${limit.toLocaleString("en-US")} 行，请缩小筛选范围（如按负责人、区域或等级）分批导出。`,
      en: `The export has more than ${limit.toLocaleString("en-US")} rows; narrow the filter (owner, region, tier…) and export in parts.`,
    });
    this.name = "ExportTooLargeError";
  }
}
