package io.triple.tests.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "use it in your project" pom is samples/quickstart's, which the build compiles and
 * tests as a separate project (module samples, maven-invoker-plugin): so the pom a newcomer
 * copies is one that builds. And the BOM names the versions the build uses.
 */
class ReadmeSampleTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theReadmePomIsTheSamplesPom() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String pom = Files.readString(ROOT.resolve("samples/quickstart/pom.xml")).stripTrailing();
    assertTrue(readme.contains("```xml\n" + pom + "\n```"),
        "README.md's project pom differs from samples/quickstart/pom.xml: copy one to the other");
  }

  @Test
  void theBomAlignsWhatTheBuildUses() throws Exception {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("triple-bom/pom.xml"));
    for (String property : new String[] {"netty.version", "protobuf.version", "slf4j.version"}) {
      assertEquals(property(parent, property), property(bom, property), property + " in triple-bom/pom.xml");
    }
    assertEquals(version(parent), version(bom), "triple-bom's version");
  }

  static String property(String pom, String name) {
    int at = pom.indexOf("<" + name + ">");
    assertTrue(at >= 0, name + " not found");
    return pom.substring(at + name.length() + 2, pom.indexOf("</" + name + ">", at));
  }

  /** The project's own version: the first <version> after its artifactId. */
  static String version(String pom) {
    int artifact = pom.indexOf("<artifactId>triple-", pom.indexOf("</parent>") + 1);
    int at = pom.indexOf("<version>", artifact);
    return pom.substring(at + 9, pom.indexOf("</version>", at));
  }
}
