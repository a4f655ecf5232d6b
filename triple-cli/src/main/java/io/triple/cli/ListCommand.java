package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
    description = {"Lists the services of a server (or the methods of SERVICE), through reflection or descriptor files.",
        "With a registry target (zookeeper://host:2181) lists the registry's services and their providers."})
final class ListCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions options;

  @Parameters(index = "0", paramLabel = "TARGET", description = "host:port, tri://, http://, https:// or zookeeper:// address.")
  String target;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SERVICE", description = "A service whose methods to list.")
  String service;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Target t = Target.parse(target);
    if (t.registry()) {
      RegistryLister.list(t, service, out);
      return ExitCodes.OK;
    }
    try (Session session = new Session(t, options, service)) {
      if (service == null) {
        session.descriptors().services().forEach(out::println);
      } else {
        for (MethodDescriptor m : session.descriptors().service(service).getMethods()) {
          out.println(m.getFullName());
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
