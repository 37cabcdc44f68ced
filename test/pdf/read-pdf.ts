import { extractText, getDocumentProxy } from "unpdf";

/** What a PDF reader extracts: one string per page, as a person copying the text would get it. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

/** Text with every space and line break removed: what was printed, however it was wrapped. */
export const squash = (text: string) => text.replace(/\s+/g, "");

export interface PlacedText {
  text: string;
  x: number;
  y: number;
  width: number;
}

/** Every run of text on a page with its position (points from the bottom left) and width. */
export async function placedText(bytes: Uint8Array, pageNumber: number): Promise<PlacedText[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const content = await (await pdf.getPage(pageNumber)).getTextContent();
  return content.items
    .filter((item) => "str" in item && item.str.trim() !== "")
    .map((item) => {
      const { str, transform, width } = item as { str: string; transform: number[]; width: number };
      return { text: str, x: transform[4], y: transform[5], width };
    });
}
