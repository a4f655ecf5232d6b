package io.triple.cli;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.triple.services.health.v1.HealthProto;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "health", mixinStandardHelpOptions = true,
    description = {"Asks grpc.health.v1.Health/Check for the server (or SERVICE) and prints its status.",
        "Exit code 0 when SERVING, 1 when the server answers another status, 64 + code when the check fails",
        "(69, NotFound: the server knows no such service; 76, Unimplemented: no health service)."})
final class HealthCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions options;

  @Parameters(index = "0", paramLabel = "TARGET", description = "host:port, tri://, http://, https:// or zookeeper://host:port/package.Service.")
  String target;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SERVICE", defaultValue = "",
      description = "The service to check; the server as a whole when left out.")
  String service;

  @Override
  public Integer call() {
    // The health messages are compiled in (triple-services): no reflection needed.
    MethodDescriptor check = HealthProto.getDescriptor().findServiceByName("Health").findMethodByName("Check");
    DynamicMessage request = DynamicMessage.newBuilder(check.getInputType())
        .setField(check.getInputType().findFieldByName("service"), service)
        .build();
    PrintWriter out = spec.commandLine().getOut();
    Target t = Target.parse(target);
    if (!t.registry()) {
      // The health service is registered under no version or group, whatever the target says
      // (for HTTP, where the target's version and group become headers).
      t = Target.parse(t.withoutServiceKeys());
    }
    AtomicReference<DynamicMessage> answer = new AtomicReference<>();
    // A registry target: the service named, else the target's path, picks the provider asked.
    try (Session session = new Session(t, options, service.isEmpty() ? null : service);
        CallTransport transport = session.transport(JsonFormat.TypeRegistry::getEmptyTypeRegistry, true)) {
      CallTransport.Outcome outcome = transport.call(check, options.metadata(), options.deadline(),
          List.of(request).iterator(), new CallTransport.Responses() {
            @Override
            public void onHeaders(io.triple.Metadata headers) {}

            @Override
            public void onMessage(DynamicMessage message) {
              answer.set(message);
            }
          });
      if (!outcome.status().isOk()) {
        throw new RpcException(outcome.status(), outcome.trailers());
      }
    }
    DynamicMessage response = answer.get();
    if (response == null) {
      throw new CliException("The health check answered no message");
    }
    EnumValueDescriptor status = (EnumValueDescriptor) response.getField(check.getOutputType().findFieldByName("status"));
    out.println(status.getName());
    out.flush();
    return status.getName().equals("SERVING") ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
