"""A grpcio (gRPC C-core) TestService server, the interop spec's behaviour, for triple-java's client.

    python3 server.py    prints "PORT <n>" once listening on 127.0.0.1; runs until stdin closes
"""
import sys
from concurrent import futures

import grpc

from interop_gen import empty_pb2, messages_pb2, test_pb2_grpc


def zeros(n):
    return messages_pb2.Payload(body=b"\0" * n)


def echo_metadata(context):
    md = dict(context.invocation_metadata())
    if "x-grpc-test-echo-initial" in md:
        context.send_initial_metadata((("x-grpc-test-echo-initial", md["x-grpc-test-echo-initial"]),))
    if "x-grpc-test-echo-trailing-bin" in md:
        context.set_trailing_metadata((("x-grpc-test-echo-trailing-bin", md["x-grpc-test-echo-trailing-bin"]),))


class TestService(test_pb2_grpc.TestServiceServicer):
    def EmptyCall(self, request, context):
        return empty_pb2.Empty()

    def UnaryCall(self, request, context):
        echo_metadata(context)
        if request.response_status.code:
            context.abort(grpc.StatusCode(_code(request.response_status.code)), request.response_status.message)
        return messages_pb2.SimpleResponse(payload=zeros(request.response_size))

    def CacheableUnaryCall(self, request, context):
        return self.UnaryCall(request, context)

    def StreamingOutputCall(self, request, context):
        echo_metadata(context)
        for p in request.response_parameters:
            yield messages_pb2.StreamingOutputCallResponse(payload=zeros(p.size))

    def StreamingInputCall(self, request_iterator, context):
        return messages_pb2.StreamingInputCallResponse(
            aggregated_payload_size=sum(len(r.payload.body) for r in request_iterator))

    def FullDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        for request in request_iterator:
            if request.response_status.code:
                context.abort(grpc.StatusCode(_code(request.response_status.code)), request.response_status.message)
            for p in request.response_parameters:
                yield messages_pb2.StreamingOutputCallResponse(payload=zeros(p.size))

    def HalfDuplexCall(self, request_iterator, context):
        requests = list(request_iterator)
        for request in requests:
            for p in request.response_parameters:
                yield messages_pb2.StreamingOutputCallResponse(payload=zeros(p.size))


def _code(value):
    for c in grpc.StatusCode:
        if c.value[0] == value:
            return c.value
    return grpc.StatusCode.UNKNOWN.value


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    test_pb2_grpc.add_TestServiceServicer_to_server(TestService(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("PORT %d" % port, flush=True)
    sys.stdin.read()  # until stdin closes
    server.stop(0)


if __name__ == "__main__":
    main()
