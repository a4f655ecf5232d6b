// grpc-web calls shared by the grpc-web peer (client.js, in Node) and the browser peer's page
// (bundled by esbuild): a unary call as a promise of its response, headers and trailers.
'use strict';

/**
 * A unary call: resolves with { response, headers, trailers } once grpc-web has fired both
 * 'metadata' (response headers) and 'status' (trailers), which come in either order; rejects with
 * the RpcError.
 */
function unary(client, m, init, metadata = {}) {
  return new Promise((resolve, reject) => {
    const result = {};
    let ok = false;
    const settle = () => { if (ok && result.headers !== undefined) resolve(result); };
    const call = client.rpcCall(m.path, m.request(init), metadata, m.descriptor, (err, response) => {
      if (err) reject(err); else result.response = response;
    });
    call.on('metadata', (h) => { result.headers = h; settle(); });
    call.on('status', (s) => {
      result.trailers = s.metadata;
      if (s.code === 0) {
        ok = true;
        settle();
        setTimeout(() => reject(new Error('no metadata event within 5 s of the status')), 5000);
      }
    });
  });
}

module.exports = { unary };
