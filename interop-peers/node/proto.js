// Loads grpc.testing.TestService from triple-interop's .proto files (the interop spec's service).
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const definition = loader.loadSync('grpc/testing/test.proto', {
  includeDirs: [path.join(__dirname, '..', '..', 'triple-interop', 'src', 'main', 'protobuf')],
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
});
module.exports = { grpc, testing: grpc.loadPackageDefinition(definition).grpc.testing };
