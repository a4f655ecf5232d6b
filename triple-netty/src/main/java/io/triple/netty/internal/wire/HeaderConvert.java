package io.triple.netty.internal.wire;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Metadata;
import io.triple.internal.ReservedHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Apache Dubbo's {@code tri-header-convert} header: HTTP/2 header names are lower case, so Dubbo
 * sends, beside the headers, a map from each lower-cased name to the attachment key it came from
 * ({@code {"servedby":"servedBy"}}) as JSON, percent-encoded as grpc-message is (Dubbo 3.3's
 * {@code StreamUtils.putHeaders}, {@code TriRpcStatus.encodeMessage}). Each header block carries
 * its own: Dubbo's client sends it in the request headers, its server in the trailers (where it
 * puts response attachments). For a binary attachment the map names the key without
 * {@code -bin}, as Dubbo adds the suffix only to the header name.
 */
final class HeaderConvert {
  public static final String NAME = ReservedHeaders.HEADER_CONVERT;

  private HeaderConvert() {}

  /**
   * Sets the header in {@code headers} for the keys of {@code md} given with capitals that go on
   * the wire ({@link ReservedHeaders#sentSpellings}); merged with one already there (a
   * trailers-only response carries the headers' and the trailers' keys in one block).
   */
  static void addTo(Http2Headers headers, Metadata md) {
    Map<String, String> sent = ReservedHeaders.sentSpellings(md);
    if (sent.isEmpty()) {
      return; // the usual block: nothing given with capitals, nothing to look at
    }
    CharSequence present = headers.get(NAME);
    Map<String, String> convert =
        present == null ? null : parse(QueryStringDecoder.decodeComponent(present.toString()));
    convert = convert == null ? new LinkedHashMap<>() : convert;
    for (Map.Entry<String, String> s : sent.entrySet()) {
      convert.put(withoutBinarySuffix(s.getKey()), withoutBinarySuffix(s.getValue()));
    }
    headers.set(NAME, encode(convert));
  }

  /** The percent-encoded JSON of {@code convert}, byte for byte as Dubbo writes it. */
  static String encode(Map<String, String> convert) {
    // Keys hold only [0-9A-Za-z._-] (Metadata.checkKey): nothing to escape inside the strings.
    StringBuilder json = new StringBuilder("{");
    convert.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
        .append('"').append(k).append("\":\"").append(v).append('"'));
    json.append('}');
    QueryStringEncoder encoder = new QueryStringEncoder("");
    encoder.addParam("", json.toString());
    return encoder.toString().substring(2); // "?=" then the component, as Dubbo encodes it
  }

  /** Applies a received header value to {@code md}; a malformed value is ignored. */
  static void apply(String value, Metadata md) {
    Map<String, String> convert = parse(QueryStringDecoder.decodeComponent(value));
    if (convert == null) {
      return;
    }
    convert.forEach((lower, original) -> {
      md.rememberOriginalKey(original);
      if (md.containsKey(lower + Metadata.BINARY_SUFFIX)) {
        md.rememberOriginalKey(original + Metadata.BINARY_SUFFIX);
      }
    });
  }

  private static String withoutBinarySuffix(String key) {
    return Metadata.isBinaryKey(key) ? key.substring(0, key.length() - Metadata.BINARY_SUFFIX.length()) : key;
  }

  /** A flat JSON object of strings, or null if {@code json} is not one. */
  static Map<String, String> parse(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {skipSpace(json, 0)};
    if (!expect(json, pos, '{')) {
      return null;
    }
    if (expect(json, pos, '}')) {
      return out;
    }
    do {
      String k = string(json, pos);
      if (k == null || !expect(json, pos, ':')) {
        return null;
      }
      String v = string(json, pos);
      if (v == null) {
        return null;
      }
      out.put(k, v);
    } while (expect(json, pos, ','));
    return expect(json, pos, '}') ? out : null;
  }

  private static boolean expect(String s, int[] pos, char c) {
    int i = skipSpace(s, pos[0]);
    if (i < s.length() && s.charAt(i) == c) {
      pos[0] = skipSpace(s, i + 1);
      return true;
    }
    return false;
  }

  private static String string(String s, int[] pos) {
    int i = skipSpace(s, pos[0]);
    if (i >= s.length() || s.charAt(i) != '"') {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (i++; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        pos[0] = skipSpace(s, i + 1);
        return out.toString();
      }
      if (c == '\\') {
        if (++i >= s.length()) {
          return null;
        }
        char e = s.charAt(i);
        if (e == 'u') {
          if (i + 4 >= s.length()) {
            return null;
          }
          try {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException ex) {
            return null;
          }
          i += 4;
        } else {
          out.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> e; // \" \\ \/
          });
        }
      } else {
        out.append(c);
      }
    }
    return null;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
