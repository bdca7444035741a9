// Session ids are hashed before an audit event leaves the process. WebCrypto's digest is async,
// and an async step in the exporter would complicate ordering for no gain, so this uses the
// synchronous SHA-256 shared with the crypto builtins (one implementation, FIPS 180-4 tested).
export { sha256Hex } from '../builtins/digest/index.js';
