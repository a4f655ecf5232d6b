package io.triple.pojo.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GadgetsTest {

  @Test
  void knownGadgetsAndTheirArraysAreGadgets() {
    for (String g : new String[] {"java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.ProcessBuilder$Redirect",
        "com.sun.rowset.JdbcRowSetImpl", "[Lcom.sun.rowset.JdbcRowSetImpl;", "javax.naming.InitialContext",
        "org.apache.commons.collections.functors.InvokerTransformer", "jdk.proxy1.$Proxy12"}) {
      assertTrue(Gadgets.isGadget(g), g);
    }
  }

  @Test
  void runtimeExceptionIsNotJavaLangRuntime() {
    // Java serialization names every superclass of an exception: RuntimeException must be readable.
    assertFalse(Gadgets.isGadget("java.lang.RuntimeException"));
    assertFalse(Gadgets.isGadget("java.lang.RuntimePermission"));
    assertFalse(Gadgets.isGadget("java.lang.IllegalStateException"));
  }
}
