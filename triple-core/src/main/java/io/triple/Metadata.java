package io.triple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Call metadata: request headers, response headers or trailers. An ordered multimap from
 * lower-case ASCII keys to values. Keys ending in {@value #BINARY_SUFFIX} hold bytes (sent
 * base64-encoded); all other keys hold printable ASCII strings.
 *
 * <p>Keys are case-insensitive (HTTP/2 sends header names in lower case), but a key given with
 * upper-case letters ({@code add("userId", ..)}) keeps its spelling beside it: {@link
 * #originalKey} returns it, and the transport sends it to Dubbo peers in Dubbo's
 * {@code tri-header-convert} header so that their {@code getAttachment("userId")} finds it. A
 * Dubbo peer's camelCase attachments arrive the same way: {@code get("servedBy")} and {@code
 * get("servedby")} both read them, and {@code originalKey("servedby")} is {@code "servedBy"}. The
 * spelling is not part of {@link #equals}.
 *
 * <p>Not thread-safe: a Metadata belongs to one call step at a time.
 */
public final class Metadata implements Iterable<Metadata.Entry> {

  /** Keys with this suffix carry binary values. */
  public static final String BINARY_SUFFIX = "-bin";

  /** One key/value pair; {@link #value()} is a {@code String} or, for binary keys, a {@code byte[]}. */
  public record Entry(String key, Object value) {
    public boolean isBinary() {
      return value instanceof byte[];
    }

    /** The value as text: the string itself, or base64 (unpadded) for binary values. */
    public String textValue() {
      return value instanceof byte[] b
          ? Base64.getEncoder().withoutPadding().encodeToString(b)
          : (String) value;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Entry e) || !e.key.equals(key)) {
        return false;
      }
      if (value instanceof byte[] a && e.value instanceof byte[] b) {
        return Arrays.equals(a, b);
      }
      return value.equals(e.value);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31
          + (value instanceof byte[] b ? Arrays.hashCode(b) : value.hashCode());
    }

    @Override
    public String toString() {
      return key + "=" + textValue();
    }
  }

  private final List<Entry> entries;
  /** Lower-case key to the spelling it was given or received in; null until a key has capitals. */
  private Map<String, String> originalKeys;

  public Metadata() {
    entries = new ArrayList<>(4);
  }

  private Metadata(List<Entry> copy) {
    entries = copy;
  }

  /** Remembers {@code key}'s spelling if normalizing changed it ({@code k} is its lower case). */
  private void rememberSpelling(String k, String key) {
    if (!k.equals(key)) {
      if (originalKeys == null) {
        originalKeys = new LinkedHashMap<>(4); // in the order keys were spelled: the order Dubbo's map has
      }
      originalKeys.put(k, key);
    }
  }

  /** Normalizes and validates a key: lower-case, characters {@code 0-9 a-z - _ .}. */
  public static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("metadata key must not be empty");
    }
    String k = key.toLowerCase(Locale.ROOT);
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        throw new IllegalArgumentException("invalid character '" + c + "' in metadata key: " + key);
      }
    }
    return k;
  }

  public static boolean isBinaryKey(String key) {
    return key.endsWith(BINARY_SUFFIX);
  }

  /** Adds an ASCII value. The key must not be a binary ({@code -bin}) key. */
  public Metadata add(String key, String value) {
    String k = checkKey(key);
    if (isBinaryKey(k)) {
      throw new IllegalArgumentException("binary key " + k + " needs addBinary(key, byte[])");
    }
    if (value == null) {
      throw new NullPointerException("value for " + k);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "metadata value for " + k + " must be printable ASCII; use a -bin key for bytes");
      }
    }
    entries.add(new Entry(k, value));
    rememberSpelling(k, key);
    return this;
  }

  /** Adds a binary value; the key must end in {@code -bin}. */
  public Metadata addBinary(String key, byte[] value) {
    String k = checkKey(key);
    if (!isBinaryKey(k)) {
      throw new IllegalArgumentException("binary values need a key ending in -bin, got " + k);
    }
    entries.add(new Entry(k, value.clone()));
    rememberSpelling(k, key);
    return this;
  }

  /** Replaces all values of an ASCII key with one value. */
  public Metadata put(String key, String value) {
    remove(key);
    return add(key, value);
  }

  /**
   * Adds an entry received from the wire without the printable-ASCII check (peers are allowed to
   * be lenient); binary keys are base64-decoded, padded or not. Returns false if a binary value
   * cannot be decoded.
   */
  public boolean addFromWire(String key, String value) {
    if (isBinaryKey(key)) {
      // Several binary values may arrive joined with commas in one header field (gRPC spec).
      String[] parts = value.indexOf(',') >= 0 ? value.split(",") : new String[] {value};
      List<byte[]> decoded = new ArrayList<>(parts.length);
      try {
        for (String p : parts) {
          decoded.add(Base64.getDecoder().decode(stripPadding(p.trim())));
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
      for (byte[] b : decoded) {
        entries.add(new Entry(key, b));
      }
    } else {
      entries.add(new Entry(key, value));
    }
    return true;
  }

  /**
   * Records {@code originalKey} as the spelling of the key it lower-cases to, as received from a
   * peer (Dubbo's {@code tri-header-convert}); for transports. A key in lower case already, or one
   * that is not a valid key, is ignored.
   */
  public void rememberOriginalKey(String originalKey) {
    String k;
    try {
      k = checkKey(originalKey);
    } catch (IllegalArgumentException e) {
      return; // a peer's odd entry must not fail the call
    }
    rememberSpelling(k, originalKey);
  }

  /**
   * Lower-case key to the spelling it was added or received in, for the keys given with
   * capitals only (empty, without allocating, when none was): what a transport needs to send
   * Dubbo's {@code tri-header-convert} without looking at every key of every call.
   */
  public Map<String, String> originalKeys() {
    return originalKeys == null ? Map.of() : Collections.unmodifiableMap(originalKeys);
  }

  /**
   * The spelling {@code key} was added or received in ({@code "userId"} for a key added as
   * {@code "userId"}), or its lower case if it was never given with capitals.
   */
  public String originalKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    String original = originalKeys == null ? null : originalKeys.get(k);
    return original != null ? original : k;
  }

  private static String stripPadding(String v) {
    int end = v.length();
    while (end > 0 && v.charAt(end - 1) == '=') {
      end--;
    }
    return v.substring(0, end);
  }

  /** The last ASCII value of a key, or {@code null}. */
  public String get(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry e = entries.get(i);
      if (e.key.equals(k)) {
        return e.textValue();
      }
    }
    return null;
  }

  /** All values of a key, in order, as text (base64 for binary keys). */
  public List<String> getAll(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>(1);
    for (Entry e : entries) {
      if (e.key.equals(k)) {
        out.add(e.textValue());
      }
    }
    return out;
  }

  /** The last binary value of a {@code -bin} key, or {@code null}. */
  public byte[] getBinary(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry e = entries.get(i);
      if (e.key.equals(k) && e.value instanceof byte[] b) {
        return b.clone();
      }
    }
    return null;
  }

  /** All binary values of a {@code -bin} key, in order. */
  public List<byte[]> getAllBinary(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    List<byte[]> out = new ArrayList<>(1);
    for (Entry e : entries) {
      if (e.key.equals(k) && e.value instanceof byte[] b) {
        out.add(b.clone());
      }
    }
    return out;
  }

  public boolean containsKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (Entry e : entries) {
      if (e.key.equals(k)) {
        return true;
      }
    }
    return false;
  }

  /** Removes all values of a key; returns true if any were removed. */
  public boolean remove(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (originalKeys != null) {
      originalKeys.remove(k);
    }
    return entries.removeIf(e -> e.key.equals(k));
  }

  /** The distinct keys, in first-seen order. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (Entry e : entries) {
      keys.add(e.key);
    }
    return keys;
  }

  /** Appends every entry of {@code other}. */
  public Metadata merge(Metadata other) {
    if (other != null) {
      entries.addAll(other.entries);
      if (other.originalKeys != null) {
        other.originalKeys.forEach(this::rememberSpelling);
      }
    }
    return this;
  }

  public Metadata copy() {
    Metadata m = new Metadata(new ArrayList<>(entries));
    if (originalKeys != null) {
      m.originalKeys = new LinkedHashMap<>(originalKeys);
    }
    return m;
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  /** Visits each entry as (key, text value); binary values are given base64 (unpadded). */
  public void forEachText(BiConsumer<String, String> consumer) {
    for (Entry e : entries) {
      consumer.accept(e.key, e.textValue());
    }
  }

  @Override
  public Iterator<Entry> iterator() {
    return entries().iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m && m.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** Renders as {@code Metadata{key=value, ...}}, repeated keys shown once per value. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Metadata{");
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(entries.get(i));
    }
    return sb.append('}').toString();
  }
}
