export * from "./errors";
export type { UserInput } from "./input";
export { authenticate, createUser, listUsers, updateUser } from "./manage";
export * from "./model";
