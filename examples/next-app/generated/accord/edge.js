import {
  createAuthorizer,
  createEdgeAuthorizer
} from "./chunk-6DNHPHTY.js";
export {
  createAuthorizer,
  createEdgeAuthorizer
};
