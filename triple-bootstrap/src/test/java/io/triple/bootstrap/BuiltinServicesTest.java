package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.config.ProtocolConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.services.health.v1.HealthCheckRequest;
import io.triple.services.health.v1.HealthCheckResponse;
import io.triple.services.health.v1.HealthCheckResponse.ServingStatus;
import io.triple.services.health.v1.HealthClient;
import io.triple.services.reflection.v1.ServerReflectionClient;
import io.triple.services.reflection.v1.ServerReflectionRequest;
import io.triple.services.reflection.v1.ServerReflectionResponse;
import io.triple.services.reflection.v1.ServiceResponse;
import io.triple.stub.ClientCallStreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Dubbo's built-in health and reflection services (dubbo.tri.builtin.service.init). */
class BuiltinServicesTest {
  private static RootConfig config() throws Exception {
    return RootConfig.builder()
        .application("builtin-test")
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(DubboRegistryTest.freePort()).build())
        .service("greeter", ServiceConfig.builder().interfaceName(DubboRegistryTest.IFACE).build())
        .build();
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  @Test
  void healthFollowsTheLifecycleAndReflectionListsServices() throws Exception {
    Dubbo dubbo = Dubbo.create().withConfig(config()).builtinServices(true)
        .register(DubboRegistryTest.service("hello")).start();
    String uri = "tri://127.0.0.1:" + dubbo.servers().get(0).port();
    try (HealthClient health = HealthClient.create(uri);
        ServerReflectionClient reflection = ServerReflectionClient.create(uri)) {
      assertEquals(ServingStatus.SERVING, health.check(request("")).getStatus());
      assertEquals(ServingStatus.SERVING, health.check(request(DubboRegistryTest.IFACE)).getStatus());

      CompletableFuture<ServerReflectionResponse> listed = new CompletableFuture<>();
      ClientCallStreamObserver<ServerReflectionRequest> out =
          reflection.serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse value) {
              listed.complete(value);
            }

            @Override
            public void onError(Throwable t) {
              listed.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
          });
      out.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      out.onCompleted();
      // The greeter here is built by hand (no .proto descriptor), so only the generated ones.
      assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"),
          listed.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
              .map(ServiceResponse::getName).toList());

      // A watcher hears NOT_SERVING as soon as shutdown begins, before the server drains.
      BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
      health.watch(request(DubboRegistryTest.IFACE), new StreamObserver<HealthCheckResponse>() {
        @Override
        public void onNext(HealthCheckResponse value) {
          seen.add(value.getStatus());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      });
      assertEquals(ServingStatus.SERVING, seen.poll(30, TimeUnit.SECONDS));
      dubbo.shutdown();
      assertEquals(ServingStatus.NOT_SERVING, seen.poll(30, TimeUnit.SECONDS));
      assertEquals(ServingStatus.NOT_SERVING, dubbo.health().status(""));
    } finally {
      dubbo.shutdownNow();
    }
  }

  @Test
  void offByDefaultAsInDubbo() throws Exception {
    Dubbo dubbo = Dubbo.create().withConfig(config())
        .register(DubboRegistryTest.service("hello")).start();
    try (HealthClient health =
        HealthClient.create("tri://127.0.0.1:" + dubbo.servers().get(0).port())) {
      assertTrue(System.getProperty(Dubbo.BUILTIN_SERVICES_PROPERTY) == null);
      StatusException e = assertThrows(StatusException.class, () -> health.check(request("")));
      assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
      assertNull(dubbo.health());
    } finally {
      dubbo.shutdownNow();
    }
  }
}
