// The gRPC interop spec's client cases in the Connect protocol, shared by Connect's Node client
// (node/connect.js) and Dubbo-js's (dubbo-js/client.js), whose APIs are alike: each passes its
// clients and its library's error helpers. See node/connect.js for what runs how.
'use strict';
const assert = require('assert');

/**
 * lib: { clients: { proto, json, http1 } (TestService clients), unimplementedClient, Code,
 * toError (any thrown value to the library's error), encodeBinaryHeader, decodeBinaryHeader }.
 */
module.exports = function connectCases(lib) {
  const { clients, unimplementedClient, Code, toError, encodeBinaryHeader, decodeBinaryHeader } = lib;
  const client = clients.proto;
  const zeros = (n) => ({ body: new Uint8Array(n) });
  const SPECIAL = '\t\ntest with whitespace\r\nand Unicode BMP \u2615 and non-BMP \ud83d\ude08\t\n';
  const opts = (more = {}) => ({ timeoutMs: 10000, ...more });

  async function expectError(promise, code, message) {
    try {
      await promise;
    } catch (e) {
      const err = toError(e);
      assert.strictEqual(err.code, code, `code ${Code[err.code]}: ${err.rawMessage}`);
      if (message !== undefined) assert.strictEqual(err.rawMessage, message);
      return err;
    }
    assert.fail(`expected code ${Code[code]}`);
  }

  /** Requests for a bidi call, written one at a time: write(), then end(). */
  function requestQueue() {
    const items = [];
    let wake = null;
    const iterable = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (items.length === 0) await new Promise((r) => { wake = r; });
          const item = items.shift();
          if (item === null) return;
          yield item;
        }
      },
    };
    const push = (x) => { items.push(x); if (wake) { const w = wake; wake = null; w(); } };
    return { iterable, write: push, end: () => push(null) };
  }

  async function collect(iterable, f = (x) => x) {
    const out = [];
    for await (const m of iterable) out.push(f(m));
    return out;
  }

  async function largeUnary(c) {
    const r = await c.unaryCall({ responseSize: 314159, payload: zeros(271828) }, opts());
    assert.strictEqual(r.payload.body.length, 314159);
  }

  async function serverStreaming(c) {
    const sizes = [31415, 9, 2653, 58979];
    const got = await collect(c.streamingOutputCall(
      { responseParameters: sizes.map((size) => ({ size })) }, opts()), (m) => m.payload.body.length);
    assert.deepStrictEqual(got, sizes);
  }

  async function pingPong(c) {
    const req = [27182, 8, 1828, 45904];
    const res = [31415, 9, 2653, 58979];
    const q = requestQueue();
    const responses = c.fullDuplexCall(q.iterable, opts())[Symbol.asyncIterator]();
    for (let i = 0; i < req.length; i++) {
      q.write({ responseParameters: [{ size: res[i] }], payload: zeros(req[i]) });
      const r = await responses.next();
      assert.ok(!r.done, `response ${i} missing`);
      assert.strictEqual(r.value.payload.body.length, res[i]);
    }
    q.end();
    assert.ok((await responses.next()).done);
  }

  async function statusCodeAndMessage(c) {
    const echo = { code: 2, message: 'test status message' };
    await expectError(c.unaryCall({ responseStatus: echo }, opts()), Code.Unknown, echo.message);
    const q = requestQueue();
    q.write({ responseStatus: echo });
    q.end();
    await expectError(collect(c.fullDuplexCall(q.iterable, opts())), Code.Unknown, echo.message);
  }

  async function customMetadata(c) {
    const headers = () => ({
      'x-grpc-test-echo-initial': 'test_initial_metadata_value',
      'x-grpc-test-echo-trailing-bin': encodeBinaryHeader(new Uint8Array([0xab, 0xab, 0xab])),
    });
    const check = (h, t) => {
      assert.strictEqual(h.get('x-grpc-test-echo-initial'), 'test_initial_metadata_value');
      assert.deepStrictEqual(decodeBinaryHeader(t.get('x-grpc-test-echo-trailing-bin')), new Uint8Array([0xab, 0xab, 0xab]));
    };
    let h, t;
    const r = await c.unaryCall({ responseSize: 314159, payload: zeros(271828) },
      opts({ headers: headers(), onHeader: (x) => { h = x; }, onTrailer: (x) => { t = x; } }));
    assert.strictEqual(r.payload.body.length, 314159);
    check(h, t);
    const q = requestQueue();
    q.write({ responseParameters: [{ size: 314159 }], payload: zeros(271828) });
    q.end();
    h = t = undefined;
    const sizes = await collect(c.fullDuplexCall(q.iterable,
      opts({ headers: headers(), onHeader: (x) => { h = x; }, onTrailer: (x) => { t = x; } })), (m) => m.payload.body.length);
    assert.deepStrictEqual(sizes, [314159]);
    check(h, t);
  }

  const cases = {
    async empty_unary() {
      const r = await client.emptyCall({}, opts());
      // protobuf-es 2 (Connect) names the type in a property, 1 (Dubbo-js) through getType().
      assert.strictEqual(r.$typeName ?? r.getType().typeName, 'grpc.testing.Empty');
    },
    large_unary: () => largeUnary(client),
    async client_streaming() {
      async function* requests() {
        for (const n of [27182, 8, 1828, 45904]) yield { payload: zeros(n) };
      }
      assert.strictEqual((await client.streamingInputCall(requests(), opts())).aggregatedPayloadSize, 74922);
    },
    server_streaming: () => serverStreaming(client),
    ping_pong: () => pingPong(client),
    async empty_stream() {
      const q = requestQueue();
      q.end();
      assert.deepStrictEqual(await collect(client.fullDuplexCall(q.iterable, opts())), []);
    },
    custom_metadata: () => customMetadata(client),
    status_code_and_message: () => statusCodeAndMessage(client),
    async special_status_message() {
      await expectError(client.unaryCall({ responseStatus: { code: 2, message: SPECIAL } }, opts()), Code.Unknown, SPECIAL);
    },
    async unimplemented_method() {
      await expectError(client.unimplementedCall({}, opts()), Code.Unimplemented);
    },
    async unimplemented_service() {
      await expectError(unimplementedClient.unimplementedCall({}, opts()), Code.Unimplemented);
    },
    async cancel_after_first_response() {
      const abort = new AbortController();
      const q = requestQueue();
      const responses = client.fullDuplexCall(q.iterable, opts({ signal: abort.signal }))[Symbol.asyncIterator]();
      q.write({ responseParameters: [{ size: 31415 }], payload: zeros(27182) });
      assert.strictEqual((await responses.next()).value.payload.body.length, 31415);
      abort.abort();
      await expectError(responses.next(), Code.Canceled);
    },
    async timeout_on_sleeping_server() {
      const q = requestQueue();
      q.write({ payload: zeros(27182) });
      await expectError(collect(client.fullDuplexCall(q.iterable, { timeoutMs: 1 })), Code.DeadlineExceeded);
    },
    json_large_unary: () => largeUnary(clients.json),
    json_server_streaming: () => serverStreaming(clients.json),
    json_ping_pong: () => pingPong(clients.json),
    json_status_code_and_message: () => statusCodeAndMessage(clients.json),
    http1_large_unary: () => largeUnary(clients.http1),
    http1_server_streaming: () => serverStreaming(clients.http1),
  };
  if (clients.gzip) {
    // The client compresses what it sends: a gzip body for unary calls, gzip messages in streams.
    Object.assign(cases, {
      gzip_large_unary: () => largeUnary(clients.gzip),
      async gzip_client_streaming() {
        async function* requests() {
          for (const n of [27182, 8, 1828, 45904]) yield { payload: zeros(n) };
        }
        assert.strictEqual((await clients.gzip.streamingInputCall(requests(), opts())).aggregatedPayloadSize, 74922);
      },
      gzip_ping_pong: () => pingPong(clients.gzip),
    });
  }
  if (clients.grpcweb) {
    // gRPC-Web (application/grpc-web+proto, the status in a last 0x80 message): over HTTP/2 every
    // kind of call, over HTTP/1.1 (what browsers use on cleartext) unary and server streaming.
    Object.assign(cases, {
      grpcweb_large_unary: () => largeUnary(clients.grpcweb),
      grpcweb_server_streaming: () => serverStreaming(clients.grpcweb),
      grpcweb_ping_pong: () => pingPong(clients.grpcweb),
      grpcweb_custom_metadata: () => customMetadata(clients.grpcweb),
      grpcweb_status_code_and_message: () => statusCodeAndMessage(clients.grpcweb),
      grpcweb_json_large_unary: () => largeUnary(clients.grpcwebJson),
      grpcweb_http1_large_unary: () => largeUnary(clients.grpcweb1),
      grpcweb_http1_server_streaming: () => serverStreaming(clients.grpcweb1),
      async grpcweb_http1_special_status_message() {
        await expectError(clients.grpcweb1.unaryCall({ responseStatus: { code: 2, message: SPECIAL } }, opts()),
          Code.Unknown, SPECIAL);
      },
      async grpcweb_http1_unimplemented_method() {
        await expectError(clients.grpcweb1.unimplementedCall({}, opts()), Code.Unimplemented);
      },
    });
  }
  return cases;
};

module.exports.run = require('./run-cases');
