// The gRPC interop spec's client cases (../node/connect-cases.js), run by Dubbo-js's Triple client
// (@apachedubbo/dubbo-node 3.0.0-alpha, the version published on npm) against a TestService
// server. Dubbo-js's Triple protocol is Connect's with tri- headers (tri-protocol-version,
// tri-service-timeout): unary calls as plain HTTP POSTs, streams as application/connect+proto or
// +json with the status in a last end-of-stream message. Then its gRPC-Web transport (grpcweb_*).
//   node client.js PORT [case ...]     prints PASS/FAIL per case; exit status 1 if any failed
'use strict';
const fs = require('fs');
const path = require('path');
const { createRegistryFromDescriptors } = require('@bufbuild/protobuf');
const { createPromiseClient, Code, DubboError, encodeBinaryHeader, decodeBinaryHeader } = require('@apachedubbo/dubbo');
const { compressionGzip, createDubboTransport, createGrpcWebTransport } = require('@apachedubbo/dubbo-node');
const connectCases = require('../node/connect-cases');

// Descriptors written by triple-interop's build (protoc's descriptor set of its .proto files).
const registry = createRegistryFromDescriptors(fs.readFileSync(
  path.join(__dirname, '..', '..', 'triple-interop', 'target', 'interop-descriptors.binpb')));
const TestService = registry.findService('grpc.testing.TestService');
const UnimplementedService = registry.findService('grpc.testing.UnimplementedService');

const port = process.argv[2];
const baseUrl = `http://127.0.0.1:${port}`;
const transports = {
  proto: createDubboTransport({ baseUrl, httpVersion: '2', useBinaryFormat: true }),
  json: createDubboTransport({ baseUrl, httpVersion: '2', useBinaryFormat: false }),
  http1: createDubboTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }),
  gzip: createDubboTransport({ baseUrl, httpVersion: '2', sendCompression: compressionGzip }),
  grpcweb: createGrpcWebTransport({ baseUrl, httpVersion: '2', useBinaryFormat: true }),
  grpcwebJson: createGrpcWebTransport({ baseUrl, httpVersion: '2', useBinaryFormat: false }),
  grpcweb1: createGrpcWebTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }),
};
const clients = Object.fromEntries(Object.entries(transports).map(([k, t]) => [k, createPromiseClient(TestService, t)]));

const cases = connectCases({
  clients,
  unimplementedClient: createPromiseClient(UnimplementedService, transports.proto),
  Code,
  toError: (e) => DubboError.from(e),
  encodeBinaryHeader,
  decodeBinaryHeader,
});
connectCases.run(cases, process.argv.slice(3));
