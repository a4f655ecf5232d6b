package org.apache.dubbo.sample.tri;

import io.triple.ServerContext;
import io.triple.StreamObserver;

/** The guide's greeter service: what each method prints and answers is the guide's. */
final class GreeterImpl implements Greeter {

  @Override
  public GreeterReply greet(GreeterRequest request) {
    System.out.println("GreeterServer::greet " + RustStyle.metadata(ServerContext.current().requestHeaders()));
    return GreeterReply.newBuilder().setMessage("hello, dubbo-rust").build();
  }

  @Override
  public StreamObserver<GreeterRequest> greetClientStream(StreamObserver<GreeterReply> responseObserver) {
    return new StreamObserver<>() {
      @Override
      public void onNext(GreeterRequest value) {
        System.out.println("result: " + RustStyle.request(value));
      }

      @Override
      public void onError(Throwable t) {
        System.out.println("err: " + t.getMessage());
      }

      @Override
      public void onCompleted() {
        responseObserver.onNext(GreeterReply.newBuilder().setMessage("hello client streaming").build());
        responseObserver.onCompleted();
      }
    };
  }

  @Override
  public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> responseObserver) {
    System.out.println("greet_server_stream: " + RustStyle.request(request));
    for (String msg : new String[] {"msg1 from server", "msg2 from server", "msg3 from server"}) {
      responseObserver.onNext(GreeterReply.newBuilder().setMessage(msg).build());
    }
    responseObserver.onCompleted();
  }

  @Override
  public StreamObserver<GreeterRequest> greetStream(StreamObserver<GreeterReply> responseObserver) {
    System.out.println(
        "GreeterServer::greet_stream, grpc header: "
            + RustStyle.metadata(ServerContext.current().requestHeaders()));
    return new StreamObserver<>() {
      @Override
      public void onNext(GreeterRequest value) {
        // Echo, as the guide's server does: "server reply: {:?}".
        responseObserver.onNext(
            GreeterReply.newBuilder()
                .setMessage("server reply: " + RustStyle.quote(value.getName()))
                .build());
      }

      @Override
      public void onError(Throwable t) {
        System.out.println("\tclient disconnected: " + t.getMessage());
      }

      @Override
      public void onCompleted() {
        System.out.println("\tstream ended");
        responseObserver.onCompleted();
      }
    };
  }
}
