package io.triple.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceUrlTest {

  @Test
  void parsesADubboProviderUrl() {
    String s = "tri://10.0.0.5:50051/org.apache.dubbo.sample.tri.Greeter?anyhost=false&application=x"
        + "&deprecated=false&dubbo=2.0.2&dynamic=true&group=&interface=org.apache.dubbo.sample.tri.Greeter"
        + "&methods=greet,greetStream&protocol=tri&release=3.3.0&side=provider&timestamp=1700000000000"
        + "&version=&weight=200";
    ServiceUrl u = ServiceUrl.parse(s);
    assertEquals("tri", u.protocol());
    assertEquals("10.0.0.5", u.host());
    assertEquals(50051, u.port());
    assertEquals("org.apache.dubbo.sample.tri.Greeter", u.path());
    assertEquals("org.apache.dubbo.sample.tri.Greeter", u.serviceInterface());
    assertEquals("greet,greetStream", u.parameter("methods"));
    assertEquals("", u.version());
    assertEquals("", u.group());
    assertEquals(200, u.weight());
    assertEquals("providers", u.category());
    // Sorted parameters: printing gives the same string back.
    assertEquals(s, u.toFullString());
    assertEquals(u, ServiceUrl.parse(ServiceUrl.decode(ServiceUrl.encode(s))));
  }

  @Test
  void encodesAsDubboDoes() {
    String s = "tri://1.2.3.4:5/a.B?interface=a.B&methods=x,y";
    assertEquals("tri%3A%2F%2F1.2.3.4%3A5%2Fa.B%3Finterface%3Da.B%26methods%3Dx%2Cy", ServiceUrl.encode(s));
  }

  @Test
  void ipv6AndDefaults() {
    ServiceUrl u = ServiceUrl.parse("tri://[::1]:8080/svc");
    assertEquals("::1", u.host());
    assertEquals("[::1]:8080", u.address());
    assertEquals(100, u.weight());
    assertEquals("consumers", ServiceUrl.parse("consumer://1.2.3.4/svc?side=consumer").category());
    assertThrows(IllegalArgumentException.class, () -> ServiceUrl.parse("1.2.3.4:80"));
  }

  @Test
  void registryAddresses() {
    ServiceUrl a = Registries.parseAddress("127.0.0.1:2181", "zookeeper", Duration.ofSeconds(5));
    assertEquals("zookeeper", a.protocol());
    assertEquals("127.0.0.1:2181", a.address());
    assertEquals("5000", a.parameter("timeout"));
    ServiceUrl b = Registries.parseAddress("zookeeper://h1:2181,h2:2182?backup=h3:2183", null, null);
    assertEquals(List.of("h1:2181", "h3:2183", "h2:2182"), Registries.hosts(b));
    assertThrows(IllegalArgumentException.class, () -> Registries.parseAddress("h:1", "", null));
  }

  @Test
  void neverPublishesTheWildcardAddress() {
    assertFalse(LocalAddress.forRegistry("", "0.0.0.0").equals("0.0.0.0"));
    assertEquals("10.1.2.3", LocalAddress.forRegistry("10.1.2.3", "0.0.0.0"));
    assertEquals("127.0.0.1", LocalAddress.forRegistry(null, "127.0.0.1"));
  }
}
