package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.pojo.InstalledSerializations;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.Serialization;
import io.triple.spring.boot.app.EchoService;
import io.triple.spring.boot.app.EchoServiceImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@link Serialization} bean is installed for interface services: the application serves
 * {@link EchoService} and calls it through a reference that asks for the bean's serialization
 * ({@code utf8test}, on no class path), and every argument and result goes through the bean.
 */
@SpringBootTest(classes = SerializationBeanTest.App.class, properties = {
    "spring.config.name=none",
    "dubbo.application.name=serialization-bean-test",
    "dubbo.protocols.tri.ip=127.0.0.1",
    "dubbo.consumer.references.echo.interface=io.triple.spring.boot.app.EchoService",
    "dubbo.consumer.references.echo.serialization=utf8test"})
class SerializationBeanTest {
  static final int PORT = FreePort.get();

  @DynamicPropertySource
  static void ports(DynamicPropertyRegistry r) {
    r.add("dubbo.protocols.tri.port", () -> PORT);
    r.add("dubbo.consumer.references.echo.url", () -> "tri://127.0.0.1:" + PORT);
  }

  /** Strings as UTF-8, nothing else: enough to prove the bean carried the call. */
  static final class Utf8Serialization implements Serialization {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String name() {
      return "utf8test";
    }

    @Override
    public void write(Object value, Class<?> declaredType, OutputStream out) throws IOException {
      writes.incrementAndGet();
      out.write(((String) value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object read(InputStream in, Class<?> declaredType, Type genericType, ClassGuard guard)
        throws IOException {
      reads.incrementAndGet();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(EchoServiceImpl.class)
  static class App {
    @Bean
    Utf8Serialization utf8Serialization() {
      return new Utf8Serialization();
    }
  }

  /** The reference (by its id): a plain {@code @Autowired} would get the local implementation. */
  @Autowired
  @Qualifier("echo")
  EchoService echo;

  @Autowired
  Utf8Serialization serialization;

  @Test
  void theBeansSerializationCarriesTheCallBothWays() {
    assertTrue(InstalledSerializations.names().contains("utf8test"), InstalledSerializations.names().toString());
    assertEquals("echo: héllo", echo.echo("héllo"));
    // the client writes the argument and reads the result; the server reads it and writes the result
    assertEquals(2, serialization.writes.get(), "writes");
    assertEquals(2, serialization.reads.get(), "reads");
  }
}
