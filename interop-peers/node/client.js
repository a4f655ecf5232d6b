// The gRPC interop spec's client cases, run by grpc-js against a TestService server.
//   node client.js PORT [case ...]     prints PASS/FAIL per case; exit status 1 if any failed
'use strict';
const assert = require('assert');
const { grpc, testing } = require('./proto');
const runCases = require('./run-cases');

const port = process.argv[2];
const client = new testing.TestService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
const unimplementedService =
  new testing.UnimplementedService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

const zeros = (n) => ({ body: Buffer.alloc(n) });
const deadline = (ms) => ({ deadline: Date.now() + ms });
const SPECIAL = '\t\ntest with whitespace\r\nand Unicode BMP \u2615 and non-BMP \ud83d\ude08\t\n';

function unary(method, request, metadata = new grpc.Metadata(), options = deadline(10000)) {
  return new Promise((resolve, reject) => {
    const result = {};
    const call = client[method](request, metadata, options, (err, response) => {
      if (err) { err.headers = result.headers; reject(err); } else { result.response = response; }
    });
    call.on('metadata', (md) => { result.headers = md; });
    call.on('status', (status) => { result.trailers = status.metadata; if (status.code === 0) resolve(result); });
  });
}

function expectError(promise, code, details) {
  return promise.then(() => assert.fail(`expected status ${code}`), (err) => {
    assert.strictEqual(err.code, code, `status ${err.code}: ${err.details}`);
    if (details !== undefined) assert.strictEqual(err.details, details);
    return err;
  });
}

/** A bidi call driven step by step: write a request, await the next response. */
function duplex(metadata, options = deadline(10000)) {
  const call = client.FullDuplexCall(metadata || new grpc.Metadata(), options);
  const queue = [];
  const waiters = [];
  const push = (item) => (waiters.length ? waiters.shift()(item) : queue.push(item));
  call.on('data', (d) => push({ data: d }));
  call.on('error', (e) => push({ error: e }));
  call.on('end', () => push({ end: true }));
  const statusP = new Promise((resolve) => call.on('status', resolve));
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r)));
  const headersP = new Promise((resolve) => call.on('metadata', resolve));
  return { call, next, status: statusP, headers: headersP };
}

const cases = {
  async empty_unary() {
    const r = await unary('EmptyCall', {});
    assert.deepStrictEqual(r.response, {});
  },
  async large_unary() {
    const r = await unary('UnaryCall', { response_size: 314159, payload: zeros(271828) });
    assert.strictEqual(r.response.payload.body.length, 314159);
  },
  async client_streaming() {
    const sizes = [27182, 8, 1828, 45904];
    const response = await new Promise((resolve, reject) => {
      const call = client.StreamingInputCall(deadline(10000), (err, res) => (err ? reject(err) : resolve(res)));
      for (const n of sizes) call.write({ payload: zeros(n) });
      call.end();
    });
    assert.strictEqual(response.aggregated_payload_size, 74922);
  },
  async server_streaming() {
    const sizes = [31415, 9, 2653, 58979];
    const got = await new Promise((resolve, reject) => {
      const out = [];
      const call = client.StreamingOutputCall(
        { response_parameters: sizes.map((size) => ({ size })) }, deadline(10000));
      call.on('data', (d) => out.push(d.payload.body.length));
      call.on('error', reject);
      call.on('end', () => resolve(out));
    });
    assert.deepStrictEqual(got, sizes);
  },
  async ping_pong() {
    const req = [27182, 8, 1828, 45904];
    const res = [31415, 9, 2653, 58979];
    const d = duplex();
    for (let i = 0; i < req.length; i++) {
      d.call.write({ response_parameters: [{ size: res[i] }], payload: zeros(req[i]) });
      const item = await d.next();
      assert.ok(item.data, `response ${i}: ${JSON.stringify(item.error || item)}`);
      assert.strictEqual(item.data.payload.body.length, res[i]);
    }
    d.call.end();
    assert.ok((await d.next()).end);
    assert.strictEqual((await d.status).code, 0);
  },
  async empty_stream() {
    const d = duplex();
    d.call.end();
    assert.ok((await d.next()).end);
    assert.strictEqual((await d.status).code, 0);
  },
  async custom_metadata() {
    const md = () => {
      const m = new grpc.Metadata();
      m.set('x-grpc-test-echo-initial', 'test_initial_metadata_value');
      m.set('x-grpc-test-echo-trailing-bin', Buffer.from([0xab, 0xab, 0xab]));
      return m;
    };
    const r = await unary('UnaryCall', { response_size: 314159, payload: zeros(271828) }, md());
    assert.deepStrictEqual(r.headers.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
    assert.deepStrictEqual(r.trailers.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);
    const d = duplex(md());
    d.call.write({ response_parameters: [{ size: 314159 }], payload: zeros(271828) });
    assert.strictEqual((await d.next()).data.payload.body.length, 314159);
    d.call.end();
    await d.next();
    const status = await d.status;
    assert.deepStrictEqual((await d.headers).get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
    assert.deepStrictEqual(status.metadata.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);
  },
  async status_code_and_message() {
    const echo = { code: 2, message: 'test status message' };
    await expectError(unary('UnaryCall', { response_status: echo }), 2, echo.message);
    const d = duplex();
    d.call.write({ response_status: echo });
    d.call.end();
    const status = await d.status;
    assert.strictEqual(status.code, 2);
    assert.strictEqual(status.details, echo.message);
  },
  async special_status_message() {
    await expectError(unary('UnaryCall', { response_status: { code: 2, message: SPECIAL } }), 2, SPECIAL);
  },
  async unimplemented_method() {
    await expectError(unary('UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },
  async unimplemented_service() {
    await expectError(new Promise((resolve, reject) =>
      unimplementedService.UnimplementedCall({}, (e, r) => (e ? reject(e) : resolve(r)))), grpc.status.UNIMPLEMENTED);
  },
  async cancel_after_begin() {
    const status = await new Promise((resolve) => {
      const call = client.StreamingInputCall(deadline(10000), () => {});
      call.on('status', resolve);
      setTimeout(() => call.cancel(), 50);
    });
    assert.strictEqual(status.code, grpc.status.CANCELLED);
  },
  async cancel_after_first_response() {
    const d = duplex();
    d.call.write({ response_parameters: [{ size: 31415 }], payload: zeros(27182) });
    assert.strictEqual((await d.next()).data.payload.body.length, 31415);
    d.call.cancel();
    assert.strictEqual((await d.status).code, grpc.status.CANCELLED);
  },
  async timeout_on_sleeping_server() {
    const d = duplex(undefined, deadline(1));
    d.call.write({ payload: zeros(27182) });
    assert.strictEqual((await d.status).code, grpc.status.DEADLINE_EXCEEDED);
  },
};

runCases(cases, process.argv.slice(3), () => {
  client.close();
  unimplementedService.close();
});
