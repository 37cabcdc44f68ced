import { LOCALES, type Locale } from "../text";
import { Checker } from "../validate";
import { ROLES, type Role, type User } from "./model";

export interface UserInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  roles?: Role[] | null;
  managerId?: string | null;
  salesAssistantId?: string | null;
  region?: string | null;
  department?: string | null;
  locale?: Locale | null;
  active?: boolean | null;
}

export type UserFields = Pick<User, "name" | "email" | "phone" | "roles" | "managerId" | "salesAssistantId" | "region" | "department" | "locale" | "active">;

/** Validates an input against the current profile (none on create); absent keeps, null clears. */
export function checkUserFields(input: UserInput, current: UserFields | null): UserFields {
  const c = new Checker();
  const pick = <K extends keyof UserFields>(k: K) => (input[k] === undefined && current ? current[k] : input[k]);
  const name = c.text("name", pick("name") as string, { required: true, max: 50 });
  const email = c.email("email", pick("email") as string, true);
  const phone = c.phone("phone", pick("phone") as string);
  const roles = [...new Set((pick("roles") as Role[] | null) ?? [])];
  if (!roles.length) c.fail("roles", "REQUIRED", { zh: "至少需要一个角色", en: "needs at least one role" });
  roles.forEach((r, i) => c.oneOf(`roles.${i}`, r, ROLES));
  const region = c.text("region", pick("region") as string, { max: 50 });
  const department = c.text("department", pick("department") as string, { max: 50 });
  const locale = c.oneOf<Locale>("locale", pick("locale") as string, LOCALES) ?? "zh-CN";
  c.done();
  return {
    name: name as string,
    email: email as string,
    phone: phone ?? null,
    roles,
    managerId: (pick("managerId") as string | null) ?? null,
    salesAssistantId: (pick("salesAssistantId") as string | null) ?? null,
    region: region ?? null,
    department: department ?? null,
    locale,
    active: (pick("active") as boolean | null) ?? true,
  };
}
