package io.triple.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Shows a service, method (Service/Method), message or enum as .proto source; every service without SYMBOL.")
final class DescribeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions options;

  @Parameters(index = "0", paramLabel = "TARGET", description = "host:port, tri://, http://, https:// or zookeeper://host:port/package.Service.")
  String target;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SYMBOL", description = "package.Service, package.Service/Method or package.Message.")
  String symbol;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Target t = Target.parse(target);
    String service = symbol == null ? null : symbol.contains("/") ? symbol.substring(0, symbol.indexOf('/')) : symbol;
    try (Session session = new Session(t, options, service)) {
      DescriptorSource source = session.descriptors();
      if (symbol == null) {
        for (String s : source.services()) {
          out.print(ProtoPrinter.describe(source.find(s)));
        }
      } else if (symbol.contains("/")) {
        out.print(ProtoPrinter.describe(source.method(symbol)));
      } else {
        out.print(ProtoPrinter.describe(source.find(symbol)));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
