import { builder } from "./builder";
import "./errors";
import "./user";
import "./organization";
import "./activity";
import "./customer";
import "./customer-mutations";
import "./pool";

export const schema = builder.toSchema({ sortSchema: true });
