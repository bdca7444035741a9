export { createEdgeAuthorizer, createAuthorizer } from '../../../src/engine/index.js';
