export { DuplicateProductCodeError } from "./errors";
export type { ProductInput } from "./input";
export * from "./model";
export { createProduct, deactivateProduct, listProducts, type ProductFilter, seesCost, updateProduct, visibleProduct, visibleProducts } from "./product";
