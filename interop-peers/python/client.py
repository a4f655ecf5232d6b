"""The gRPC interop spec's client cases, run by grpcio (gRPC C-core) against a TestService server.

    python3 client.py PORT [case ...]    prints PASS/FAIL per case; exit status 1 if any failed
"""
import sys
import threading

import grpc

from interop_gen import empty_pb2, messages_pb2, test_pb2_grpc

PORT = sys.argv[1]
channel = grpc.insecure_channel("127.0.0.1:" + PORT)
stub = test_pb2_grpc.TestServiceStub(channel)
unimplemented_stub = test_pb2_grpc.UnimplementedServiceStub(channel)
SPECIAL = "\t\ntest with whitespace\r\nand Unicode BMP \u2615 and non-BMP \U0001f608\t\n"


def zeros(n):
    return messages_pb2.Payload(body=b"\0" * n)


def expect_code(call, code, details=None):
    try:
        call()
    except grpc.RpcError as e:
        assert e.code() == code, "status %s: %s" % (e.code(), e.details())
        if details is not None:
            assert e.details() == details, repr(e.details())
        return
    raise AssertionError("expected %s" % code)


def empty_unary():
    assert stub.EmptyCall(empty_pb2.Empty(), timeout=10) == empty_pb2.Empty()


def large_unary():
    r = stub.UnaryCall(messages_pb2.SimpleRequest(response_size=314159, payload=zeros(271828)), timeout=10)
    assert len(r.payload.body) == 314159


def client_compressed_unary():
    # Gzip-compressed request the server must see compressed; and an uncompressed one it must see so.
    for compressed in (True, False):
        r = stub.UnaryCall(messages_pb2.SimpleRequest(
            response_size=314159, payload=zeros(271828),
            expect_compressed=messages_pb2.BoolValue(value=compressed)),
            compression=grpc.Compression.Gzip if compressed else grpc.Compression.NoCompression, timeout=10)
        assert len(r.payload.body) == 314159


def server_compressed_unary():
    # grpcio does not show whether a received message was compressed: the answer must still be right.
    for compressed in (True, False):
        r = stub.UnaryCall(messages_pb2.SimpleRequest(
            response_size=314159, payload=zeros(271828),
            response_compressed=messages_pb2.BoolValue(value=compressed)), timeout=10)
        assert len(r.payload.body) == 314159


def client_compressed_streaming():
    reqs = [messages_pb2.StreamingInputCallRequest(payload=zeros(27182),
                                                   expect_compressed=messages_pb2.BoolValue(value=True)),
            messages_pb2.StreamingInputCallRequest(payload=zeros(45904),
                                                   expect_compressed=messages_pb2.BoolValue(value=True))]
    r = stub.StreamingInputCall(iter(reqs), compression=grpc.Compression.Gzip, timeout=10)
    assert r.aggregated_payload_size == 73086, r


def client_streaming():
    sizes = [27182, 8, 1828, 45904]
    r = stub.StreamingInputCall(iter(messages_pb2.StreamingInputCallRequest(payload=zeros(n)) for n in sizes),
                                timeout=10)
    assert r.aggregated_payload_size == 74922, r


def server_streaming():
    sizes = [31415, 9, 2653, 58979]
    req = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=n) for n in sizes])
    assert [len(r.payload.body) for r in stub.StreamingOutputCall(req, timeout=10)] == sizes


class Pinger:
    """A bidi call driven step by step: write a request, read its response."""

    def __init__(self, **kwargs):
        self.cond = threading.Condition()
        self.queue = []
        self.done = False
        self.responses = stub.FullDuplexCall(self._requests(), **kwargs)

    def _requests(self):
        while True:
            with self.cond:
                while not self.queue and not self.done:
                    self.cond.wait()
                if self.queue:
                    item = self.queue.pop(0)
                else:
                    return
            yield item

    def send(self, req):
        with self.cond:
            self.queue.append(req)
            self.cond.notify()

    def close(self):
        with self.cond:
            self.done = True
            self.cond.notify()


def ping_pong():
    req = [27182, 8, 1828, 45904]
    res = [31415, 9, 2653, 58979]
    p = Pinger(timeout=10)
    for i in range(4):
        p.send(messages_pb2.StreamingOutputCallRequest(
            response_parameters=[messages_pb2.ResponseParameters(size=res[i])], payload=zeros(req[i])))
        assert len(next(p.responses).payload.body) == res[i]
    p.close()
    assert list(p.responses) == []


def empty_stream():
    assert list(stub.FullDuplexCall(iter([]), timeout=10)) == []


def custom_metadata():
    md = (("x-grpc-test-echo-initial", "test_initial_metadata_value"),
          ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"))
    r, call = stub.UnaryCall.with_call(messages_pb2.SimpleRequest(response_size=314159, payload=zeros(271828)),
                                       metadata=md, timeout=10)
    assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata()
    assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata()
    call = stub.FullDuplexCall(iter([messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=314159)], payload=zeros(271828))]),
        metadata=md, timeout=10)
    assert [len(r.payload.body) for r in call] == [314159]
    assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata()
    assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata()


def status_code_and_message():
    echo = messages_pb2.EchoStatus(code=2, message="test status message")
    expect_code(lambda: stub.UnaryCall(messages_pb2.SimpleRequest(response_status=echo), timeout=10),
                grpc.StatusCode.UNKNOWN, "test status message")
    expect_code(lambda: list(stub.FullDuplexCall(iter([messages_pb2.StreamingOutputCallRequest(
        response_status=echo)]), timeout=10)), grpc.StatusCode.UNKNOWN, "test status message")


def special_status_message():
    echo = messages_pb2.EchoStatus(code=2, message=SPECIAL)
    expect_code(lambda: stub.UnaryCall(messages_pb2.SimpleRequest(response_status=echo), timeout=10),
                grpc.StatusCode.UNKNOWN, SPECIAL)


def unimplemented_method():
    expect_code(lambda: stub.UnimplementedCall(empty_pb2.Empty(), timeout=10), grpc.StatusCode.UNIMPLEMENTED)


def unimplemented_service():
    expect_code(lambda: unimplemented_stub.UnimplementedCall(empty_pb2.Empty(), timeout=10),
                grpc.StatusCode.UNIMPLEMENTED)


def cancel_after_begin():
    p_done = threading.Event()

    def never():
        p_done.wait(10)
        return
        yield

    future = stub.StreamingInputCall.future(never(), timeout=10)
    future.cancel()
    p_done.set()
    assert future.cancelled()


def cancel_after_first_response():
    p = Pinger(timeout=10)
    p.send(messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=31415)], payload=zeros(27182)))
    assert len(next(p.responses).payload.body) == 31415
    p.responses.cancel()
    p.close()
    expect_code(lambda: next(p.responses), grpc.StatusCode.CANCELLED)


def timeout_on_sleeping_server():
    p = Pinger(timeout=0.001)
    p.send(messages_pb2.StreamingOutputCallRequest(payload=zeros(27182)))
    expect_code(lambda: list(p.responses), grpc.StatusCode.DEADLINE_EXCEEDED)
    p.close()


def main():
    names = sys.argv[2:] or [n for n in CASES]
    failed = 0
    for name in names:
        try:
            CASES[name]()
            print("PASS " + name, flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print("FAIL %s: %r" % (name, e), flush=True)
    channel.close()
    sys.exit(1 if failed else 0)


CASES = {f.__name__: f for f in [empty_unary, large_unary, client_compressed_unary, server_compressed_unary,
                                 client_compressed_streaming, client_streaming, server_streaming, ping_pong,
                                 empty_stream, custom_metadata, status_code_and_message, special_status_message,
                                 unimplemented_method, unimplemented_service, cancel_after_begin,
                                 cancel_after_first_response, timeout_on_sleeping_server]}

if __name__ == "__main__":
    main()
