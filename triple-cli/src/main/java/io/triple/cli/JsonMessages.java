package io.triple.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * Protobuf's JSON mapping for dynamic messages, with a type registry from the descriptors so a
 * {@code google.protobuf.Any} is written and read with its {@code @type}.
 */
final class JsonMessages {
  private final JsonFormat.Parser parser;
  private final JsonFormat.Printer compact;
  private final JsonFormat.Printer pretty;

  JsonMessages(JsonFormat.TypeRegistry types) {
    this.parser = JsonFormat.parser().usingTypeRegistry(types);
    JsonFormat.Printer p = JsonFormat.printer().usingTypeRegistry(types).preservingProtoFieldNames();
    this.compact = p.omittingInsignificantWhitespace();
    this.pretty = p;
  }

  DynamicMessage parse(String json, Descriptor type) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    try {
      parser.merge(json, b);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new CliException("Invalid JSON for " + type.getFullName() + ": " + e.getMessage(), e);
    }
    return b.build();
  }

  String print(MessageOrBuilder m, boolean multiLine) {
    try {
      return unescapeHtml((multiLine ? pretty : compact).print(m));
    } catch (InvalidProtocolBufferException e) {
      throw new CliException("Cannot write " + m.getDescriptorForType().getFullName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * protobuf-java writes {@code = < > & '} as escapes (u003d and so on: safe inside HTML);
   * a terminal wants them as they are. Walks escape by escape, so an escaped backslash followed
   * by u003d is left alone.
   */
  static String unescapeHtml(String json) {
    if (json.indexOf("\\u00") < 0) {
      return json;
    }
    StringBuilder b = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '\\' && i + 1 < json.length()) {
        if (json.charAt(i + 1) == 'u' && i + 6 <= json.length()) {
          String hex = json.substring(i + 2, i + 6);
          char plain = switch (hex) {
            case "003d" -> '=';
            case "003c" -> '<';
            case "003e" -> '>';
            case "0026" -> '&';
            case "0027" -> '\'';
            default -> 0;
          };
          if (plain != 0) {
            b.append(plain);
            i += 5;
            continue;
          }
        }
        b.append(c).append(json.charAt(i + 1));
        i++;
        continue;
      }
      b.append(c);
    }
    return b.toString();
  }
}
