import { isValidCreditCode, normalizeCreditCode } from "../credit-code";
import { LOCALES, type Locale } from "../text";
import { Checker } from "../validate";
import { CONTACT_ROLES, type Contact, type ContactRole, type CustomerFields, TIERS, type Tier } from "./model";

export interface ContactInput {
  name?: string | null;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
  role?: ContactRole | null;
  locale?: Locale | null;
}

/** What a client sends; on update an absent field is kept and a null one cleared. */
export type CustomerInput = { [K in keyof Omit<CustomerFields, "contacts">]?: CustomerFields[K] | null } & {
  contacts?: ContactInput[] | null;
};

const MAX_CONTACTS = 50;
const MAX_TAGS = 20;

/**
 * Validates and cleans an input against the current fields (none on create), collecting every
 * issue; returns the complete set of fields as they will be stored.
 */
export function checkCustomerFields(input: CustomerInput, current: CustomerFields | null): CustomerFields {
  const c = new Checker();
  const pick = <K extends keyof CustomerInput>(k: K) => (input[k] === undefined && current ? current[k] : input[k]);

  const name = c.text("name", pick("name") as string, { required: true, max: 100 });
  const tier = c.oneOf<Tier>("tier", pick("tier") as string, TIERS, true);
  const industry = c.text("industry", pick("industry") as string, { required: true, max: 50 });
  const region = c.text("region", pick("region") as string, { required: true, max: 50 });
  const source = c.text("source", pick("source") as string, { required: true, max: 50 });

  let creditCode = c.text("creditCode", pick("creditCode") as string, { max: 40 });
  if (creditCode) {
    creditCode = normalizeCreditCode(creditCode);
    if (!isValidCreditCode(creditCode)) {
      c.fail("creditCode", "INVALID_CREDIT_CODE", {
        zh: "统一社会信用代码无效（应为18位且校验位正确）",
        en: "is not a valid unified social credit code (18 characters with a correct check character)",
      });
    }
  }

  const address = c.text("address", pick("address") as string, { max: 200 });
  const phone = c.phone("phone", pick("phone") as string);
  const website = c.text("website", pick("website") as string, { max: 200 });
  const remark = c.text("remark", pick("remark") as string, { max: 2000 });

  const contactsIn = (pick("contacts") as ContactInput[] | null) ?? [];
  if (contactsIn.length > MAX_CONTACTS) {
    c.fail("contacts", "TOO_MANY", { zh: `联系人最多${MAX_CONTACTS}个`, en: `at most ${MAX_CONTACTS} contacts` });
  }
  const contacts: Contact[] = contactsIn.slice(0, MAX_CONTACTS).map((x, i) => ({
    name: c.text(`contacts.${i}.name`, x.name, { required: true, max: 50 }) ?? "",
    title: c.text(`contacts.${i}.title`, x.title, { max: 50 }) ?? null,
    phone: c.phone(`contacts.${i}.phone`, x.phone) ?? null,
    email: c.email(`contacts.${i}.email`, x.email) ?? null,
    role: c.oneOf<ContactRole>(`contacts.${i}.role`, x.role, CONTACT_ROLES) ?? null,
    locale: c.oneOf<Locale>(`contacts.${i}.locale`, x.locale, LOCALES) ?? "zh-CN",
  }));

  const tags = c.list("tags", pick("tags") as string[] | null, { maxItems: MAX_TAGS, maxLength: 30 });

  c.done();
  return {
    name: name as string,
    tier: tier as Tier,
    industry: industry as string,
    region: region as string,
    source: source as string,
    creditCode: creditCode ?? null,
    address: address ?? null,
    phone: phone ?? null,
    website: website ?? null,
    remark: remark ?? null,
    contacts,
    tags,
  };
}
