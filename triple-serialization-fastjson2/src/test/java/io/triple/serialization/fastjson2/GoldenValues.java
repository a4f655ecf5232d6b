package io.triple.serialization.fastjson2;

import io.triple.serialization.fastjson2.Fixtures.Address;
import io.triple.serialization.fastjson2.Fixtures.BizException;
import io.triple.serialization.fastjson2.Fixtures.Color;
import io.triple.serialization.fastjson2.Fixtures.Person;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values whose bytes Dubbo 3.3.6 wrote into dubbo-3.3.6-fastjson2.txt (same names, same order). */
final class GoldenValues {
  static Map<String, Object> values() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("int", 1);
    v.put("long", 1L << 40);
    v.put("string", "hello");
    v.put("null", null);
    v.put("boolean", true);
    v.put("double", 2.5d);
    v.put("bigDecimal", new BigDecimal("1.10"));
    v.put("localDate", LocalDate.of(2024, 2, 29));
    v.put("listOf", List.of(1, 2));
    v.put("arrayList", new ArrayList<>(List.of("a")));
    v.put("intArray", new int[] {1, 2, 3});
    v.put("enum", Color.GREEN);
    v.put("address", new Address("Rome", 1));
    v.put("person", new Person("Bo", 3, new Address("Rome", 1), new ArrayList<>(List.of("t")),
        new HashMap<>(Map.of("m", 1)), Color.RED, new BigDecimal("2")));
    BizException e = new BizException("boom", 7, BigDecimal.ONE);
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement("a.B", "m", "B.java", 3)});
    v.put("exception", e);
    return v;
  }
}
