package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "call", mixinStandardHelpOptions = true,
    description = {"Calls a method with JSON requests and prints the responses as JSON, one per line.",
        "Unary and server-streaming methods take one request (none given: an empty one);",
        "client and bidirectional streams take any number, e.g. JSON lines on stdin with -d @-."})
final class CallCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  Main main;

  @Mixin
  ConnectionOptions options;

  @Parameters(index = "0", paramLabel = "TARGET",
      description = "host:port, tri://, http://, https://, or a registry: zookeeper://host:2181.")
  String target;

  @Parameters(index = "1", paramLabel = "SERVICE/METHOD", description = "e.g. helloworld.Greeter/SayHello.")
  String methodName;

  @Option(names = {"-d", "--data"}, paramLabel = "JSON",
      description = "The request(s): JSON text, @FILE, or @- for stdin (JSON objects, one after another).")
  String data;

  @Option(names = "--pretty", description = "Print each response as indented JSON instead of one line.")
  boolean pretty;

  @Override
  public Integer call() {
    Target t = Target.parse(target);
    String n = methodName.startsWith("/") ? methodName.substring(1) : methodName;
    int cut = n.contains("/") ? n.lastIndexOf('/') : n.lastIndexOf('.');
    String service = cut > 0 ? n.substring(0, cut) : n;
    try (Session session = new Session(t, options, service)) {
      DescriptorSource source = session.descriptors();
      MethodDescriptor method = source.method(methodName);
      JsonMessages json = new JsonMessages(source.typeRegistry());
      Iterator<String> texts = RequestData.open(data, main.stdin());
      Iterator<DynamicMessage> requests = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return texts.hasNext();
        }

        @Override
        public DynamicMessage next() {
          return json.parse(texts.next(), method.getInputType());
        }
      };
      if (!method.isClientStreaming()) {
        requests = List.of(single(requests, method)).iterator();
      }
      ResponsePrinter printer = new ResponsePrinter(spec.commandLine().getOut(), spec.commandLine().getErr(),
          json, options.verbose, pretty);
      try (CallTransport transport = session.transport(source::typeRegistry, false)) {
        CallTransport.Outcome outcome = transport.call(method, options.metadata(), options.deadline(), requests, printer);
        printer.onEnd(outcome.trailers());
        if (!outcome.status().isOk()) {
          throw new RpcException(outcome.status(), outcome.trailers());
        }
      }
    }
    return ExitCodes.OK;
  }

  /** The one request of a unary or server-streaming call, read before the call starts. */
  private static DynamicMessage single(Iterator<DynamicMessage> requests, MethodDescriptor method) {
    if (!requests.hasNext()) {
      return DynamicMessage.getDefaultInstance(method.getInputType());
    }
    DynamicMessage first = requests.next();
    if (requests.hasNext()) {
      throw new CliException(method.getFullName() + " takes one request message; more were given");
    }
    return first;
  }
}
