package io.triple.pojo.internal;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.UUID;

/**
 * Single values in a generic call: which ones travel as they are, and how one becomes the type a
 * method declares. The rules are those of Dubbo's {@code CompatibleTypeUtils} (strings to
 * numbers, enums, chars, dates in {@code yyyy-MM-dd HH:mm:ss} and {@code java.time} in ISO form;
 * numbers to each other, to booleans and to dates as epoch milliseconds) with one difference:
 * a number that does not fit the declared type (3000000000 for an {@code int}, 1.5 for a
 * {@code long}) is refused instead of silently truncated, since a generic caller cannot see the
 * truncation.
 */
final class Scalars {
  /** The date format of Dubbo's CompatibleTypeUtils. */
  static final String DATE_FORMAT = "yyyy-MM-dd HH:mm:ss";

  private Scalars() {}

  /**
   * Whether Dubbo's PojoUtils passes values of {@code c} through untouched in both directions
   * (its {@code ReflectUtils.isPrimitive}): primitives, boxes, String, every Number, Date.
   */
  static boolean isScalar(Class<?> c) {
    return c.isPrimitive() || c == String.class || c == Boolean.class || c == Character.class
        || Number.class.isAssignableFrom(c) || Date.class.isAssignableFrom(c);
  }

  /** A scalar, or an array (of arrays) of scalars: {@code int[]}, {@code String[][]}. */
  static boolean isScalarOrArrayOf(Class<?> c) {
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return isScalar(c);
  }

  static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return switch (c.getName()) {
      case "boolean" -> Boolean.class;
      case "byte" -> Byte.class;
      case "char" -> Character.class;
      case "short" -> Short.class;
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "float" -> Float.class;
      case "double" -> Double.class;
      default -> Void.class;
    };
  }

  /**
   * {@code value} (a scalar, not null) as a {@code target}.
   *
   * @throws IllegalArgumentException if it cannot be one
   * @throws ClassRefusedException if {@code target} is Class and the string names a class the guard refuses
   */
  static Object convert(Object value, Class<?> target, ClassGuard guard) throws ClassRefusedException {
    Class<?> t = box(target);
    if (t.isInstance(value)) {
      return value;
    }
    try {
      if (value instanceof String s) {
        return fromString(s, t, guard);
      }
      if (value instanceof Number n) {
        return fromNumber(n, t);
      }
      if ((value instanceof Boolean || value instanceof Character) && t == String.class) {
        return value.toString();
      }
      if (value instanceof Date d) {
        return fromDate(d, t);
      }
    } catch (NumberFormatException e) {
      throw cannot(value, target, "not a number");
    } catch (DateTimeParseException | ArithmeticException e) {
      throw cannot(value, target, e.getMessage());
    }
    throw cannot(value, target, null);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object fromString(String s, Class<?> t, ClassGuard guard) throws ClassRefusedException {
    if (t.isEnum()) {
      for (Object constant : t.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(s)) {
          return constant;
        }
      }
      throw cannot(s, t, "no such constant");
    }
    if (t == Character.class) {
      if (s.length() != 1) {
        throw cannot(s, t, "a char is a string of one character");
      }
      return s.charAt(0);
    }
    if (t == Boolean.class) {
      if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
        throw cannot(s, t, null);
      }
      return Boolean.valueOf(s);
    }
    if (t == Double.class) {
      return Double.valueOf(s.trim()); // NaN and Infinity too, as Dubbo's new Double(s)
    }
    if (t == Float.class) {
      return Float.valueOf(s.trim());
    }
    if (Number.class.isAssignableFrom(t)) {
      return fromNumber(new BigDecimal(s.trim()), t);
    }
    if (Date.class.isAssignableFrom(t)) {
      return fromDate(parseDate(s), t);
    }
    if (t == Class.class) {
      return guard.load(s);
    }
    if (t == char[].class) {
      return s.toCharArray();
    }
    if (t == UUID.class) {
      return UUID.fromString(s);
    }
    if (t.getName().startsWith("java.time.")) {
      return s.isEmpty() ? null : parseTime(s, t);
    }
    throw cannot(s, t, null);
  }

  /** Dubbo's format first (what its callers send), then ISO-8601 with an offset. */
  private static Date parseDate(String s) {
    ParsePosition pos = new ParsePosition(0);
    Date d = new SimpleDateFormat(DATE_FORMAT).parse(s, pos);
    if (d != null && pos.getIndex() == s.length()) {
      return d;
    }
    return Date.from(OffsetDateTime.parse(s).toInstant());
  }

  private static Object parseTime(String s, Class<?> t) {
    if (t == LocalDateTime.class) {
      return LocalDateTime.parse(s);
    } else if (t == LocalDate.class) {
      return LocalDate.parse(s);
    } else if (t == LocalTime.class) {
      // As Dubbo: a date-time string gives its time of day.
      return s.length() >= 19 ? LocalDateTime.parse(s).toLocalTime() : LocalTime.parse(s);
    } else if (t == Instant.class) {
      return Instant.parse(s);
    } else if (t == OffsetDateTime.class) {
      return OffsetDateTime.parse(s);
    } else if (t == ZonedDateTime.class) {
      return ZonedDateTime.parse(s);
    } else if (t == OffsetTime.class) {
      return OffsetTime.parse(s);
    } else if (t == Duration.class) {
      return Duration.parse(s);
    } else if (t == Period.class) {
      return Period.parse(s);
    } else if (t == Year.class) {
      return Year.parse(s);
    } else if (t == YearMonth.class) {
      return YearMonth.parse(s);
    } else if (t == MonthDay.class) {
      return MonthDay.parse(s);
    } else if (t == ZoneOffset.class) {
      return ZoneOffset.of(s);
    } else if (t == ZoneId.class) {
      return ZoneId.of(s);
    }
    throw cannot(s, t, null);
  }

  private static Object fromNumber(Number n, Class<?> t) {
    if (t == Integer.class) {
      return (int) whole(n, Integer.MIN_VALUE, Integer.MAX_VALUE, t);
    } else if (t == Long.class) {
      return whole(n, Long.MIN_VALUE, Long.MAX_VALUE, t);
    } else if (t == Short.class) {
      return (short) whole(n, Short.MIN_VALUE, Short.MAX_VALUE, t);
    } else if (t == Byte.class) {
      return (byte) whole(n, Byte.MIN_VALUE, Byte.MAX_VALUE, t);
    } else if (t == Double.class) {
      return n.doubleValue();
    } else if (t == Float.class) {
      return n.floatValue();
    } else if (t == BigDecimal.class) {
      return n instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(n.toString());
    } else if (t == BigInteger.class) {
      return n instanceof BigDecimal d ? d.toBigIntegerExact() : new BigDecimal(n.toString()).toBigIntegerExact();
    } else if (t == Boolean.class) {
      return whole(n, Long.MIN_VALUE, Long.MAX_VALUE, t) != 0; // as Dubbo: non-zero is true
    } else if (Date.class.isAssignableFrom(t)) {
      return fromDate(new Date(whole(n, Long.MIN_VALUE, Long.MAX_VALUE, t)), t);
    } else if (t == Instant.class) {
      return Instant.ofEpochMilli(whole(n, Long.MIN_VALUE, Long.MAX_VALUE, t));
    } else if (t == String.class) {
      return n instanceof BigDecimal d ? d.toPlainString() : n.toString();
    }
    throw cannot(n, t, null);
  }

  private static Object fromDate(Date d, Class<?> t) {
    if (t == Date.class) {
      return new Date(d.getTime());
    } else if (t == java.sql.Timestamp.class) {
      return new java.sql.Timestamp(d.getTime());
    } else if (t == java.sql.Date.class) {
      return new java.sql.Date(d.getTime());
    } else if (t == java.sql.Time.class) {
      return new java.sql.Time(d.getTime());
    } else if (t == Instant.class) {
      return Instant.ofEpochMilli(d.getTime());
    }
    throw cannot(d, t, null);
  }

  /** {@code n} as a long in [min, max], or an exception if it is fractional or out of range. */
  private static long whole(Number n, long min, long max, Class<?> t) {
    long v;
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      v = n.longValue();
    } else {
      BigDecimal d = n instanceof BigDecimal b ? b
          : n instanceof BigInteger i ? new BigDecimal(i)
          : new BigDecimal(checkFinite(n, t).toString());
      try {
        v = d.longValueExact();
      } catch (ArithmeticException e) {
        throw cannot(n, t, "not a whole number in range");
      }
    }
    if (v < min || v > max) {
      throw cannot(n, t, "out of range");
    }
    return v;
  }

  private static Number checkFinite(Number n, Class<?> t) {
    if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
      throw cannot(n, t, "not finite");
    }
    return n;
  }

  static IllegalArgumentException cannot(Object value, Class<?> target, String why) {
    String text = String.valueOf(value);
    if (text.length() > 64) {
      text = text.substring(0, 64) + "...";
    }
    return new IllegalArgumentException("cannot make a " + target.getTypeName() + " of the "
        + value.getClass().getSimpleName() + " '" + text + "'" + (why != null ? ": " + why : ""));
  }
}
