package io.triple.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.Locale;

/** Descriptors written back as .proto source, as grpcurl's {@code describe} shows them. */
final class ProtoPrinter {
  private ProtoPrinter() {}

  static String describe(GenericDescriptor d) {
    StringBuilder b = new StringBuilder(d.getFullName());
    if (d instanceof ServiceDescriptor s) {
      b.append(" is a service:\n");
      service(b, s);
    } else if (d instanceof MethodDescriptor m) {
      b.append(" is a method:\n");
      b.append(rpc(m)).append('\n');
    } else if (d instanceof Descriptor m) {
      b.append(" is a message:\n");
      message(b, m, "");
    } else if (d instanceof EnumDescriptor e) {
      b.append(" is an enum:\n");
      enumType(b, e, "");
    } else {
      b.append('\n');
    }
    return b.toString();
  }

  private static void service(StringBuilder b, ServiceDescriptor s) {
    b.append("service ").append(s.getName()).append(" {\n");
    for (MethodDescriptor m : s.getMethods()) {
      b.append("  ").append(rpc(m)).append('\n');
    }
    b.append("}\n");
  }

  static String rpc(MethodDescriptor m) {
    return "rpc " + m.getName() + " ( " + (m.isClientStreaming() ? "stream " : "") + "." + m.getInputType().getFullName()
        + " ) returns ( " + (m.isServerStreaming() ? "stream " : "") + "." + m.getOutputType().getFullName() + " );";
  }

  private static void message(StringBuilder b, Descriptor m, String indent) {
    b.append(indent).append("message ").append(m.getName()).append(" {\n");
    String in = indent + "  ";
    for (FieldDescriptor f : m.getFields()) {
      OneofDescriptor o = f.getRealContainingOneof();
      if (o == null) {
        field(b, f, in);
      } else if (o.getField(0) == f) {
        b.append(in).append("oneof ").append(o.getName()).append(" {\n");
        for (FieldDescriptor of : o.getFields()) {
          field(b, of, in + "  ");
        }
        b.append(in).append("}\n");
      }
    }
    for (Descriptor n : m.getNestedTypes()) {
      if (!n.getOptions().getMapEntry()) {
        message(b, n, in);
      }
    }
    for (EnumDescriptor e : m.getEnumTypes()) {
      enumType(b, e, in);
    }
    b.append(indent).append("}\n");
  }

  private static void field(StringBuilder b, FieldDescriptor f, String indent) {
    b.append(indent);
    if (f.isMapField()) {
      Descriptor entry = f.getMessageType();
      b.append("map<").append(type(entry.findFieldByNumber(1))).append(", ").append(type(entry.findFieldByNumber(2))).append("> ");
    } else {
      if (f.isRepeated()) {
        b.append("repeated ");
      } else if (f.hasPresence() && f.getContainingOneof() != null && f.getRealContainingOneof() == null) {
        b.append("optional ");
      }
      b.append(type(f)).append(' ');
    }
    b.append(f.getName()).append(" = ").append(f.getNumber()).append(";\n");
  }

  private static String type(FieldDescriptor f) {
    return switch (f.getJavaType()) {
      case MESSAGE -> "." + f.getMessageType().getFullName();
      case ENUM -> "." + f.getEnumType().getFullName();
      default -> f.getType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static void enumType(StringBuilder b, EnumDescriptor e, String indent) {
    b.append(indent).append("enum ").append(e.getName()).append(" {\n");
    for (EnumValueDescriptor v : e.getValues()) {
      b.append(indent).append("  ").append(v.getName()).append(" = ").append(v.getNumber()).append(";\n");
    }
    b.append(indent).append("}\n");
  }
}
