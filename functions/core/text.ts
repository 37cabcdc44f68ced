/** Texts people read come in Chinese first, English for users who choose it. */
export type Locale = "zh-CN" | "en";
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];

export interface Text {
  zh: string;
  en: string;
}

export function localize(text: Text, locale: Locale): string {
  return locale === "en" ? text.en : text.zh;
}
