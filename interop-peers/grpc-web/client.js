// gRPC interop cases run by the official gRPC-Web client (grpc-web 2.1.1, what browser apps built
// with protoc-gen-grpc-web use) against a TestService server directly, no Envoy in between: in its
// default text format (application/grpc-web-text, base64) and in its binary one. The browser's
// XMLHttpRequest comes from xhr2 (HTTP/1.1, as a browser on a cleartext origin). Messages are
// (de)serialized with protobuf-es from triple-interop's descriptor set, so no code is generated.
//   node client.js PORT [case ...]     prints PASS/FAIL per case; exit status 1 if any failed
'use strict';
global.XMLHttpRequest = require('xhr2');
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { createFileRegistry, create, fromBinary, toBinary } = require('@bufbuild/protobuf');
const { FileDescriptorSetSchema } = require('@bufbuild/protobuf/wkt');
const grpcWeb = require('grpc-web');
const runCases = require('../node/run-cases');
const { unary } = require('./unary-call');

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, fs.readFileSync(
  path.join(__dirname, '..', '..', 'triple-interop', 'target', 'interop-descriptors.binpb'))));
const schema = (name) => registry.getMessage(`grpc.testing.${name}`);
const host = `http://127.0.0.1:${process.argv[2]}`;

/** A grpc-web method: requests are protobuf-es messages wrapped with grpc-web's serializeBinary(). */
function method(service, name, type, requestType, responseType) {
  const res = schema(responseType);
  return {
    path: `${host}/grpc.testing.${service}/${name}`,
    descriptor: new grpcWeb.MethodDescriptor(`/grpc.testing.${service}/${name}`, type, Object, Object,
      (r) => r.serializeBinary(), (bytes) => fromBinary(res, bytes)),
    request: (init) => {
      const m = create(schema(requestType), init);
      return { serializeBinary: () => toBinary(schema(requestType), m) };
    },
  };
}
const UNARY = method('TestService', 'UnaryCall', grpcWeb.MethodType.UNARY, 'SimpleRequest', 'SimpleResponse');
const EMPTY = method('TestService', 'EmptyCall', grpcWeb.MethodType.UNARY, 'Empty', 'Empty');
const STREAM = method('TestService', 'StreamingOutputCall', grpcWeb.MethodType.SERVER_STREAMING,
  'StreamingOutputCallRequest', 'StreamingOutputCallResponse');
const UNIMPLEMENTED = method('TestService', 'UnimplementedCall', grpcWeb.MethodType.UNARY, 'Empty', 'Empty');
const UNIMPLEMENTED_SERVICE = method('UnimplementedService', 'UnimplementedCall', grpcWeb.MethodType.UNARY, 'Empty', 'Empty');
const SPECIAL = '\t\ntest with whitespace\r\nand Unicode BMP \u2615 and non-BMP \ud83d\ude08\t\n';
const zeros = (n) => ({ body: new Uint8Array(n) });

/** A server-streaming call: resolves with the sizes of the payloads received. */
function serverStream(client, init) {
  return new Promise((resolve, reject) => {
    const out = [];
    const s = client.serverStreaming(STREAM.path, STREAM.request(init), {}, STREAM.descriptor);
    s.on('data', (m) => out.push(m.payload.body.length));
    s.on('error', reject);
    s.on('end', () => resolve(out));
  });
}

async function expectError(promise, code, message) {
  try {
    await promise;
  } catch (e) {
    assert.strictEqual(e.code, code, `code ${e.code}: ${e.message}`);
    if (message !== undefined) assert.strictEqual(e.message, message);
    return;
  }
  assert.fail(`expected code ${code}`);
}

function casesFor(format) {
  const c = new grpcWeb.GrpcWebClientBase({ format });
  return {
    async empty_unary() {
      assert.strictEqual((await unary(c, EMPTY, {})).response.$typeName, 'grpc.testing.Empty');
    },
    async large_unary() {
      const r = await unary(c, UNARY, { responseSize: 314159, payload: zeros(271828) });
      assert.strictEqual(r.response.payload.body.length, 314159);
    },
    async server_streaming() {
      const sizes = [31415, 9, 2653, 58979];
      assert.deepStrictEqual(await serverStream(c, { responseParameters: sizes.map((size) => ({ size })) }), sizes);
    },
    async custom_metadata() {
      const r = await unary(c, UNARY, { responseSize: 1, payload: zeros(1) }, {
        'x-grpc-test-echo-initial': 'test_initial_metadata_value',
        'x-grpc-test-echo-trailing-bin': 'q6ur',
      });
      assert.strictEqual(r.headers['x-grpc-test-echo-initial'], 'test_initial_metadata_value');
      assert.strictEqual(Buffer.from(r.trailers['x-grpc-test-echo-trailing-bin'], 'base64').toString('hex'), 'ababab');
    },
    async status_code_and_message() {
      await expectError(unary(c, UNARY, { responseStatus: { code: 2, message: 'test status message' } }), 2,
        'test status message');
    },
    async special_status_message() {
      await expectError(unary(c, UNARY, { responseStatus: { code: 2, message: SPECIAL } }), 2, SPECIAL);
    },
    async unimplemented_method() {
      await expectError(unary(c, UNIMPLEMENTED, {}), grpcWeb.StatusCode.UNIMPLEMENTED);
    },
    async unimplemented_service() {
      await expectError(unary(c, UNIMPLEMENTED_SERVICE, {}), grpcWeb.StatusCode.UNIMPLEMENTED);
    },
  };
}

const cases = {};
for (const format of ['text', 'binary']) {
  for (const [name, f] of Object.entries(casesFor(format))) cases[`${format}_${name}`] = f;
}
runCases(cases, process.argv.slice(3));
