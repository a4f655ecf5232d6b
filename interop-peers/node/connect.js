// The gRPC interop spec's client cases, run by Connect's Node client (@connectrpc/connect-node)
// in the Connect protocol against a TestService server: unary calls as plain HTTP POSTs
// (application/proto or application/json), streams as application/connect+proto or +json with the
// status in a last end-of-stream message. The Connect protocol is what Dubbo-js's and Dubbo-go's
// Triple clients speak. Over HTTP/2 (all four kinds of call) and, for unary and server-streaming
// calls, HTTP/1.1. Then the same client in the gRPC-Web protocol (grpcweb_* cases), as browsers
// call a server without a proxy.
//   node connect.js PORT [case ...]    prints PASS/FAIL per case; exit status 1 if any failed
'use strict';
const fs = require('fs');
const path = require('path');
const { createFileRegistry, fromBinary } = require('@bufbuild/protobuf');
const { FileDescriptorSetSchema } = require('@bufbuild/protobuf/wkt');
const { createClient, Code, ConnectError, encodeBinaryHeader, decodeBinaryHeader } = require('@connectrpc/connect');
const connectCases = require('./connect-cases');
const { compressionGzip, createConnectTransport, createGrpcWebTransport } = require('@connectrpc/connect-node');

// Descriptors written by triple-interop's build (protoc's descriptor set of its .proto files).
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, fs.readFileSync(
  path.join(__dirname, '..', '..', 'triple-interop', 'target', 'interop-descriptors.binpb'))));
const TestService = registry.getService('grpc.testing.TestService');
const UnimplementedService = registry.getService('grpc.testing.UnimplementedService');

const port = process.argv[2];
const transports = {
  proto: createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: '2', useBinaryFormat: true }),
  json: createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: '2', useBinaryFormat: false }),
  http1: createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: '1.1', useBinaryFormat: true }),
  gzip: createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: '2', sendCompression: compressionGzip }),
  grpcweb: createGrpcWebTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: '2', useBinaryFormat: true }),
  grpcwebJson: createGrpcWebTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: '2', useBinaryFormat: false }),
  grpcweb1: createGrpcWebTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: '1.1', useBinaryFormat: true }),
};
const clients = Object.fromEntries(Object.entries(transports).map(([k, t]) => [k, createClient(TestService, t)]));

const cases = connectCases({
  clients,
  unimplementedClient: createClient(UnimplementedService, transports.proto),
  Code,
  toError: (e) => ConnectError.from(e),
  encodeBinaryHeader,
  decodeBinaryHeader,
});
connectCases.run(cases, process.argv.slice(3));
