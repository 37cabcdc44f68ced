import { DomainError } from "../errors";
import type { Text } from "../text";
import type { ImportStatus } from "./model";

const STATUS_NAMES: Record<ImportStatus, { zh: string; en: string }> = {
  UPLOADING: { zh: "待上传", en: "waiting for the file" },
  VALIDATING: { zh: "校验中", en: "being checked" },
  VALIDATED: { zh: "已校验", en: "checked" },
  COMMITTING: { zh: "导入中", en: "being imported" },
  COMMITTED: { zh: "已导入", en: "imported" },
  FAILED: { zh: "失败", en: "failed" },
};

/** The import is not at a step where this can be done (commit before the dry run finished, or twice). */
export class ImportStatusError extends DomainError {
  constructor(readonly status: ImportStatus) {
    super({
      zh: `该导入当前状态为“${STATUS_NAMES[status].zh}”，不能执行此操作（须先完成校验；已导入的不能再次提交）`,
      en: `This import is ${STATUS_NAMES[status].en}; that cannot be done now (the dry run must finish first; an imported file cannot be committed again)`,
    });
    this.name = "ImportStatusError";
  }
}

/** A file the worker cannot take (unreadable, without the required columns, too many rows): the import FAILED with this. */
export class ImportFileError extends DomainError {
  constructor(text: Text) {
    super(text);
    this.name = "ImportFileError";
  }
}
