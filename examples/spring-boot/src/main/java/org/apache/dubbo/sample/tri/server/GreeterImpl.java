package org.apache.dubbo.sample.tri.server;

import io.triple.StreamObserver;
import io.triple.spring.boot.TripleService;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;

/** The streaming guide's greeter as a Spring bean: exported because of {@link TripleService}. */
@TripleService
public class GreeterImpl implements Greeter {

  @Override
  public GreeterReply greet(GreeterRequest request) {
    return GreeterReply.newBuilder().setMessage("hello, " + request.getName()).build();
  }

  @Override
  public StreamObserver<GreeterRequest> greetClientStream(StreamObserver<GreeterReply> responseObserver) {
    return new StreamObserver<>() {
      @Override
      public void onNext(GreeterRequest value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responseObserver.onNext(GreeterReply.newBuilder().setMessage("hello client streaming").build());
        responseObserver.onCompleted();
      }
    };
  }

  @Override
  public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> responseObserver) {
    for (String msg : new String[] {"msg1 from server", "msg2 from server", "msg3 from server"}) {
      responseObserver.onNext(GreeterReply.newBuilder().setMessage(msg).build());
    }
    responseObserver.onCompleted();
  }

  @Override
  public StreamObserver<GreeterRequest> greetStream(StreamObserver<GreeterReply> responseObserver) {
    return new StreamObserver<>() {
      @Override
      public void onNext(GreeterRequest value) {
        responseObserver.onNext(GreeterReply.newBuilder().setMessage("server reply: \"" + value.getName() + "\"")
            .build());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responseObserver.onCompleted();
      }
    };
  }
}
