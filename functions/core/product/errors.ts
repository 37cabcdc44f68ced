import { DomainError } from "../errors";

/** Another product of the organization already has this code. */
export class DuplicateProductCodeError extends DomainError {
  constructor(
    readonly code: string,
    readonly existingProductId: string,
  ) {
    super({ zh: `产品编码 ${code} 已被使用`, en: `Product code ${code} is already in use` });
    this.name = "DuplicateProductCodeError";
  }
}
