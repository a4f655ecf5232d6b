// A grpc-js TestService server, the interop spec's behaviour, for triple-java's interop client.
//   node server.js      prints "PORT <n>" once listening on 127.0.0.1; runs until stdin closes
'use strict';
const { grpc, testing } = require('./proto');

const zeros = (n) => ({ body: Buffer.alloc(n) });

/** Echoes the interop spec's metadata: x-grpc-test-echo-initial out first, -trailing-bin last. */
function echoHeaders(call) {
  const initial = call.metadata.get('x-grpc-test-echo-initial');
  if (initial.length) {
    const md = new grpc.Metadata();
    md.set('x-grpc-test-echo-initial', initial[0]);
    call.sendMetadata(md);
  }
  const trailing = call.metadata.get('x-grpc-test-echo-trailing-bin');
  const trailers = new grpc.Metadata();
  if (trailing.length) trailers.set('x-grpc-test-echo-trailing-bin', trailing[0]);
  return trailers;
}

const failure = (status, trailers) => ({ code: status.code, details: status.message, metadata: trailers });

const service = {
  EmptyCall(call, callback) {
    callback(null, {});
  },
  UnaryCall(call, callback) {
    const trailers = echoHeaders(call);
    const req = call.request;
    if (req.response_status && req.response_status.code) {
      callback(failure(req.response_status, trailers));
      return;
    }
    callback(null, { payload: zeros(req.response_size) }, trailers);
  },
  CacheableUnaryCall(call, callback) {
    service.UnaryCall(call, callback);
  },
  StreamingOutputCall(call) {
    const trailers = echoHeaders(call);
    for (const p of call.request.response_parameters) call.write({ payload: zeros(p.size) });
    call.end(trailers);
  },
  StreamingInputCall(call, callback) {
    let sum = 0;
    call.on('data', (r) => { sum += r.payload ? r.payload.body.length : 0; });
    call.on('end', () => callback(null, { aggregated_payload_size: sum }));
  },
  FullDuplexCall(call) {
    const trailers = echoHeaders(call);
    let failed = false;
    call.on('data', (req) => {
      if (failed) return;
      if (req.response_status && req.response_status.code) {
        failed = true;
        call.emit('error', failure(req.response_status, trailers));
        return;
      }
      for (const p of req.response_parameters) call.write({ payload: zeros(p.size) });
    });
    call.on('end', () => { if (!failed) call.end(trailers); });
  },
  HalfDuplexCall(call) {
    const requests = [];
    call.on('data', (req) => requests.push(req));
    call.on('end', () => {
      for (const req of requests) for (const p of req.response_parameters) call.write({ payload: zeros(p.size) });
      call.end();
    });
  },
};

const server = new grpc.Server();
server.addService(testing.TestService.service, service);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(`PORT ${port}`);
});
process.stdin.on('end', () => server.forceShutdown());
process.stdin.resume();
