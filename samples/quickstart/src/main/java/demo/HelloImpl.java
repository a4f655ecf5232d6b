package demo;

/** The service: what the generated Hello interface asks for. */
public class HelloImpl implements Hello {
  @Override
  public SayReply say(SayRequest request) {
    return SayReply.newBuilder().setMessage("hello " + request.getName()).build();
  }
}
