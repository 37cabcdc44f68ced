import { builder } from "./builder";
import "./errors";
import "./user";
import "./organization";
import "./activity";
import "./customer";
import "./customer-mutations";
import "./pool";
import "./money";
import "./opportunity";
import "./opportunity-mutations";
import "./forecast";
import "./approval";
import "./product";
import "./quote";
import "./contract";
import "./approval-policy";

export const schema = builder.toSchema({ sortSchema: true });
