package io.triple.pojo.spi;

import java.util.List;

/**
 * Classes known as deserialization gadgets: creating or populating one from attacker-chosen bytes
 * can run code, open JNDI lookups or start processes (the classic Hessian and fastjson remote code
 * executions in Dubbo estates). Refused in every mode, DISABLE included, and even when an exported
 * signature names them. The list follows the deny lists of Dubbo, Jackson and fastjson: packages
 * and classes, matched by prefix.
 */
public final class Gadgets {
  private static final List<String> PREFIXES = List.of(
      // JDK: processes, JNDI, RMI, JMX, scripting, reflection and class loading, beans handlers
      // (java.lang.Runtime is in CLASSES below)
      "java.lang.ProcessBuilder", "java.lang.ProcessImpl", "java.lang.UNIXProcess", "java.lang.Thread",
      "java.lang.ClassLoader", "java.lang.reflect.", "java.lang.invoke.",
      "java.net.URLClassLoader", "java.rmi.", "sun.rmi.", "javax.management.", "javax.naming.",
      "com.sun.jndi.", "javax.script.", "java.beans.", "javax.swing.", "sun.swing.", "javax.imageio.",
      "java.util.ServiceLoader", "javax.activation.", "sun.print.", "sun.misc.", "jdk.internal.",
      "com.sun.rowset.", "com.sun.org.apache.", "javax.xml.transform.", "sun.reflect.",
      "java.util.logging.FileHandler",
      // libraries with published chains
      "org.apache.commons.collections.functors.", "org.apache.commons.collections4.functors.",
      "org.apache.commons.collections.Transformer", "org.apache.commons.collections4.Transformer",
      "org.apache.commons.beanutils.", "org.apache.commons.configuration.", "org.apache.commons.configuration2.",
      "org.apache.commons.dbcp.", "org.apache.commons.dbcp2.", "org.apache.tomcat.dbcp.", "org.apache.commons.jelly.",
      "org.apache.commons.proxy.", "org.apache.xalan.", "org.apache.xbean.", "org.apache.ibatis.",
      "org.apache.log4j.", "org.apache.logging.log4j.", "org.apache.openjpa.", "org.apache.shiro.",
      "org.apache.aries.", "org.apache.cxf.", "org.apache.wicket.", "org.apache.myfaces.",
      "org.apache.hadoop.", "org.apache.ignite.", "org.apache.velocity.", "org.apache.batik.",
      "org.springframework.aop.", "org.springframework.beans.factory.", "org.springframework.jndi.",
      "org.springframework.context.support.", "org.springframework.transaction.", "org.springframework.expression.",
      "com.mchange.", "com.zaxxer.hikari.", "org.hibernate.", "org.jboss.", "org.mozilla.javascript.",
      "org.codehaus.groovy.", "groovy.", "bsh.", "clojure.", "org.python.", "com.sun.syndication.",
      "com.rometools.", "net.sf.ehcache.", "ch.qos.logback.", "org.slf4j.ext.", "org.eclipse.jetty.",
      "com.caucho.", "org.mortbay.", "oracle.jdbc.", "com.mysql.", "org.postgresql.", "org.h2.",
      "org.hsqldb.", "org.apache.derby.", "com.alibaba.druid.", "com.alibaba.fastjson.JSONObject",
      "org.apache.catalina.", "org.apache.tomcat.", "org.apache.naming.", "javassist.", "com.sun.proxy.",
      "jdk.proxy", "net.bytebuddy.", "org.objenesis.", "com.thoughtworks.xstream.", "com.fasterxml.jackson.databind.");

  /**
   * Refused by exact name (and their nested classes) where a prefix would also refuse innocent
   * classes: java.lang.Runtime must not take java.lang.RuntimeException with it, the superclass of
   * most business exceptions, which Java serialization names and a caller must be able to read.
   */
  private static final List<String> CLASSES = List.of("java.lang.Runtime");

  private Gadgets() {}

  /** Whether {@code className} (or, for an array, its element class) is a known gadget. */
  public static boolean isGadget(String className) {
    String name = elementName(className);
    for (String c : CLASSES) {
      if (name.equals(c) || name.startsWith(c + "$")) {
        return true;
      }
    }
    for (String p : PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** {@code [Lcom.x.Y;} -> {@code com.x.Y}; other names as they are. */
  static String elementName(String className) {
    int dims = 0;
    while (dims < className.length() && className.charAt(dims) == '[') {
      dims++;
    }
    if (dims > 0 && className.length() > dims + 1 && className.charAt(dims) == 'L' && className.endsWith(";")) {
      return className.substring(dims + 1, className.length() - 1);
    }
    return className;
  }
}
