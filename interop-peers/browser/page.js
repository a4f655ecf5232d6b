// Runs in the browser page (bundled by esbuild): the official grpc-web client calls the TestService
// server named in the page's ?server= parameter, another origin than the page's, so every call is
// a CORS request (with a preflight: grpc-web's content type and x-grpc-web header are not
// "simple"). Results go to window.results, then window.done is set.
import { createFileRegistry, create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import * as grpcWeb from 'grpc-web';
import { unary } from '../grpc-web/unary-call.js';

const server = new URLSearchParams(location.search).get('server');
// Over https the browser negotiates HTTP/2 (ALPN); over http it speaks HTTP/1.1.
const prefix = server.startsWith('https:') ? 'h2tls_' : '';
window.results = [];

function method(registry, name, type, requestType, responseType) {
  const req = registry.getMessage(`grpc.testing.${requestType}`);
  const res = registry.getMessage(`grpc.testing.${responseType}`);
  return {
    path: `${server}/grpc.testing.TestService/${name}`,
    descriptor: new grpcWeb.MethodDescriptor(`/grpc.testing.TestService/${name}`, type, Object, Object,
      (r) => r.serializeBinary(), (bytes) => fromBinary(res, bytes)),
    request: (init) => {
      const m = create(req, init);
      return { serializeBinary: () => toBinary(req, m) };
    },
  };
}

function check(ok, what) {
  if (!ok) throw new Error(what);
}

async function run() {
  const bytes = new Uint8Array(await (await fetch('interop-descriptors.binpb')).arrayBuffer());
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
  const UNARY = method(registry, 'UnaryCall', grpcWeb.MethodType.UNARY, 'SimpleRequest', 'SimpleResponse');
  const STREAM = method(registry, 'StreamingOutputCall', grpcWeb.MethodType.SERVER_STREAMING,
    'StreamingOutputCallRequest', 'StreamingOutputCallResponse');
  for (const format of ['text', 'binary']) {
    const client = new grpcWeb.GrpcWebClientBase({ format });
    const cases = {
      async large_unary() {
        const r = await unary(client, UNARY, { responseSize: 314159, payload: { body: new Uint8Array(271828) } });
        check(r.response.payload.body.length === 314159, `got ${r.response.payload.body.length} bytes`);
      },
      async server_streaming() {
        const sizes = [31415, 9, 2653, 58979];
        const got = await new Promise((resolve, reject) => {
          const out = [];
          const s = client.serverStreaming(STREAM.path,
            STREAM.request({ responseParameters: sizes.map((size) => ({ size })) }), {}, STREAM.descriptor);
          s.on('data', (m) => out.push(m.payload.body.length));
          s.on('error', reject);
          s.on('end', () => resolve(out));
        });
        check(JSON.stringify(got) === JSON.stringify(sizes), `got ${JSON.stringify(got)}`);
      },
      async custom_metadata() {
        // The echoed header is a response header the page may read only if the server exposes it.
        const r = await unary(client, UNARY, { responseSize: 1, payload: { body: new Uint8Array(1) } },
          { 'x-grpc-test-echo-initial': 'test_initial_metadata_value' });
        check(r.headers['x-grpc-test-echo-initial'] === 'test_initial_metadata_value',
          `headers ${JSON.stringify(r.headers)}`);
      },
      async status_code_and_message() {
        try {
          await unary(client, UNARY, { responseStatus: { code: 2, message: 'test status message' } });
        } catch (e) {
          check(e.code === 2 && e.message === 'test status message', `error ${e.code} ${e.message}`);
          return;
        }
        throw new Error('no error');
      },
    };
    for (const [name, f] of Object.entries(cases)) {
      try {
        await f();
        window.results.push(`PASS ${prefix}${format}_${name}`);
      } catch (e) {
        window.results.push(`FAIL ${prefix}${format}_${name}: ${e && e.message}`);
      }
    }
  }
}

run().catch((e) => window.results.push(`FAIL page: ${e && e.message}`)).finally(() => { window.done = true; });
